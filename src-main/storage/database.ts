import Database from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { makePrivate, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../startup/data-dir';
import { StartupError } from '../startup/startup-error';
import { migrations, type Migration } from './migrations';

export type Db = Database.Database;

export interface OpenDatabaseOptions {
  /** Directory that holds paydesk.sqlite: Electron's userData, or a temp dir in tests and the browser host. */
  dataDir: string;
  /** Stop at this schema version (tests of upgrades from every earlier version). */
  targetVersion?: number;
  /** better-sqlite3 compiled for Electron's ABI (see scripts/rebuild-electron.mjs); Node uses node_modules' build. */
  nativeBinding?: string;
  /**
   * Called before migrations change an existing database (schema version > 0 and older than the target), with the
   * open database and the versions: the backup before a migration. If it throws, nothing is migrated.
   */
  beforeMigrate?: (db: Db, from: number, to: number) => void;
}

export const DATABASE_FILE = 'paydesk.sqlite';
/** The companion files SQLite keeps beside the database in WAL mode. */
export const DATABASE_COMPANIONS = ['-wal', '-shm'] as const;
/** PRAGMA application_id of every Paydesk database ("PDSK"): a file without it is not ours. */
export const PAYDESK_APPLICATION_ID = 0x5044534b;
/** Tables only a Paydesk database has together: an old Paydesk file (before application_id) is recognised by them. */
const PAYDESK_TABLES = ['schema_migrations', 'connections', 'audit_events', 'settings'];

type NativeOptions = { nativeBinding?: string };
const native = (options: NativeOptions) => (options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});

/**
 * Opens (creating if needed) the Paydesk database and migrates it, after the checks that keep a bad file from
 * starting silently: the file is looked at read-only first (a foreign SQLite file is refused and left untouched,
 * a damaged one fails PRAGMA quick_check), a read-only file is reported now rather than at the first write, and the
 * file and its -wal/-shm are private (0600). Every failure is a StartupError that says what happened and what to do.
 * Nothing is half-migrated: every migration runs in its own transaction, after the beforeMigrate backup.
 */
