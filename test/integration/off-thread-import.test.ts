/**
 * A CSV import's commit runs on the writer worker (src-main/workers/cache-writer-worker.ts), on its own connection to
 * the same file (docs/decisions/0012-off-main-thread.md, "The import commit"): while its one transaction runs, this
 * thread keeps answering; the import's audit event is MAC'd with the workspace key and chained to the trail, and the
 * keychain's chain head moves on to it; a workflow command issued meanwhile waits for the import without blocking this
 * thread and then lands after it; a second commit of the same file is refused by the worker with the same AppError.
 * Real SQLite, the real keychain (a service of this test's own, so the trail is anchored).
 */
import { keychainServiceName, removeKeychainService } from '../helpers/keychain-service';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Connection } from '@shared/contract/model';
import { readAnchor } from '../../src-main/audit/anchor';
import { KeytarCredentialStore } from '../../src-main/credentials/keytar-store';
import { AppError } from '../../src-main/errors';
import type { Services } from '../../src-main/services';
import { systemActor } from '../../src-main/storage/audit-store';
import { SqliteWorkflowStore } from '../../src-main/storage/sqlite-workflow-store';
import { WorkerCacheWriter } from '../../src-main/sync/worker-cache-writer';
import { tempDataDir } from '../helpers/temp-dir';
import { haveKeychain, openServices } from './payouts/harness';

const ROWS = 20_000;

function csvOf(rows: number, fee: string): string {
  const lines = ['email,name,amount,currency,description'];
  for (let i = 0; i < rows; i += 1)
    lines.push(`creator${i}@example.com,Creator ${i},${10 + (i % 500)}.${String(i % 100).padStart(2, '0')},EUR,${fee} ${i}`);
  return `${lines.join('\n')}\n`;
}

describe.runIf(haveKeychain)('the import commit off the main thread', () => {
  const service = keychainServiceName('off-thread-import');
  const credentials = new KeytarCredentialStore(service);
  let services: Services;
  let store: SqliteWorkflowStore;
  let connection: Connection;
  let cleanup: () => void;

  const commit = (content: string) =>
    services.payoutWorkflow.importer.commit({ connectionId: connection.id, content, validOnly: false, skipDuplicates: false });
  const imported = (batchId: string) =>
    (services.db.prepare('SELECT count(*) FROM payouts WHERE import_batch = ?').pluck().get(batchId) as number) ?? 0;

  /** Counts 5 ms timer ticks of this thread; `inImport` resolves once the store has handed the import to the writer. */
  function watch() {
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 5);
    let entered!: () => void;
    const inImport = new Promise<void>((resolve) => (entered = resolve));
    // The running workspace's writer worker is the store's import writer (src-main/services.ts).
    const writer = services.cacheWriter as WorkerCacheWriter;
    const original = writer.importDrafts.bind(writer);
    const spy = vi.spyOn(writer, 'importDrafts').mockImplementation((...args) => {
      const committed = original(...args);
      entered();
      return committed;
    });
    return {
      ticks: () => ticks,
      inImport,
      stop() {
        clearInterval(timer);
        spy.mockRestore();
      },
    };
  }

  beforeAll(async () => {
    const t = tempDataDir();
    cleanup = t.cleanup;
    services = await openServices(t.dir, { credentials, dailyBackups: false });
    store = services.payoutWorkflow.ctx.store as SqliteWorkflowStore;
    expect(store).toBeInstanceOf(SqliteWorkflowStore);
    expect(services.cacheWriter).toBeInstanceOf(WorkerCacheWriter);
    connection = await services.connections.add({
      provider: 'talentir',
      label: 'Import test',
      environment: 'custom',
      baseUrl: 'https://talentir.invalid/api/v1',
      authMode: 'bearer',
      credentials: { apiKey: 'tlt_off_thread_import_0123456789' },
    });
    await services.anchor.flush();
  }, 60_000);

  afterAll(async () => {
    await services?.close();
    await removeKeychainService(service);
    cleanup?.();
  });

  it('commits on the writer while this thread keeps running; the event is keyed, chained and anchored', async () => {
    const onThisConnection = vi.spyOn(store, 'importDraftsHere');
    const watching = watch();
    let ticksWhileCommitting = 0;
    const result = commit(csvOf(ROWS, 'Fee'));
    await watching.inImport;
    const atStart = watching.ticks();
    const outcome = await result;
    ticksWhileCommitting = watching.ticks() - atStart;
    watching.stop();

    expect(onThisConnection).not.toHaveBeenCalled();
    onThisConnection.mockRestore();
    expect(outcome.imported).toBe(ROWS);
    expect(imported(outcome.batchId!)).toBe(ROWS);
    // A transaction of 20,000 drafts on this thread would let no timer fire until it ends.
    expect(ticksWhileCommitting).toBeGreaterThanOrEqual(5);

    const last = services.audit.list({ limit: 1 })[0]!;
    expect(last).toMatchObject({ action: 'payout.imported', subject: `import:${outcome.batchId}` });
    expect(last.mac).toMatch(/^[0-9a-f]{64}$/);
    expect(last.osUser).toBe(services.osUser);
    await services.anchor.flush();
    const anchor = await readAnchor(credentials, services.settings.workspaceId());
    expect(anchor).toMatchObject({ head: { seq: last.seq, hash: last.hash } });
    expect(services.audit.verify()).toMatchObject({ intact: true });
  }, 120_000);

  it('a command issued during the import waits for it without blocking this thread, then lands after it', async () => {
    const someDraft = services.db.prepare('SELECT id FROM payouts ORDER BY id LIMIT 1').pluck().get() as number;
    const watching = watch();
    const result = commit(csvOf(ROWS, 'Bonus'));
    await watching.inImport;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const atCommand = watching.ticks();
    let commandDone = false;
    const command = store
      .auditPayout(someDraft, { actor: systemActor('Paydesk'), action: 'payout.note_during_import', details: {} })
      .then(() => (commandDone = true));
    // It waits: its IMMEDIATE transaction would otherwise wait for the writer's lock on this thread.
    expect(commandDone).toBe(false);
    const outcome = await result;
    const ticksAfterCommand = watching.ticks() - atCommand;
    await command;
    watching.stop();

    expect(imported(outcome.batchId!)).toBe(ROWS);
    expect(ticksAfterCommand).toBeGreaterThanOrEqual(5);
    const [latest, before] = services.audit.list({ limit: 2 });
    expect(before).toMatchObject({ action: 'payout.imported', subject: `import:${outcome.batchId}` });
    expect(latest).toMatchObject({ action: 'payout.note_during_import', subject: `payout:${someDraft}`, seq: before!.seq + 1 });
    expect(services.audit.verify()).toMatchObject({ intact: true });
  }, 120_000);

  it('two commits of one file at once: one lands, the worker refuses the other with the AppError, nothing lands twice', async () => {
    const content = csvOf(2_000, 'Twice');
    // Both are analysed side by side (in slices); whichever reaches the store first lands, the other is refused.
    const outcomes = await Promise.allSettled([commit(content), commit(content)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const error = (outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason as unknown;
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('CONFLICT');
    expect((error as AppError).message).toMatch(/^This file was imported meanwhile as batch .*; nothing was imported twice\.$/);
    const batches = services.db.prepare("SELECT count(*) FROM payouts WHERE description LIKE 'Twice %'").pluck().get() as number;
    expect(batches).toBe(2_000);
    expect(services.audit.verify()).toMatchObject({ intact: true });
  }, 120_000);
});
