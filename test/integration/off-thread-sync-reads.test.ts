/**
 * The sync's pages are read on a worker thread (src-main/workers/sync-reader-worker.ts, docs/decisions/0012-off-main-
 * thread.md): fetched, parsed and mapped there, so the thread that answers the UI never runs a listing of the provider
 * client. What lands in the cache is what the same sync reads on this thread; a provider's error arrives as the same
 * message (its kind kept), with no secret in it; a workspace whose HTTP functions are injected reads on this thread.
 * Real SQLite, the real keychain, the providers' simulators on loopback.
 */
import type { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { Connection, ProviderId } from '@shared/contract/model';
import { providerModule } from '../../src-main/providers/registry';
import type { ProviderClient } from '../../src-main/providers/provider';
import type { ProviderSimulator } from '../../src-main/providers/simulator/types';
import type { WorkerPageSource } from '../../src-main/sync/worker-page-source';
import type { Services, ServiceOptions } from '../../src-main/services';
import { simulatorConnection } from '../support/simulator-connection';
import { tempDataDir } from '../helpers/temp-dir';
import { closedAfterEach, haveKeychain, openServices, testHttp, threadHttp } from './payouts/harness';

const closing = closedAfterEach();

/** One simulator for both workspaces of a test: its payouts' times count from its start. */
async function simulator(provider: ProviderId, payouts: number): Promise<ProviderSimulator> {
  const sim = await providerModule(provider).startSimulator({ seed: 7, payouts, creators: 20, campaigns: 3 });
  closing.simulator(sim);
  return sim;
}

/** A workspace with one connection to the simulator, and a count of the listings its client on this thread makes. */
async function workspace(provider: ProviderId, sim: ProviderSimulator, overrides: Partial<ServiceOptions>) {
  const t = tempDataDir();
  const services = await openServices(t.dir, overrides);
  closing.workspace(services, t.cleanup);
  const connection: Connection = await services.connections.add(simulatorConnection(provider, sim, `Sim ${provider}`) as never);
  const client = await services.clients.clientFor(connection.id);
  const listedHere = { count: 0 };
  for (const method of ['listCreators', 'listCampaigns', 'listPayouts'] as const) {
    const original = client[method].bind(client) as (...a: unknown[]) => Promise<unknown>;
    (client as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      listedHere.count += 1;
      return original(...args);
    };
  }
  return { services, connection, client: client as ProviderClient, listedHere };
}

/** The cached payouts, but for the time each was stored (Talli gives no creation time: "first seen" is when it arrived). */
const cached = (services: Services, connectionId: string) =>
  services.db
    .prepare(
      `SELECT remote_id, amount_minor, currency, status, provider_status, recipient_name, raw_json
         FROM payouts WHERE connection_id = ? ORDER BY remote_id`,
    )
    .all(connectionId);

describe.runIf(haveKeychain)('the sync reads its pages off the main thread', () => {
  it.each(['dots', 'talli'] as const)(
    '%s: every page is read on the worker, and the cache is what a read on this thread gives',
    async (provider) => {
      const sim = await simulator(provider, 1_050);
      const off = await workspace(provider, sim, { http: threadHttp, syncReads: 'worker' });
      const here = await workspace(provider, sim, { http: testHttp });

      const offRun = await off.services.sync.syncConnection(off.connection.id);
      const hereRun = await here.services.sync.syncConnection(here.connection.id);
      expect(offRun.resources.payouts).toMatchObject({ error: null, complete: true, fetched: 1_050 });
      expect(hereRun.resources.payouts).toMatchObject({ error: null, complete: true, fetched: 1_050 });
      // The worker read every page; with injected HTTP functions (they cannot cross to a thread) this thread did.
      expect(off.listedHere.count).toBe(0);
      expect(here.listedHere.count).toBeGreaterThan(10);

      // Same simulator seed, same payouts: the two caches hold the same rows, the provider's objects included.
      const offRows = cached(off.services, off.connection.id);
      expect(offRows).toHaveLength(1_050);
      expect(offRows).toEqual(cached(here.services, here.connection.id));
      expect(offRows.every((row) => typeof JSON.parse((row as { raw_json: string }).raw_json) === 'object')).toBe(true);
    },
  );

  it("a provider's error crosses back with its message and kind, and nothing of a secret", async () => {
    const sim = await simulator('dots', 300);
    const off = await workspace('dots', sim, { http: threadHttp, syncReads: 'worker' });
    const here = await workspace('dots', sim, { http: testHttp });
    const secrets = Object.values(sim.credentials.secrets).filter((s) => s.length >= 8);
    expect(secrets.length).toBeGreaterThan(0);
    // Every listing is refused with an error that repeats the whole request (its Authorization header included).
    sim.faults.add({ method: 'GET', fault: { kind: 'echo', status: 401 }, times: Infinity });

    const offRun = await off.services.sync.syncConnection(off.connection.id);
    const hereRun = await here.services.sync.syncConnection(here.connection.id);
    const offError = offRun.resources.creators.error ?? '';
    expect(offError).not.toBe('');
    // The same words as on this thread: a ProviderError of the same kind, not "Unexpected error while syncing".
    expect(offError).toBe(hereRun.resources.creators.error);
    expect(offError).not.toMatch(/Unexpected error/);
    const stored = JSON.stringify([
      off.services.connectionRepo.syncStates(off.connection.id),
      off.services.audit.list({ action: 'sync.' }),
    ]);
    expect(stored).toContain(offError.slice(0, 30));
    for (const secret of secrets) {
      expect(offError).not.toContain(secret);
      expect(stored).not.toContain(secret);
    }
  });

  it('a reader that dies mid-sync fails only that run, leaves whole pages behind, and the next run resumes on a new reader', async () => {
    const sim = await simulator('dots', 1_050);
    const off = await workspace('dots', sim, { http: threadHttp, syncReads: 'worker' });
    const reference = await workspace('dots', sim, { http: testHttp });
    const pages = (off.services.sync as unknown as { pages: WorkerPageSource }).pages;
    const workerOf = () => (pages as unknown as { worker: Worker | null }).worker;
    const open = pages.open.bind(pages);
    let payoutListings = 0;
    let killed: Worker | null = null;
    // The third page of payouts is asked for, then the reader thread is killed before it can answer (as a crash of its
    // native code would): that page is owed, the two before it were read.
    pages.open = async (...args) => {
      const reader = await open(...args);
      return {
        ...reader,
        list: (resource, options) => {
          const page = reader.list(resource, options);
          if (resource === 'payouts' && (payoutListings += 1) === 3) {
            killed = workerOf();
            void killed!.terminate();
          }
          return page;
        },
      };
    };

    const broken = await off.services.sync.syncConnection(off.connection.id);
    expect(killed).not.toBeNull();
    expect(broken.resources.payouts).toMatchObject({ complete: false, error: expect.stringMatching(/sync reader stopped/) });
    const kept = cached(off.services, off.connection.id);
    // The two pages read before the reader died were written, whole, with their cursor; the run after goes on from it.
    expect(kept.length).toBe(broken.resources.payouts.fetched);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(1_050);
    const cursor = off.services.db
      .prepare("SELECT cursor FROM sync_state WHERE connection_id = ? AND resource = 'payouts'")
      .pluck()
      .get(off.connection.id);
    expect(cursor).toEqual(expect.any(String));
    const state = off.services.connectionRepo.syncStates(off.connection.id).find((s) => s.resource === 'payouts');
    expect(state?.lastError).toMatch(/sync reader stopped/);

    pages.open = open;
    const resumed = await off.services.sync.syncConnection(off.connection.id);
    expect(resumed.resources.payouts).toMatchObject({ error: null, complete: true });
    expect(workerOf()).not.toBeNull();
    expect(workerOf()).not.toBe(killed);
    // Read from the saved cursor on: nothing kept is read again, nothing after it is missed.
    expect(resumed.resources.payouts.fetched + kept.length).toBe(1_050);
    await reference.services.sync.syncConnection(reference.connection.id);
    // Every payout once, the same rows as a sync that was never interrupted.
    expect(cached(off.services, off.connection.id)).toEqual(cached(reference.services, reference.connection.id));
  });

  it('asking for reads on the worker with injected HTTP functions is refused at start', async () => {
    const t = tempDataDir();
    try {
      await expect(openServices(t.dir, { http: testHttp, syncReads: 'worker' })).rejects.toThrow(/real HTTP functions/);
    } finally {
      t.cleanup();
    }
  });
});
