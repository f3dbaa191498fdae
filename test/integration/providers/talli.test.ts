import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../src-main/providers/http';
import type { ClientConfig, PayoutRequest, ProviderClient } from '../../../src-main/providers/provider';
import { talli } from '../../../src-main/providers/talli/index';
import { PAGE_NUMBER_BASE, STATUS_MAP } from '../../../src-main/providers/talli/assumptions';
import { unifiedStatus } from '../../../src-main/providers/talli/mapping';
import { TOKEN_PATH, startTalliSimulator, type TalliSimulator } from '../../../src-main/providers/talli/simulator';

const capabilities = talli.info.capabilities;
const createClient = talli.createClient;
const startSimulator = talli.startSimulator;

const fastHttp = { sleep: async () => {}, random: () => 0, timeoutMs: 1500 };
const API = '/talli/v2/campaign-manager';

function config(sim: TalliSimulator, overrides: Partial<ClientConfig> = {}): ClientConfig {
  return {
    baseUrl: sim.baseUrl,
    environment: 'simulator',
    authMode: 'oauth2',
    publicFields: { ...sim.credentials.publicFields },
    secrets: { ...sim.credentials.secrets },
    http: fastHttp,
    ...overrides,
  };
}

let refCounter = 0;
function request(sim: TalliSimulator, overrides: Partial<PayoutRequest> = {}): PayoutRequest {
  refCounter += 1;
  const clientReference = `6f1c2d3e-0000-4000-8000-${String(Date.now() % 1e6).padStart(6, '0')}${String(refCounter).padStart(6, '0')}`;
  return {
    clientReference,
    shortReference: `pd-${refCounter}`,
    amount: { minor: 1250, currency: 'USD' },
    description: 'June fee',
    recipient: { name: 'Jane van Creator', email: `jane${refCounter}@example.com`, phone: { countryCode: '+1', number: '202-555-0100' } },
    campaignRemoteId: sim.campaignIds('Active')[0],
    ...overrides,
  };
}

async function caught(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError);
    return error as ProviderError;
  }
  throw new Error('expected a ProviderError');
}

const tokenRequests = (sim: TalliSimulator) => sim.requestLog.filter((r) => r.path === TOKEN_PATH).length;
const apiRequests = (sim: TalliSimulator) => sim.requestLog.filter((r) => r.path.startsWith(API)).length;

function expectNoSecrets(error: ProviderError, sim: TalliSimulator, extra: string[] = []) {
  const text = `${error.message} ${JSON.stringify(error.details)}`;
  for (const secret of [sim.credentials.secrets.clientSecret!, ...sim.issuedTokens(), ...extra]) expect(text.includes(secret)).toBe(false);
}

