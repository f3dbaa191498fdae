import type { Migration } from './migration';

/**
 * Indexes for the screens at a million payouts (issue 12, bench/screens.ts):
 * - creators_person: a person's creators by the key the Creators screen groups them under (the expression of
 *   PERSON_KEY in src-main/storage/insights-queries.ts, which must stay the same text for SQLite to use it);
 * - payouts_status_amount: one status sorted by amount, as a range scan in the sort's order (payout-repository.ts).
 */
export const migration: Migration = {
  version: 12,
  name: 'indexes for the person key of creators and for one status sorted by amount',
  sql: `
    CREATE INDEX creators_person ON creators(coalesce(person_key, 'email:' || lower(trim(email)), 'handle:' || lower(trim(handle)), 'creator:' || id));
    CREATE INDEX payouts_status_amount ON payouts(status, amount_minor, id);
  `,
};
