import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient, ProviderError } from '../../../src-main/providers/http';
import type { PayoutRequest } from '../../../src-main/providers/provider';
import { SESSION_PATH, SESSION_REFRESH_AFTER_MS, SESSION_TOKEN_LIFETIME_MS } from '../../../src-main/providers/creatorpay/assumptions';
import {
  capabilities,
  createCreatorPayClient,
  sessionRequestSpec,
  type CreatorPayClientOptions,
} from '../../../src-main/providers/creatorpay/client';
import { creatorpay } from '../../../src-main/providers/creatorpay/index';
import {
  campaignSchema,
  creatorSchema,
  mapPayment,
  mapStatus,
  normalizeCalendarDate,
  parseList,
  parseOne,
  parseSessionToken,
  paymentSchema,
  stripSensitive,
  unwrapNull,
} from '../../../src-main/providers/creatorpay/mapping';
import { startCreatorPaySimulator, type CreatorPaySimulator } from '../../../src-main/providers/creatorpay/simulator';

const createClient = creatorpay.createClient;
const startSimulator = creatorpay.startSimulator;

const fastHttp = { sleep: async () => {}, random: () => 0, timeoutMs: 1500 };
const DAY = 86_400_000;

const running: CreatorPaySimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function sim(payouts = 40, extra: { creators?: number; campaigns?: number } = {}) {
  const s = await startCreatorPaySimulator({ seed: 7, payouts, ...extra });
  running.push(s);
  return s;
}

function client(s: CreatorPaySimulator, options: CreatorPayClientOptions & { http?: Record<string, unknown>; apiKey?: string } = {}) {
  return createCreatorPayClient(
    {
      baseUrl: s.baseUrl,
      environment: 'simulator',
      authMode: 'apiKey',
      publicFields: {},
      secrets: { apiKey: options.apiKey ?? s.credentials.secrets.apiKey! },
      http: { ...fastHttp, ...options.http },
    },
    { now: options.now },
  );
}

const keyOf = (s: CreatorPaySimulator) => s.credentials.secrets.apiKey!;
const count = (s: CreatorPaySimulator, method: string, path: string) =>
  s.requestLog.filter((r) => r.method === method && r.path === path).length;
const exchangeElsewhere = (s: CreatorPaySimulator) =>
  fetch(`${s.baseUrl}${SESSION_PATH}?key=${encodeURIComponent(keyOf(s))}`).then((r) => r.json());

async function caught(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError);
    return error as ProviderError;
  }
  throw new Error('expected a ProviderError');
}

/** No secret may leak through any error Paydesk shows or logs. */
function expectClean(error: ProviderError, ...secrets: Array<string | null | undefined>) {
  const text = `${error.message} ${JSON.stringify(error.details)}`;
  for (const secret of secrets) if (secret) expect(text).not.toContain(secret);
}

function request(creatorId: string, reference: string, overrides: Partial<PayoutRequest> = {}): PayoutRequest {
  return {
    clientReference: reference,
    shortReference: reference.slice(0, 18),
    amount: { minor: 12_345, currency: 'USD' },
    description: 'May deliverables',
    recipient: { remoteUserId: creatorId, name: 'Someone' },
    ...overrides,
  };
}

