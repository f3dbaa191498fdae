import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../src-main/providers/http';
import type { ClientConfig, PayoutRequest, ProviderClient } from '../../../src-main/providers/provider';
import type { ProviderSimulator } from '../../../src-main/providers/simulator/types';
import { STATUS_MAP } from '../../../src-main/providers/talentir/assumptions';
import { talentir } from '../../../src-main/providers/talentir/index';
import { mapTalentirPayout, parseTalentirPayoutList } from '../../../src-main/providers/talentir/mapping';

const capabilities = talentir.info.capabilities;
const createClient = talentir.createClient;
const startSimulator = talentir.startSimulator;

const SEEDED = 1_234;
const PREFIX = '/api/v1';

let sim: ProviderSimulator;
let apiKey: string;
const sleeps: number[] = [];
const errorsSeen: ProviderError[] = [];

function config(overrides: Partial<ClientConfig> = {}): ClientConfig {
  return {
    baseUrl: sim.baseUrl,
    environment: 'simulator',
    authMode: 'bearer',
    publicFields: {},
    secrets: sim.credentials.secrets,
    http: { sleep: async (ms: number) => void sleeps.push(ms), random: () => 0, timeoutMs: 1500 },
    ...overrides,
  };
}

const client = (): ProviderClient => createClient(config());

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    errorsSeen.push(error);
    return error;
  }
  throw new Error('expected the call to fail with a ProviderError');
}

function request(overrides: Partial<PayoutRequest> = {}): PayoutRequest {
  const clientReference = randomUUID();
  return {
    clientReference,
    shortReference: clientReference.replace(/-/g, '').slice(0, 18),
    amount: { minor: 12_345, currency: 'EUR' },
    description: 'Spring campaign video',
    recipient: { email: 'ava.carter@example.com' },
    tags: ['spring'],
    ...overrides,
  };
}

const posts = () => sim.requestLog.filter((r) => r.method === 'POST');

beforeAll(async () => {
  sim = await startSimulator({ seed: 42, payouts: SEEDED, now: new Date('2025-06-01T12:00:00Z') });
  apiKey = sim.credentials.secrets.apiKey!;
});

afterAll(async () => {
  await sim.close();
});

beforeEach(() => {
  sim.faults.clear();
  sleeps.length = 0;
});

describe('Talentir authentication', () => {
  it('tests the connection with GET /team and a Bearer key', async () => {
    await expect(client().testConnection()).resolves.toContain('Simulated Talentir team');
    const last = sim.requestLog.at(-1)!;
    expect(last.path).toBe(`${PREFIX}/team`);
    expect(last.headers.authorization).toBe(`Bearer ${apiKey}`);
  });

  it('reports a wrong key as an authentication error without the key in it', async () => {
    const wrongKey = 'tlt_wrong_key_0123456789';
    const wrong = createClient(config({ secrets: { apiKey: wrongKey } }));
    const error = await failure(wrong.testConnection());
    expect(error.kind).toBe('authentication');
    expect(error.status).toBe(401);
    expect(error.message).not.toContain(wrongKey);
  });

  it('refuses to build a client without a key', () => {
    expect(() => createClient(config({ secrets: {} }))).toThrowError(ProviderError);
  });

  it('redacts the key when the provider echoes it in an error', async () => {
    sim.faults.add({
      method: 'GET',
      path: `${PREFIX}/team`,
      fault: { kind: 'status', status: 400, body: { message: `bad key ${apiKey}` } },
    });
    const error = await failure(client().testConnection());
    expect(error.kind).toBe('validation');
    expect(error.message).toContain('[redacted]');
    expect(error.message).not.toContain(apiKey);
  });
});