describe('Talli client against the simulator', () => {
  let sim: TalliSimulator;
  let client: ProviderClient;

  beforeAll(async () => {
    sim = await startTalliSimulator({ seed: 11, payouts: 1234, campaigns: 250, now: new Date('2026-01-15T12:00:00Z') });
    client = createClient(config(sim));
  });
  afterAll(() => sim.close());
  afterEach(() => {
    sim.faults.clear();
    sim.setTokenLifetime(3600);
  });

  describe('OAuth2 client credentials', () => {
    it('requests a token with client id, secret and audience, and reuses it across calls', async () => {
      const c = createClient(config(sim));
      const before = tokenRequests(sim);
      await c.testConnection();
      await c.listPayouts({ cursor: null });
      await c.listCampaigns({ cursor: null });
      expect(tokenRequests(sim)).toBe(before + 1);
      const tokenCall = sim.requestLog.filter((r) => r.path === TOKEN_PATH).at(-1)!;
      expect(String(tokenCall.headers['content-type'])).toContain('application/x-www-form-urlencoded');
      expect(tokenCall.body).toEqual({
        grant_type: 'client_credentials',
        client_id: sim.credentials.publicFields.clientId,
        client_secret: sim.credentials.secrets.clientSecret,
        audience: sim.credentials.publicFields.audience,
      });
      const apiCall = sim.requestLog.at(-1)!;
      expect(apiCall.headers.authorization).toBe(`Bearer ${sim.issuedTokens().at(-1)}`);
    });

    it('refreshes the token once it has expired', async () => {
      sim.setTokenLifetime(1);
      const c = createClient(config(sim));
      const tokensBefore = tokenRequests(sim);
      const apiBefore = apiRequests(sim);
      await c.listCampaigns({ cursor: null });
      await c.listCampaigns({ cursor: null });
      expect(tokenRequests(sim)).toBe(tokensBefore + 1);
      await new Promise((r) => setTimeout(r, 1000));
      await c.listCampaigns({ cursor: null });
      expect(tokenRequests(sim)).toBe(tokensBefore + 2);
      // Refreshed before use, so no request was refused on the way.
      expect(apiRequests(sim)).toBe(apiBefore + 3);
    });

    it('asks for a token only once when many calls start together', async () => {
      const c = createClient(config(sim));
      const before = tokenRequests(sim);
      sim.faults.add({ path: TOKEN_PATH, fault: { kind: 'latency', ms: 50 } });
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => (i % 2 ? c.listPayouts({ cursor: null }) : c.listCampaigns({ cursor: null }))),
      );
      expect(results).toHaveLength(12);
      expect(tokenRequests(sim)).toBe(before + 1);
    });

    it('re-authenticates exactly once after a 401, also when calls run concurrently', async () => {
      const c = createClient(config(sim));
      await c.testConnection();
      sim.revokeTokens();
      const tokensBefore = tokenRequests(sim);
      const apiBefore = apiRequests(sim);
      await Promise.all([c.listPayouts({ cursor: null }), c.listCampaigns({ cursor: null }), c.testConnection()]);
      expect(tokenRequests(sim)).toBe(tokensBefore + 1);
      expect(apiRequests(sim)).toBe(apiBefore + 6);
    });

    it('gives up with an authentication error when the fresh token is refused too', async () => {
      const c = createClient(config(sim));
      await c.testConnection();
      const tokensBefore = tokenRequests(sim);
      const apiBefore = apiRequests(sim);
      sim.faults.add({ path: API, fault: { kind: 'status', status: 401, body: { title: 'Unauthorized' } }, times: Infinity });
      const error = await caught(c.listPayouts({ cursor: null }));
      expect(error.kind).toBe('authentication');
      expect(tokenRequests(sim)).toBe(tokensBefore + 1);
      expect(apiRequests(sim)).toBe(apiBefore + 2);
      expectNoSecrets(error, sim);
    });

    it('reports a wrong client secret or audience as authentication errors without the secret', async () => {
      const wrongSecret = 'definitely-wrong-secret-value';
      const secretError = await caught(createClient(config(sim, { secrets: { clientSecret: wrongSecret } })).listPayouts({ cursor: null }));
      expect(secretError.kind).toBe('authentication');
      expect(secretError.details.providerMessage).toBe('Unauthorized');
      expectNoSecrets(secretError, sim, [wrongSecret]);
      const audienceError = await caught(
        createClient(config(sim, { publicFields: { ...sim.credentials.publicFields, audience: 'https://elsewhere' } })).testConnection(),
      );
      expect(audienceError.kind).toBe('authentication');
      const missing = await caught(createClient(config(sim, { secrets: {} })).testConnection());
      expect(missing.kind).toBe('authentication');
    });

    it('retries a failing token endpoint and rejects a malformed token reply', async () => {
      const c = createClient(config(sim));
      sim.faults.add({ path: TOKEN_PATH, fault: { kind: 'status', status: 503 }, times: 2 });
      await expect(c.testConnection()).resolves.toMatch(/250 campaigns/);
      sim.faults.add({ path: TOKEN_PATH, fault: { kind: 'malformed', body: '{"token":"abc"}' } });
      expect((await caught(createClient(config(sim)).testConnection())).kind).toBe('protocol');
    });
  });

  describe('listing', () => {
    it('pages through 1,234 payout instructions with pageNumber + pageSize, each exactly once', async () => {
      const seen = new Map<string, number>();
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await client.listPayouts({ cursor });
        for (const item of page.items) seen.set(item.remoteId!, (seen.get(item.remoteId!) ?? 0) + 1);
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor !== null && pages < 100);
      expect(pages).toBe(13);
      expect(seen.size).toBe(sim.payoutCount());
      expect([...seen.values()].every((n) => n === 1)).toBe(true);
      const queries = sim.requestLog
        .filter((r) => r.path === `${API}/payout-instructions` && r.method === 'GET')
        .slice(-13)
        .map((r) => new URLSearchParams(r.query));
      expect(queries.map((q) => Number(q.get('pageNumber')))).toEqual(Array.from({ length: 13 }, (_, i) => PAGE_NUMBER_BASE + i));
      expect(queries.every((q) => q.get('pageSize') === '100')).toBe(true);
    });

    it('pages through campaigns', async () => {
      const names: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await client.listCampaigns({ cursor });
        names.push(...page.items.map((c) => c.name));
        expect(page.items.every((c) => /^[0-9a-f-]{36}$/.test(c.remoteId))).toBe(true);
        cursor = page.nextCursor;
      } while (cursor);
      expect(names).toHaveLength(250);
    });

    it('maps statuses, e-mail creators and exact amounts', async () => {
      const byStatus = new Map<string, string>();
      let cursor: string | null = null;
      do {
        const page = await client.listPayouts({ cursor });
        for (const p of page.items) {
          byStatus.set(p.providerStatus, p.status);
          expect(p.creatorRemoteId).toBe(`email:${p.recipientEmail!.toLowerCase()}`);
          expect(p.amount.minor).toBe(Math.round((p.raw as { amount: number }).amount * 100));
          expect(Number.isNaN(Date.parse(p.createdAt))).toBe(false);
        }
        cursor = page.nextCursor;
      } while (cursor);
      // The simulator's payouts show every status of the table, each read as the table says.
      expect(Object.fromEntries(byStatus)).toEqual(STATUS_MAP);
    });

    it('reads integer statuses and terminal hints the enum lacks', () => {
      expect(unifiedStatus({ status: 0, fulfilledOn: null, cancellationReason: 0 })).toEqual({
        status: 'provider_draft',
        providerStatus: 'Draft',
      });
      expect(unifiedStatus({ status: 6, fulfilledOn: '2026-01-01T00:00:00Z', cancellationReason: 'Unknown' })).toEqual({
        status: 'paid',
        providerStatus: 'Requested',
      });
      expect(unifiedStatus({ status: 'Initiated', fulfilledOn: null, cancellationReason: 2 })).toEqual({
        status: 'cancelled',
        providerStatus: 'Initiated',
      });
      expect(unifiedStatus({ status: 42, fulfilledOn: null, cancellationReason: null })).toEqual({
        status: 'unknown',
        providerStatus: '42',
      });
      expect(unifiedStatus({ status: 'Archived', fulfilledOn: null })).toEqual({ status: 'unknown', providerStatus: 'Archived' });
    });

    it('gets one instruction and reports unknown ids as not_found', async () => {
      const [first] = (await client.listPayouts({ cursor: null })).items;
      await expect(client.getPayout(first!.remoteId!)).resolves.toMatchObject({ remoteId: first!.remoteId, amount: first!.amount });
      expect((await caught(client.getPayout('00000000-0000-4000-8000-000000000000'))).kind).toBe('not_found');
    });

    it('has no creator resource and says so', async () => {
      await expect(client.listCreators({ cursor: null })).resolves.toEqual({ items: [], nextCursor: null });
      expect(capabilities.listCreators).toMatch(/e-mail/);
    });
  });

  describe('create, initiate, cancel', () => {
    it('creates (202, no body), finds the new instruction by externalId, then initiates and cancels it', async () => {
      const req = request(sim);
      const before = sim.payoutCount();
      const { payout } = await client.createPayout(req);
      expect(sim.payoutCount()).toBe(before + 1);
      expect(payout).toMatchObject({
        clientReference: req.clientReference,
        status: 'provider_draft',
        providerStatus: 'Draft',
        amount: { minor: 1250, currency: 'USD' },
        recipientName: 'Jane van Creator',
        campaignRemoteId: req.campaignRemoteId,
      });
      expect(payout!.remoteId).toMatch(/^[0-9a-f-]{36}$/);
      const post = sim.requestLog.find(
        (r) =>
          r.method === 'POST' &&
          r.path === `${API}/payout-instructions` &&
          (r.body as { externalId?: string }).externalId === req.clientReference,
      )!;
      expect(post.body).toEqual({
        campaignId: req.campaignRemoteId,
        externalId: req.clientReference,
        firstName: 'Jane',
        lastName: 'van Creator',
        amount: 12.5,
        email: req.recipient.email,
        phoneNumber: '+12025550100',
      });
      const lookup = sim.requestLog.at(-1)!;
      expect(new URLSearchParams(lookup.query).get('externalId')).toBe(req.clientReference);

      await expect(client.findByReference(req.clientReference, req.shortReference)).resolves.toMatchObject({ remoteId: payout!.remoteId });
      await expect(client.findByReference('never-sent', 'x')).resolves.toBeNull();

      const initiated = await client.initiatePayout(payout!.remoteId!);
      expect(initiated).toMatchObject({ status: 'submitted', providerStatus: 'PushInitiated' });
      expect(sim.requestLog.find((r) => r.path === `${API}/payout-instructions/${payout!.remoteId}/:initiate`)?.body).toEqual({
        channel: 'email',
      });
      sim.advance();
      expect(await client.getPayout(payout!.remoteId!)).toMatchObject({ status: 'submitted', providerStatus: 'Initiated' });

      const cancelled = await client.cancelPayout(payout!.remoteId!);
      expect(cancelled).toMatchObject({ status: 'cancelled', providerStatus: 'Cancelled' });
      expect((cancelled!.raw as { cancellationReason: string }).cancellationReason).toBe('CampaignManagerRequest');

      const again = await caught(client.initiatePayout(payout!.remoteId!));
      expect(again.kind).toBe('validation');
      expect(again.details.providerMessage).toMatch(/Cancelled cannot be initiated/);
    });

    it('follows an initiated instruction to fulfilled', async () => {
      const { payout } = await client.createPayout(request(sim));
      await client.initiatePayout(payout!.remoteId!);
      sim.advance(4);
      expect(await client.getPayout(payout!.remoteId!)).toMatchObject({ status: 'paid', providerStatus: 'Fulfilled' });
    });

    it('passes on Talli validation messages (4xx)', async () => {
      const badEmail = await caught(client.createPayout(request(sim, { recipient: { name: 'X', email: 'not-an-email' } })));
      expect(badEmail.kind).toBe('validation');
      expect(badEmail.status).toBe(400);
      expect(badEmail.details.providerMessage).toBe('The Email field is not a valid e-mail address.');
      const closed = await caught(client.createPayout(request(sim, { campaignRemoteId: sim.campaignIds('Closed')[0] })));
      expect(closed.details.providerMessage).toMatch(/closed campaign/);
    });

    it('refuses what Talli cannot take before sending anything', async () => {
      const count = sim.requestLog.length;
      expect((await caught(client.createPayout(request(sim, { amount: { minor: 1250, currency: 'EUR' } })))).kind).toBe('validation');
      expect((await caught(client.createPayout(request(sim, { campaignRemoteId: undefined })))).kind).toBe('validation');
      expect((await caught(client.createPayout(request(sim, { recipient: { name: 'No Mail' } })))).kind).toBe('validation');
      expect((await caught(client.createPayout(request(sim, { amount: { minor: -5, currency: 'USD' } })))).kind).toBe('validation');
      expect(sim.requestLog.length).toBe(count);
    });

    it('reports a duplicated externalId as a conflict on look-up', async () => {
      const req = request(sim);
      await client.createPayout(req);
      await expect(client.createPayout(req)).resolves.toEqual({ payout: null });
      expect((await caught(client.findByReference(req.clientReference, req.shortReference))).kind).toBe('conflict');
    });
  });

  describe('faults', () => {
    it('honours Retry-After on a 429 for reads', async () => {
      const sleeps: number[] = [];
      const c = createClient(config(sim, { http: { ...fastHttp, sleep: async (ms) => void sleeps.push(ms) } }));
      sim.faults.add({ method: 'GET', path: `${API}/payout-instructions`, fault: { kind: 'rateLimit', retryAfterSeconds: 3 } });
      await expect(c.listPayouts({ cursor: null })).resolves.toBeTruthy();
      expect(sleeps).toEqual([3000]);
    });

    it('retries 5xx on reads', async () => {
      sim.faults.add({ method: 'GET', path: `${API}/campaigns`, fault: { kind: 'status', status: 502 }, times: 3 });
      await expect(client.listCampaigns({ cursor: null })).resolves.toBeTruthy();
    });

    it('reports 5xx on create and initiate as ambiguous, never retried', async () => {
      const req = request(sim);
      const before = sim.payoutCount();
      sim.faults.add({ method: 'POST', path: `${API}/payout-instructions`, fault: { kind: 'status', status: 500 } });
      expect((await caught(client.createPayout(req))).kind).toBe('ambiguous');
      expect(sim.payoutCount()).toBe(before);
      const { payout } = await client.createPayout(req);
      sim.faults.add({ method: 'POST', path: /:initiate$/, fault: { kind: 'commitThenStatus', status: 503 } });
      expect((await caught(client.initiatePayout(payout!.remoteId!))).kind).toBe('ambiguous');
      expect((await client.getPayout(payout!.remoteId!)).providerStatus).toBe('PushInitiated');
    });

    it('a reset before handling is ambiguous and leaves nothing behind', async () => {
      const req = request(sim);
      const before = sim.payoutCount();
      sim.faults.add({ method: 'POST', path: `${API}/payout-instructions`, fault: { kind: 'reset' } });
      expect((await caught(client.createPayout(req))).kind).toBe('ambiguous');
      expect(sim.payoutCount()).toBe(before);
      await expect(client.findByReference(req.clientReference, req.shortReference)).resolves.toBeNull();
    });

    it('commit-then-reset on create is ambiguous and the look-up finds exactly one', async () => {
      const req = request(sim);
      const before = sim.payoutCount();
      sim.faults.add({ method: 'POST', path: `${API}/payout-instructions`, fault: { kind: 'commitThenReset' } });
      expect((await caught(client.createPayout(req))).kind).toBe('ambiguous');
      expect(sim.payoutCount()).toBe(before + 1);
      await expect(client.findByReference(req.clientReference, req.shortReference)).resolves.toMatchObject({
        clientReference: req.clientReference,
        status: 'provider_draft',
      });
    });

    it('still reports a create that succeeded when the follow-up look-up fails', async () => {
      const req = request(sim);
      sim.faults.add({ method: 'GET', path: `${API}/payout-instructions`, fault: { kind: 'status', status: 503 }, times: Infinity });
      await expect(client.createPayout(req)).resolves.toEqual({ payout: null });
      sim.faults.clear();
      await expect(client.findByReference(req.clientReference, req.shortReference)).resolves.not.toBeNull();
    });

    it('reports malformed replies as protocol errors', async () => {
      sim.faults.add({ method: 'GET', path: `${API}/payout-instructions`, fault: { kind: 'malformed', body: '{"items":[]}' } });
      expect((await caught(client.listPayouts({ cursor: null }))).kind).toBe('protocol');
      sim.faults.add({ method: 'GET', path: `${API}/payout-instructions`, fault: { kind: 'malformed', body: 'not json at all' } });
      expect((await caught(client.listPayouts({ cursor: null }))).kind).toBe('protocol');
      const inexact = { payoutInstructionId: 'a', amount: 0.1 + 0.2, email: 'a@b.c', externalId: 'x', status: 'Draft' };
      sim.faults.add({ method: 'GET', path: `${API}/payout-instructions/`, fault: { kind: 'malformed', body: JSON.stringify(inexact) } });
      const error = await caught(client.getPayout('00000000-0000-4000-8000-000000000001'));
      expect(error.kind).toBe('protocol');
      expect(error.message).toMatch(/exactly/);
      const noAmount = { ...inexact, amount: null };
      sim.faults.add({ method: 'GET', path: `${API}/payout-instructions/`, fault: { kind: 'malformed', body: JSON.stringify(noAmount) } });
      expect((await caught(client.getPayout('00000000-0000-4000-8000-000000000001'))).kind).toBe('protocol');
    });

    it('never puts the client secret or access tokens into error messages', async () => {
      const c = createClient(config(sim));
      await c.testConnection();
      const token = sim.issuedTokens().at(-1)!;
      const secret = sim.credentials.secrets.clientSecret!;
      sim.faults.add({
        method: 'GET',
        path: `${API}/campaigns`,
        fault: { kind: 'status', status: 400, body: { title: 'Bad', detail: `token ${token} and ${secret} rejected` } },
      });
      const echoed = await caught(c.listCampaigns({ cursor: null }));
      expect(echoed.message).toContain('[redacted]');
      sim.faults.add({
        path: TOKEN_PATH,
        fault: { kind: 'status', status: 401, body: { error: 'access_denied', error_description: `bad secret ${secret}` } },
      });
      const tokenError = await caught(createClient(config(sim)).testConnection());
      sim.faults.add({ method: 'POST', path: `${API}/payout-instructions`, fault: { kind: 'reset' } });
      const reset = await caught(c.createPayout(request(sim)));
      for (const error of [echoed, tokenError, reset]) expectNoSecrets(error, sim);
    });
  });

  describe('simulator', () => {
    it('requires pageNumber and pageSize and answers with problem details', async () => {
      const c = createClient(config(sim));
      await c.testConnection();
      const token = sim.issuedTokens().at(-1)!;
      const response = await fetch(`${sim.baseUrl}/v2/campaign-manager/payout-instructions?pageNumber=1`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ status: 400, errors: { pageSize: ['The pageSize field is required.'] } });
      const unauthenticated = await fetch(`${sim.baseUrl}/v2/campaign-manager/campaigns?pageNumber=1&pageSize=1`);
      expect(unauthenticated.status).toBe(401);
    });

    it('seeds 100,000 instructions, and the same seed gives the same data', async () => {
      const big = await startSimulator({ seed: 3, payouts: 100_000, logLimit: 0 });
      const now = new Date('2026-01-01T00:00:00Z');
      const sims = (await Promise.all([3, 3, 4].map((seed) => startSimulator({ seed, payouts: 300, now })))) as TalliSimulator[];
      try {
        expect(big.payoutCount()).toBe(100_000);
        const pages = await Promise.all(sims.map((s) => createClient(config(s)).listPayouts({ cursor: null })));
        const strip = (i: number) => pages[i]!.items.map((p) => [p.remoteId, p.amount, p.providerStatus]);
        expect(strip(0)).toEqual(strip(1));
        expect(strip(0)).not.toEqual(strip(2));
      } finally {
        await Promise.all([big, ...sims].map((s) => s.close()));
      }
    });

    it('moves instructions on its own with autoAdvanceMs', async () => {
      const auto = await startTalliSimulator({ seed: 5, payouts: 0, autoAdvanceMs: 20 });
      try {
        const c = createClient(config(auto));
        const { payout } = await c.createPayout(request(auto));
        await c.initiatePayout(payout!.remoteId!);
        await new Promise((r) => setTimeout(r, 150));
        expect((await c.getPayout(payout!.remoteId!)).status).toBe('paid');
      } finally {
        await auto.close();
      }
    });
  });
});
