import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Dispatch } from '../../src-main/api/dispatcher';
import { createServiceDispatcher } from '../../src-main/api/service-dispatcher';
import { type Connection, type Envelope, type ProviderId } from '@shared/contract/model';
import { providerIds } from '../../src-main/providers/registry';
import { KeytarCredentialStore } from '../../src-main/credentials/keytar-store';
import { providerModule } from '../../src-main/providers/registry';
import type { ProviderSimulator } from '../../src-main/providers/simulator/types';
import { createServices, type Services } from '../../src-main/services';
import { tempDataDir } from '../helpers/temp-dir';
import { seedTeam } from '../helpers/team';
import { simulatorConnection } from '../support/simulator-connection';

const haveKeychain = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);
const ok = <T>(e: Envelope<unknown>) => {
  if (!e.ok) throw new Error(`expected ok, got ${e.error.code}: ${e.error.message}`);
  return e.value as T;
};
const fastHttp = { sleep: async () => undefined, random: () => 0, timeoutMs: 3000, maxRetries: 1 };
/** The same for the sync reader's thread, in numbers only (functions cannot cross to it): retries at once. */
const threadHttp = { timeoutMs: 3000, maxRetries: 1, baseDelayMs: 0, maxDelayMs: 0 };
/** Where this suite's runs read their pages (each case runs both ways). */
let reads: 'worker' | 'inline' = 'worker';

let services: Services;
let dispatch: Dispatch;
let sims: ProviderSimulator[] = [];
let cleanup: () => void;

async function setup() {
  const t = tempDataDir();
  cleanup = t.cleanup;
  services = await createServices({
    dataDir: t.dir,
    host: 'browser',
    version: 'test',
    credentials: new KeytarCredentialStore('Paydesk-test'),
    http: reads === 'worker' ? threadHttp : fastHttp,
    syncReads: reads,
  });
  await seedTeam(services);
  dispatch = createServiceDispatcher(services, { error: () => undefined });
}
afterEach(async () => {
  for (const id of services?.connectionRepo.list().map((c) => c.id) ?? []) await services.credentials.remove(id).catch(() => false);
  await services?.close();
  await Promise.all(sims.map((s) => s.close()));
  sims = [];
  cleanup?.();
  services = undefined as unknown as Services;
});

async function connect(
  provider: ProviderId,
  payouts: number,
  label = `Sim ${provider}`,
): Promise<{ sim: ProviderSimulator; connection: Connection }> {
  const sim = await providerModule(provider).startSimulator({ seed: 42, payouts, creators: 30, campaigns: 4 });
  sims.push(sim);
  const envelope = (await dispatch('connections.add', simulatorConnection(provider, sim, label))) as Envelope<Connection>;
  if (!envelope.ok) throw new Error(envelope.error.message);
  return { sim, connection: envelope.value };
}

/** A payout made at the provider itself (its dashboard, another tool), with the agency's own reference in its reference field. */
async function madeAtProvider(provider: ProviderId, sim: ProviderSimulator, reference: string): Promise<void> {
  const client = providerModule(provider).createClient({
    baseUrl: sim.baseUrl,
    environment: 'custom',
    authMode: sim.credentials.authMode,
    publicFields: sim.credentials.publicFields,
    secrets: sim.credentials.secrets,
    http: fastHttp,
  });
  const campaigns = client.capabilities.listCampaigns === true ? (await client.listCampaigns({ cursor: null })).items : [];
  await client.createPayout({
    clientReference: reference,
    shortReference: reference.slice(0, 18),
    amount: { minor: 12_500, currency: provider === 'talentir' ? 'EUR' : 'USD' },
    description: 'Invoice INV-2025-001',
    recipient: { name: 'Jane Creator', email: 'jane.creator@example.com' },
    ...(campaigns.length ? { campaignRemoteId: campaigns.find((c) => c.status === 'Active')?.remoteId ?? campaigns[0]!.remoteId } : {}),
  });
}

const cachedPayouts = (connectionId: string) =>
  services.db.prepare('SELECT remote_id FROM payouts WHERE connection_id = ?').all(connectionId) as Array<{ remote_id: string }>;

