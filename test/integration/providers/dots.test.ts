import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIND_BY_REFERENCE_MAX_PAGES, STATUS_MAP } from '../../../src-main/providers/dots/assumptions';
import { dots } from '../../../src-main/providers/dots/index';
import { mapPayoutLink } from '../../../src-main/providers/dots/mapping';
import { ProviderError } from '../../../src-main/providers/http';
import type { ClientConfig, PayoutRequest, ProviderClient } from '../../../src-main/providers/provider';
import type { ProviderSimulator } from '../../../src-main/providers/simulator/types';

const capabilities = dots.info.capabilities;
const createClient = dots.createClient;
const startSimulator = dots.startSimulator;

const SEEDED_LINKS = 1_150;
const SEEDED_USERS = 1_020;
const PREFIX = '/api';

let sim: ProviderSimulator;
let apiKey: string;
let basicToken: string;
const sleeps: number[] = [];
const errorsSeen: ProviderError[] = [];

function config(overrides: Partial<ClientConfig> = {}, target: ProviderSimulator = sim): ClientConfig {
  return {
    baseUrl: target.baseUrl,
    environment: 'simulator',
    authMode: 'basic',
    publicFields: target.credentials.publicFields,
    secrets: target.credentials.secrets,
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
    amount: { minor: 12_500, currency: 'USD' },
    description: 'March campaign',
    recipient: { phone: { countryCode: '+1', number: '202-555-0139' } },
    ...overrides,
  };
}

const posts = () => sim.requestLog.filter((r) => r.method === 'POST');

