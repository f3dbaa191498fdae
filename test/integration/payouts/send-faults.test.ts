import { systemActor } from '../../../src-main/storage/audit-store';
/**
 * Fault injection at the send step, for every provider: each fault must end with exactly one remote payout per
 * approved payout at the simulator, none lost, every payout in a settled status (or shown as unknown).
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ProviderId } from '@shared/contract/model';
import { providerIds } from '../../../src-main/providers/registry';
import type { Fault } from '../../../src-main/providers/simulator/server';
import type { ProviderSimulator } from '../../../src-main/providers/simulator/types';
import type { Services } from '../../../src-main/services';
import { tempDataDir } from '../../helpers/temp-dir';
import {
  approvedPayouts,
  connect,
  createPath,
  dispatcherFor,
  haveKeychain,
  initiatePath,
  openServices,
  remoteCounts,
  startSim,
  statusOf,
} from './harness';

const faults: Array<[string, Fault]> = [
  ['timeout (no answer)', { kind: 'hang' }],
  ['connection reset before handling', { kind: 'reset' }],
  ['commit, then connection reset', { kind: 'commitThenReset' }],
  ['HTTP 500', { kind: 'status', status: 500 }],
  ['HTTP 502', { kind: 'status', status: 502 }],
  ['HTTP 503', { kind: 'status', status: 503 }],
  ['HTTP 429 with Retry-After', { kind: 'rateLimit', retryAfterSeconds: 2 }],
  ['commit, then HTTP 500', { kind: 'commitThenStatus', status: 500 }],
  ['commit, then HTTP 502', { kind: 'commitThenStatus', status: 502 }],
];

const SENT: readonly string[] = ['submitted', 'processing', 'paid'];

/** A loopback port nothing listens on (fetch refuses "bad ports" such as 9 before connecting). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe.runIf(haveKeychain).each(providerIds)('%s: faults at the send step', (provider: ProviderId) => {
  let sim: ProviderSimulator;
  let services: Services;
  let connectionId: string;
  let dataDir: { dir: string; cleanup: () => void };

  beforeAll(async () => {
    dataDir = tempDataDir();
    sim = await startSim(provider);
    services = await openServices(dataDir.dir);
    connectionId = (await connect(dispatcherFor(services), provider, sim)).id;
    await services.sync.syncConnection(connectionId);
  });
  afterAll(async () => {
    await services.credentials.remove(connectionId).catch(() => false);
    await services.close();
    await sim.close();
    dataDir.cleanup();
  });
  beforeEach(() => sim.faults.clear());

  async function expectExactlyOnce(ids: number[], before: number) {
    expect(sim.payoutCount() - before).toBe(ids.length);
    const counts = await remoteCounts(services, provider, connectionId, ids);
    for (const id of ids) expect(counts.get(id), `payout ${id} remote copies`).toBe(1);
    for (const id of ids)
      expect(SENT, `payout ${id}: ${services.payoutWorkflow.ctx.store.payout(id)!.status_message}`).toContain(statusOf(services, id));
  }

  it.each(faults)('create request: %s', async (_name, fault) => {
    const ids = await approvedPayouts(services, provider, connectionId, 2);
    const before = sim.payoutCount();
    sim.faults.add({ method: 'POST', path: createPath[provider], fault });
    const result = await services.payoutWorkflow.sender.send(ids);
    expect(result.results).toHaveLength(2);
    await expectExactlyOnce(ids, before);
    // Every attempt and look-up is in the audit trail and the timeline.
    const timeline = services.payoutWorkflow.ctx.store.timeline(ids[0]!);
    expect(timeline.some((t) => t.kind === 'attempt')).toBe(true);
    expect(services.audit.list({ subject: `payout:${ids[0]}`, limit: 50 }).map((e) => e.action)).toEqual(
      expect.arrayContaining(['payout.sending', 'payout.submitted']),
    );
  });

  it.each(provider === 'talli' ? faults : [])('initiate request: %s', async (_name, fault) => {
    const ids = await approvedPayouts(services, provider, connectionId, 2);
    const before = sim.payoutCount();
    sim.faults.add({ method: 'POST', path: initiatePath, fault });
    await services.payoutWorkflow.sender.send(ids);
    await expectExactlyOnce(ids, before);
    // Initiated exactly once: the instructions left Draft.
    for (const id of ids) expect(services.payoutWorkflow.ctx.store.payout(id)!.provider_status).not.toBe('Draft');
  });

  it('look-ups fail too: the payout is shown as unknown, never resent, and settles on the next check', async () => {
    const ids = await approvedPayouts(services, provider, connectionId, 1);
    const before = sim.payoutCount();
    sim.faults.add({ method: 'POST', path: createPath[provider], fault: { kind: 'commitThenReset' } });
    sim.faults.add({ method: 'GET', fault: { kind: 'status', status: 503 }, times: Infinity });
    await services.payoutWorkflow.sender.send(ids);
    expect(statusOf(services, ids[0]!)).toBe('unknown');
    expect(services.payoutWorkflow.ctx.store.payout(ids[0]!)!.status_message).toMatch(/could not confirm|does not know/i);
    sim.faults.clear();
    await services.payoutWorkflow.poller.pollDue({ all: true });
    await expectExactlyOnce(ids, before);
  });

  it('offline: nothing is sent, the payout stays approved with the reason', async () => {
    const ids = await approvedPayouts(services, provider, connectionId, 1);
    const before = sim.payoutCount();
    const row = services.connectionRepo.get(connectionId)!;
    const port = Number(new URL(sim.baseUrl).port);
    // Point the connection at a closed port: connection refused, i.e. certainly not sent.
    services.connectionRepo.save({ ...row, baseUrl: row.baseUrl.replace(`:${port}`, `:${await closedPort()}`) }, []);
    services.clients.invalidate(connectionId);
    try {
      const result = await services.payoutWorkflow.sender.send(ids);
      expect(result.results[0]!.status).toBe('approved');
      expect(result.results[0]!.message).toMatch(/Not sent/);
    } finally {
      services.connectionRepo.save(row, []);
      services.clients.invalidate(connectionId);
    }
    expect(sim.payoutCount()).toBe(before);
    await services.payoutWorkflow.sender.send(ids);
    await expectExactlyOnce(ids, before);
  });

  describe('process killed between "marked sending" and the reply', () => {
    async function restart() {
      await services.close();
      services = await openServices(dataDir.dir);
      await services.payoutWorkflow.reconcileOnStartup();
    }

    it('before the request left: reconciled at start-up and sent once', async () => {
      const ids = await approvedPayouts(services, provider, connectionId, 2);
      const before = sim.payoutCount();
      await services.payoutWorkflow.sender.markSending(ids, systemActor('test'));
      expect(ids.map((id) => statusOf(services, id))).toEqual(['sending', 'sending']);
      await restart();
      await expectExactlyOnce(ids, before);
    });

    it('after the provider committed it: found by reference at start-up, not sent again', async () => {
      const ids = await approvedPayouts(services, provider, connectionId, 2);
      const before = sim.payoutCount();
      await services.payoutWorkflow.sender.markSending(ids, systemActor('test'));
      const client = await services.clients.clientFor(connectionId);
      for (const id of ids) {
        // What the sender does before a request leaves, then the request, then the "crash": no reply recorded.
        services.db.prepare('UPDATE payout_outbox SET create_attempts = create_attempts + 1 WHERE payout_id = ?').run(id);
        const outbox = services.payoutWorkflow.ctx.store.outbox(id)!;
        await client.createPayout(JSON.parse(outbox.request_json));
      }
      expect(sim.payoutCount() - before).toBe(2);
      await restart();
      await expectExactlyOnce(ids, before);
    });

    it.runIf(provider === 'talli')('after create and initiate were committed: neither is repeated', async () => {
      const ids = await approvedPayouts(services, provider, connectionId, 1);
      const before = sim.payoutCount();
      await services.payoutWorkflow.sender.markSending(ids, systemActor('test'));
      const client = await services.clients.clientFor(connectionId);
      const id = ids[0]!;
      services.db.prepare('UPDATE payout_outbox SET create_attempts = 1 WHERE payout_id = ?').run(id);
      const created = await client.createPayout(JSON.parse(services.payoutWorkflow.ctx.store.outbox(id)!.request_json));
      services.db
        .prepare("UPDATE payout_outbox SET create_state = 'done', remote_id = ?, initiate_attempts = 1 WHERE payout_id = ?")
        .run(created.payout!.remoteId, id);
      await client.initiatePayout(created.payout!.remoteId!);
      await restart();
      await expectExactlyOnce(ids, before);
      expect(services.payoutWorkflow.ctx.store.payout(id)!.provider_status).toBe('PushInitiated');
    });
  });
});
