import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, type ProviderError, parseRetryAfter } from '../../src-main/providers/http';
import { startSimulatorServer, type RunningSimulator } from '../../src-main/providers/simulator/server';

let sim: RunningSimulator;
let hits = 0;
beforeAll(async () => {
  sim = await startSimulatorServer((req) => {
    hits += 1;
    return { status: 200, body: { ok: true, path: req.path } };
  });
});
afterAll(() => sim.close());

function client(sleeps: number[], options: Partial<ConstructorParameters<typeof HttpClient>[3]> = {}) {
  return new HttpClient('Example', sim.origin, ['sk_secret_value_1234'], {
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    timeoutMs: 500,
    ...options,
  });
}
const caught = async (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as ProviderError,
  );

describe('shared HTTP layer', () => {
  it('retries reads with jittered exponential backoff, then gives up as unavailable', async () => {
    const sleeps: number[] = [];
    sim.faults.add({ path: '/r', fault: { kind: 'status', status: 503 }, times: 10 });
    const error = await caught(client(sleeps).request({ method: 'GET', path: '/r' }));
    sim.faults.clear();
    expect(error.kind).toBe('unavailable');
    expect(sleeps).toEqual([125, 250, 500]); // random 0.5 × 250·2^attempt
  });

  it('honours Retry-After on 429 and then succeeds', async () => {
    const sleeps: number[] = [];
    sim.faults.add({ path: '/rl', fault: { kind: 'rateLimit', retryAfterSeconds: 2 } });
    const response = await client(sleeps).request({ method: 'GET', path: '/rl' });
    expect(response.status).toBe(200);
    expect(sleeps).toEqual([2000]);
  });

  it('does not wait for a Retry-After longer than allowed; reports rate_limited with the delay', async () => {
    sim.faults.add({ path: '/long', fault: { kind: 'rateLimit', retryAfterSeconds: 3600 } });
    const error = await caught(client([]).request({ method: 'GET', path: '/long' }));
    expect(error.kind).toBe('rate_limited');
    expect(error.details.retryAfterMs).toBe(3_600_000);
  });

  it('never retries a write; a reset or 5xx after sending is ambiguous, a refused connection is not', async () => {
    const sleeps: number[] = [];
    const before = hits;
    sim.faults.add({ method: 'POST', path: '/w', fault: { kind: 'commitThenReset' } });
    expect((await caught(client(sleeps).request({ method: 'POST', path: '/w', json: {} }))).kind).toBe('ambiguous');
    sim.faults.add({ method: 'POST', path: '/w', fault: { kind: 'status', status: 502 } });
    expect((await caught(client(sleeps).request({ method: 'POST', path: '/w', json: {} }))).kind).toBe('ambiguous');
    sim.faults.add({ method: 'POST', path: '/w', fault: { kind: 'hang' } });
    expect((await caught(client(sleeps).request({ method: 'POST', path: '/w', json: {} }))).kind).toBe('ambiguous');
    expect(sleeps).toEqual([]);
    expect(hits - before).toBe(1); // only the commit-then-reset reached the handler
    const closed = await startSimulatorServer(() => ({ status: 200 }));
    await closed.close();
    const refused = new HttpClient('Example', closed.origin, [], { sleep: async () => undefined, timeoutMs: 500 });
    expect((await caught(refused.request({ method: 'POST', path: '/w', json: {} }))).kind).toBe('unavailable');
  });

  it('maps statuses to typed errors with the provider message, and redacts secrets everywhere', async () => {
    const cases: Array<[number, string]> = [
      [401, 'authentication'],
      [403, 'authentication'],
      [404, 'not_found'],
      [409, 'conflict'],
      [422, 'validation'],
      [400, 'validation'],
    ];
    for (const [status, kind] of cases) {
      sim.faults.add({ path: '/e', fault: { kind: 'status', status, body: { error: { message: 'bad key sk_secret_value_1234 here' } } } });
      const error = await caught(client([]).request({ method: 'GET', path: '/e', query: { key: 'sk_secret_value_1234' } }));
      expect(error.kind).toBe(kind);
      expect(error.details.providerMessage).toBe('bad key [redacted] here');
      expect(error.message).not.toContain('sk_secret_value_1234');
      if (kind === 'validation') expect(error.message).toContain('key=%5Bredacted%5D');
    }
    const c = client([]);
    c.addSecret('session-token-abcdef');
    expect(c.describe({ method: 'GET', path: '/x', query: { token: 'anything', page: 2 } })).toBe('GET /x?token=%5Bredacted%5D&page=2');
    expect(c.redact('Bearer session-token-abcdef')).toBe('Bearer [redacted]');
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('7')).toBe(7000);
    expect(parseRetryAfter(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThan(3000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
