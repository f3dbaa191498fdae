/**
 * Backups: before a migration changes an existing database, daily (at start when due), on request; kept for the
 * configured days; restored only after integrity and the audit trail verify, keeping the replaced database, audited,
 * and never making a payout that was handed to the sender look unsent.
 */
import Database from 'better-sqlite3';
import { readdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BackupInfo, Envelope, RestoreResult } from '@shared/contract/model';
import { createDispatcher, type Dispatch } from '../../src-main/api/dispatcher';
import { createHandlers } from '../../src-main/api/handlers/index';
import { BACKUP_FOLDER } from '../../src-main/backups/backup-service';
import type { CredentialStore } from '../../src-main/credentials/credential-store';
import { createServices, type Services } from '../../src-main/services';
import { currentSchemaVersion, openDatabase } from '../../src-main/storage/database';
import { latestSchemaVersion } from '../../src-main/storage/migrations';
import { as, seedTeam } from '../helpers/team';
import { tempDataDir } from '../helpers/temp-dir';
import type { SecretFields } from '../../src-main/credentials/credential-store';
import { providerModule } from '../../src-main/providers/registry';

const memoryKeychain: CredentialStore = {
  save: async () => undefined,
  load: async () => null,
  remove: async () => true,
  status: async () => ({ available: true, message: null }),
};

let cleanups: Array<() => void> = [];
let services: Services | undefined;
afterEach(async () => {
  await services?.close();
  services = undefined;
  cleanups.forEach((c) => c());
  cleanups = [];
});
function dataDir(): string {
  const t = tempDataDir();
  cleanups.push(t.cleanup);
  return t.dir;
}
async function start(dir: string, dailyBackups = false): Promise<{ s: Services; dispatch: Dispatch }> {
  services = await createServices({ dataDir: dir, host: 'browser', version: 'test', credentials: memoryKeychain, dailyBackups });
  return { s: services, dispatch: createDispatcher(createHandlers(services), { error: () => undefined }) };
}
async function ok<T>(p: Promise<Envelope<unknown>>): Promise<T> {
  const e = await p;
  if (!e.ok) throw new Error(`${e.error.code}: ${e.error.message}`);
  return e.value as T;
}
const backups = (dir: string) => readdirSync(join(dir, BACKUP_FOLDER)).filter((n) => n.endsWith('.sqlite'));
const opened: Database.Database[] = [];
const readOnly = (file: string) => {
  const db = new Database(file, { readonly: true });
  opened.push(db);
  return db;
};
afterEach(() => opened.splice(0).forEach((d) => d.close()));

