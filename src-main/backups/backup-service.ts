/**
 * Backups of the workspace database in <dataDir>/backups/ (0700, files 0600): one before every migration that
 * changes an existing database (backupBeforeMigration, called by openDatabase), one a day (at start when the newest
 * is older than a day, and on an hourly check), on request, and one of the database a restore replaces. Kept for
 * the number of days in Settings (default 14); the newest is always kept.
 *
 * A restore takes a backup only after it passes PRAGMA integrity_check, carries Paydesk's application_id, is not
 * from a newer Paydesk, and its audit trail verifies (AuditLog.verify on the backup opened read-only). The database
 * it replaces is kept as a backup first. The copy is made with SQLite's backup API into the live database file, so
 * the running services see the restored data at once; payouts that the replaced database had handed to the sender
 * keep that send state, so a restore can never make a payout look unsent. Each restore (and each refusal) is audited.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { BackupInfo, BackupKind, RestoreResult } from '@shared/contract/model';
import type { AnchorState } from '../audit/anchor';
import { AuditLog } from '../audit/audit-log';
import { AppError } from '../errors';
import type { AppLog } from '../logging/app-log';
import { errorFields } from '../logging/app-log';
import { PRIVATE_DIR_MODE, makePrivate } from '../startup/data-dir';
import { AuditStore, type Actor } from '../storage/audit-store';
import {
  carryOverSendState,
  copyInto,
  inspectBackup,
  isPaydeskFile,
  onlineBackup,
  openReadOnly,
  snapshotNow,
} from '../storage/backup-store';
import { DATABASE_FILE, migrate, type Db } from '../storage/database';
import { latestSchemaVersion } from '../storage/migrations';
import type { SettingsRepository } from '../storage/settings-store';

export const BACKUP_FOLDER = 'backups';
const DAY_MS = 86_400_000;
const CHECK_EVERY_MS = 3_600_000;
const BACKUP_NAME = /^paydesk-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z)-(daily|pre-migration|pre-restore|manual)\.sqlite$/;

export const backupFolder = (dataDir: string) => join(dataDir, BACKUP_FOLDER);

function ensureFolder(dataDir: string): string {
  const folder = backupFolder(dataDir);
  mkdirSync(folder, { recursive: true, mode: PRIVATE_DIR_MODE });
  return folder;
}

function backupName(at: Date, kind: BackupKind): string {
  return `paydesk-${at.toISOString().replace(/[:.]/g, '-')}-${kind}.sqlite`;
}

function parseName(name: string): { createdAt: string; kind: BackupKind } | null {
  const match = BACKUP_NAME.exec(name);
  if (!match) return null;
  const [date, time] = match[1]!.split('T');
  const [h, m, s, ms] = time!.replace(/Z$/, '').split('-');
  return { createdAt: `${date}T${h}:${m}:${s}.${ms}Z`, kind: match[2] as BackupKind };
}

/** The backup openDatabase takes before migrating an existing database (synchronous: VACUUM INTO). */
export function backupBeforeMigration(dataDir: string, now: () => Date = () => new Date()) {
  return (db: Db): void => {
    const folder = ensureFolder(dataDir);
    const name = backupName(now(), 'pre-migration');
    const partial = join(folder, `${name}.partial`);
    snapshotNow(db, partial);
    renameSync(partial, join(folder, name));
  };
}

export interface BackupServiceDeps {
  db: Db;
  dataDir: string;
  audit: AuditLog;
  settings: SettingsRepository;
  actor: () => Actor;
  log: AppLog;
  now?: () => Date;
  nativeBinding?: string;
  /** Why a restore cannot run now (a sync or send in progress), or null. */
  busy: () => string | null;
  /** After a restore: drop what the services hold from the replaced database, follow up carried-over sends. */
  restored: (carriedOver: number[]) => void;
  /**
   * The audit trail's anchor (src-main/audit/anchor.ts): how to verify a backup's trail with the workspace key, and
   * moving the chain head kept in the keychain to the restored trail's end (a restore shortens the trail on purpose).
   */
  anchor?: { forBackup(): AnchorState; rebase(): Promise<{ seq: number; hash: string } | null> };
}

export class BackupService {
  readonly folder: string;
  private readonly now: () => Date;
  private timer: ReturnType<typeof setInterval> | null = null;
  private running: Promise<unknown> | null = null;
  private closed = false;

  constructor(private readonly deps: BackupServiceDeps) {
    this.folder = ensureFolder(deps.dataDir);
    this.now = deps.now ?? (() => new Date());
  }

  list(): BackupInfo[] {
    const out: BackupInfo[] = [];
    for (const name of readdirSync(this.folder)) {
      const parsed = parseName(name);
      if (!parsed) continue;
      const size = statSync(join(this.folder, name), { throwIfNoEntry: false })?.size;
      if (size === undefined) continue;
      out.push({ name, kind: parsed.kind, createdAt: parsed.createdAt, sizeBytes: size });
    }
    return out.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  }

  /** A backup now (online, the app keeps working); written under a temporary name and renamed when complete. */
  async create(kind: BackupKind): Promise<BackupInfo> {
    const run = this.serialised(async () => {
      const at = this.now();
      const name = backupName(at, kind);
      const partial = join(this.folder, `${name}.partial`);
      await onlineBackup(this.deps.db, partial);
      renameSync(partial, join(this.folder, name));
      const info: BackupInfo = { name, kind, createdAt: at.toISOString(), sizeBytes: statSync(join(this.folder, name)).size };
      this.deps.log.info('backup created', { backup: name, kind, sizeBytes: info.sizeBytes });
      if (kind === 'manual') {
        this.deps.audit.append({ actor: this.deps.actor(), action: 'backup.created', subject: 'database', details: { backup: name } });
      }
      this.prune();
      return info;
    });
    return run;
  }