describe('Creator Pay session token', () => {
  it('exchanges the key once and sends the token in the session-token header', async () => {
    const s = await sim();
    const c = client(s);
    await c.listCreators({ cursor: null });
    await c.listCampaigns({ cursor: null });
    expect(s.exchangeCount()).toBe(1);
    const session = s.requestLog.find((r) => r.path === SESSION_PATH)!;
    expect(session.method).toBe('GET');
    expect(new URLSearchParams(session.query).get('key')).toBe(keyOf(s));
    const creators = s.requestLog.find((r) => r.path === '/v1/creators')!;
    expect(creators.headers['session-token']).toBe(s.currentSessionToken());
    expect(creators.headers.authorization).toBeUndefined();
  });

  it('shares one token across client instances using the same key (createClient factory too)', async () => {
    const s = await sim();
    const a = client(s);
    const b = createClient({
      baseUrl: `${s.baseUrl}/`,
      environment: 'simulator',
      authMode: 'apiKey',
      publicFields: {},
      secrets: { apiKey: keyOf(s) },
      http: fastHttp,
    });
    await a.listCreators({ cursor: null });
    await b.listCreators({ cursor: null });
    await a.listPayouts({ cursor: null });
    expect(s.exchangeCount()).toBe(1);
  });

  it('runs exactly one exchange for many concurrent calls', async () => {
    const s = await sim();
    const a = client(s);
    const b = client(s);
    await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).listCreators({ cursor: null })));
    expect(s.exchangeCount()).toBe(1);
    expect(count(s, 'GET', '/v1/creators')).toBe(12);
  });

  it('refreshes proactively before the 7-day expiry, without a rejected call', async () => {
    const s = await sim();
    let offset = 0;
    const c = client(s, { now: () => Date.now() + offset });
    await c.listCreators({ cursor: null });
    offset = 5 * DAY;
    s.advanceClock(5 * DAY);
    await c.listCreators({ cursor: null });
    expect(s.exchangeCount()).toBe(1);
    offset = SESSION_REFRESH_AFTER_MS + 3_600_000;
    s.advanceClock(SESSION_REFRESH_AFTER_MS + 3_600_000 - 5 * DAY);
    await c.listCreators({ cursor: null });
    expect(s.exchangeCount()).toBe(2);
    expect(count(s, 'GET', '/v1/creators')).toBe(3);
  });

  it('recovers once when the token expired at the provider (clock skew)', async () => {
    const s = await sim();
    const c = client(s);
    await c.listCreators({ cursor: null });
    s.advanceClock(SESSION_TOKEN_LIFETIME_MS + 60_000);
    await c.listCreators({ cursor: null });
    expect(s.exchangeCount()).toBe(2);
    expect(count(s, 'GET', '/v1/creators')).toBe(3);
  });

  it('recovers transparently when the token was replaced elsewhere, with one re-exchange for concurrent calls', async () => {
    const s = await sim();
    const c = client(s);
    await c.listCreators({ cursor: null });
    await exchangeElsewhere(s);
    await Promise.all([c.listCreators({ cursor: null }), c.listCampaigns({ cursor: null }), c.listCreators({ cursor: null })]);
    expect(s.exchangeCount()).toBe(3); // ours, the other machine's, our single re-exchange
  });

  it('gives up after one retry when the token is replaced again, telling the user why', async () => {
    const s = await sim();
    let armed = false;
    const racingFetch: typeof fetch = async (input, init) => {
      const response = await globalThis.fetch(input, init);
      if (armed && new URL(String(input)).pathname === SESSION_PATH) {
        armed = false;
        await exchangeElsewhere(s); // the other machine wins again before our retry lands
      }
      return response;
    };
    const c = client(s, { http: { fetch: racingFetch } });
    await c.listCreators({ cursor: null });
    await exchangeElsewhere(s);
    armed = true;
    const error = await caught(c.listCreators({ cursor: null }));
    expect(error.kind).toBe('authentication');
    expect(error.message).toMatch(/replaced by another app or machine using the same API key/);
    expect(s.exchangeCount()).toBe(4);
    expectClean(error, keyOf(s), s.currentSessionToken());
  });

  it('reports a wrong key as an authentication error without echoing it', async () => {
    const s = await sim();
    const wrong = 'cpk_wrong_key_0123456789abcdef';
    const error = await caught(client(s, { apiKey: wrong }).listCreators({ cursor: null }));
    expect(error.kind).toBe('authentication');
    expect(error.message).toMatch(/did not accept the API key/);
    expectClean(error, wrong, keyOf(s));
    expect(s.exchangeCount()).toBe(0);
  });

  it('never shows the API key or the session token, in describe() or in errors', async () => {
    const s = await sim();
    const key = keyOf(s);
    const described = new HttpClient('Creator Pay', s.baseUrl, [key]).describe(sessionRequestSpec(key));
    expect(described).toBe('GET /v1/org_api_token/session?key=%5Bredacted%5D');
    expect(described).not.toContain(key);

    s.faults.add({ path: SESSION_PATH, fault: { kind: 'status', status: 503, body: { message: `bad key ${key}` } }, times: Infinity });
    const unavailable = await caught(client(s).listCreators({ cursor: null }));
    expect(unavailable.kind).toBe('unavailable');
    expect(unavailable.message).toContain('[redacted]');
    expectClean(unavailable, key);
    s.faults.clear();

    const c = client(s);
    await c.listCreators({ cursor: null });
    const token = s.currentSessionToken()!;
    s.faults.add({
      path: '/v1/creators',
      fault: { kind: 'status', status: 422, body: { message: `token ${token} lacks scope`, status: 422 } },
    });
    const validation = await caught(c.listCreators({ cursor: null }));
    expect(validation.kind).toBe('validation');
    expect(validation.message).toContain('token [redacted] lacks scope');
    expectClean(validation, key, token);
  });
});