async function allPages<T>(fetch: (cursor: string | null) => Promise<{ items: T[]; nextCursor: string | null }>) {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page = await fetch(cursor);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

beforeAll(async () => {
  sim = await startSimulator({ seed: 7, payouts: SEEDED_LINKS, creators: SEEDED_USERS, now: new Date('2025-06-01T12:00:00Z') });
  apiKey = sim.credentials.secrets.apiKey!;
  basicToken = Buffer.from(`${sim.credentials.publicFields.clientId}:${apiKey}`).toString('base64');
});

afterAll(async () => {
  await sim.close();
});

beforeEach(() => {
  sim.faults.clear();
  sleeps.length = 0;
});

describe('Dots authentication', () => {
  it('uses HTTP Basic with client id and key, plus Api-App-Id for organisation keys', async () => {
    await expect(client().testConnection()).resolves.toContain('Connected to Dots');
    const last = sim.requestLog.at(-1)!;
    expect(last.path).toBe(`${PREFIX}/v2/users`);
    expect(last.query).toBe('?limit=1');
    expect(last.headers.authorization).toBe(`Basic ${basicToken}`);
    expect(last.headers['api-app-id']).toBe(sim.credentials.publicFields.appId);
  });

  it('reports a wrong key as an authentication error without the key in it', async () => {
    const wrongKey = 'sk_wrong_0123456789abcdef';
    const error = await failure(createClient(config({ secrets: { apiKey: wrongKey } })).testConnection());
    expect(error.kind).toBe('authentication');
    expect(error.status).toBe(401);
    expect(error.message).not.toContain(wrongKey);
    expect(error.message).not.toContain(Buffer.from(`${sim.credentials.publicFields.clientId}:${wrongKey}`).toString('base64'));
  });

  it('reports an app id of another organisation as an authentication error', async () => {
    const error = await failure(
      createClient(config({ publicFields: { ...sim.credentials.publicFields, appId: randomUUID() } })).testConnection(),
    );
    expect(error.kind).toBe('authentication');
    expect(error.status).toBe(403);
  });

  it('works with an app key (no Api-App-Id) and refuses to build without credentials', async () => {
    await expect(
      createClient(config({ publicFields: { clientId: sim.credentials.publicFields.clientId! } })).testConnection(),
    ).resolves.toBeTruthy();
    expect(sim.requestLog.at(-1)!.headers['api-app-id']).toBeUndefined();
    expect(() => createClient(config({ publicFields: {} }))).toThrowError(ProviderError);
    expect(() => createClient(config({ secrets: {} }))).toThrowError(ProviderError);
  });

  it('redacts the key and the Basic token when the provider echoes them', async () => {
    sim.faults.add({
      method: 'GET',
      path: `${PREFIX}/v2/users`,
      fault: { kind: 'status', status: 400, body: { success: false, message: `bad ${apiKey} / ${basicToken}` } },
    });
    const error = await failure(client().testConnection());
    expect(error.message).toContain('bad [redacted] / [redacted]');
  });
});

describe('Dots lists', () => {
  it('pages through every user exactly once (cursor pagination, limit 100)', async () => {
    const c = client();
    const users = await allPages((cursor) => c.listCreators({ cursor }));
    const ids = new Set(users.map((u) => u.remoteId));
    expect(users.length).toBe(SEEDED_USERS);
    expect(ids.size).toBe(SEEDED_USERS);
    const lastCall = new URLSearchParams(sim.requestLog.filter((r) => r.path === `${PREFIX}/v2/users`).at(-1)!.query);
    expect(lastCall.get('limit')).toBe('100');
    expect(lastCall.get('starting_after')).toBeTruthy();
    expect(users[0]).toMatchObject({
      name: expect.stringMatching(/\S+ \S+/),
      email: expect.stringContaining('@example.com'),
      phone: expect.stringMatching(/^\+1\d{10}$/),
    });
  });

  it('pages through every payout link exactly once, newest first', async () => {
    const c = client();
    const payouts = await allPages((cursor) => c.listPayouts({ cursor }));
    const counts = new Map<string, number>();
    for (const p of payouts) counts.set(p.remoteId!, (counts.get(p.remoteId!) ?? 0) + 1);
    expect(counts.size).toBe(sim.payoutCount());
    expect(counts.size).toBeGreaterThanOrEqual(SEEDED_LINKS);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    for (let i = 1; i < payouts.length; i += 1) expect(payouts[i]!.createdAt <= payouts[i - 1]!.createdAt).toBe(true);
    for (const p of payouts.slice(0, 200)) {
      expect(p.amount.currency).toBe('USD');
      expect(p.status).toBe(STATUS_MAP[p.providerStatus]);
      expect(p.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    }
  });

  it('says campaigns and initiate do not exist', async () => {
    const c = client();
    expect((await failure(c.listCampaigns({ cursor: null }))).message).toBe(capabilities.listCampaigns);
    expect((await failure(c.initiatePayout('x'))).message).toBe(capabilities.initiatePayout);
  });
});

describe('Dots payouts', () => {
  it('gets a payout link by id and reports an unknown id as not found', async () => {
    const c = client();
    const [first] = (await c.listPayouts({ cursor: null })).items;
    expect(await c.getPayout(first!.remoteId!)).toEqual(first);
    const error = await failure(c.getPayout(randomUUID()));
    expect(error.kind).toBe('not_found');
    expect(error.message).toContain('Payout link not found');
  });

  it('sends a payout to a phone number with our reference as idempotency key and in metadata', async () => {
    const c = client();
    const req = request();
    const before = sim.payoutCount();
    const { payout } = await c.createPayout(req);
    expect(sim.payoutCount()).toBe(before + 1);
    expect(posts().at(-1)!.path).toBe(`${PREFIX}/v2/payouts/send-payout`);
    expect(posts().at(-1)!.body).toEqual({
      amount: 12_500,
      memo: 'March campaign',
      idempotency_key: req.clientReference,
      metadata: { paydesk_reference: req.clientReference },
      payee: { country_code: '1', phone_number: '2025550139' },
    });
    expect(payout).toMatchObject({
      clientReference: req.clientReference,
      amount: { minor: 12_500, currency: 'USD' },
      status: 'submitted',
      providerStatus: 'created',
      description: 'March campaign',
    });
    const found = await c.findByReference(req.clientReference, req.shortReference);
    expect(found?.remoteId).toBe(payout!.remoteId);
  });

  it('sends a payout to an existing Dots user by user_id', async () => {
    const c = client();
    const [user] = (await c.listCreators({ cursor: null })).items;
    const { payout } = await c.createPayout(
      request({ recipient: { remoteUserId: user!.remoteId, phone: { countryCode: '1', number: '2025550100' } } }),
    );
    expect(posts().at(-1)!.body).toMatchObject({ user_id: user!.remoteId });
    expect(posts().at(-1)!.body).not.toHaveProperty('payee');
    for (let i = 0; i < 5; i += 1) sim.advance();
    expect(await c.getPayout(payout!.remoteId!)).toMatchObject({
      providerStatus: 'claimed',
      status: 'paid',
      creatorRemoteId: user!.remoteId,
    });
  });

  it('returns the existing link when the same idempotency key is sent again', async () => {
    const c = client();
    const req = request();
    const first = await c.createPayout(req);
    const before = sim.payoutCount();
    const second = await c.createPayout(req);
    expect(second.payout?.remoteId).toBe(first.payout!.remoteId);
    expect(sim.payoutCount()).toBe(before);
  });

  it('handles 202 funds pending', async () => {
    const { payout } = await client().createPayout(request({ amount: { minor: 500_000_000, currency: 'USD' } }));
    expect(payout).toMatchObject({ providerStatus: 'funds_pending', status: 'submitted', amount: { minor: 500_000_000 } });
  });

  it('returns payout null on a 202 whose body is not a link, so the sender looks it up', async () => {
    sim.faults.add({
      method: 'POST',
      path: `${PREFIX}/v2/payouts/send-payout`,
      fault: { kind: 'status', status: 202, body: { status: 'funds_pending' } },
    });
    expect(await client().createPayout(request())).toEqual({ payout: null });
  });

  it('moves statuses along the lifecycle and maps each one', async () => {
    const c = client();
    const { payout } = await c.createPayout(request());
    const seen: Array<[string, string]> = [];
    for (let step = 0; step < 5; step += 1) {
      const current = await c.getPayout(payout!.remoteId!);
      seen.push([current.providerStatus, current.status]);
      sim.advance();
    }
    expect(seen).toEqual([
      ['created', 'submitted'],
      ['delivery_pending', 'submitted'],
      ['sent', 'processing'],
      ['delivered', 'processing'],
      ['claimed', 'paid'],
    ]);
    expect(STATUS_MAP).toMatchObject({
      canceled: 'cancelled',
      expired: 'expired',
      reversed: 'returned',
      delivery_failed: 'failed',
      failed: 'failed',
    });
    const odd = mapPayoutLink({
      id: 'l',
      created: '2025-01-01T00:00:00',
      amount: 1,
      status: 'held',
      metadata: '{"paydesk_reference":"r1"}',
    });
    expect(odd).toMatchObject({ status: 'unknown', providerStatus: 'held', clientReference: 'r1', createdAt: '2025-01-01T00:00:00Z' });
  });

  it('cancels a payout link with DELETE and surfaces the refusal for a claimed one', async () => {
    const c = client();
    const { payout } = await c.createPayout(request());
    const cancelled = await c.cancelPayout(payout!.remoteId!);
    expect(sim.requestLog.at(-1)).toMatchObject({ method: 'DELETE', path: `${PREFIX}/v2/payout-links/${payout!.remoteId}` });
    expect(cancelled).toMatchObject({ status: 'cancelled', providerStatus: 'canceled' });
    const claimed = (await c.listPayouts({ cursor: null })).items.find((p) => p.providerStatus === 'claimed');
    const error = await failure(c.cancelPayout(claimed!.remoteId!));
    expect(error.kind).toBe('validation');
    expect(error.message).toContain('cannot be canceled');
    expect((await failure(c.cancelPayout(randomUUID()))).kind).toBe('not_found');
  });

  it('surfaces the provider message when Dots rejects a payout', async () => {
    const c = client();
    const phone = await failure(c.createPayout(request({ recipient: { phone: { countryCode: '1', number: '55501' } } })));
    expect(phone.kind).toBe('validation');
    expect(phone.status).toBe(400);
    expect(phone.message).toContain('is not a valid phone number');
    const user = await failure(c.createPayout(request({ recipient: { remoteUserId: randomUUID() } })));
    expect(user.message).toContain('No user exists with this user_id');
  });

  it('refuses what Dots cannot take before sending anything', async () => {
    const c = client();
    const before = posts().length;
    for (const bad of [
      request({ amount: { minor: 100, currency: 'EUR' } }),
      request({ amount: { minor: 0, currency: 'USD' } }),
      request({ recipient: { email: 'a@example.com' } }),
      { ...request(), clientReference: 'not-a-uuid' },
    ]) {
      expect((await failure(c.createPayout(bad))).kind).toBe('validation');
    }
    expect(posts().length).toBe(before);
  });

  it('confirms absence only after reading the whole list, and says so when the scan is cut short', async () => {
    expect(await client().findByReference(randomUUID(), 'x')).toBeNull();
    const big = await startSimulator({ seed: 8, payouts: FIND_BY_REFERENCE_MAX_PAGES * 100 + 50, creators: 5 });
    try {
      const c = createClient(config({}, big));
      const error = await failure(c.findByReference(randomUUID(), 'x'));
      expect(error.kind).toBe('unavailable');
      expect(error.message).toContain('could not be confirmed');
      const { payout } = await c.createPayout(request());
      expect((await c.findByReference(payout!.clientReference!, 'x'))?.remoteId).toBe(payout!.remoteId);
    } finally {
      await big.close();
    }
  });
});

describe('Dots faults', () => {
  it('waits as long as Retry-After says on reads', async () => {
    sim.faults.add({ method: 'GET', path: `${PREFIX}/v2/payout-links`, fault: { kind: 'rateLimit', retryAfterSeconds: 2 }, times: 2 });
    const page = await client().listPayouts({ cursor: null });
    expect(page.items).toHaveLength(100);
    expect(sleeps).toEqual([2000, 2000]);
  });

  it('retries 5xx on reads and gives up as unavailable', async () => {
    const c = client();
    sim.faults.add({ method: 'GET', path: `${PREFIX}/v2/users`, fault: { kind: 'status', status: 503 }, times: 3 });
    await expect(c.listCreators({ cursor: null })).resolves.toMatchObject({ nextCursor: expect.any(String) });
    expect(sleeps).toHaveLength(3);
    sim.faults.add({ method: 'GET', path: `${PREFIX}/v2/payout-links/`, fault: { kind: 'status', status: 500 }, times: Infinity });
    expect((await failure(c.getPayout(randomUUID()))).kind).toBe('unavailable');
  });

  it('reports 5xx on create as ambiguous without retrying', async () => {
    const before = sim.payoutCount();
    sim.faults.add({ method: 'POST', path: `${PREFIX}/v2/payouts/send-payout`, fault: { kind: 'status', status: 500 } });
    expect((await failure(client().createPayout(request()))).kind).toBe('ambiguous');
    expect(sim.payoutCount()).toBe(before);
    expect(sleeps).toEqual([]);
  });

  it('after a reset on create: ambiguous, confirmed absent, then created exactly once', async () => {
    const c = client();
    const req = request();
    const before = sim.payoutCount();
    sim.faults.add({ method: 'POST', path: `${PREFIX}/v2/payouts/send-payout`, fault: { kind: 'reset' } });
    expect((await failure(c.createPayout(req))).kind).toBe('ambiguous');
    expect(await c.findByReference(req.clientReference, req.shortReference)).toBeNull();
    await c.createPayout(req);
    expect(sim.payoutCount()).toBe(before + 1);
  });

  it('after commit-then-reset on create: ambiguous, found exactly once, and a resend returns the same link', async () => {
    const c = client();
    const req = request();
    const before = sim.payoutCount();
    sim.faults.add({ method: 'POST', path: `${PREFIX}/v2/payouts/send-payout`, fault: { kind: 'commitThenReset' } });
    expect((await failure(c.createPayout(req))).kind).toBe('ambiguous');
    expect(sim.payoutCount()).toBe(before + 1);
    const found = await c.findByReference(req.clientReference, req.shortReference);
    expect(found?.clientReference).toBe(req.clientReference);
    const all = await allPages((cursor) => c.listPayouts({ cursor }));
    expect(all.filter((p) => p.clientReference === req.clientReference)).toHaveLength(1);
    expect((await c.createPayout(req)).payout?.remoteId).toBe(found!.remoteId);
    expect(sim.payoutCount()).toBe(before + 1);
  });

  it('turns malformed replies into protocol errors', async () => {
    const c = client();
    const link = { id: 'l1', created: '2025-01-01T00:00:00', amount: 12.5, status: 'sent', metadata: null };
    const unreadable = { kind: 'malformed' as const, body: JSON.stringify({ data: [link], has_more: false }) };
    // In a listing the link is set aside with the reason; a look-up by reference must not skip it.
    sim.faults.add({ method: 'GET', path: `${PREFIX}/v2/payout-links`, fault: unreadable });
    const listed = await c.listPayouts({ cursor: null });
    expect(listed).toEqual({ items: [], nextCursor: null, setAside: [{ remoteId: 'l1', reason: expect.stringMatching(/amount/) }] });
    sim.faults.add({ method: 'GET', path: `${PREFIX}/v2/payout-links`, fault: unreadable });
    expect((await failure(c.findByReference('3f3c1c0e-1f0e-4c43-9d6e-0a0b0c0d0e0f', 'pd-x'))).kind).toBe('protocol');
    sim.faults.add({ method: 'GET', path: `${PREFIX}/v2/users`, fault: { kind: 'malformed', body: JSON.stringify({ data: [] }) } });
    expect((await failure(c.listCreators({ cursor: null }))).kind).toBe('protocol');
    sim.faults.add({ method: 'GET', path: `${PREFIX}/v2/payout-links/`, fault: { kind: 'malformed', body: 'not json at all' } });
    expect((await failure(c.getPayout('l1'))).kind).toBe('protocol');
  });

  it('treats an unreadable 201 to a create as ambiguous, not failed', async () => {
    sim.faults.add({ method: 'POST', path: `${PREFIX}/v2/payouts/send-payout`, fault: { kind: 'malformed', body: '{"id":42}' } });
    expect((await failure(client().createPayout(request()))).kind).toBe('ambiguous');
  });
});

describe('Dots simulator strictness', () => {
  const call = (path: string, init: RequestInit = {}, token = basicToken) =>
    fetch(`${sim.baseUrl}${path}`, {
      ...init,
      headers: { authorization: `Basic ${token}`, 'content-type': 'application/json', ...init.headers },
    });
  const body = { amount: 100, payee: { country_code: '1', phone_number: '2025550139' } };
  const post = (payload: Record<string, unknown>) => call('/v2/payouts/send-payout', { method: 'POST', body: JSON.stringify(payload) });

  it('enforces the documented send-payout rules and list bounds', async () => {
    const cases: Array<[Promise<Response>, number, string]> = [
      [call('/v2/users', {}, Buffer.from('a:b').toString('base64')), 401, 'unauthorized'],
      [post({ ...body, amount: 1.5 }), 400, 'invalid-input'],
      [post({ ...body, amount: '100' }), 400, 'invalid-input'],
      [post({ ...body, amount: 0 }), 400, 'invalid-input'],
      [post({ amount: 100 }), 400, 'invalid-input'],
      [post({ ...body, payee: { country_code: '1' } }), 400, 'invalid-input'],
      [post({ ...body, payee: { country_code: '1', phone_number: '12345' } }), 400, 'invalid-phone-number'],
      [post({ ...body, description: 'not a send-payout field' }), 400, 'invalid-input'],
      [post({ ...body, idempotency_key: 'abc' }), 400, 'invalid-input'],
      [post({ ...body, additional_steps: ['fly'] }), 400, 'invalid-input'],
      [post({ ...body, payout_fee_party: 'nobody' }), 400, 'invalid-input'],
      [call('/v2/payout-links?limit=0'), 400, 'invalid-input'],
      [call('/v2/payout-links?limit=101'), 400, 'invalid-input'],
      [call(`/v2/payout-links?starting_after=${randomUUID()}`), 400, 'invalid-input'],
      [call(`/v2/payout-links/${randomUUID()}`), 404, 'not-found'],
      [call(`/v2/users/${randomUUID()}`), 404, 'not-found'],
    ];
    for (const [response, status, code] of cases) {
      const r = await response;
      expect(r.status).toBe(status);
      expect(await r.json()).toMatchObject({ success: false, error_code: code, message: expect.any(String) });
    }
  });

  it('pages backwards with ending_before', async () => {
    const first = (await (await call('/v2/payout-links?limit=5')).json()) as { data: Array<{ id: string }> };
    const second = (await (await call(`/v2/payout-links?limit=5&starting_after=${first.data[4]!.id}`)).json()) as {
      data: Array<{ id: string }>;
    };
    const back = (await (await call(`/v2/payout-links?limit=5&ending_before=${second.data[0]!.id}`)).json()) as {
      data: Array<{ id: string }>;
      has_more: boolean;
    };
    expect(back.data.map((l) => l.id)).toEqual(first.data.map((l) => l.id));
    expect(back.has_more).toBe(false);
  });

  it('seeds 100,000 payout links deterministically', async () => {
    const big = await startSimulator({ seed: 3, payouts: 100_000, logLimit: 0, now: new Date('2025-06-01T00:00:00Z') });
    const again = await startSimulator({ seed: 3, payouts: 10, logLimit: 0, now: new Date('2025-06-01T00:00:00Z') });
    try {
      expect(big.payoutCount()).toBe(100_000);
      expect(again.credentials).toEqual(big.credentials);
    } finally {
      await Promise.all([big.close(), again.close()]);
    }
  });
});

describe('Dots secrets', () => {
  // Runs last: every error the tests above provoked, none may carry the key or the Basic token.
  it('never puts a secret in an error message or its details', () => {
    expect(errorsSeen.length).toBeGreaterThan(20);
    for (const error of errorsSeen) {
      for (const secret of [apiKey, basicToken]) {
        expect(error.message).not.toContain(secret);
        expect(JSON.stringify(error.details)).not.toContain(secret);
      }
    }
  });
});
