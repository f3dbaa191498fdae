import type { Migration } from './migration';

export const migration: Migration = {
  version: 2,
  name: 'offline cache: creators, campaigns, payouts with full-text search',
  sql: `
    CREATE TABLE creators (
      id INTEGER PRIMARY KEY,
      connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
      remote_id TEXT NOT NULL,
      name TEXT,
      email TEXT,
      handle TEXT,
      platform TEXT,
      phone TEXT,
      raw_json TEXT,
      updated_at TEXT NOT NULL,
      UNIQUE (connection_id, remote_id)
    ) STRICT;
    CREATE INDEX creators_email ON creators(lower(email)) WHERE email IS NOT NULL;
    CREATE INDEX creators_handle ON creators(lower(handle)) WHERE handle IS NOT NULL;

    CREATE TABLE campaigns (
      id INTEGER PRIMARY KEY,
      connection_id TEXT REFERENCES connections(id) ON DELETE CASCADE,
      remote_id TEXT NOT NULL,
      name TEXT NOT NULL,
      status TEXT,
      raw_json TEXT,
      updated_at TEXT NOT NULL,
      UNIQUE (connection_id, remote_id)
    ) STRICT;

    CREATE TABLE payouts (
      id INTEGER PRIMARY KEY,
      connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
      remote_id TEXT,
      client_reference TEXT NOT NULL UNIQUE,
      creator_id INTEGER REFERENCES creators(id) ON DELETE SET NULL,
      campaign_id INTEGER REFERENCES campaigns(id) ON DELETE SET NULL,
      recipient_name TEXT,
      recipient_email TEXT,
      recipient_handle TEXT,
      amount_minor INTEGER NOT NULL,
      currency TEXT NOT NULL CHECK (length(currency) = 3),
      description TEXT,
      status TEXT NOT NULL,
      provider_status TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      raw_json TEXT,
      UNIQUE (connection_id, remote_id)
    ) STRICT;
    -- One index per filter the payouts table offers, each ending in (created_at, id) so that
    -- keyset pagination on the default sort stays an index range scan.
    CREATE INDEX payouts_created ON payouts(created_at, id);
    CREATE INDEX payouts_connection ON payouts(connection_id, created_at, id);
    CREATE INDEX payouts_status ON payouts(status, created_at, id);
    CREATE INDEX payouts_currency ON payouts(currency, created_at, id);
    CREATE INDEX payouts_creator ON payouts(creator_id, created_at, id);
    CREATE INDEX payouts_campaign ON payouts(campaign_id, created_at, id);
    CREATE INDEX payouts_amount ON payouts(amount_minor, id);
    CREATE INDEX payouts_updated ON payouts(updated_at, id);

    CREATE VIRTUAL TABLE payouts_fts USING fts5(
      recipient_name, recipient_email, recipient_handle, description, client_reference, remote_id,
      content='payouts', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER payouts_fts_insert AFTER INSERT ON payouts BEGIN
      INSERT INTO payouts_fts(rowid, recipient_name, recipient_email, recipient_handle, description, client_reference, remote_id)
      VALUES (new.id, new.recipient_name, new.recipient_email, new.recipient_handle, new.description, new.client_reference, new.remote_id);
    END;
    CREATE TRIGGER payouts_fts_delete AFTER DELETE ON payouts BEGIN
      INSERT INTO payouts_fts(payouts_fts, rowid, recipient_name, recipient_email, recipient_handle, description, client_reference, remote_id)
      VALUES ('delete', old.id, old.recipient_name, old.recipient_email, old.recipient_handle, old.description, old.client_reference, old.remote_id);
    END;
    CREATE TRIGGER payouts_fts_update AFTER UPDATE OF recipient_name, recipient_email, recipient_handle, description, client_reference, remote_id ON payouts BEGIN
      INSERT INTO payouts_fts(payouts_fts, rowid, recipient_name, recipient_email, recipient_handle, description, client_reference, remote_id)
      VALUES ('delete', old.id, old.recipient_name, old.recipient_email, old.recipient_handle, old.description, old.client_reference, old.remote_id);
      INSERT INTO payouts_fts(rowid, recipient_name, recipient_email, recipient_handle, description, client_reference, remote_id)
      VALUES (new.id, new.recipient_name, new.recipient_email, new.recipient_handle, new.description, new.client_reference, new.remote_id);
    END;
  `,
};