describe('backups', () => {
  it('are taken before a migration changes an existing database, with the data as it was', async () => {
    const dir = dataDir();
    const old = openDatabase({ dataDir: dir, targetVersion: 4 });
    old
      .prepare("INSERT INTO connections VALUES ('c1','dots','Before','sandbox','https://x','basic','{}',NULL,0,'2026-01-01','2026-01-01')")
      .run();
    old.close();
    const { s } = await start(dir);
    expect(currentSchemaVersion(s.db)).toBe(latestSchemaVersion);
    const [name, ...more] = backups(dir);
    expect(more).toEqual([]);
    expect(name).toMatch(/-pre-migration\.sqlite$/);
    const backup = readOnly(join(dir, BACKUP_FOLDER, name!));
    expect(currentSchemaVersion(backup)).toBe(4);
    expect(backup.prepare('SELECT label FROM connections').all()).toEqual([{ label: 'Before' }]);
    expect(statSync(join(dir, BACKUP_FOLDER, name!)).mode & 0o777).toBe(0o600);
    // One self-contained file: no -wal or -shm beside it.
    expect(readdirSync(join(dir, BACKUP_FOLDER))).toEqual([name]);
  });

  it('no backup for a new database or an open that migrates nothing', async () => {
    const dir = dataDir();
    await (await start(dir)).s.close();
    services = undefined;
    await start(dir);
    expect(backups(dir)).toEqual([]);
  });

  it('daily: at start when the newest backup is a day old, not again the same day', async () => {
    const dir = dataDir();
    const first = await start(dir);
    await ok(first.dispatch('backups.create', {}));
    await first.s.close();
    services = undefined;
    // A day later (the backup's time is in its name): the start takes a daily backup.
    const [manual] = backups(dir);
    const dayOld = manual!.replace(/^paydesk-(\d{4})-/, (_m, y: string) => `paydesk-${Number(y) - 1}-`);
    renameSync(join(dir, BACKUP_FOLDER, manual!), join(dir, BACKUP_FOLDER, dayOld));
    const second = await start(dir, true);
    await second.s.backups.close();
    expect(backups(dir).filter((n) => n.endsWith('-daily.sqlite'))).toHaveLength(1);
    await second.s.close();
    services = undefined;
    await start(dir, true);
    await services!.backups.close();
    expect(backups(dir).filter((n) => n.endsWith('-daily.sqlite'))).toHaveLength(1);
  });

  it('are kept for the configured number of days, the newest always', async () => {
    const dir = dataDir();
    const { s, dispatch } = await start(dir);
    for (let i = 0; i < 3; i += 1) await ok(dispatch('backups.create', {}));
    const names = backups(dir).sort();
    // Make the first two 30 and 10 days old (by name: that is what retention reads).
    const aged = (name: string, days: number) => {
      const at = new Date(Date.now() - days * 86_400_000).toISOString().replace(/[:.]/g, '-');
      const renamed = name.replace(/^paydesk-[^Z]+Z/, `paydesk-${at}`);
      renameSync(join(dir, BACKUP_FOLDER, name), join(dir, BACKUP_FOLDER, renamed));
      return renamed;
    };
    const old = aged(names[0]!, 30);
    const recent = aged(names[1]!, 10);
    expect(s.settings.get().backupRetentionDays).toBe(14);
    await ok(dispatch('backups.create', {}));
    expect(backups(dir)).not.toContain(old);
    expect(backups(dir)).toContain(recent);
    await ok(dispatch('settings.update', { backupRetentionDays: 5 }));
    expect(backups(dir)).not.toContain(recent);
    // Everything older than the retention goes, but never the newest backup.
    const list = await ok<BackupInfo[]>(dispatch('backups.list', {}));
    expect(list.length).toBeGreaterThan(0);
    expect(list[0]!.createdAt >= list[list.length - 1]!.createdAt).toBe(true);
  });
});