describe('Creator Pay reads', () => {
  it('lists creators: string booleans and numbers parsed, pseudo-JSON kept, bank and tax fields stripped', async () => {
    const s = await sim(40, { creators: 6 });
    const page = await client(s).listCreators({ cursor: null });
    expect(page.nextCursor).toBeNull();
    expect(page.items).toHaveLength(6);
    for (const creator of page.items) {
      expect(creator.name).toMatch(/\S+ \S+/);
      expect(creator.phone).toMatch(/^\+1\d{10}$/);
      const raw = creator.raw as Record<string, unknown>;
      for (const field of [
        'account_number',
        'routing_number',
        'tax_id',
        'state_tax_id',
        'date_of_birth',
        'address_line_1',
        'address_city',
        'address_zip',
        'address_shipping_line_1',
        'venmo_phone_number',
      ]) {
        expect(raw).not.toHaveProperty(field);
      }
      expect(typeof raw.platforms).toBe('string');
      expect(raw.platforms).toMatch(/^\['https/);
      expect(['youtube', 'tiktok', 'instagram']).toContain(creator.platform);
    }
    // The wire really carried strings for booleans and split, and the bank data we stripped.
    const body = (await (
      await fetch(`${s.baseUrl}/v1/creators`, { headers: { 'session-token': s.currentSessionToken()! } })
    ).json()) as Array<Record<string, unknown>>;
    expect(body[0]!.is_active).toMatch(/^(true|false)$/);
    expect(body[0]!.split).toBe('80');
    expect(body[0]!.account_number).toBeTruthy();
    const parsed = parseOne(creatorSchema, body[0], 'creator');
    expect(typeof parsed.is_active).toBe('boolean');
    expect(parsed.split).toBe(80);
  });

  it('lists campaigns with type=campaigns and non-padded dates', async () => {
    const s = await sim(40, { campaigns: 5 });
    const page = await client(s).listCampaigns({ cursor: null });
    expect(page.items).toHaveLength(5);
    expect(new URLSearchParams(s.requestLog.find((r) => r.path === '/v1/campaigns')!.query).get('type')).toBe('campaigns');
    const raw = page.items[0]!.raw as Record<string, string>;
    const parsed = parseOne(campaignSchema, raw, 'campaign');
    expect(parsed.campaign_start_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(normalizeCalendarDate(raw.campaign_start_date!)).toBe(parsed.campaign_start_date);
    const response = await fetch(`${s.baseUrl}/v1/campaigns`, { headers: { 'session-token': s.currentSessionToken()! } });
    expect(response.status).toBe(422);
    expect(((await response.json()) as { message: string }).message).toMatch(/campaigns/);
  });

  it('lists 1,200 payments with each seen exactly once, linked to creators and campaigns', async () => {
    const s = await sim(1_200, { campaigns: 4 });
    const c = client(s);
    const page = await c.listPayouts({ cursor: null });
    expect(page.nextCursor).toBeNull();
    expect(page.items).toHaveLength(1_200);
    expect(new Set(page.items.map((p) => p.remoteId)).size).toBe(1_200);
    const campaignIds = new Set((await c.listCampaigns({ cursor: null })).items.map((x) => x.remoteId));
    const creatorIds = new Set((await c.listCreators({ cursor: null })).items.map((x) => x.remoteId));
    expect(page.items.filter((p) => p.campaignRemoteId).length).toBeGreaterThan(600);
    for (const p of page.items) {
      expect(Number.isSafeInteger(p.amount.minor)).toBe(true);
      expect(p.amount.currency).toBe('USD');
      expect(creatorIds.has(p.creatorRemoteId!)).toBe(true);
      if (p.campaignRemoteId) expect(campaignIds.has(p.campaignRemoteId)).toBe(true);
      expect(Date.parse(p.createdAt)).not.toBeNaN();
      expect(['provider_draft', 'processing', 'paid', 'failed']).toContain(p.status);
    }
    expect([...new Set(page.items.map((p) => p.providerStatus))].sort()).toEqual(['draft', 'failed', 'initiated', 'posted']);
  });

  it('gets one payment and filters payments by date and status', async () => {
    const s = await sim(200);
    const c = client(s);
    const all = (await c.listPayouts({ cursor: null })).items;
    const one = await c.getPayout(all[3]!.remoteId!);
    expect(one).toEqual(all[3]);
    const missing = await caught(c.getPayout('00000000-0000-0000-0000-000000000000'));
    expect(missing.kind).toBe('not_found');
    const today = new Date().toISOString().slice(0, 10);
    const token = s.currentSessionToken()!;
    const drafts = (await (
      await fetch(`${s.baseUrl}/v1/payments?status=draft&start_date=2000-1-1&end_date=${today}`, { headers: { 'session-token': token } })
    ).json()) as unknown[];
    expect(drafts.length).toBe(all.filter((p) => p.providerStatus === 'draft').length);
    const bad = await fetch(`${s.baseUrl}/v1/payments?start_date=yesterday`, { headers: { 'session-token': token } });
    expect(bad.status).toBe(422);
  });

  it('waits out a 429 with Retry-After on reads, and gives up on a very long one', async () => {
    const s = await sim();
    const waits: number[] = [];
    const c = client(s, { http: { sleep: async (ms: number) => void waits.push(ms) } });
    s.faults.add({ method: 'GET', path: '/v1/creators', fault: { kind: 'rateLimit', retryAfterSeconds: 2 } });
    await c.listCreators({ cursor: null });
    expect(waits).toEqual([2000]);
    s.faults.add({ method: 'GET', path: '/v1/creators', fault: { kind: 'rateLimit', retryAfterSeconds: 3600 } });
    const error = await caught(c.listCreators({ cursor: null }));
    expect(error.kind).toBe('rate_limited');
    expect(error.details.retryAfterMs).toBe(3_600_000);
  });

  it('retries 5xx and resets on reads', async () => {
    const s = await sim();
    const c = client(s);
    s.faults.add({ method: 'GET', path: '/v1/payments', fault: { kind: 'status', status: 503 }, times: 2 });
    s.faults.add({ method: 'GET', path: '/v1/campaigns', fault: { kind: 'reset' } });
    const page = await c.listPayouts({ cursor: null });
    expect(page.items).toHaveLength(40);
    expect(count(s, 'GET', '/v1/payments')).toBe(3);
    s.faults.add({ method: 'GET', path: '/v1/creators', fault: { kind: 'status', status: 500 }, times: Infinity });
    expect((await caught(c.listCreators({ cursor: null }))).kind).toBe('unavailable');
  });

  it('turns a malformed read into a protocol error without secrets', async () => {
    const s = await sim();
    const c = client(s);
    await c.listCreators({ cursor: null });
    s.faults.add({ method: 'GET', path: '/v1/creators', fault: { kind: 'malformed', body: '{"creators": []}' } });
    const notArray = await caught(c.listCreators({ cursor: null }));
    expect(notArray.kind).toBe('protocol');
    const fractionBody =
      '[{"id": "x", "amount": 10.5, "status": "draft", "created_at": "2024-01-01T00:00:00Z", "account_number": "999888777"}]';
    // In a listing, the unreadable payment is set aside with the reason; the rest of the list would be kept.
    s.faults.add({ method: 'GET', path: '/v1/payments', fault: { kind: 'malformed', body: fractionBody } });
    const listed = await c.listPayouts({ cursor: null });
    expect(listed.items).toEqual([]);
    expect(listed.setAside).toEqual([{ remoteId: 'x', reason: expect.stringMatching(/amount/) }]);
    expect(JSON.stringify(listed.setAside)).not.toContain('999888777');
    // A look-up by reference never skips an item: "not found" there would lead to a resend.
    s.faults.add({ method: 'GET', path: '/v1/payments', fault: { kind: 'malformed', body: fractionBody }, times: 2 });
    const fraction = await caught(c.findByReference('ref-x', 'pd-x'));
    expect(fraction.kind).toBe('protocol');
    expect(fraction.message).toMatch(/amount/);
    expectClean(fraction, '999888777', keyOf(s), s.currentSessionToken());
    s.faults.add({ method: 'GET', path: '/v1/campaigns', fault: { kind: 'malformed', body: '[{"id": "c1", "is_archived": "maybe"' } });
    expect((await caught(c.listCampaigns({ cursor: null }))).kind).toBe('protocol');
  });
});

describe('Creator Pay writes', () => {
  it('creates a payment (array body, reference in audit), parses Null wrappers, finds it by reference', async () => {
    const s = await sim(300, { campaigns: 3 });
    const c = client(s);
    const [creator] = (await c.listCreators({ cursor: null })).items;
    const [campaign] = (await c.listCampaigns({ cursor: null })).items;
    const reference = '6f1c2d0e-1111-4222-8333-444455556666';
    const { payout } = await c.createPayout(request(creator!.remoteId, reference, { campaignRemoteId: campaign!.remoteId }));

    const sent = s.requestLog.find((r) => r.method === 'POST' && r.path === '/v1/payments')!;
    expect(Array.isArray(sent.body)).toBe(true);
    expect(sent.body).toEqual([
      {
        recipient: creator!.remoteId,
        amount: 12_345,
        memo: 'May deliverables',
        audit: `paydesk:${reference}`,
        payment_group_id: (campaign!.raw as Record<string, string>).payment_group_id,
      },
    ]);

    expect(payout).toMatchObject({
      clientReference: reference,
      creatorRemoteId: creator!.remoteId,
      campaignRemoteId: campaign!.remoteId,
      amount: { minor: 12_345, currency: 'USD' },
      description: 'May deliverables',
      status: 'provider_draft',
      providerStatus: 'draft',
    });
    const raw = payout!.raw as Record<string, unknown>;
    expect(raw.fee).toEqual({ int: 0, valid: false });
    expect(raw.is_deleted).toEqual({ bool: false, valid: true });
    expect(raw.audit).toEqual({ string: `paydesk:${reference}`, valid: true });

    const found = await c.findByReference(reference, reference.slice(0, 18));
    expect(found?.remoteId).toBe(payout!.remoteId);
    expect(found?.clientReference).toBe(reference);
    expect(await c.findByReference('00000000-dead-4bee-8f00-000000000000', 'x')).toBeNull();
    const lookups = s.requestLog.filter((r) => r.method === 'GET' && r.path === '/v1/payments').map((r) => new URLSearchParams(r.query));
    expect(lookups[0]!.get('start_date')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(lookups.at(-1)!.get('start_date')).toBeNull(); // absence confirmed by a full scan
  });

  it('moves a payment through the lifecycle with advance()', async () => {
    const s = await sim(0, { creators: 30 });
    const c = client(s);
    const creators = (await c.listCreators({ cursor: null })).items;
    const ids: string[] = [];
    for (const [i, creator] of creators.entries())
      ids.push((await c.createPayout(request(creator.remoteId, `ref-${i}`))).payout!.remoteId!);
    s.advance();
    const initiated = await c.getPayout(ids[0]!);
    expect([initiated.providerStatus, initiated.status]).toEqual(['initiated', 'processing']);
    s.advance();
    const settled = await Promise.all(ids.map((id) => c.getPayout(id)));
    const outcomes = new Set(settled.map((p) => `${p.providerStatus}->${p.status}`));
    expect(outcomes).toContain('posted->paid');
    expect([...outcomes].every((o) => o === 'posted->paid' || o === 'failed->failed')).toBe(true);
    s.advance(3);
    expect((await c.getPayout(ids[0]!)).providerStatus).toBe(settled[0]!.providerStatus);
  });

  it('surfaces the 422 message and refuses amounts Creator Pay cannot carry', async () => {
    const s = await sim();
    const c = client(s);
    const error = await caught(c.createPayout(request('not-a-creator', 'ref-422')));
    expect(error.kind).toBe('validation');
    expect(error.status).toBe(422);
    expect(error.message).toContain('recipient not-a-creator is not a creator of this organization');
    expect((await caught(c.createPayout(request('x', 'r', { amount: { minor: 100, currency: 'EUR' } })))).kind).toBe('validation');
    expect((await caught(c.createPayout(request('x', 'r', { amount: { minor: 0, currency: 'USD' } })))).kind).toBe('validation');
    expect((await caught(c.createPayout(request('x', 'r', { recipient: { email: 'a@b.c' } })))).message).toMatch(/synced/);
    expect(s.payoutCount()).toBe(40);
  });

  it('answers 409 when a client-chosen payment id already exists (simulator)', async () => {
    const s = await sim();
    const c = client(s);
    const existing = (await c.listPayouts({ cursor: null })).items[0]!;
    const response = await fetch(`${s.baseUrl}/v1/payments`, {
      method: 'POST',
      headers: { 'session-token': s.currentSessionToken()!, 'content-type': 'application/json' },
      body: JSON.stringify([{ id: existing.remoteId, recipient: existing.creatorRemoteId, amount: 100 }]),
    });
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ message: `payment ${existing.remoteId} already exists`, status: 409 });
  });

  it('treats 5xx on create as ambiguous and never retries it', async () => {
    const s = await sim();
    const c = client(s);
    const creator = (await c.listCreators({ cursor: null })).items[0]!;
    s.faults.add({ method: 'POST', path: '/v1/payments', fault: { kind: 'status', status: 502 } });
    const error = await caught(c.createPayout(request(creator.remoteId, 'ref-502')));
    expect(error.kind).toBe('ambiguous');
    expect(count(s, 'POST', '/v1/payments')).toBe(1);
    expect(await c.findByReference('ref-502', 'ref-502')).toBeNull();
    expect(s.payoutCount()).toBe(40);
  });

  it('commitThenReset on create: ambiguous, then the lookup finds exactly one payment', async () => {
    const s = await sim();
    const c = client(s);
    const creator = (await c.listCreators({ cursor: null })).items[0]!;
    s.faults.add({ method: 'POST', path: '/v1/payments', fault: { kind: 'commitThenReset' } });
    const reference = 'a2b3c4d5-0000-4000-8000-00000000abcd';
    const error = await caught(c.createPayout(request(creator.remoteId, reference)));
    expect(error.kind).toBe('ambiguous');
    expect(s.payoutCount()).toBe(41);
    const found = await c.findByReference(reference, reference.slice(0, 18));
    expect(found).toMatchObject({ clientReference: reference, amount: { minor: 12_345, currency: 'USD' }, status: 'provider_draft' });
    const all = (await c.listPayouts({ cursor: null })).items.filter((p) => p.clientReference === reference);
    expect(all).toHaveLength(1);
  });

  it('treats an unreadable create reply as ambiguous (the payment may exist)', async () => {
    const s = await sim();
    const c = client(s);
    const creator = (await c.listCreators({ cursor: null })).items[0]!;
    s.faults.add({ method: 'POST', path: '/v1/payments', fault: { kind: 'malformed', body: '<html>oops</html>' } });
    const error = await caught(c.createPayout(request(creator.remoteId, 'ref-malformed')));
    expect(error.kind).toBe('ambiguous');
  });

  it('re-sends a create refused only for its token, once', async () => {
    const s = await sim();
    const c = client(s);
    const creator = (await c.listCreators({ cursor: null })).items[0]!;
    await exchangeElsewhere(s);
    const { payout } = await c.createPayout(request(creator.remoteId, 'ref-after-403'));
    expect(payout?.clientReference).toBe('ref-after-403');
    expect(count(s, 'POST', '/v1/payments')).toBe(2);
    expect(s.payoutCount()).toBe(41);
  });

  it('deletes drafts only (array body) and explains initiate/cancel limits', async () => {
    const s = await sim();
    const c = client(s);
    const creator = (await c.listCreators({ cursor: null })).items[0]!;
    const { payout } = await c.createPayout(request(creator.remoteId, 'ref-cancel'));
    const cancelled = await c.cancelPayout(payout!.remoteId!);
    expect(cancelled).toMatchObject({ status: 'cancelled', providerStatus: 'draft' });
    const deleteCall = s.requestLog.find((r) => r.method === 'DELETE')!;
    expect([deleteCall.path, deleteCall.body]).toEqual(['/v1/payments', [payout!.remoteId]]);
    expect((await c.listPayouts({ cursor: null })).items.some((p) => p.remoteId === payout!.remoteId)).toBe(false);

    const posted = (await c.listPayouts({ cursor: null })).items.find((p) => p.providerStatus === 'posted')!;
    const refused = await caught(c.cancelPayout(posted.remoteId!));
    expect(refused.kind).toBe('validation');
    expect(refused.message).toMatch(/not a draft/);
    const direct = await fetch(`${s.baseUrl}/v1/payments`, {
      method: 'DELETE',
      headers: { 'session-token': s.currentSessionToken()!, 'content-type': 'application/json' },
      body: JSON.stringify([posted.remoteId]),
    });
    expect(direct.status).toBe(422);

    const initiate = await caught(c.initiatePayout(posted.remoteId!));
    expect(initiate.message).toBe(capabilities.initiatePayout);
    expect(capabilities.initiatePayout).toMatch(/web app/);
    expect(capabilities.cancelPayout).toMatch(/draft/);
    expect(await c.testConnection()).toMatch(/creators/);
  });
});

describe('Creator Pay mapping', () => {
  it('accepts Go Null wrappers in any case, strings for booleans and numbers, and Go zero times', () => {
    expect(unwrapNull({ int: 5, valid: true })).toBe(5);
    expect(unwrapNull({ String: 'x', Valid: true })).toBe('x');
    expect(unwrapNull({ bool: true, valid: false })).toBeNull();
    expect(unwrapNull({ Time: '2024-01-01T00:00:00Z', Valid: true })).toBe('2024-01-01T00:00:00Z');
    expect(unwrapNull({ name: 'x', valid: true })).toEqual({ name: 'x', valid: true });
    const wire = parseOne(
      paymentSchema,
      {
        id: 'p1',
        amount: '2500',
        status: { String: 'draft', Valid: true },
        is_deleted: 'false',
        fee: { int: 0, valid: false },
        split: '80',
        memo: 'x',
        audit: { string: 'paydesk:abc-123', valid: true },
        payment_group_id: { string: '', valid: false },
        created_at: '2022-03-30 20:41:44.483039',
        date_posted: '0001-01-01T00:00:00Z',
        updated_at: '2021-1-1',
      },
      'payment',
    );
    expect(wire).toMatchObject({
      amount: 2500,
      status: 'draft',
      is_deleted: false,
      fee: null,
      split: 80,
      payment_group_id: null,
      date_posted: null,
    });
    const payout = mapPayment(wire, stripSensitive(wire), { campaignIdByGroup: new Map() });
    expect(payout).toMatchObject({
      clientReference: 'abc-123',
      createdAt: '2022-03-30T20:41:44.483039Z',
      updatedAt: '2021-01-01T00:00:00Z',
      status: 'provider_draft',
    });
  });

  it('maps statuses, keeping unknown ones as unknown', () => {
    expect(mapStatus('draft', false)).toBe('provider_draft');
    expect(mapStatus('Initiated', false)).toBe('processing');
    expect(mapStatus('posted', false)).toBe('paid');
    expect(mapStatus('failed', false)).toBe('failed');
    expect(mapStatus('returned', false)).toBe('returned');
    expect(mapStatus('draft', true)).toBe('cancelled');
    expect(mapStatus('on_hold_for_review', false)).toBe('unknown');
    const parsed = parseList(paymentSchema, [{ id: 'p', amount: 1, status: 'mystery', created_at: '2024-01-01T00:00:00Z' }], 'payments');
    expect(mapPayment(parsed[0]!.wire, parsed[0]!.raw, { campaignIdByGroup: new Map() })).toMatchObject({
      status: 'unknown',
      providerStatus: 'mystery',
    });
  });

  it('strips bank, tax and address data at any depth', () => {
    const stripped = stripSensitive({
      id: 'c',
      account_number: '1',
      routing_number: '2',
      tax_id: '3',
      state_tax_id: '4',
      date_of_birth: '2000-01-02',
      address_line_1: 'x',
      address_shipping_zip: 'y',
      address: { line_1: 'z' },
      shipping_address: { city: 'w' },
      paypal_email: 'p@example.com',
      nested: [{ ACCOUNT_NUMBER: '5', keep: 1 }],
      bio: 'kept',
    });
    expect(stripped).toEqual({ id: 'c', nested: [{ keep: 1 }], bio: 'kept' });
  });

  it('normalises non-padded dates and rejects impossible ones', () => {
    expect(normalizeCalendarDate('2021-1-1')).toBe('2021-01-01');
    expect(normalizeCalendarDate('2021-12-31')).toBe('2021-12-31');
    expect(normalizeCalendarDate('2021-2-30')).toBeNull();
    expect(normalizeCalendarDate('1/1/2021')).toBeNull();
    expect(parseOne(campaignSchema, { id: 'c', campaign_start_date: '2024-3-9', is_archived: 'true' }, 'campaign')).toMatchObject({
      campaign_start_date: '2024-03-09',
      is_archived: true,
    });
    expect(() => parseOne(campaignSchema, { id: 'c', campaign_start_date: '2024-2-31' }, 'campaign')).toThrow(ProviderError);
  });

  it('reads the session token from the shapes we consider likely, and nothing else', () => {
    expect(parseSessionToken({ session_token: 'tok_12345678' })).toBe('tok_12345678');
    expect(parseSessionToken({ token: { String: 'tok_abcdefgh', Valid: true } })).toBe('tok_abcdefgh');
    expect(parseSessionToken({ data: { sessionToken: 'tok_nested_1' } })).toBe('tok_nested_1');
    expect(parseSessionToken('tok_plain_text ')).toBe('tok_plain_text');
    for (const bad of [null, {}, { session_token: 'short' }, 'has spaces in it', ['tok_12345678']]) {
      expect(() => parseSessionToken(bad)).toThrow(ProviderError);
    }
  });
});

describe('Creator Pay simulator', () => {
  it('seeds 100,000 payments deterministically', async () => {
    const s = await startSimulator({ seed: 3, payouts: 100_000, logLimit: 0 });
    running.push(s as CreatorPaySimulator);
    expect(s.payoutCount()).toBe(100_000);
    const again = await startCreatorPaySimulator({ seed: 3, payouts: 10, creators: 3, campaigns: 2 });
    const twin = await startCreatorPaySimulator({ seed: 3, payouts: 10, creators: 3, campaigns: 2 });
    running.push(again, twin);
    const list = async (x: CreatorPaySimulator) =>
      (await client(x).listPayouts({ cursor: null })).items.map((p) => [p.remoteId, p.amount.minor, p.providerStatus]);
    expect(await list(again)).toEqual(await list(twin));
    expect(again.credentials).toEqual(twin.credentials);
  });

  it('auto-advances when asked', async () => {
    const s = await startCreatorPaySimulator({ seed: 9, payouts: 0, creators: 2, autoAdvanceMs: 20 });
    running.push(s);
    const c = client(s);
    const creator = (await c.listCreators({ cursor: null })).items[0]!;
    const { payout } = await c.createPayout(request(creator.remoteId, 'ref-auto'));
    let status = payout!.providerStatus;
    for (let i = 0; i < 100 && !['posted', 'failed'].includes(status); i += 1) {
      await new Promise((r) => setTimeout(r, 20));
      status = (await c.getPayout(payout!.remoteId!)).providerStatus;
    }
    expect(['posted', 'failed']).toContain(status);
  });
});
