import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src-main/errors';
import { currentSchemaVersion, DATABASE_FILE, migrate, openDatabase } from '../../src-main/storage/database';
import { latestSchemaVersion, migrations } from '../../src-main/storage/migrations';
import { tempDataDir } from '../helpers/temp-dir';

let cleanups: Array<() => void> = [];
afterEach(() => {
  cleanups.forEach((c) => c());
  cleanups = [];
});
function dataDir() {
  const t = tempDataDir();
  cleanups.push(t.cleanup);
  return t.dir;
}

/** The whole schema as SQLite keeps it, white space folded: what a changed shipped migration would alter. */
const schema = (db: Database.Database) =>
  (
    db
      .prepare("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type, name")
      .all() as Array<{
      type: string;
      name: string;
      sql: string;
    }>
  )
    .map((r) => `-- ${r.type} ${r.name}\n${r.sql.replace(/\s+/g, ' ').trim()};`)
    .join('\n');

const tables = (db: Database.Database) =>
  (
    db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table','index','trigger') ORDER BY name").all() as Array<{ name: string }>
  ).map((r) => r.name);

describe('migrations', () => {
  it('are numbered in increasing order, each number once (numbers are handed out per branch, so a gap can wait for its merge)', () => {
    const versions = migrations.map((m) => m.version);
    expect(versions[0]).toBe(1);
    expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
  });

  it('bring an empty database to the latest version with WAL and foreign keys', () => {
    const db = openDatabase({ dataDir: dataDir() });
    expect(currentSchemaVersion(db)).toBe(latestSchemaVersion);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(tables(db)).toEqual(expect.arrayContaining(['payouts', 'payouts_fts', 'audit_events', 'audit_events_no_update', 'sync_state']));
    db.close();
  });

  it.each(migrations.slice(0, -1).map((m) => m.version))(
    'upgrade from version %i keeps existing data and matches a fresh schema',
    (from) => {
      const dir = dataDir();
      const old = openDatabase({ dataDir: dir, targetVersion: from });
      expect(currentSchemaVersion(old)).toBe(from);
      old
        .prepare(
          `INSERT INTO connections (id, provider, label, environment, base_url, auth_mode, public_fields, credential_hint, is_demo, created_at, updated_at)
           VALUES ('c1','dots','Dots','sandbox','https://x','basic','{}',NULL,0,'2026-01-01','2026-01-01')`,
        )
        .run();
      old.close();

      const upgraded = openDatabase({ dataDir: dir });
      expect(currentSchemaVersion(upgraded)).toBe(latestSchemaVersion);
      expect(upgraded.prepare('SELECT label FROM connections WHERE id = ?').get('c1')).toEqual({ label: 'Dots' });
      const fresh = openDatabase({ dataDir: dataDir() });
      expect(schema(upgraded)).toEqual(schema(fresh));
      upgraded.close();
      fresh.close();
    },
  );

  it('the schema matches its snapshot (a shipped migration that changes fails here; update the snapshot only with a new migration)', async () => {
    const db = openDatabase({ dataDir: dataDir() });
    await expect(`${schema(db)}\n`).toMatchFileSnapshot('./__snapshots__/schema.sql');
    db.close();
  });

  it('a failing migration leaves the database at the previous version', () => {
    const db = new Database(':memory:');
    const broken = [
      ...migrations.slice(0, 1),
      { version: 2, name: 'broken', sql: 'CREATE TABLE t (a INTEGER); INSERT INTO nope VALUES (1);' },
    ];
    expect(() => migrate(db, Infinity, broken)).toThrow();
    expect(currentSchemaVersion(db)).toBe(1);
    expect(tables(db)).not.toContain('t');
  });

  it('refuses a database written by a newer Paydesk', () => {
    const dir = dataDir();
    const db = openDatabase({ dataDir: dir });
    db.prepare("INSERT INTO schema_migrations VALUES (999, 'future', '2030-01-01')").run();
    db.close();
    expect(() => openDatabase({ dataDir: dir })).toThrow(/newer Paydesk/);
  });

  it('explains an unreadable file and leaves it untouched', () => {
    const dir = dataDir();
    const garbage = 'this is not a database '.repeat(200);
    writeFileSync(join(dir, DATABASE_FILE), garbage);
    let error: unknown;
    try {
      openDatabase({ dataDir: dir });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('DATABASE');
    expect((error as AppError).message).toMatch(/damaged or is not a Paydesk database/);
  });

  it('explains a database locked by another program', () => {
    const dir = dataDir();
    openDatabase({ dataDir: dir, targetVersion: 1 }).close();
    const holder = new Database(join(dir, DATABASE_FILE));
    holder.exec('BEGIN EXCLUSIVE');
    try {
      expect(() => openDatabase({ dataDir: dir })).toThrow(/Another program .* holds the database/);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    // Nothing was migrated while locked: the upgrade happens on the next open.
    const db = openDatabase({ dataDir: dir });
    expect(currentSchemaVersion(db)).toBe(latestSchemaVersion);
    db.close();
  });
});
