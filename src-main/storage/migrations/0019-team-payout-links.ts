import type { Migration } from './migration';

export const migration: Migration = {
  version: 19,
  name: 'team payouts name their creator and campaign by the provider’s ids',
  sql: `
    -- On a team desktop a team payout's creator and campaign are found by the provider's ids the team database keeps
    -- (its migration 4), because each desktop numbers its own creators and campaigns: kept here so that a creator
    -- that reaches this desktop after the payout is linked then (src-main/storage/postgres/replica-store.ts).
    ALTER TABLE payouts ADD COLUMN creator_remote_id TEXT;
    ALTER TABLE payouts ADD COLUMN campaign_remote_id TEXT;
  `,
};
