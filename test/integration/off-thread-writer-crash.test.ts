/**
 * The writer worker (src-main/workers/cache-writer-worker.ts) dies: what it owed fails with words that say so, what it
 * had committed stays, and the next write starts a new worker. A sync killed between two page groups goes on from its
 * cursor; an import killed between two of its parts leaves none of its drafts, and is not committed half by the new
 * worker (its staged parts died with the old one). Real SQLite, the real keychain, the Dots simulator on loopback.
 */
import type { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { Connection } from '@shared/contract/model';
import { providerModule } from '../../src-main/providers/registry';
import type { ProviderSimulator } from '../../src-main/providers/simulator/types';
import type { Services } from '../../src-main/services';
import { WorkerCacheWriter } from '../../src-main/sync/worker-cache-writer';
import { simulatorConnection } from '../support/simulator-connection';
import { tempDataDir } from '../helpers/temp-dir';
import { closedAfterEach, haveKeychain, openServices, testHttp } from './payouts/harness';

const closing = closedAfterEach();

async function workspace(sim: ProviderSimulator): Promise<{ services: Services; connection: Connection; writer: WorkerCacheWriter }> {
  const t = tempDataDir();
  const services = await openServices(t.dir, { http: testHttp });
  closing.workspace(services, t.cleanup);
  const connection: Connection = await services.connections.add(simulatorConnection('dots', sim, 'Sim dots') as never);
  expect(services.cacheWriter).toBeInstanceOf(WorkerCacheWriter);
  return { services, connection, writer: services.cacheWriter as WorkerCacheWriter };
}

const workerOf = (writer: WorkerCacheWriter) => (writer as unknown as { worker: Worker | null }).worker;
const payoutsOf = (services: Services, connectionId: string) =>
  services.db
    .prepare('SELECT remote_id, amount_minor, currency, status, raw_json FROM payouts WHERE connection_id = ? ORDER BY remote_id')
    .all(connectionId);

describe.runIf(haveKeychain)('a writer worker that dies', () => {
  it('fails the sync it was writing for, keeps the groups it committed, and the next sync finishes on a new worker', async () => {
    const sim = await providerModule('dots').startSimulator({ seed: 11, payouts: 1_050, creators: 20, campaigns: 3 });
    closing.simulator(sim);
    const { services, connection, writer } = await workspace(sim);
    const reference = await workspace(sim);
    const writePages = writer.writePages.bind(writer);
    let killed: Worker | null = null;
    // The second group of payouts is sent, then the worker is killed before it can answer.
    let payoutGroups = 0;
    writer.writePages = (...args) => {
      const written = writePages(...args);
      if (args[1] === 'payouts' && (payoutGroups += 1) === 2) {
        killed = workerOf(writer);
        void killed!.terminate();
      }
      return written;
    };

    const broken = await services.sync.syncConnection(connection.id);
    expect(killed).not.toBeNull();
    expect(broken.resources.payouts).toMatchObject({
      complete: false,
      error: expect.stringMatching(/database writer stopped unexpectedly.*try again/),
    });
    const kept = payoutsOf(services, connection.id);
    // The first group was committed; the second was cut off before or after its commit, never inside it.
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(1_050);

    writer.writePages = writePages;
    const resumed = await services.sync.syncConnection(connection.id);
    expect(resumed.resources.payouts).toMatchObject({ error: null, complete: true });
    expect(workerOf(writer)).not.toBeNull();
    expect(workerOf(writer)).not.toBe(killed);
    await reference.services.sync.syncConnection(reference.connection.id);
    expect(payoutsOf(services, connection.id)).toEqual(payoutsOf(reference.services, reference.connection.id));
    // The new worker checkpoints again: the cache is whole and readable after a restart of the workspace.
    expect(services.db.pragma('quick_check', { simple: true })).toBe('ok');
  });

  it('fails an import whose parts it held: none of its drafts land, and the same file imports whole afterwards', async () => {
    const sim = await providerModule('dots').startSimulator({ seed: 12, payouts: 0, creators: 5, campaigns: 1 });
    closing.simulator(sim);
    const { services, connection, writer } = await workspace(sim);
    const template = (await services.payoutWorkflow.importer.template(connection.id)).content.trim().split(/\r?\n/);
    const header = template[0]!.split(',');
    const example = template[1]!.split(',');
    const rows = 3_500;
    const lines = [template[0]!];
    for (let i = 0; i < rows; i += 1) {
      const cells = [...example];
      cells[header.indexOf('amount')] = `${10 + (i % 400)}.${String(i % 100).padStart(2, '0')}`;
      if (header.includes('phone')) cells[header.indexOf('phone')] = String(2_025_550_000 + i * 7);
      if (header.includes('email')) cells[header.indexOf('email')] = `crash.${i}@example.com`;
      lines.push(cells.join(','));
    }
    const content = `${lines.join('\n')}\n`;
    const commit = () =>
      services.payoutWorkflow.importer.commit({ connectionId: connection.id, content, validOnly: false, skipDuplicates: false });
    const drafts = () => services.db.prepare('SELECT count(*) FROM payouts WHERE import_batch IS NOT NULL').pluck().get() as number;

    // The worker takes the first part of the drafts (3,500 go in parts of 1,000) and is killed once it has answered;
    // the later parts are sent only after it is gone, so a new worker would get them without the first part.
    const send = (writer as unknown as { send: (op: string, ...rest: unknown[]) => Promise<unknown> }).send.bind(writer);
    let killed: Worker | null = null;
    let gone: Promise<void> | null = null;
    (writer as unknown as { send: typeof send }).send = (op, ...rest) => {
      if (op === 'stageImport' && !gone) {
        const sent = send(op, ...rest);
        gone = sent.then(async () => {
          killed = workerOf(writer);
          await killed!.terminate();
          await new Promise((resolve) => setImmediate(resolve));
        });
        return sent;
      }
      if (gone && op !== 'dropImport') return gone.then(() => send(op, ...rest));
      return send(op, ...rest);
    };
    await expect(commit()).rejects.toThrow(/database writer stopped unexpectedly/);
    expect(killed).not.toBeNull();
    expect(drafts()).toBe(0);
    expect(services.db.prepare('SELECT count(*) FROM import_batches').pluck().get()).toBe(0);

    (writer as unknown as { send: typeof send }).send = send;
    const imported = await commit();
    expect(imported.imported).toBe(rows);
    expect(drafts()).toBe(rows);
    expect(workerOf(writer)).not.toBe(killed);
  });
});
