import { generateKeyPairSync } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../../../src-main/providers/http';
import type { ClientConfig, PayoutRequest, ProviderClient } from '../../../src-main/providers/provider';
import { tokenio } from '../../../src-main/providers/tokenio/index';
import { STATUS_MAP } from '../../../src-main/providers/tokenio/assumptions';
import { startTokenioSimulator, type TokenioSimulator } from '../../../src-main/providers/tokenio/simulator';

const capabilities = tokenio.info.capabilities;
const createClient = tokenio.createClient;
const startSimulator = tokenio.startSimulator;

const fastHttp = { sleep: async () => {}, random: () => 0, timeoutMs: 1500 };

function jwtConfig(sim: TokenioSimulator, overrides: Partial<ClientConfig> = {}): ClientConfig {
  return {
    baseUrl: sim.baseUrl,
    environment: 'simulator',
    authMode: 'jwt',
    publicFields: { memberId: sim.credentials.publicFields.memberId!, keyId: sim.credentials.publicFields.keyId! },
    secrets: { privateKey: sim.credentials.secrets.privateKey! },
    http: fastHttp,
    ...overrides,
  };
}

function basicConfig(sim: TokenioSimulator, apiKey = sim.credentials.secrets.apiKey!): ClientConfig {
  return { baseUrl: sim.baseUrl, environment: 'sandbox', authMode: 'basic', publicFields: {}, secrets: { apiKey }, http: fastHttp };
}

