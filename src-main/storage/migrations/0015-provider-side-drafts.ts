import type { Migration } from './migration';

export const migration: Migration = {
  version: 15,
  name: 'provider-side drafts: a draft the provider holds (never ours) is status provider_draft, out of our approval queue',
  sql: `
    -- A cached payout in status 'draft' that has a provider id and was never handed to our sender was made at the
    -- provider (its dashboard): it is not ours to approve (docs/decisions/0011-provider-side-drafts.md). Our own drafts
    -- have no provider id until they are sent, and sending moves them out of 'draft' first.
    UPDATE payouts SET status = 'provider_draft'
     WHERE status = 'draft' AND remote_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM payout_outbox o WHERE o.payout_id = payouts.id);
  `,
};