export function openDatabase(options: OpenDatabaseOptions): Db {
  const file = join(options.dataDir, DATABASE_FILE);
  try {
    mkdirSync(options.dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  } catch (error) {
    throw databaseError(file, error);
  }
  const existed = existsSync(file) && statSync(file).size > 0;
  if (existed) inspectExisting(file, options);
  else {
    // Created by us with 0600 so that SQLite's -wal and -shm, which copy the database's mode, are private too.
    try {
      closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
    } catch (error) {
      throw databaseError(file, error);
    }
  }

  let db: Db;
  try {
    db = new Database(file, { timeout: 2000, ...native(options) });
  } catch (error) {
    throw databaseError(file, error);
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 2000');
    beginImmediateByDefault(db);
    assertWritable(db, file);
    for (const path of [file, ...DATABASE_COMPANIONS.map((suffix) => file + suffix)]) makePrivate(path);
    if ((db.pragma('application_id', { simple: true }) as number) !== PAYDESK_APPLICATION_ID) {
      db.pragma(`application_id = ${PAYDESK_APPLICATION_ID}`);
    }
  } catch (error) {
    db.close();
    throw error instanceof StartupError ? error : databaseError(file, error);
  }
  try {
    const from = currentSchemaVersion(db);
    const to = Math.min(options.targetVersion ?? Number.POSITIVE_INFINITY, latestVersion(migrations));
    if (options.beforeMigrate && from > 0 && from < to) {
      try {
        options.beforeMigrate(db, from, to);
      } catch (error) {
        throw new StartupError(
          'BACKUP_FAILED',
          `Paydesk must upgrade its database (schema ${from} to ${to}) but could not back it up first, so it did not upgrade it`,
          'Free some disk space (the backup needs about as much as the database) and check that the backups folder may be written, then start Paydesk again.',
          file,
          errorText(error),
        );
      }
    }
    migrate(db, options.targetVersion);
  } catch (error) {
    db.close();
    if (error instanceof StartupError) throw error;
    throw databaseError(file, error, 'MIGRATION_FAILED');
  }
  return db;
}

/**
 * An existing file, opened read-only so that nothing is written to it before it is known to be a healthy Paydesk
 * database: SQLite at all, Paydesk's (application_id, or an older Paydesk's tables), quick_check ok, writable.
 */
function inspectExisting(file: string, options: NativeOptions): void {
  const mode = statSync(file).mode;
  if ((mode & 0o200) === 0) {
    throw new StartupError(
      'DATABASE_READ_ONLY',
      'The Paydesk database file is marked read-only, so nothing could be saved',
      'Make the file writable for your user (for example chmod u+w on it) and start Paydesk again, or restore a writable copy from a backup.',
      file,
    );
  }
  let probe: Db;
  try {
    probe = new Database(file, { readonly: true, fileMustExist: true, timeout: 2000, ...native(options) });
  } catch (error) {
    throw databaseError(file, error);
  }
  try {
    let applicationId: number;
    let tables: string[];
    try {
      applicationId = probe.pragma('application_id', { simple: true }) as number;
      tables = (probe.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((r) => r.name);
    } catch (error) {
      throw databaseError(file, error);
    }
    const ours = applicationId === PAYDESK_APPLICATION_ID || (applicationId === 0 && PAYDESK_TABLES.every((t) => tables.includes(t)));
    const empty = applicationId === 0 && tables.length === 0;
    if (!ours && !empty) {
      throw new StartupError(
        'FOREIGN_DATABASE',
        applicationId === 0
          ? 'The file where Paydesk keeps its database is an SQLite database of another program; Paydesk left it untouched'
          : `The file where Paydesk keeps its database belongs to another program (application id ${applicationId}); Paydesk left it untouched`,
        'Move that file out of the Paydesk data folder (or start Paydesk with another data folder); Paydesk then creates a new database, or restore one of your backups.',
        file,
      );
    }
    let problems: string[];
    try {
      problems = (probe.pragma('quick_check') as Array<{ quick_check: string }>).map((r) => r.quick_check);
    } catch (error) {
      throw databaseError(file, error);
    }
    if (problems.length !== 1 || problems[0] !== 'ok') {
      throw new StartupError(
        'DATABASE_CORRUPT',
        'The Paydesk database is damaged: its integrity check failed, so Paydesk did not open it',
        'Restore the latest backup (in the backups folder of the data folder), or move the damaged file aside to start with an empty database. Keep the damaged file: it may still hold data worth recovering.',
        file,
        // SQLite's report spans lines ("*** in database main ***" then the problems): one line for the message.
        problems.slice(0, 3).join('; ').replace(/\s+/g, ' '),
      );
    }
  } finally {
    probe.close();
  }
}

/** A write lock taken and given back at once: fails on a read-only file or file system, writes nothing. */
function assertWritable(db: Db, file: string): void {
  try {
    db.exec('BEGIN IMMEDIATE');
    db.exec('ROLLBACK');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    if (/readonly|read-only/i.test(errorText(error))) {
      throw new StartupError(
        'DATABASE_READ_ONLY',
        'The Paydesk database can only be read here, so nothing could be saved',
        'Check that the database file and its folder may be written by your user and that the disk is not mounted read-only, then start Paydesk again.',
        file,
        errorText(error),
      );
    }
    throw error;
  }
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

function databaseError(
  file: string,
  error: unknown,
  fallback: 'DATABASE_UNAVAILABLE' | 'MIGRATION_FAILED' = 'DATABASE_UNAVAILABLE',
): StartupError {
  if (error instanceof StartupError) return error;
  const detail = errorText(error);
  if (/newer Paydesk/.test(detail)) {
    return new StartupError(
      'DATABASE_NEWER',
      `Cannot open the database: ${detail}`,
      'Install the latest Paydesk, or restore a backup made by this version.',
      file,
    );
  }
  if (/locked|busy/i.test(detail)) {
    return new StartupError(
      'DATABASE_LOCKED',
      'Cannot open the database',
      'Another program (or another Paydesk window) holds the database. Close it and try again.',
      file,
      detail,
    );
  }
  const code = (error as { code?: unknown }).code;
  if ((typeof code === 'string' && code.startsWith('SQLITE_CORRUPT')) || /malformed|corrupt/i.test(detail)) {
    return new StartupError(
      'DATABASE_CORRUPT',
      'The Paydesk database is damaged, so Paydesk did not open it',
      'Restore the latest backup (in the backups folder of the data folder), or move the damaged file aside to start with an empty database. Keep the damaged file: it may still hold data worth recovering.',
      file,
      detail,
    );
  }
  if (/not a database|file is encrypted/i.test(detail)) {
    return new StartupError(
      'NOT_A_DATABASE',
      'Cannot open the database',
      'The file is damaged or is not a Paydesk database. Restore it from a backup or move it aside; Paydesk left it untouched.',
      file,
      detail,
    );
  }
  if (/readonly|permission|EACCES|EROFS|unable to open/i.test(detail)) {
    return new StartupError(
      'DATABASE_READ_ONLY',
      'Cannot open the database for writing',
      'Paydesk may not write to this folder or file. Check their permissions.',
      file,
      detail,
    );
  }
  return new StartupError(
    fallback,
    fallback === 'MIGRATION_FAILED' ? 'The database upgrade failed and was rolled back' : 'Cannot open the database',
    fallback === 'MIGRATION_FAILED'
      ? 'Nothing was changed. Restore a backup if the problem stays, and report the details below.'
      : 'Check that the file is a Paydesk database and that you may read and write it.',
    file,
    detail,
  );
}

const latestVersion = (list: Migration[]) => list[list.length - 1]?.version ?? 0;

export function currentSchemaVersion(db: Db): number {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_migrations'").get();
  if (!table) return 0;
  const row = db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}

/** The version the next open would migrate to, for callers that decide whether a backup is due. */
export function pendingMigrations(db: Db, targetVersion = Number.POSITIVE_INFINITY): number {
  const from = currentSchemaVersion(db);
  return migrations.filter((m) => m.version > from && m.version <= targetVersion).length;
}

export function migrate(db: Db, targetVersion = Number.POSITIVE_INFINITY, list: Migration[] = migrations): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
  const from = currentSchemaVersion(db);
  const known = latestVersion(list);
  if (from > known) {
    throw new Error(`the database was written by a newer Paydesk (schema ${from}, this version knows ${known}); update Paydesk`);
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of list) {
    if (migration.version <= from || migration.version > targetVersion) continue;
    const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
    if (migration.rebuildsReferencedTable) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(migration.sql);
        if (migration.rebuildsReferencedTable) {
          const broken = db.pragma('foreign_key_check') as unknown[];
          if (broken.length) throw new Error(`migration ${migration.version} would leave ${broken.length} broken references`);
        }
        record.run(migration.version, migration.name, new Date().toISOString());
      })();
    } finally {
      if (migration.rebuildsReferencedTable) db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
    }
  }
  return currentSchemaVersion(db);
}

/**
 * Every transaction of this connection begins IMMEDIATE. Two connections write the database file: this one (the
 * workflow, the audit trail) and the sync's worker (src-main/workers/cache-writer-worker.ts). A deferred transaction
 * that reads before it writes fails at once with SQLITE_BUSY_SNAPSHOT when the other connection committed in between
 * (the busy timeout does not apply to that); an IMMEDIATE one takes the write lock first and waits for it. So an
 * approval or a send made during a sync waits a moment instead of failing. Nested calls stay savepoints.
 */
function beginImmediateByDefault(db: Db): void {
  const transaction = db.transaction.bind(db);
  db.transaction = ((fn: (...args: never[]) => unknown) => {
    const t = transaction(fn);
    const run = ((...args: never[]) => t.immediate(...args)) as unknown as typeof t;
    run.default = t.immediate;
    run.deferred = t.deferred;
    run.immediate = t.immediate;
    run.exclusive = t.exclusive;
    return run;
  }) as Db['transaction'];
}
