/**
 * The payouts CSV export and audit Verify run on the reader worker (src-main/workers/reader-worker.ts) with its own
 * read-only connection: through the dispatcher they must answer exactly what the same code answers on the main
 * connection, and report progress (taskProgress events) that ends with the total. Real SQLite, the real keychain (a
 * service of this test's own, so the trail is anchored and Verify checks every MAC with the workspace key).
 */
import keytar from 'keytar';
import { keychainServiceName, removeKeychainService } from '../helpers/keychain-service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dispatch } from '../../src-main/api/dispatcher';
import { createServiceDispatcher } from '../../src-main/api/service-dispatcher';
import type { EventPayloads } from '@shared/contract';
import type { AuditVerification, Envelope } from '@shared/contract/model';
import { KeytarCredentialStore } from '../../src-main/credentials/keytar-store';
import { createServices, type Services } from '../../src-main/services';
import { tempDataDir } from '../helpers/temp-dir';
import { readExport } from '../helpers/exports';
import { PreparedFiles } from '../../src-main/insights/prepared-files';
import type { PreparedFile } from '@shared/contract/model';

const haveKeychain = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);

describe.runIf(haveKeychain)('long reads off the main thread', () => {
  const service = keychainServiceName('off-thread');
  let services: Services;
  let dispatch: Dispatch;
  let cleanup: () => void;
  const progress: Array<EventPayloads['taskProgress']> = [];
  const ok = async <T>(p: Promise<Envelope<unknown>>) => {
    const e = await p;
    if (!e.ok) throw new Error(`${e.error.code}: ${e.error.message}`);
    return e.value as T;
  };

  beforeAll(async () => {
    const t = tempDataDir();
    cleanup = t.cleanup;
    services = await createServices({
      dataDir: t.dir,
      host: 'browser',
      version: 'test',
      credentials: new KeytarCredentialStore(service),
      demo: { payoutsPerProvider: 300 },
      payouts: { poller: false },
    });
    // Parts of 16 KB instead of a megabyte: each export here comes back in many parts, through the dispatcher.
    services.preparedFiles = new PreparedFiles(Date.now, 16 * 1024);
    dispatch = createServiceDispatcher(services, { error: () => undefined });
    await ok(dispatch('workspace.createDemo', undefined));
    await ok(dispatch('session.signIn', { name: 'Carol', passphrase: 'carol-demo-passphrase' }));
    services.events.on('taskProgress', (p) => progress.push(p));
    await services.anchor.flush();
  }, 120_000);

  afterAll(async () => {
    await services?.close();
    await removeKeychainService(service);
    cleanup?.();
  });

  const runOf = (task: EventPayloads['taskProgress']['task']) => {
    const run = progress.filter((p) => p.task === task);
    progress.length = 0;
    return run;
  };
  const expectProgressEndingAt = (run: Array<EventPayloads['taskProgress']>, total: number) => {
    expect(run.length).toBeGreaterThanOrEqual(2);
    expect(run[0]!.done).toBe(0);
    const dones = run.map((p) => p.done);
    expect([...dones].sort((a, b) => a - b)).toEqual(dones);
    expect(run.slice(0, -1).every((p) => !p.finished)).toBe(true);
    expect(run.at(-1)).toEqual({ task: run[0]!.task, done: total, total, finished: true });
  };

  const aCreatorsName = () =>
    (services.db.prepare('SELECT recipient_name FROM payouts WHERE recipient_name IS NOT NULL LIMIT 1').pluck().get() as string).split(
      ' ',
    )[0]!;
  it.each([
    ['every payout, newest first', () => ({ filters: {}, sort: { column: 'createdAt', direction: 'desc' } })],
    ['one status sorted by amount', () => ({ filters: { statuses: ['paid'] }, sort: { column: 'amount', direction: 'asc' } })],
    ['a search for a creator', () => ({ filters: { search: aCreatorsName() }, sort: { column: 'creator', direction: 'asc' } })],
  ] as const)('exports %s exactly as the main thread would, with progress to the last row', async (_, inputOf) => {
    progress.length = 0;
    const input = inputOf();
    const file = await ok<PreparedFile & { rows: number; truncated: boolean }>(dispatch('payouts.exportCsv', input));
    expect(file.parts).toBeGreaterThanOrEqual(Math.ceil(file.bytes / (16 * 1024)));
    const content = await readExport(file, (part) => ok(dispatch('files.part', part)));
    const inline = services.insights.exportPayoutsCsv({ ...input, limit: 500 } as never);
    expect(file.rows).toBeGreaterThan(0);
    expect({ content, rows: file.rows, truncated: file.truncated }).toEqual(inline);
    expectProgressEndingAt(runOf('payouts.exportCsv'), file.rows);
  });

  it('verifies the intact trail as the main thread does, with progress to the last event', async () => {
    progress.length = 0;
    const verdict = await ok<AuditVerification>(dispatch('audit.verify', undefined));
    const events = services.db.prepare('SELECT count(*) FROM audit_events').pluck().get() as number;
    expect(verdict).toEqual(services.audit.verify());
    expect(verdict).toMatchObject({ intact: true, anchored: true, checked: events });
    expectProgressEndingAt(runOf('audit.verify'), events);
    // The workspace key went to the worker in memory; it never reaches an event the renderer receives.
    const key = (await keytar.getPassword(service, `audit-key:${services.settings.workspaceId()}`))!;
    expect(key).toBeTruthy();
    expect(JSON.stringify(progress)).not.toContain(key);
  });

  it('finds a committed change to an event exactly where the main thread finds it', async () => {
    const db = services.db;
    const triggers = db
      .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_events'")
      .pluck()
      .all() as string[];
    const seq = 3;
    const before = db.prepare('SELECT details FROM audit_events WHERE seq = ?').pluck().get(seq) as string;
    const setDetails = (details: string) =>
      db.transaction(() => {
        db.exec('DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;');
        db.prepare('UPDATE audit_events SET details = ? WHERE seq = ?').run(details, seq);
        for (const sql of triggers) db.exec(sql);
      })();
    setDetails(before.replace(/}$/, ',"tampered":true}'));
    try {
      const verdict = await ok<AuditVerification>(dispatch('audit.verify', undefined));
      expect(verdict).toEqual(services.audit.verify());
      expect(verdict).toMatchObject({ intact: false, brokenSeq: seq, kind: 'changed' });
      const run = runOf('audit.verify');
      expect(run.at(-1)).toMatchObject({ finished: true });
    } finally {
      setDetails(before);
    }
    expect(await ok<AuditVerification>(dispatch('audit.verify', undefined))).toMatchObject({ intact: true });
  });
});
