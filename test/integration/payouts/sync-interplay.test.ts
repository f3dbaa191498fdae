/**
 * The sync and the sender meet on the same rows: a sync must never make a payout we are sending look unsent
 * (back to draft), nor add a second row for a payout the provider echoes only by our short reference.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ProviderSimulator } from '../../../src-main/providers/simulator/types';
import type { Services } from '../../../src-main/services';
import { tempDataDir } from '../../helpers/temp-dir';
import { approvedPayouts, connect, dispatcherFor, haveKeychain, initiatePath, openServices, startSim, statusOf } from './harness';

let services: Services;
let sim: ProviderSimulator;
let cleanup: () => void;
afterEach(async () => {
  for (const c of services.connectionRepo.list()) await services.credentials.remove(c.id).catch(() => false);
  await services.close();
  await sim.close();
  cleanup();
});

describe.runIf(haveKeychain)('sync and sender on the same payouts', () => {
  it('Talli: a payout created but not yet initiated stays "unknown", not "draft", after a sync', async () => {
    const t = tempDataDir();
    cleanup = t.cleanup;
    services = await openServices(t.dir);
    sim = await startSim('talli');
    const connection = await connect(dispatcherFor(services), 'talli', sim);
    await services.sync.syncConnection(connection.id);
    const [id] = await approvedPayouts(services, 'talli', connection.id, 1);
    sim.faults.add({ method: 'POST', path: initiatePath, fault: { kind: 'hang' }, times: Infinity });
    await services.payoutWorkflow.sender.send([id!]);
    expect(statusOf(services, id!)).toBe('unknown');

    await services.sync.syncConnection(connection.id);
    const row = services.payoutWorkflow.ctx.store.payout(id!)!;
    expect(row.status).toBe('unknown');
    expect(row.provider_status).toBe('Draft');
    expect(
      (services.db.prepare('SELECT count(*) n FROM payouts WHERE client_reference = ?').get(row.client_reference) as { n: number }).n,
    ).toBe(1);
  });

  it('Token.io: a sent payout is one row after a sync, matched by its short reference', async () => {
    const t = tempDataDir();
    cleanup = t.cleanup;
    services = await openServices(t.dir);
    sim = await startSim('tokenio');
    const connection = await connect(dispatcherFor(services), 'tokenio', sim);
    const [id] = await approvedPayouts(services, 'tokenio', connection.id, 1);
    await services.payoutWorkflow.sender.send([id!]);
    const before = services.payoutWorkflow.ctx.store.payout(id!)!;
    expect(before.remote_id).toBeTruthy();
    await services.sync.syncConnection(connection.id);
    const rows = services.db
      .prepare('SELECT id FROM payouts WHERE connection_id = ? AND remote_id = ?')
      .all(connection.id, before.remote_id) as Array<{ id: number }>;
    expect(rows.map((r) => r.id)).toEqual([id]);
  });
});
