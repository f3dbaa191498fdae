/**
 * The SQLite side of moving a solo workspace into a team database: the shared tables' rows in batches, in the order
 * the team database takes them (referenced rows first, the audit trail in sequence order).
 */
import type { Db } from '../database';
import { SHARED_TABLES } from './team-queries';

/**
 * What a solo workspace moves into the team database row by row: every shared table but the policy (set through the
 * team's own policy command), the import batches (a call of their own, added after migration 2) and the provider cache
 * (the team's own syncs fill it, migration 4; the solo payouts, history included, move as the team's payouts), nor
 * the payee checks and status regressions (migration 5: a moved payout is past its check, and the team's tracking
 * finds a regression again).
 */
type NotMovedByRow = 'policy' | 'import_batches' | 'provider_items' | 'provider_sync_state' | 'payee_checks' | 'payout_status_regressions';
export type SoloKind = Exclude<(typeof SHARED_TABLES)[number], NotMovedByRow>;
const NOT_MOVED_BY_ROW: readonly string[] = [
  'policy',
  'import_batches',
  'provider_items',
  'provider_sync_state',
  'payee_checks',
  'payout_status_regressions',
] satisfies NotMovedByRow[];
export const SOLO_KINDS: readonly SoloKind[] = SHARED_TABLES.filter((t): t is SoloKind => !NOT_MOVED_BY_ROW.includes(t));

/** The solo workspace's import batches (what the CSV import checks a file against), oldest first. */
export function soloImportBatches(db: Db): Array<Record<string, unknown>> {
  return db.prepare('SELECT * FROM import_batches ORDER BY imported_at, batch_id').all() as Array<Record<string, unknown>>;
}

const ORDER: Record<SoloKind, string> = {
  connections: 'id',
  payouts: 'id',
  payout_tags: 'payout_id, tag',
  payout_approvals: 'id',
  payout_status_history: 'id',
  payout_outbox: 'payout_id',
  payout_send_attempts: 'id',
  audit_events: 'seq',
};

/**
 * Every row of one table, `size` at a time; each row as its columns (what jsonb_populate_recordset reads). Pages are
 * read whole (no statement stays open across the awaits of the caller).
 */
export function* soloRows(db: Db, kind: SoloKind, size = 1_000): Generator<Array<Record<string, unknown>>> {
  // A payout also names its creator and campaign by the provider's ids (team schema migration 4): the ids are this
  // desk's own, and every other desktop finds them by the provider's.
  const statement =
    kind === 'payouts'
      ? db.prepare(
          `SELECT p.*, coalesce(p.creator_remote_id, c.remote_id) AS creator_remote_id, coalesce(p.campaign_remote_id, k.remote_id) AS campaign_remote_id
             FROM payouts p LEFT JOIN creators c ON c.id = p.creator_id LEFT JOIN campaigns k ON k.id = p.campaign_id
             ORDER BY p.id LIMIT ? OFFSET ?`,
        )
      : db.prepare(`SELECT * FROM ${kind} ORDER BY ${ORDER[kind]} LIMIT ? OFFSET ?`);
  for (let offset = 0; ; offset += size) {
    const batch = statement.all(size, offset) as Array<Record<string, unknown>>;
    if (batch.length) yield batch;
    if (batch.length < size) return;
  }
}

export function soloCount(db: Db, kind: SoloKind): number {
  return (db.prepare(`SELECT count(*) AS n FROM ${kind}`).get() as { n: number }).n;
}
