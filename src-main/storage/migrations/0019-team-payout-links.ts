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
    -- The team payouts still waiting for their creator or campaign here: few, and looked up after every page of the
    -- team's provider cache, so without reading the provider's history (the condition is the replica's query's).
    CREATE INDEX payouts_team_unlinked ON payouts(connection_id)
      WHERE (creator_id IS NULL AND creator_remote_id IS NOT NULL) OR (campaign_id IS NULL AND campaign_remote_id IS NOT NULL);
  `,
};