let refCounter = 0;
function request(overrides: Partial<PayoutRequest> = {}): PayoutRequest {
  refCounter += 1;
  return {
    clientReference: `00000000-0000-4000-8000-${String(refCounter).padStart(12, '0')}`,
    shortReference: `pdtest-${Date.now().toString(36)}-${refCounter}`.slice(0, 18),
    amount: { minor: 1234, currency: 'GBP' },
    description: 'Paydesk PO 0421',
    recipient: { name: 'Jane Creator', bank: { accountHolderName: 'Jane Creator', sortCode: '12-34-56', accountNumber: '12345678' } },
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

/** Every Authorization value the simulator saw, i.e. every JWT and Basic key that went over the wire. */
function sentCredentials(sim: TokenioSimulator): string[] {
  return sim.requestLog.map((r) => String(r.headers.authorization ?? '').replace(/^(Bearer|Basic) /, '')).filter(Boolean);
}

function expectNoSecrets(error: ProviderError, secrets: string[]) {
  const text = `${error.message} ${JSON.stringify(error.details)}`;
  for (const secret of secrets) {
    expect(text.includes(secret)).toBe(false);
    // The signature alone is the unforgeable part of a JWT.
    const signature = secret.split('..')[1];
    if (signature) expect(text.includes(signature)).toBe(false);
  }
  const pemBody = secrets.find((s) => s.includes('PRIVATE KEY'));
  if (pemBody) for (const line of pemBody.split('\n').filter((l) => l.length > 20)) expect(text.includes(line)).toBe(false);
}

describe('Token.io client against the simulator', () => {
  let sim: TokenioSimulator;
  let client: ProviderClient;

  beforeAll(async () => {
    sim = await startTokenioSimulator({ seed: 42, payouts: 1234, now: new Date('2026-01-15T12:00:00Z') });
    client = createClient(jwtConfig(sim));
  });
  afterAll(() => sim.close());
  afterEach(() => sim.faults.clear());

  describe('auth', () => {
    it('signs each request with a detached EdDSA JWT bound to host, method and path', async () => {
      await expect(client.testConnection()).resolves.toContain(sim.credentials.publicFields.memberId);
      const last = sim.requestLog.at(-1)!;
      const authorization = String(last.headers.authorization);
      expect(authorization).toMatch(/^Bearer [A-Za-z0-9_-]+\.\.[A-Za-z0-9_-]+$/);
      const header = JSON.parse(Buffer.from(authorization.slice(7).split('.')[0]!, 'base64url').toString()) as Record<string, unknown>;
      expect(header).toMatchObject({
        alg: 'EdDSA',
        kid: sim.credentials.publicFields.keyId,
        mid: sim.credentials.publicFields.memberId,
        host: new URL(sim.baseUrl).host,
        method: 'GET',
        path: '/payouts',
      });
      expect(header.exp as number).toBeGreaterThan(Date.now());
      expect(header.exp as number).toBeLessThanOrEqual(Date.now() + 10 * 60_000);
    });

    it('rejects a JWT replayed on another path (the signature binds the request)', async () => {
      await client.listPayouts({ cursor: null });
      const jwt = String(sim.requestLog.at(-1)!.headers.authorization);
      const replay = await fetch(`${sim.baseUrl}/payouts/po:x:y`, { headers: { authorization: jwt } });
      expect(replay.status).toBe(401);
    });

    it('accepts the sandbox Basic key', async () => {
      const basic = createClient(basicConfig(sim));
      await expect(basic.testConnection()).resolves.toMatch(/sandbox/);
      expect(String(sim.requestLog.at(-1)!.headers.authorization)).toBe(`Basic ${sim.credentials.secrets.apiKey}`);
      // A pasted decoded key ("member:uuid") is encoded for the header.
      const decoded = Buffer.from(sim.credentials.secrets.apiKey!, 'base64').toString();
      await expect(createClient(basicConfig(sim, decoded)).listPayouts({ cursor: null })).resolves.toBeTruthy();
    });

    it('reports a wrong private key as an authentication error without any secret in it', async () => {
      const otherKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const wrong = createClient(jwtConfig(sim, { secrets: { privateKey: otherKey } }));
      const error = await caught(wrong.listPayouts({ cursor: null }));
      expect(error.kind).toBe('authentication');
      expect(error.status).toBe(401);
      expect(error.details.providerMessage).toMatch(/signature/i);
      expectNoSecrets(error, [otherKey, sim.credentials.secrets.privateKey!, ...sentCredentials(sim)]);
    });

    it('reports a wrong key id, an unreadable key and a wrong Basic key as authentication errors', async () => {
      const badKid = await caught(
        createClient(jwtConfig(sim, { publicFields: { memberId: sim.credentials.publicFields.memberId!, keyId: 'nope' } })).listPayouts({
          cursor: null,
        }),
      );
      expect(badKid.kind).toBe('authentication');
      const garbage = '-----BEGIN PRIVATE KEY-----\nnot-a-key-at-all-but-long-enough\n-----END PRIVATE KEY-----';
      const unreadable = await caught(createClient(jwtConfig(sim, { secrets: { privateKey: garbage } })).listPayouts({ cursor: null }));
      expect(unreadable.kind).toBe('authentication');
      expect(unreadable.message).not.toContain('not-a-key-at-all');
      const wrongBasic = 'bS1ub3Qtc28tc2VjcmV0OmU1MWZjZDQ0LWZha2U=';
      const basicError = await caught(createClient(basicConfig(sim, wrongBasic)).listPayouts({ cursor: null }));
      expect(basicError.kind).toBe('authentication');
      expectNoSecrets(basicError, [wrongBasic, sim.credentials.secrets.apiKey!]);
    });
  });

  describe('listing', () => {
    it('pages through 1,234 payouts with limit + opaque offset, each exactly once', async () => {
      const seen = new Map<string, number>();
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await client.listPayouts({ cursor });
        for (const item of page.items) seen.set(item.remoteId!, (seen.get(item.remoteId!) ?? 0) + 1);
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor !== null && pages < 100);
      expect(pages).toBe(7);
      expect(seen.size).toBe(sim.payoutCount());
      expect([...seen.values()].every((n) => n === 1)).toBe(true);
      const listQueries = sim.requestLog.filter((r) => r.path === '/payouts' && r.method === 'GET').slice(-7);
      expect(listQueries.every((r) => new URLSearchParams(r.query).get('limit') === '200')).toBe(true);
    });

    it('stops on an empty page when the total is an exact multiple of the limit', async () => {
      const small = await startSimulator({ seed: 7, payouts: 400 });
      try {
        const c = createClient({ ...jwtConfig(small as TokenioSimulator) });
        const first = await c.listPayouts({ cursor: null });
        const second = await c.listPayouts({ cursor: first.nextCursor });
        expect(second.nextCursor).not.toBeNull();
        const third = await c.listPayouts({ cursor: second.nextCursor });
        expect([first.items.length, second.items.length, third.items.length]).toEqual([200, 200, 0]);
        expect(third.nextCursor).toBeNull();
      } finally {
        await small.close();
      }
    });

    it('maps every Token.io status and keeps the raw one', async () => {
      const byStatus = new Map<string, string>();
      let cursor: string | null = null;
      do {
        const page = await client.listPayouts({ cursor });
        for (const p of page.items) byStatus.set(p.providerStatus, p.status);
        cursor = page.nextCursor;
      } while (cursor);
      expect(Object.fromEntries(byStatus)).toEqual({
        INITIATION_PENDING: 'submitted',
        INITIATION_PROCESSING: 'processing',
        INITIATION_COMPLETED: 'paid',
        INITIATION_REJECTED: 'failed',
        INITIATION_FAILED: 'failed',
      });
      expect(STATUS_MAP.UNHEARD_OF).toBeUndefined();
    });

    it('reads 4-decimal amounts exactly and derives creators from creditor bank accounts', async () => {
      const page = await client.listPayouts({ cursor: null });
      const fourDp = page.items.find((p) =>
        /\.\d{4}$/.test((p.raw as { initiation: { amount: { value: string } } }).initiation.amount.value),
      )!;
      const value = (fourDp.raw as { initiation: { amount: { value: string } } }).initiation.amount.value;
      expect(fourDp.amount.minor).toBe(Number(value.replace('.', '')) / 100);
      expect(page.items.every((p) => /^(iban|scan):/.test(p.creatorRemoteId ?? ''))).toBe(true);
      expect(new Set(page.items.map((p) => p.creatorRemoteId)).size).toBeLessThan(page.items.length);
    });

    it('gets one payout by id and reports an unknown id as not_found', async () => {
      const [first] = (await client.listPayouts({ cursor: null })).items;
      const one = await client.getPayout(first!.remoteId!);
      expect(one).toMatchObject({ remoteId: first!.remoteId, amount: first!.amount, clientReference: first!.clientReference });
      expect(sim.requestLog.at(-1)!.path).toBe(`/payouts/${first!.remoteId}`);
      const missing = await caught(client.getPayout('po:doesNotExist:x'));
      expect(missing.kind).toBe('not_found');
    });

    it('has no creators or campaigns and explains why', async () => {
      await expect(client.listCreators({ cursor: null })).resolves.toEqual({ items: [], nextCursor: null });
      await expect(client.listCampaigns({ cursor: null })).resolves.toEqual({ items: [], nextCursor: null });
      expect(capabilities.listCreators).toMatch(/creditors/);
      expect(capabilities.cancelPayout).not.toBe(true);
      expect((await caught(client.cancelPayout('po:a:b'))).kind).toBe('validation');
    });
  });

  describe('create and look up', () => {
    it('creates with refId = short reference, finds it by refIds, and follows its lifecycle', async () => {
      const req = request();
      const before = sim.payoutCount();
      const { payout } = await client.createPayout(req);
      expect(payout).toMatchObject({
        clientReference: req.shortReference,
        status: 'submitted',
        providerStatus: 'INITIATION_PENDING',
        amount: { minor: 1234, currency: 'GBP' },
      });
      expect(sim.payoutCount()).toBe(before + 1);
      const post = sim.requestLog.find(
        (r) => r.method === 'POST' && r.path === '/payouts' && JSON.stringify(r.body).includes(req.shortReference),
      )!;
      expect(post.body).toEqual({
        initiation: {
          refId: req.shortReference,
          description: req.description,
          amount: { value: '12.34', currency: 'GBP' },
          debtor: { accountId: sim.settlementAccounts.GBP },
          creditor: { name: 'Jane Creator', sortCode: '123456', accountNumber: '12345678' },
        },
      });

      const found = await client.findByReference(req.clientReference, req.shortReference);
      expect(found?.remoteId).toBe(payout!.remoteId);
      expect(new URLSearchParams(sim.requestLog.at(-1)!.query).getAll('refIds')).toEqual([req.shortReference]);
      await expect(client.findByReference('x', 'pd-never-sent')).resolves.toBeNull();

      sim.advance();
      expect(await client.getPayout(payout!.remoteId!)).toMatchObject({ status: 'processing', providerStatus: 'INITIATION_PROCESSING' });
      sim.advance();
      expect(await client.getPayout(payout!.remoteId!)).toMatchObject({ status: 'paid', providerStatus: 'INITIATION_COMPLETED' });
      expect(await client.initiatePayout(payout!.remoteId!)).toMatchObject({ status: 'paid' });
    });

    it('maps a bank rejection to failed', async () => {
      const { payout } = await client.createPayout(
        request({ recipient: { bank: { accountHolderName: 'Rejected Person', sortCode: '123456', accountNumber: '87654321' } } }),
      );
      sim.advance(2);
      expect(await client.getPayout(payout!.remoteId!)).toMatchObject({ status: 'failed', providerStatus: 'INITIATION_REJECTED' });
    });

    it('uses a configured settlement account instead of discovering one', async () => {
      const c = createClient(jwtConfig(sim, { publicFields: { ...jwtConfig(sim).publicFields, settlementAccountId: 'pa:unknown:acct' } }));
      const error = await caught(c.createPayout(request()));
      expect(error.kind).toBe('validation');
      expect(error.details.providerMessage).toMatch(/settlement account does not exist/);
    });

    it('passes on Token.io validation messages (4xx)', async () => {
      const shortDescription = await caught(client.createPayout(request({ description: 'abc' })));
      expect(shortDescription.kind).toBe('validation');
      expect(shortDescription.status).toBe(400);
      expect(shortDescription.details.providerMessage).toMatch(/description/);
      const euro = {
        amount: { minor: 5000, currency: 'EUR' },
        recipient: { bank: { accountHolderName: 'Eva', iban: 'NL91 ABNA 0417 1643 00' } },
      };
      // Without a payee check the client refuses before anything leaves; with an id Token.io never issued, Token.io does.
      const asked = sim.requestLog.filter((r) => r.method === 'POST').length;
      const unchecked = await caught(client.createPayout(request(euro)));
      expect(unchecked).toMatchObject({ kind: 'validation', message: expect.stringMatching(/only to a checked payee/) });
      expect(sim.requestLog.filter((r) => r.method === 'POST').length).toBe(asked);
      const forged = await caught(client.createPayout(request({ ...euro, payeeCheckId: 'avr-01NOTAREALCHECK0000000000' })));
      expect(forged.kind).toBe('validation');
      expect(forged.details.providerMessage).toMatch(/accountVerificationId/);
    });

    it('refuses what Token.io cannot take before sending anything', async () => {
      const count = sim.requestLog.length;
      expect((await caught(client.createPayout(request({ shortReference: 'x'.repeat(19) })))).kind).toBe('validation');
      expect((await caught(client.createPayout(request({ shortReference: 'has space' })))).kind).toBe('validation');
      expect((await caught(client.createPayout(request({ recipient: { email: 'a@b.c' } })))).kind).toBe('validation');
      expect((await caught(client.createPayout(request({ amount: { minor: 0, currency: 'GBP' } })))).kind).toBe('validation');
      expect((await caught(client.findByReference('x', 'y'.repeat(19)))).kind).toBe('validation');
      expect(sim.requestLog.length).toBe(count);
    });

    it('reports two payouts with the same refId as a conflict', async () => {
      const req = request();
      await client.createPayout(req);
      await client.createPayout(req);
      const error = await caught(client.findByReference(req.clientReference, req.shortReference));
      expect(error.kind).toBe('conflict');
    });
  });

  describe('faults', () => {
    it('honours Retry-After on a 429 for reads', async () => {
      const sleeps: number[] = [];
      const c = createClient(jwtConfig(sim, { http: { ...fastHttp, sleep: async (ms) => void sleeps.push(ms) } }));
      sim.faults.add({ method: 'GET', path: /^\/payouts$/, fault: { kind: 'rateLimit', retryAfterSeconds: 2 } });
      await expect(c.listPayouts({ cursor: null })).resolves.toMatchObject({ nextCursor: expect.any(String) });
      expect(sleeps).toEqual([2000]);
    });

    it('does not retry a create on 429 (nothing was done) and reports rate_limited', async () => {
      sim.faults.add({ method: 'POST', path: '/payouts', fault: { kind: 'rateLimit', retryAfterSeconds: 1 } });
      const before = sim.payoutCount();
      const error = await caught(client.createPayout(request()));
      expect(error.kind).toBe('rate_limited');
      expect(sim.payoutCount()).toBe(before);
    });

    it('retries 5xx on reads', async () => {
      sim.faults.add({ method: 'GET', path: /^\/payouts$/, fault: { kind: 'status', status: 503 }, times: 2 });
      await expect(client.listPayouts({ cursor: null })).resolves.toBeTruthy();
      sim.faults.add({ method: 'GET', path: /^\/payouts$/, fault: { kind: 'status', status: 503 }, times: Infinity });
      expect((await caught(client.listPayouts({ cursor: null }))).kind).toBe('unavailable');
    });

    it('never retries a create: 5xx is ambiguous, and the payout is found by reference when it was committed', async () => {
      const plain = request();
      sim.faults.add({ method: 'POST', path: '/payouts', fault: { kind: 'status', status: 500 } });
      expect((await caught(client.createPayout(plain))).kind).toBe('ambiguous');
      await expect(client.findByReference(plain.clientReference, plain.shortReference)).resolves.toBeNull();

      const committed = request();
      const before = sim.payoutCount();
      sim.faults.add({ method: 'POST', path: '/payouts', fault: { kind: 'commitThenStatus', status: 502 } });
      expect((await caught(client.createPayout(committed))).kind).toBe('ambiguous');
      expect(sim.payoutCount()).toBe(before + 1);
      expect((await client.findByReference(committed.clientReference, committed.shortReference))?.clientReference).toBe(
        committed.shortReference,
      );
    });

    it('a reset before handling is ambiguous and leaves nothing; the same reference can then be sent once', async () => {
      const req = request();
      const before = sim.payoutCount();
      sim.faults.add({ method: 'POST', path: '/payouts', fault: { kind: 'reset' } });
      expect((await caught(client.createPayout(req))).kind).toBe('ambiguous');
      expect(await client.findByReference(req.clientReference, req.shortReference)).toBeNull();
      await client.createPayout(req);
      expect(await client.findByReference(req.clientReference, req.shortReference)).not.toBeNull();
      expect(sim.payoutCount()).toBe(before + 1);
    });

    it('commit-then-reset on create is ambiguous and the look-up finds exactly one', async () => {
      const req = request();
      const before = sim.payoutCount();
      sim.faults.add({ method: 'POST', path: '/payouts', fault: { kind: 'commitThenReset' } });
      const error = await caught(client.createPayout(req));
      expect(error.kind).toBe('ambiguous');
      expect(sim.payoutCount()).toBe(before + 1);
      const found = await client.findByReference(req.clientReference, req.shortReference);
      expect(found).toMatchObject({ clientReference: req.shortReference, amount: { minor: 1234, currency: 'GBP' } });
    });

    it('reports malformed replies as protocol errors', async () => {
      const unreadable = { kind: 'malformed' as const, body: '{"payouts":[{"id":"po:1","status":"INITIATION_PENDING"}]}' };
      // Listed: set aside with the reason. Looked up by reference: an error, never "not found".
      sim.faults.add({ method: 'GET', path: /^\/payouts$/, fault: unreadable });
      expect(await client.listPayouts({ cursor: null })).toEqual({
        items: [],
        nextCursor: null,
        setAside: [{ remoteId: 'po:1', reason: expect.stringMatching(/unexpected shape/) }],
      });
      sim.faults.add({ method: 'GET', path: /^\/payouts$/, fault: unreadable });
      expect((await caught(client.findByReference('ref', 'pd-abc'))).kind).toBe('protocol');
      sim.faults.add({ method: 'GET', path: /^\/payouts$/, fault: { kind: 'malformed', body: '<html>gateway</html>' } });
      expect((await caught(client.listPayouts({ cursor: null }))).kind).toBe('protocol');
      const bad = {
        payout: {
          id: 'po:1',
          status: 'INITIATION_PENDING',
          createdDateTime: '2026-01-01T00:00:00+00:00',
          updatedDateTime: '2026-01-01T00:00:00+00:00',
          initiation: { refId: 'a', amount: { value: '1.23456', currency: 'GBP' } },
        },
      };
      sim.faults.add({ method: 'GET', path: '/payouts/', fault: { kind: 'malformed', body: JSON.stringify(bad) } });
      const error = await caught(client.getPayout('po:1'));
      expect(error.kind).toBe('protocol');
      expect(error.message).toMatch(/amount/);
      const valid = { ...bad.payout, initiation: { refId: 'a', amount: { value: '1.2300', currency: 'GBP' } } };
      const fullPageNoOffset = { payouts: [valid], paging: { limit: 1 } };
      sim.faults.add({ method: 'GET', path: /^\/payouts$/, fault: { kind: 'malformed', body: JSON.stringify(fullPageNoOffset) } });
      expect((await caught(client.listPayouts({ cursor: null }))).kind).toBe('protocol');
    });

    it('never puts keys or JWTs into error messages', async () => {
      const errors: ProviderError[] = [];
      // A server that echoes the Authorization header back in its error message.
      const echoed: string[] = [];
      const echoFetch: typeof fetch = async (_input, init) => {
        const authorization = new Headers(init?.headers).get('authorization') ?? '';
        echoed.push(authorization.replace(/^Bearer /, ''));
        return new Response(JSON.stringify({ error: { message: `invalid token ${authorization}` } }), { status: 401 });
      };
      errors.push(await caught(createClient(jwtConfig(sim, { http: { ...fastHttp, fetch: echoFetch } })).listPayouts({ cursor: null })));
      expect(errors[0]!.message).toContain('[redacted]');
      sim.faults.add({
        method: 'GET',
        path: /^\/payouts$/,
        fault: { kind: 'status', status: 400, body: { error: { message: `echo ${sim.credentials.secrets.apiKey}` } } },
      });
      errors.push(await caught(createClient(basicConfig(sim)).listPayouts({ cursor: null })));
      expect(errors[1]!.message).toContain('[redacted]');
      sim.faults.add({ method: 'POST', path: '/payouts', fault: { kind: 'reset' } });
      errors.push(await caught(client.createPayout(request())));
      errors.push(await caught(createClient(jwtConfig(sim, { secrets: { privateKey: 'short' } })).listPayouts({ cursor: null })));
      const secrets = [sim.credentials.secrets.privateKey!, sim.credentials.secrets.apiKey!, ...echoed, ...sentCredentials(sim)];
      expect(echoed.length).toBe(1);
      for (const error of errors) expectNoSecrets(error, secrets);
    });
  });

  describe('simulator', () => {
    it('seeds 100,000 payouts, and the same seed gives the same data', async () => {
      const big = await startSimulator({ seed: 3, payouts: 100_000, logLimit: 0 });
      const now = new Date('2026-01-01T00:00:00Z');
      const [a, b, c] = await Promise.all(
        [3, 3, 4].map((seed) => startSimulator({ seed, payouts: 300, now }) as Promise<TokenioSimulator>),
      );
      try {
        expect(big.payoutCount()).toBe(100_000);
        const strip = (items: Array<{ remoteId: string | null; amount: unknown; createdAt: string }>) =>
          items.map((p) => [p.remoteId, p.amount, p.createdAt]);
        const [pa, pb, pc] = await Promise.all([a!, b!, c!].map((sim) => createClient(jwtConfig(sim)).listPayouts({ cursor: null })));
        expect(strip(pa!.items)).toEqual(strip(pb!.items));
        expect(strip(pa!.items)).not.toEqual(strip(pc!.items));
      } finally {
        await Promise.all([big, a!, b!, c!].map((sim) => sim.close()));
      }
    });

    it('answers POST /account-verifications exactly as the spec defines it, and refuses what it does not allow', async () => {
      const iban = 'NL91ABNA0417164300';
      sim.registerAccount(iban, 'Hans Christian Andersen');
      const authorization = `Basic ${sim.credentials.secrets.apiKey}`;
      const verify = async (body: unknown) => {
        const response = await fetch(`${sim.baseUrl}/account-verifications`, {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      };
      const account = (name: string, extra: Record<string, unknown> = {}) => ({ account: { name, currency: 'EUR', iban, ...extra } });
      expect(await verify({ ...account('Hans Christian Andersen'), virtualAccountId: sim.settlementAccounts.EUR })).toEqual({
        status: 200,
        body: {
          id: expect.stringMatching(/^avr-[0-9A-HJKMNP-TV-Z]{26}$/),
          result: { status: 'MATCH', reasons: ['EXACT_MATCH'], details: expect.any(String), matched: { name: 'Hans Christian Andersen' } },
        },
      });
      expect((await verify(account('H. C. Andersen'))).body.result).toMatchObject({
        status: 'CLOSE_MATCH',
        reasons: ['NAME_MISMATCH'],
        matched: { name: 'Hans Christian Andersen' },
      });
      expect((await verify(account('Karen Blixen'))).body.result).toMatchObject({ status: 'NO_MATCH', reasons: ['NAME_MISMATCH'] });
      expect(
        (await verify({ account: { name: 'Karen Blixen', currency: 'EUR', iban: 'FR7630006000011234567890189' } })).body.result,
      ).toMatchObject({
        status: 'VERIFICATION_NOT_POSSIBLE',
        reasons: ['UNKNOWN'],
      });
      // 400 { error: { message, tokenTraceId } } for what the schema does not allow.
      for (const bad of [
        { account: { currency: 'EUR', iban } },
        { account: { name: 'X', currency: 'GBP', iban } },
        { account: { name: 'X', currency: 'EUR' } },
        { ...account('X'), virtualAccountId: 'pa:nope:nope' },
        { ...account('X'), extra: true },
      ]) {
        const refused = await verify(bad);
        expect(refused.status).toBe(400);
        expect(refused.body).toEqual({ error: { message: expect.any(String), tokenTraceId: expect.any(String) } });
      }
      // The client reads the reply into Paydesk's words.
      const checked = await client.checkPayee!({ name: 'H. C. Andersen', currency: 'EUR', iban: 'NL91 ABNA 0417 1643 00' });
      expect(checked).toEqual({
        checkId: expect.stringMatching(/^avr-/),
        outcome: 'close_match',
        providerStatus: 'CLOSE_MATCH',
        matchedName: 'Hans Christian Andersen',
        details: 'The name provided is a close match.',
        reasons: ['NAME_MISMATCH'],
      });
      await expect(client.checkPayee!({ name: 'X', currency: 'GBP', iban })).rejects.toThrow(/verifies payees for EUR payouts only/);
    });

    it('moves payouts on its own with autoAdvanceMs', async () => {
      const auto = (await startSimulator({ seed: 5, payouts: 0, autoAdvanceMs: 20 })) as TokenioSimulator;
      try {
        const c = createClient(jwtConfig(auto));
        const { payout } = await c.createPayout(request());
        await new Promise((r) => setTimeout(r, 120));
        expect((await c.getPayout(payout!.remoteId!)).status).toBe('paid');
      } finally {
        await auto.close();
      }
    });
  });
});
