import type { Migration } from './migration';

/**
 * Indexes for the screens at a million payouts (issue 12, bench/screens.ts):
 * - creators_person: a person's creators by the key the Creators screen groups them under (the expression of
 *   PERSON_KEY in src-main/storage/insights-queries.ts, which must stay the same text for SQLite to use it);
 * - payouts_status_amount: one status sorted by amount, as a range scan in the sort's order (payout-repository.ts);
 * - payouts_redraft_of: the child side of payouts.redraft_of (ON DELETE SET NULL). Without it every deleted payout
 *   (a purge, an import's drafts removed, a deleted draft) scanned all payouts for redrafts of it: deleting 37,000
 *   drafts from a 237,000-payout cache did not finish in ten minutes.
 */
export const migration: Migration = {
  version: 12,
  name: 'indexes for the person key of creators and for one status sorted by amount',
  sql: `
    CREATE INDEX creators_person ON creators(coalesce(person_key, 'email:' || lower(trim(email)), 'handle:' || lower(trim(handle)), 'creator:' || id));
    CREATE INDEX payouts_status_amount ON payouts(status, amount_minor, id);
    CREATE INDEX payouts_redraft_of ON payouts(redraft_of);
  `,
};
