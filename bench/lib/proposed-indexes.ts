/**
 * Indexes the benchmarks need that no migration has yet: the lead adds them as a migration (same names, so once it
 * exists these statements are no-ops). The four *_sort indexes let SQLite walk a sort of the payouts table in keyset
 * order (sort value, id) instead of sorting every payout for the first page.
 */
import type { Db } from '../../src-main/storage/database';

export const PROPOSED_INDEXES_SQL = [
  // sort by creator: the same expression as SORT_EXPRESSIONS.creator in payout-repository.ts
  "CREATE INDEX IF NOT EXISTS payouts_creator_sort ON payouts(coalesce(recipient_name, recipient_email, recipient_handle, ''), id)",
  // sort by status / currency / connection: ties are broken by id, which (x, created_at, id) cannot serve
  'CREATE INDEX IF NOT EXISTS payouts_status_sort ON payouts(status, id)',
  'CREATE INDEX IF NOT EXISTS payouts_currency_sort ON payouts(currency, id)',
  'CREATE INDEX IF NOT EXISTS payouts_connection_sort ON payouts(connection_id, id)',
  // amount range under the date sort: the matches' dates come from the index, not from their rows (PayoutRepository
  // uses it when present: 1–4 ms instead of 10–40 ms for ranges matching 2,000–20,000 of a million payouts)
  'CREATE INDEX IF NOT EXISTS payouts_amount_created ON payouts(amount_minor, created_at)',
  // creators.list (filter picker, Creators screen) sorts all creators by name without it: 8–17 ms → 0.4–1 ms at 20,000
  'CREATE INDEX IF NOT EXISTS creators_name_nocase ON creators(name COLLATE NOCASE, id)',
  // attention.list's "expiring" query (src-main/payouts/tracking.ts) reads every payout without it (~0.4 s at a
  // million, on every app start); with it the query's OR is two index lookups (0.2 ms)
  "CREATE INDEX IF NOT EXISTS payouts_expiry_requested ON payouts(provider_status) WHERE provider_status IN ('ExpiryRequested')",
];

/** Applies the proposed indexes unless BENCH_NO_PROPOSED_INDEXES is set (to measure without them). */
export function applyProposedIndexes(db: Db): boolean {
  if (process.env.BENCH_NO_PROPOSED_INDEXES) return false;
  for (const sql of PROPOSED_INDEXES_SQL) db.exec(sql);
  return true;
}