  /** Removes backups older than the retention (Settings), always keeping the newest one. */
  prune(): string[] {
    const days = this.deps.settings.get().backupRetentionDays;
    const cutoff = this.now().getTime() - days * DAY_MS;
    const [newest, ...older] = this.list();
    const removed: string[] = [];
    for (const backup of older) {
      if (Date.parse(backup.createdAt) >= cutoff) continue;
      rmSync(join(this.folder, backup.name), { force: true });
      removed.push(backup.name);
    }
    if (removed.length) this.deps.log.info('old backups removed', { removed, keptNewest: newest?.name ?? null, retentionDays: days });
    return removed;
  }

  /** Whether the newest backup is older than a day (or there is none). */
  dailyDue(): boolean {
    const newest = this.list()[0];
    return !newest || this.now().getTime() - Date.parse(newest.createdAt) >= DAY_MS;
  }

  /** The daily backup now if it is due, then an hourly look; failures are logged, never thrown at the app. */
  startSchedule(options: { atStart: boolean }): void {
    const check = () => {
      if (this.closed || !this.dailyDue()) return;
      this.create('daily').catch((error: unknown) => this.deps.log.error('daily backup failed', errorFields(error)));
    };
    if (options.atStart) check();
    this.timer = setInterval(check, CHECK_EVERY_MS);
    this.timer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Replaces the live database with a verified backup (see the file's comment). */
  async restore(name: string): Promise<RestoreResult> {
    return this.serialised(async () => {
      const actor = this.deps.actor();
      const file = this.resolve(name);
      const busy = this.deps.busy();
      if (busy) throw new AppError('CONFLICT', `Cannot restore now: ${busy} Wait until it has finished, then restore again.`);
      const refuse = (reason: string): never => {
        this.deps.audit.append({ actor, action: 'backup.restore_refused', subject: 'database', details: { backup: name, reason } });
        this.deps.log.warn('restore refused', { backup: name, reason });
        throw new AppError('CONFLICT', `Paydesk did not restore ${name}: ${reason} The current database was not changed.`);
      };
      let verified = 0;
      let source: Db;
      try {
        source = openReadOnly(file, this.deps.nativeBinding);
      } catch (error) {
        return refuse(`the backup cannot be opened (${error instanceof Error ? error.message : String(error)}).`);
      }
      try {
        let inspection;
        try {
          inspection = inspectBackup(source);
        } catch (error) {
          return refuse(`the backup cannot be read (${error instanceof Error ? error.message : String(error)}).`);
        }
        if (!isPaydeskFile(inspection)) return refuse('the file is not a Paydesk database.');
        if (inspection.integrity.length !== 1 || inspection.integrity[0] !== 'ok') {
          return refuse(`its integrity check failed (${inspection.integrity.slice(0, 2).join('; ')}).`);
        }
        if (inspection.schemaVersion > latestSchemaVersion) return refuse('it was written by a newer Paydesk.');
        const forBackup = this.deps.anchor?.forBackup();
        const verification = new AuditLog(new AuditStore(source), forBackup ? () => forBackup : undefined).verify();
        if (!verification.intact) return refuse(`its audit trail does not verify (${verification.reason ?? 'broken'}).`);
        verified = verification.checked;

        this.deps.audit.append({
          actor,
          action: 'backup.restoring',
          subject: 'database',
          details: { backup: name, auditEventsVerified: verified },
        });
        const replaced = backupName(this.now(), 'pre-restore');
        const replacedPath = join(this.folder, `${replaced}.partial`);
        await onlineBackup(this.deps.db, replacedPath);
        renameSync(replacedPath, join(this.folder, replaced));

        await copyInto(source, join(this.deps.dataDir, DATABASE_FILE));
        source.close();
        migrate(this.deps.db);
        // The head in the keychain still names the replaced trail's last event; the restore is audited with both.
        const previousHead = (await this.deps.anchor?.rebase()) ?? null;
        const carried = carryOverSendState(
          this.deps.db,
          join(this.folder, replaced),
          `Handed to the sender after backup ${name} was made: Paydesk kept its send state across the restore and checks it by its reference; it is never sent twice.`,
          this.now().toISOString(),
        );
        this.deps.audit.append({
          actor,
          action: 'backup.restored',
          subject: 'database',
          details: { backup: name, replacedKeptAs: replaced, auditEventsVerified: verified, sendStateCarriedOver: carried, previousHead },
        });
        this.deps.log.info('backup restored', { backup: name, replacedKeptAs: replaced, carriedOver: carried.length });
        this.deps.restored(carried);
        return { restored: name, replacedKeptAs: replaced, auditEventsVerified: verified, sendStateCarriedOver: carried.length };
      } finally {
        if (source.open) source.close();
      }
    });
  }

  private resolve(name: string): string {
    if (basename(name) !== name || !parseName(name))
      throw new AppError('INVALID_INPUT', 'Not the name of a Paydesk backup.', { name: 'Unknown backup.' });
    const file = join(this.folder, name);
    if (!statSync(file, { throwIfNoEntry: false })?.isFile()) throw new AppError('NOT_FOUND', `There is no backup named ${name}.`);
    makePrivate(file);
    return file;
  }

  /** One backup or restore at a time. */
  private serialised<T>(task: () => Promise<T>): Promise<T> {
    const previous = this.running ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(task);
    this.running = next.catch(() => undefined);
    return next;
  }
}
