import type { Migration } from './migration';

export const migration: Migration = {
  version: 3,
  name: 'sync state per connection and resource',
  sql: `
    CREATE TABLE sync_state (
      connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
      resource TEXT NOT NULL CHECK (resource IN ('creators','campaigns','payouts')),
      cursor TEXT,
      last_synced_at TEXT,
      last_error TEXT,
      item_count INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (connection_id, resource)
    ) STRICT;
  `,
};