describe('restore', () => {
  it('verifies, keeps the replaced database as a backup, restores and audits', async () => {
    const dir = dataDir();
    const { s, dispatch } = await start(dir);
    s.settings.update({ idleLockMinutes: 21 }, { id: null, name: 'ana' });
    const backup = await ok<BackupInfo>(dispatch('backups.create', {}));
    s.settings.update({ idleLockMinutes: 22 }, { id: null, name: 'ana' });
    const result = await ok<RestoreResult>(dispatch('backups.restore', { name: backup.name }));
    expect(result.restored).toBe(backup.name);
    expect(result.auditEventsVerified).toBeGreaterThan(0);
    // The live services see the restored data at once.
    expect(s.settings.get().idleLockMinutes).toBe(21);
    expect(s.audit.verify().intact).toBe(true);
    const [restored] = s.audit.list({ action: 'backup.restored', limit: 1 });
    expect(restored?.details).toMatchObject({ backup: backup.name, replacedKeptAs: result.replacedKeptAs });
    // The replaced database is a backup, holding what the restore replaced and the audit event announcing it.
    const replaced = readOnly(join(dir, BACKUP_FOLDER, result.replacedKeptAs));
    expect(replaced.prepare("SELECT value FROM settings WHERE key = 'idleLockMinutes'").get()).toEqual({ value: '22' });
    expect(replaced.prepare("SELECT count(*) AS n FROM audit_events WHERE action = 'backup.restoring'").get()).toEqual({ n: 1 });
  });

  it('refuses a backup whose audit trail does not verify, or that is damaged, changes nothing and audits the refusal', async () => {
    const dir = dataDir();
    const { s, dispatch } = await start(dir);
    s.settings.update({ idleLockMinutes: 23 }, { id: null, name: 'ana' });
    const backup = await ok<BackupInfo>(dispatch('backups.create', {}));
    // Edit the backup's audit trail around its triggers, as someone covering their tracks would.
    const file = join(dir, BACKUP_FOLDER, backup.name);
    const raw = new Database(file);
    raw.exec('DROP TRIGGER audit_events_no_update');
    raw.prepare("UPDATE audit_events SET actor = 'someone else' WHERE seq = 1").run();
    raw.close();
    s.settings.update({ idleLockMinutes: 24 }, { id: null, name: 'ana' });
    const refused = await dispatch('backups.restore', { name: backup.name });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    if (refused.ok) throw new Error('unreachable');
    expect(refused.error.message).toMatch(/did not restore .*audit trail does not verify.*The current database was not changed/);
    expect(s.settings.get().idleLockMinutes).toBe(24);
    expect(s.audit.list({ action: 'backup.restore_refused' })).toHaveLength(1);

    const missing = await dispatch('backups.restore', { name: '../paydesk.sqlite' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const unknown = await dispatch('backups.restore', { name: 'paydesk-2020-01-01T00-00-00-000Z-manual.sqlite' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('keeps the send state of payouts handed to the sender after the backup: never sent twice', async () => {
    const dir = dataDir();
    const secrets = new Map<string, SecretFields>();
    const keychain: CredentialStore = {
      save: async (id, fields) => void secrets.set(id, fields),
      load: async (id) => secrets.get(id) ?? null,
      remove: async (id) => secrets.delete(id),
      status: async () => ({ available: true, message: null }),
    };
    services = await createServices({
      dataDir: dir,
      host: 'browser',
      version: 'test',
      credentials: keychain,
      dailyBackups: false,
      http: { timeoutMs: 500, sleep: async () => undefined, random: () => 0 },
      payouts: { poller: false, settleMs: 0, sleep: async () => undefined },
    });
    const s = services;
    const dispatch = createDispatcher(createHandlers(s), { error: () => undefined });
    const sim = await providerModule('talentir').startSimulator({ seed: 3, payouts: 2, logLimit: 0 });
    cleanups.push(() => void sim.close());
    const connection = await s.connections.add({
      provider: 'talentir',
      label: 'Restore test',
      environment: 'custom',
      baseUrl: sim.baseUrl,
      authMode: 'bearer',
      credentials: { apiKey: sim.credentials.secrets.apiKey! },
    });
    await seedTeam(s);
    as(s, 'maker');
    const draft = await s.payoutWorkflow.drafts.create({
      connectionId: connection.id,
      recipient: { email: 'jane@example.com', name: 'Jane' },
      amount: '12.50',
      currency: 'EUR',
      description: 'Fee',
    });
    as(s, 'checker');
    await s.payoutWorkflow.approvals.approve([draft.id]);
    as(s, 'admin');
    const backup = await ok<BackupInfo>(dispatch('backups.create', {}));
    // Sent after the backup was made: the backup still knows it as approved and not handed over.
    as(s, 'maker');
    const sent = await s.payoutWorkflow.sender.send([draft.id]);
    as(s, 'admin');
    expect(sent.results[0]!.status).not.toBe('approved');
    expect(sim.payoutCount()).toBe(3);
    const outboxBefore = s.payoutWorkflow.ctx.store.outbox(draft.id)!;
    const result = await ok<RestoreResult>(dispatch('backups.restore', { name: backup.name }));
    expect(result.sendStateCarriedOver).toBe(1);
    const row = s.payoutWorkflow.ctx.store.payout(draft.id)!;
    expect(['approved', 'draft']).not.toContain(row.status);
    expect(s.payoutWorkflow.ctx.store.outbox(draft.id)?.client_reference).toBe(outboxBefore.client_reference);
    // Sending it again is refused: the provider still holds exactly one payout for it.
    const again = await s.payoutWorkflow.sender.send([draft.id]);
    expect(again.results[0]!.message).toMatch(/sent only once|already being sent/);
    await s.payoutWorkflow.reconcile([draft.id]);
    expect(sim.payoutCount()).toBe(3);
  });
});
