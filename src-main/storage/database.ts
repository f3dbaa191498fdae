import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../errors';
import { migrations, type Migration } from './migrations';

export type Db = Database.Database;

export interface OpenDatabaseOptions {
  /** Directory that holds paydesk.sqlite: Electron's userData, or a temp dir in tests and the browser host. */
  dataDir: string;
  /** Stop at this schema version (tests of upgrades from every earlier version). */
  targetVersion?: number;
  /** better-sqlite3 compiled for Electron's ABI (see scripts/rebuild-electron.mjs); Node uses node_modules' build. */
  nativeBinding?: string;
}

export const DATABASE_FILE = 'paydesk.sqlite';

/**
 * Opens (creating if needed) the Paydesk database with WAL and foreign keys, and migrates it.
 * Failures become a DATABASE AppError whose message tells the user what to do; nothing is half-migrated
 * because every migration runs in its own transaction.
 */
export function openDatabase(options: OpenDatabaseOptions): Db {
  const file = join(options.dataDir, DATABASE_FILE);
  let db: Db;
  try {
    mkdirSync(options.dataDir, { recursive: true });
    db = new Database(file, { timeout: 2000, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 2000');
    // Reading the schema forces SQLite to look at the file: a corrupt or foreign file fails here, not later.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    throw databaseError(file, error);
  }
  try {
    migrate(db, options.targetVersion);
  } catch (error) {
    db.close();
    throw databaseError(file, error);
  }
  return db;
}

function databaseError(file: string, error: unknown): AppError {
  const detail = error instanceof Error ? error.message : String(error);
  let hint = 'Check that the file is a Paydesk database and that you may read and write it.';
  if (/locked|busy/i.test(detail)) hint = 'Another program (or another Paydesk window) holds the database. Close it and try again.';
  else if (/not a database|malformed|corrupt/i.test(detail))
    hint = 'The file is damaged or is not a Paydesk database. Restore it from a backup or move it aside.';
  else if (/readonly|permission|EACCES|unable to open/i.test(detail)) hint = 'Paydesk may not write to this folder. Check its permissions.';
  return new AppError('DATABASE', `Cannot open the database at ${file}: ${detail}. ${hint}`);
}

export function currentSchemaVersion(db: Db): number {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_migrations'").get();
  if (!table) return 0;
  const row = db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}

export function migrate(db: Db, targetVersion = Number.POSITIVE_INFINITY, list: Migration[] = migrations): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
  const from = currentSchemaVersion(db);
  const known = list[list.length - 1]?.version ?? 0;
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
