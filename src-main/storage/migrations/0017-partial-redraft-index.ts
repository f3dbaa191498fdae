import type { Migration } from './migration';

/**
 * payouts_redraft_of (migration 12) serves only the child side of payouts.redraft_of (ON DELETE SET NULL: the redrafts
 * of a deleted payout). Almost every payout is no redraft, yet each held an entry (NULL) in it, written by every sync
 * insert. Partial, it holds only the redrafts; SQLite still uses it for the foreign key's lookups (`redraft_of = ?`
 * implies IS NOT NULL): one index fewer on the sync's write path (docs/performance.md, "Ingest").
 */
export const migration: Migration = {
  version: 17,
  name: 'the redraft index holds only redrafts',
  sql: `
    DROP INDEX payouts_redraft_of;
    CREATE INDEX payouts_redraft_of ON payouts(redraft_of) WHERE redraft_of IS NOT NULL;
  `,
};
