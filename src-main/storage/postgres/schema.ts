/**
 * Creates and migrates the team schema, and tells a Paydesk team database from anything else: a schema newer than
 * this Paydesk is refused (it would not understand it), and a database that already holds tables without Paydesk's
 * migrations table is refused as "a database of another application" (nothing is created in it).
 */
import type pg from 'pg';
import { AppError } from '../../errors';
import { PG_SCHEMA_VERSION, pgMigrations } from './migrations';

export type SchemaState = { kind: 'empty' } | { kind: 'paydesk'; version: number } | { kind: 'foreign'; tables: string[] };

type Queryable = Pick<pg.ClientBase, 'query'>;

/** What the database holds now (readable by any login). */
export async function inspectSchema(client: Queryable): Promise<SchemaState> {
  const marker = await client.query<{ found: boolean }>("SELECT to_regclass('paydesk.paydesk_schema_migrations') IS NOT NULL AS found");
  if (marker.rows[0]?.found) {
    const v = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM paydesk.paydesk_schema_migrations');
    return { kind: 'paydesk', version: v.rows[0]?.version ?? 0 };
  }
  const tables = await client.query<{ name: string }>(
    `SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
     WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1 LIMIT 5`,
  );
  return tables.rows.length ? { kind: 'foreign', tables: tables.rows.map((r) => r.name) } : { kind: 'empty' };
}

/** Refuses what this Paydesk cannot use; returns the version found. */
export function checkSchema(state: SchemaState, options: { allowEmpty: boolean }): number {
  if (state.kind === 'foreign') {
    throw new AppError(
      'INVALID_INPUT',
      `This database belongs to another application (it has tables such as ${state.tables.join(', ')} but no Paydesk schema). Paydesk changed nothing in it; create an empty database for the team workspace.`,
    );
  }
  if (state.kind === 'empty') {
    if (options.allowEmpty) return 0;
    throw new AppError(
      'INVALID_INPUT',
      'This database has no Paydesk team schema yet. The database’s administrator creates it with “Set up the team database” on the team sign-in screen.',
    );
  }
  if (state.version > PG_SCHEMA_VERSION) {
    throw new AppError(
      'CONFLICT',
      `This team database was set up by a newer Paydesk (schema ${state.version}; this Paydesk knows up to ${PG_SCHEMA_VERSION}). Update Paydesk on this computer; nothing was changed.`,
    );
  }
  return state.version;
}

/**
 * Applies the missing migrations, each in its own transaction with its record, under an advisory lock (two admins
 * setting up at once do not interleave). Needs a login that may create roles and schemas (the database's owner or an
 * administrator); operators' logins never run this.
 */
export async function migrateSchema(client: Queryable): Promise<{ from: number; to: number }> {
  await client.query('SELECT pg_advisory_lock(7340013)');
  try {
    const from = checkSchema(await inspectSchema(client), { allowEmpty: true });
    for (const m of pgMigrations.filter((m) => m.version > from)) {
      await client.query('BEGIN');
      try {
        // The first migration lands with the schema and its record table: a failed set-up leaves nothing behind.
        if (m.version === 1) {
          await client.query('CREATE SCHEMA paydesk');
          await client.query(
            'CREATE TABLE paydesk.paydesk_schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
          );
        }
        await client.query(m.sql);
        await client.query('INSERT INTO paydesk.paydesk_schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
    return { from, to: PG_SCHEMA_VERSION };
  } finally {
    await client.query('SELECT pg_advisory_unlock(7340013)');
  }
}
