import type { Migration } from './migration';

export const migration: Migration = {
  version: 6,
  name: 'provider knowledge out of the schema: no provider list in SQL, expiry announced by a flag',
  rebuildsReferencedTable: true,
  sql: `
    -- connections without the list of provider ids that migration 1 once checked (the registry checks them now).
    CREATE TABLE connections_v6 (
      id TEXT PRIMARY KEY,
      provider TEXT NOT NULL CHECK (provider <> ''),
      label TEXT NOT NULL,
      environment TEXT NOT NULL CHECK (environment IN ('production','sandbox','simulator','custom')),
      base_url TEXT NOT NULL,
      auth_mode TEXT NOT NULL,
      public_fields TEXT NOT NULL DEFAULT '{}',
      credential_hint TEXT,
      is_demo INTEGER NOT NULL DEFAULT 0,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
    INSERT INTO connections_v6 SELECT id, provider, label, environment, base_url, auth_mode, public_fields, credential_hint, is_demo, created_at, updated_at FROM connections;
    DROP TABLE connections;
    ALTER TABLE connections_v6 RENAME TO connections;

    -- A provider that announces an expiry without a date says so through its mapping; the Attention list reads the flag.
    ALTER TABLE payouts ADD COLUMN expiry_pending INTEGER NOT NULL DEFAULT 0 CHECK (expiry_pending IN (0,1));
    DROP INDEX IF EXISTS payouts_expiry_requested;
    CREATE INDEX payouts_expiry_pending ON payouts(expiry_pending) WHERE expiry_pending = 1;
  `,
};