describe.runIf(haveKeychain).each(['worker', 'inline'] as const)('sync engine, pages read %s', (where) => {
  beforeAll(() => {
    reads = where;
  });

  it.each(providerIds)('%s: 1,000+ payouts land in the cache exactly once, with freshness and one audit event', async (provider) => {
    await setup();
    const { sim, connection } = await connect(provider, 1050);
    const progress: number[] = [];
    services.events.on('syncProgress', (p) => {
      if (p.resource === 'payouts') progress.push(p.fetched);
    });
    const result = await services.sync.syncConnection(connection.id);
    expect(result.resources.payouts).toMatchObject({ error: null, complete: true, fetched: 1050 });
    const rows = cachedPayouts(connection.id);
    expect(rows).toHaveLength(sim.payoutCount());
    expect(new Set(rows.map((r) => r.remote_id)).size).toBe(rows.length);
    // Each payout's provider object as it arrived (held as JSON text on the way to the writer's thread, never twice).
    const raws = services.db.prepare('SELECT raw_json FROM payouts WHERE connection_id = ?').pluck().all(connection.id) as string[];
    expect(raws.every((raw) => typeof raw === 'string' && typeof JSON.parse(raw) === 'object' && JSON.parse(raw) !== null)).toBe(true);
    // Creator Pay has no pagination (bare arrays): one page. Every other provider pages.
    expect(progress.length).toBeGreaterThan(provider === 'creatorpay' ? 0 : 1);
    expect(progress[progress.length - 1]).toBe(1050);
    const state = services.connectionRepo.syncStates(connection.id).find((s) => s.resource === 'payouts')!;
    expect(state).toMatchObject({ lastError: null, itemCount: 1050 });
    expect(state.lastSyncedAt).not.toBeNull();
    expect(services.audit.list({ action: 'sync.' })).toHaveLength(1);

    // A second run changes nothing in counts: upserts, not inserts.
    await services.sync.syncConnection(connection.id);
    expect(cachedPayouts(connection.id)).toHaveLength(1050);
  });

  it('the same provider reference in two connections (two Talentir accounts, and a Talli one) syncs all three completely', async () => {
    await setup();
    // Same seed: the two Talentir accounts also share every seeded customId ("seed-42-…").
    const first = await connect('talentir', 300, 'Talentir A');
    const second = await connect('talentir', 300, 'Talentir B');
    const talli = await connect('talli', 300, 'Talli');
    for (const [provider, { sim }] of [
      ['talentir', first],
      ['talentir', second],
      ['talli', talli],
    ] as const)
      await madeAtProvider(provider, sim, 'INV-2025-001');

    const results = await services.sync.syncAll();
    for (const { sim, connection } of [first, second, talli]) {
      const result = results.find((r) => r.connectionId === connection.id)!;
      expect(result.resources.payouts, connection.label).toMatchObject({ error: null, complete: true, setAside: 0 });
      expect(cachedPayouts(connection.id)).toHaveLength(sim.payoutCount());
    }
    // Each keeps the agency's reference as the provider's; our own references stay unique.
    const page = ok<{ rows: Array<{ connectionId: string; clientReference: string; providerReference: string | null }> }>(
      await dispatch('payouts.list', { filters: { search: 'INV-2025-001' } }),
    );
    expect(page.rows.map((r) => r.connectionId).sort()).toEqual([first, second, talli].map((c) => c.connection.id).sort());
    expect(page.rows.every((r) => r.providerReference === 'INV-2025-001')).toBe(true);
    expect(new Set(page.rows.map((r) => r.clientReference)).size).toBe(3);
    expect(page.rows.every((r) => r.clientReference.startsWith('remote:'))).toBe(true);
  });

  it('one unreadable payout in a page is set aside with its reason; the rest of the page and the run are stored', async () => {
    await setup();
    const { sim, connection } = await connect('dots', 250);
    const authorization = `Basic ${Buffer.from(`${sim.credentials.publicFields.clientId}:${sim.credentials.secrets.apiKey}`).toString('base64')}`;
    const firstPage = (await (await fetch(`${sim.baseUrl}/v2/payout-links?limit=100`, { headers: { authorization } })).json()) as {
      data: Array<Record<string, unknown>>;
      has_more: boolean;
    };
    const broken = firstPage.data[3]!;
    broken.amount = 12.5; // not a whole number of cents
    sim.faults.add({ method: 'GET', path: /\/v2\/payout-links$/, fault: { kind: 'malformed', body: JSON.stringify(firstPage) } });

    const result = await services.sync.syncConnection(connection.id);
    expect(result.cancelled).toBe(false);
    expect(result.resources.payouts).toMatchObject({ error: null, complete: true, setAside: 1, fetched: 250 });
    expect(cachedPayouts(connection.id)).toHaveLength(249);
    expect(cachedPayouts(connection.id).map((r) => r.remote_id)).not.toContain(broken.id);
    const setAside = ok<Array<{ resource: string; remoteId: string; reason: string; runId: string }>>(
      await dispatch('sync.setAside', { connectionId: connection.id }),
    );
    expect(setAside).toEqual([
      {
        connectionId: connection.id,
        resource: 'payouts',
        remoteId: broken.id,
        reason: expect.stringMatching(/amount 12\.5 is not a whole, non-negative number of cents/),
        at: expect.any(String),
        runId: result.runId,
      },
    ]);
    const [listed] = ok<Connection[]>(await dispatch('connections.list', undefined));
    expect(listed!.sync.find((s) => s.resource === 'payouts')).toMatchObject({ setAside: 1, lastError: null, itemCount: 249 });
    expect(services.audit.list({ action: 'sync.completed' })[0]!.details).toMatchObject({ resources: { payouts: { setAside: 1 } } });

    // Once the provider sends it readably, it is stored and no longer set aside.
    const again = await services.sync.syncConnection(connection.id);
    expect(again.resources.payouts).toMatchObject({ error: null, setAside: 0 });
    expect(cachedPayouts(connection.id)).toHaveLength(250);
    expect(ok<unknown[]>(await dispatch('sync.setAside', { connectionId: connection.id }))).toEqual([]);
  });

  it('resumes an interrupted run from the page where it stopped, and nothing is half-written', async () => {
    await setup();
    const { sim, connection } = await connect('dots', 1050);
    // Page 4 of payout links fails until the provider recovers.
    let calls = 0;
    const originalTake = sim.faults.take.bind(sim.faults);
    sim.faults.take = (method, path) => {
      if (method === 'GET' && path.includes('payout-links')) {
        calls += 1;
        if (calls >= 4) return [{ kind: 'status', status: 503 }];
      }
      return originalTake(method, path);
    };
    const first = await services.sync.syncConnection(connection.id);
    expect(first.resources.payouts.error).toMatch(/503|trouble/);
    const partial = cachedPayouts(connection.id).length;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(1050);
    expect(partial % 100).toBe(0);
    expect(services.connectionRepo.syncStates(connection.id).find((s) => s.resource === 'payouts')!.lastError).toMatch(/503|trouble/);
    expect(services.audit.list({ action: 'sync.failed' })).toHaveLength(1);

    sim.faults.take = originalTake;
    const requestsBefore = sim.requestLog.filter((r) => r.path.includes('payout-links')).length;
    const second = await services.sync.syncConnection(connection.id);
    expect(second.resources.payouts).toMatchObject({ error: null, complete: true });
    // It resumed: it fetched only the pages it had not stored yet.
    expect(second.resources.payouts.fetched).toBe(1050 - partial);
    expect(sim.requestLog.filter((r) => r.path.includes('payout-links')).length - requestsBefore).toBeLessThan(11);
    const rows = cachedPayouts(connection.id);
    expect(rows).toHaveLength(1050);
    expect(new Set(rows.map((r) => r.remote_id)).size).toBe(1050);
  });

  it('writes a group while the next pages are read, and a failed write is never followed by a later page', async () => {
    await setup();
    const { sim, connection } = await connect('dots', 1050);
    const pageRequests = () => sim.requestLog.filter((r) => r.path.includes('payout-links')).length;
    const writer = services.cacheWriter;
    const realWrite = writer.writePages.bind(writer);
    const writes: Array<{ items: number; requestsWhileWriting: number }> = [];
    // Groups are 500 payouts (5 pages of 100). The first write is slow, the second fails like a full disk.
    writer.writePages = async (connectionId, resource, pages, ...rest) => {
      if (resource !== 'payouts') return realWrite(connectionId, resource, pages, ...rest);
      const requestsBefore = pageRequests();
      const deadline = Date.now() + 3000;
      if (writes.length === 0)
        while (pageRequests() < requestsBefore + 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      writes.push({ items: pages.reduce((n, p) => n + p.items.length, 0), requestsWhileWriting: pageRequests() - requestsBefore });
      if (writes.length === 2) throw new Error('database or disk is full');
      return realWrite(connectionId, resource, pages, ...rest);
    };
    const first = await services.sync.syncConnection(connection.id);
    // While the first group was being written, the pages after it were already being read.
    expect(writes[0]).toMatchObject({ items: 500 });
    expect(writes[0]!.requestsWhileWriting).toBeGreaterThanOrEqual(3);
    // The second group failed: nothing after it was written, so the stored cursor is still after the first group.
    expect(first.resources.payouts.error).toMatch(/Unexpected error while syncing/);
    expect(writes).toHaveLength(2);
    expect(cachedPayouts(connection.id)).toHaveLength(500);

    writer.writePages = realWrite;
    const second = await services.sync.syncConnection(connection.id);
    expect(second.resources.payouts).toMatchObject({ error: null, complete: true, fetched: 550 });
    const rows = cachedPayouts(connection.id);
    expect(rows).toHaveLength(1050);
    expect(new Set(rows.map((r) => r.remote_id)).size).toBe(1050);
  });

  it('a failing connection never blocks the others; a malformed reply is an error on its connection only', async () => {
    await setup();
    const good = await connect('dots', 120, 'Good');
    const broken = await connect('talli', 120, 'Broken');
    broken.sim.faults.add({
      method: 'GET',
      path: /payout-instructions/,
      fault: { kind: 'malformed', body: '{"data": "surprise"}' },
      times: Infinity,
    });
    const results = await services.sync.syncAll();
    expect(results).toHaveLength(2);
    expect(results.find((r) => r.connectionId === good.connection.id)!.resources.payouts).toMatchObject({ error: null, fetched: 120 });
    const brokenResult = results.find((r) => r.connectionId === broken.connection.id)!;
    expect(brokenResult.resources.payouts.error).toBeTruthy();
    expect(cachedPayouts(broken.connection.id)).toHaveLength(0);
    expect(cachedPayouts(good.connection.id)).toHaveLength(120);
  });

  it('a cancel while a page is still on its way ends the run at once, as cancelled, with nothing of that page', async () => {
    await setup();
    const { sim, connection } = await connect('creatorpay', 3000);
    // Creator Pay answers all payouts in one page; this one takes 5 s to come.
    sim.faults.add({ method: 'GET', path: '/v1/payments', fault: { kind: 'latency', ms: 5_000 }, times: Infinity });
    const run = services.sync.syncConnection(connection.id);
    const asked = () => sim.requestLog.some((r) => r.path === '/v1/payments');
    for (let i = 0; i < 200 && !asked(); i += 1) await new Promise((r) => setTimeout(r, 10));
    expect(asked()).toBe(true);
    const started = performance.now();
    expect(services.sync.cancel(connection.id)).toBe(true);
    const result = await run;
    // Well before the page could have come (5 s): the run did not wait for it.
    expect(performance.now() - started).toBeLessThan(2_500);
    expect(result.cancelled).toBe(true);
    expect(result.resources.payouts).toMatchObject({ complete: false, fetched: 0, error: null });
    expect(cachedPayouts(connection.id)).toHaveLength(0);
    expect(services.connectionRepo.syncStates(connection.id).find((s) => s.resource === 'payouts')?.lastSyncedAt ?? null).toBeNull();
    expect(services.audit.list({ action: 'sync.cancelled' })).toHaveLength(1);
    expect(services.audit.list({ action: 'sync.completed' })).toHaveLength(0);
  });

  it('a cancel between two resources stops before the next one is asked for', async () => {
    await setup();
    const { sim, connection } = await connect('dots', 300);
    const off = services.events.on('syncProgress', (p) => {
      if (p.resource === 'creators' && p.done) services.sync.cancel(connection.id);
    });
    const result = await services.sync.syncConnection(connection.id);
    off();
    expect(result.cancelled).toBe(true);
    expect(sim.requestLog.filter((r) => r.path.includes('payout-links'))).toHaveLength(0);
    expect(cachedPayouts(connection.id)).toHaveLength(0);
  });

  it('can be cancelled; the next run picks up where it stopped', async () => {
    await setup();
    const { connection } = await connect('dots', 1050);
    const off = services.events.on('syncProgress', (p) => {
      if (p.resource === 'payouts' && p.fetched >= 200) services.sync.cancel(connection.id);
    });
    const result = await services.sync.syncConnection(connection.id);
    off();
    expect(result.cancelled).toBe(true);
    expect(services.audit.list({ action: 'sync.cancelled' })).toHaveLength(1);
    const partial = cachedPayouts(connection.id).length;
    expect(partial).toBeLessThan(1050);
    const next = await services.sync.syncConnection(connection.id);
    expect(next.resources.payouts.complete).toBe(true);
    expect(cachedPayouts(connection.id)).toHaveLength(1050);
  });
});