describe('Talentir payouts list', () => {
  it('pages through every payout exactly once, newest first', async () => {
    const c = client();
    const seen = new Map<string, number>();
    let cursor: string | null = null;
    let pages = 0;
    let previousCreated = '9999';
    do {
      const page = await c.listPayouts({ cursor });
      for (const payout of page.items) {
        seen.set(payout.remoteId!, (seen.get(payout.remoteId!) ?? 0) + 1);
        expect(payout.createdAt <= previousCreated).toBe(true);
        previousCreated = payout.createdAt;
      }
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(seen.size).toBe(sim.payoutCount());
    expect(seen.size).toBeGreaterThanOrEqual(SEEDED);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect(pages).toBe(Math.ceil(seen.size / 100));
    const listCalls = sim.requestLog.filter((r) => r.path === `${PREFIX}/payouts`);
    const params = new URLSearchParams(listCalls.at(-1)!.query);
    expect(params.get('limit')).toBe('100');
    expect(params.get('order_direction')).toBe('desc');
    expect(params.get('cursor')).toBeTruthy();
  });

  it('maps seeded payouts to exact amounts in supported currencies and derived creators', async () => {
    const page = await client().listPayouts({ cursor: null });
    for (const payout of page.items) {
      expect(['EUR', 'USD', 'CHF', 'GBP']).toContain(payout.amount.currency);
      expect(Number.isSafeInteger(payout.amount.minor)).toBe(true);
      expect(payout.status).toBe(STATUS_MAP[payout.providerStatus]);
      expect(payout.creatorRemoteId).toMatch(/^(email|tiktok|instagram|youtube-channel):/);
      expect(payout.createdAt).toMatch(/Z$/);
    }
  });

  it('stops with a protocol error when the server ignores the cursor', async () => {
    const c = client();
    const first = await c.listPayouts({ cursor: null });
    const cursor = first.nextCursor!;
    const echoed = { ...(first.items.at(-1)!.raw as object) };
    sim.faults.add({
      method: 'GET',
      path: `${PREFIX}/payouts`,
      fault: { kind: 'malformed', body: JSON.stringify({ payouts: [echoed], nextCursor: 'x' }) },
    });
    const error = await failure(c.listPayouts({ cursor }));
    expect(error.kind).toBe('protocol');
  });

  it('reads the tolerated envelopes and field aliases', () => {
    const base = {
      id: 'p1',
      status: 'approved',
      amount: '10.50',
      currency: 'usd',
      createdAt: '2025-01-02T03:04:05',
      email: 'A@Example.com',
    };
    const mapped = mapTalentirPayout({ payout: base });
    expect(mapped).toMatchObject({
      remoteId: 'p1',
      status: 'processing',
      amount: { minor: 1050, currency: 'USD' },
      createdAt: '2025-01-02T03:04:05Z',
      creatorRemoteId: 'email:a@example.com',
    });
    const bare = parseTalentirPayoutList(
      [
        { ...base, id: 'a' },
        { ...base, id: 'b' },
      ],
      2,
    );
    expect(bare.nextCursor).toBe('b');
    expect(parseTalentirPayoutList({ data: [base], next_cursor: 'c2' }, 100).nextCursor).toBe('c2');
    expect(parseTalentirPayoutList({ items: [base] }, 1).nextCursor).toBeNull();
  });
});

describe('Talentir single payouts', () => {
  it('gets a payout by id and reports an unknown id as not found', async () => {
    const c = client();
    const [first] = (await c.listPayouts({ cursor: null })).items;
    const fetched = await c.getPayout(first!.remoteId!);
    expect(fetched).toEqual(first);
    expect(sim.requestLog.at(-1)!.path).toBe(`${PREFIX}/payout/${first!.remoteId}`);
    const error = await failure(c.getPayout('00000000-0000-4000-8000-000000000000'));
    expect(error.kind).toBe('not_found');
  });

  it('creates an e-mail payout with our reference as customId and finds it again', async () => {
    const c = client();
    const req = request();
    const before = sim.payoutCount();
    const { payout } = await c.createPayout(req);
    expect(sim.payoutCount()).toBe(before + 1);
    expect(payout).toMatchObject({
      clientReference: req.clientReference,
      recipientEmail: 'ava.carter@example.com',
      amount: { minor: 12_345, currency: 'EUR' },
      status: 'submitted',
      providerStatus: 'created',
      description: 'Spring campaign video',
    });
    expect(posts().at(-1)!.body).toEqual({
      description: 'Spring campaign video',
      payoutAmount: '123.45',
      currency: 'EUR',
      handleType: 'none',
      email: 'ava.carter@example.com',
      customId: req.clientReference,
      tags: ['spring'],
    });
    const found = await c.findByReference(req.clientReference, req.shortReference);
    expect(found?.remoteId).toBe(payout!.remoteId);
    const lookup = sim.requestLog.at(-1)!;
    expect(lookup.path).toBe(`${PREFIX}/payout/${req.clientReference}`);
    expect(lookup.query).toBe('?id_type=custom_id');
    expect(await c.findByReference(randomUUID(), 'x')).toBeNull();
  });

  it('creates a handle payout with the platform as handleType', async () => {
    const req = request({
      recipient: { handle: '@mia.codes', platform: 'youtube-channel' },
      amount: { minor: 10, currency: 'CHF' },
      tags: [],
    });
    const { payout } = await client().createPayout(req);
    expect(payout).toMatchObject({
      recipientHandle: '@mia.codes',
      creatorRemoteId: 'youtube-channel:@mia.codes',
      amount: { minor: 10, currency: 'CHF' },
    });
    expect(posts().at(-1)!.body).toMatchObject({ handleType: 'youtube-channel', creatorHandle: '@mia.codes', payoutAmount: '0.10' });
    expect(posts().at(-1)!.body).not.toHaveProperty('email');
  });

  it('moves statuses along the documented lifecycle and maps each one', async () => {
    const c = client();
    const { payout } = await c.createPayout(request());
    const seen: Array<[string, string]> = [];
    for (let step = 0; step < 4; step += 1) {
      const current = await c.getPayout(payout!.remoteId!);
      seen.push([current.providerStatus, current.status]);
      sim.advance();
    }
    expect(seen).toEqual([
      ['created', 'submitted'],
      ['approved', 'processing'],
      ['requested', 'processing'],
      ['completed', 'paid'],
    ]);
    expect(STATUS_MAP).toMatchObject({ deleted: 'cancelled', expired: 'expired' });
    const odd = mapTalentirPayout({
      uuid: 'u',
      status: 'on_hold',
      payoutAmount: '1.00',
      currency: 'EUR',
      createdAt: '2025-01-01T00:00:00Z',
    });
    expect([odd.status, odd.providerStatus]).toEqual(['unknown', 'on_hold']);
  });

  it('surfaces the provider message when Talentir rejects a payout', async () => {
    const c = client();
    const badHandle = await failure(c.createPayout(request({ recipient: { handle: 'noatsign', platform: 'tiktok' } })));
    expect(badHandle.kind).toBe('validation');
    expect(badHandle.status).toBe(400);
    expect(badHandle.message).toContain('creatorHandle must start with @');
    const badEmail = await failure(c.createPayout(request({ recipient: { email: 'not-an-email' } })));
    expect(badEmail.message).toContain('email must be a valid e-mail address');
    const noDescription = await failure(c.createPayout(request({ description: '' })));
    expect(noDescription.message).toContain('description is required');
  });

  it('refuses amounts and recipients Talentir cannot take before sending anything', async () => {
    const c = client();
    const before = posts().length;
    for (const bad of [
      request({ amount: { minor: 9, currency: 'EUR' } }),
      request({ amount: { minor: 5000, currency: 'JPY' } }),
      request({ recipient: {} }),
      request({ recipient: { handle: '@x' } }),
    ]) {
      expect((await failure(c.createPayout(bad))).kind).toBe('validation');
    }
    expect(posts().length).toBe(before);
  });

  it('explains what it cannot do', async () => {
    const c = client();
    for (const [call, capability] of [
      [c.listCreators({ cursor: null }), capabilities.listCreators],
      [c.listCampaigns({ cursor: null }), capabilities.listCampaigns],
      [c.initiatePayout('x'), capabilities.initiatePayout],
      [c.cancelPayout('x'), capabilities.cancelPayout],
    ] as const) {
      expect(typeof capability).toBe('string');
      expect((await failure(call)).message).toBe(capability);
    }
    expect(capabilities.listCreators).toContain('derives creators from payout recipients');
    expect(capabilities.initiatePayout).toContain('Talentir dashboard');
  });
});

describe('Talentir faults', () => {
  it('waits as long as Retry-After says on reads', async () => {
    sim.faults.add({ method: 'GET', path: `${PREFIX}/payouts`, fault: { kind: 'rateLimit', retryAfterSeconds: 3 } });
    const page = await client().listPayouts({ cursor: null });
    expect(page.items.length).toBe(100);
    expect(sleeps).toEqual([3000]);
  });

  it('does not retry a rate-limited create', async () => {
    sim.faults.add({ method: 'POST', path: `${PREFIX}/payout`, fault: { kind: 'rateLimit', retryAfterSeconds: 1 } });
    const before = sim.payoutCount();
    const error = await failure(client().createPayout(request()));
    expect(error.kind).toBe('rate_limited');
    expect(error.details.retryAfterMs).toBe(1000);
    expect(sim.payoutCount()).toBe(before);
  });

  it('retries 5xx on reads and gives up as unavailable', async () => {
    const c = client();
    sim.faults.add({ method: 'GET', path: `${PREFIX}/team`, fault: { kind: 'status', status: 503 }, times: 2 });
    await expect(c.testConnection()).resolves.toBeTruthy();
    expect(sleeps.length).toBe(2);
    sim.faults.add({ method: 'GET', path: `${PREFIX}/team`, fault: { kind: 'status', status: 500 }, times: Infinity });
    const error = await failure(c.testConnection());
    expect(error.kind).toBe('unavailable');
  });

  it('reports 5xx on create as ambiguous without retrying', async () => {
    const before = sim.payoutCount();
    sim.faults.add({ method: 'POST', path: `${PREFIX}/payout`, fault: { kind: 'status', status: 502 } });
    const error = await failure(client().createPayout(request()));
    expect(error.kind).toBe('ambiguous');
    expect(sim.payoutCount()).toBe(before);
    expect(sleeps).toEqual([]);
  });

  it('after a reset on create: ambiguous, confirmed absent, then created exactly once', async () => {
    const c = client();
    const req = request();
    const before = sim.payoutCount();
    sim.faults.add({ method: 'POST', path: `${PREFIX}/payout`, fault: { kind: 'reset' } });
    expect((await failure(c.createPayout(req))).kind).toBe('ambiguous');
    expect(await c.findByReference(req.clientReference, req.shortReference)).toBeNull();
    await c.createPayout(req);
    expect(sim.payoutCount()).toBe(before + 1);
    expect((await c.findByReference(req.clientReference, req.shortReference))?.clientReference).toBe(req.clientReference);
  });

  it('after commit-then-reset on create: ambiguous, found by reference, and a resend does not duplicate', async () => {
    const c = client();
    const req = request();
    const before = sim.payoutCount();
    sim.faults.add({ method: 'POST', path: `${PREFIX}/payout`, fault: { kind: 'commitThenReset' } });
    expect((await failure(c.createPayout(req))).kind).toBe('ambiguous');
    expect(sim.payoutCount()).toBe(before + 1);
    const found = await c.findByReference(req.clientReference, req.shortReference);
    expect(found).toMatchObject({ clientReference: req.clientReference, providerStatus: 'created' });
    const resent = await c.createPayout(req);
    expect(resent.payout?.remoteId).toBe(found!.remoteId);
    expect(sim.payoutCount()).toBe(before + 1);
  });

  it('after commit-then-500 on create: ambiguous and found exactly once', async () => {
    const c = client();
    const req = request();
    sim.faults.add({ method: 'POST', path: `${PREFIX}/payout`, fault: { kind: 'commitThenStatus', status: 500 } });
    expect((await failure(c.createPayout(req))).kind).toBe('ambiguous');
    const page = await c.listPayouts({ cursor: null });
    expect(page.items.filter((p) => p.clientReference === req.clientReference)).toHaveLength(1);
  });

  it('reports no answer on create as ambiguous', async () => {
    sim.faults.add({ method: 'POST', path: `${PREFIX}/payout`, fault: { kind: 'hang' } });
    const error = await failure(client().createPayout(request()));
    expect(error.kind).toBe('ambiguous');
  });

  it('turns malformed replies into protocol errors', async () => {
    const c = client();
    sim.faults.add({ method: 'GET', path: `${PREFIX}/payouts`, fault: { kind: 'malformed', body: '<html>oops</html>' } });
    expect((await failure(c.listPayouts({ cursor: null }))).kind).toBe('protocol');
    sim.faults.add({
      method: 'GET',
      path: `${PREFIX}/payouts`,
      fault: {
        kind: 'malformed',
        body: JSON.stringify({
          payouts: [{ uuid: 'u', status: 'created', payoutAmount: '1.005', currency: 'EUR', createdAt: '2025-01-01T00:00:00Z' }],
          nextCursor: null,
        }),
      },
    });
    // The inexact payout is set aside with the reason; the rest of the page would be kept.
    const listed = await c.listPayouts({ cursor: null });
    expect(listed.items).toEqual([]);
    expect(listed.setAside).toEqual([{ remoteId: 'u', reason: expect.stringContaining('1.005') }]);
    sim.faults.add({
      method: 'GET',
      path: `${PREFIX}/payout/`,
      fault: { kind: 'malformed', body: JSON.stringify({ uuid: 'u', status: 'created' }) },
    });
    expect((await failure(c.getPayout('u'))).kind).toBe('protocol');
  });

  it('treats an unreadable success reply to a create as ambiguous, not failed', async () => {
    sim.faults.add({ method: 'POST', path: `${PREFIX}/payout`, fault: { kind: 'malformed', body: '{"ok":true}' } });
    expect((await failure(client().createPayout(request()))).kind).toBe('ambiguous');
  });
});

describe('Talentir simulator', () => {
  it('seeds the same data for the same seed and moves statuses on its own when asked', async () => {
    const other = await startSimulator({ seed: 42, payouts: SEEDED, now: new Date('2025-06-01T12:00:00Z'), autoAdvanceMs: 20 });
    try {
      const same = createClient({ ...config(), baseUrl: other.baseUrl, secrets: other.credentials.secrets });
      const seededPayout = (await same.listPayouts({ cursor: null })).items.find((p) => p.providerStatus === 'created');
      expect(other.credentials.secrets.apiKey).toBe(apiKey);
      const { payout } = await same.createPayout(request());
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect((await same.getPayout(payout!.remoteId!)).providerStatus).toBe('completed');
      if (seededPayout) expect((await same.getPayout(seededPayout.remoteId!)).providerStatus).toBe('completed');
    } finally {
      await other.close();
    }
  });
});

describe('Talentir simulator strictness', () => {
  const call = (path: string, init: RequestInit = {}, key = apiKey) =>
    fetch(`${sim.baseUrl}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...init.headers },
    });
  const body = { description: 'x', payoutAmount: '1.00', currency: 'EUR', handleType: 'none', email: 'a@example.com' };
  const post = (overrides: Record<string, unknown>) => call('/payout', { method: 'POST', body: JSON.stringify({ ...body, ...overrides }) });

  it('enforces the documented create rules and list bounds', async () => {
    const cases: Array<[Promise<Response>, number, string]> = [
      [call('/team', {}, 'nope'), 401, 'API key'],
      [post({ payoutAmount: 1 }), 400, 'must be a string'],
      [post({ payoutAmount: '0.09' }), 400, 'at least "0.1"'],
      [post({ payoutAmount: '1.001' }), 400, 'not a valid amount'],
      [post({ currency: 'JPY' }), 400, 'currency must be one of'],
      [post({ handleType: 'twitch' }), 400, 'handleType must be one of'],
      [post({ handleType: 'tiktok', creatorHandle: 'bob' }), 400, 'must start with @'],
      [post({ payoutType: 'advance' }), 400, 'youtube-channel'],
      [call('/payouts?limit=101'), 400, 'limit'],
      [call('/payouts?order_direction=up'), 400, 'order_direction'],
      [call('/payouts?cursor=nope'), 400, 'cursor'],
      [call('/payout/nope'), 404, 'not found'],
      [call('/payout/nope?id_type=email'), 400, 'id_type'],
    ];
    for (const [response, status, text] of cases) {
      const r = await response;
      expect(r.status).toBe(status);
      expect(((await r.json()) as { message: string }).message).toContain(text);
    }
    const accepted = await post({ payoutAmount: '0.1' });
    expect(accepted.status).toBe(201);
    expect(await accepted.json()).toMatchObject({ payoutAmount: '0.10', status: 'created' });
  });

  it('seeds 100,000 payouts', async () => {
    const big = await startSimulator({ seed: 3, payouts: 100_000, logLimit: 0, now: new Date('2025-06-01T00:00:00Z') });
    try {
      expect(big.payoutCount()).toBe(100_000);
    } finally {
      await big.close();
    }
  });
});

describe('Talentir secrets', () => {
  // Runs last: every error the tests above provoked, none may carry the key.
  it('never puts the key in an error message or its details', () => {
    expect(errorsSeen.length).toBeGreaterThan(20);
    for (const error of errorsSeen) {
      expect(error.message).not.toContain(apiKey);
      expect(JSON.stringify(error.details)).not.toContain(apiKey);
    }
  });
});
