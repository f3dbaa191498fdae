/**
 * Ordered schema migrations. Each runs once, inside a transaction, and is recorded in schema_migrations.
 * Never change what a shipped migration does: add a new one. Tests migrate from an empty database and from
 * every earlier version to the latest.
 *
 * One exception, made once: migrations 1 and 5 named provider ids and a provider's status in SQL (a CHECK on
 * connections.provider, a partial index on one provider status). Which providers exist is the registry's business
 * (src-main/providers/registry.ts), so those literals were taken out of the text, and migration 6 brings databases
 * created with them to the same schema as new ones.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  /**
   * Rebuilds a table that others reference: foreign keys are switched off around the migration's transaction (SQLite
   * cannot do that inside one), and the transaction checks them all before it commits.
   */
  rebuildsReferencedTable?: boolean;
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'settings, connections and the audit trail',
    sql: `
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE connections (
        id TEXT PRIMARY KEY,
        provider TEXT NOT NULL CHECK (provider <> ''),
        label TEXT NOT NULL,
        environment TEXT NOT NULL CHECK (environment IN ('production','sandbox','simulator','custom')),
        base_url TEXT NOT NULL,
        auth_mode TEXT NOT NULL,
        -- non-secret credential fields (client ids, token URLs); secrets live only in the OS keychain
        public_fields TEXT NOT NULL DEFAULT '{}',
        credential_hint TEXT,
        is_demo INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE audit_events (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        subject TEXT NOT NULL,
        details TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      ) STRICT;
      CREATE INDEX audit_events_action ON audit_events(action, seq);
      CREATE INDEX audit_events_subject ON audit_events(subject, seq);
      CREATE INDEX audit_events_at ON audit_events(at, seq);

      CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
      BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
      CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
      BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
    `,
  },
  {
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
  },
  {
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
  },
  {
    version: 4,
    name: 'payout workflow: drafts, approvals, send outbox, status history, tracking, policy',
    sql: `
      -- Workflow columns on the one payouts table: a local draft is a payout row in status 'draft'.
      ALTER TABLE payouts ADD COLUMN short_reference TEXT;
      ALTER TABLE payouts ADD COLUMN recipient_json TEXT;
      ALTER TABLE payouts ADD COLUMN recipient_key TEXT;
      ALTER TABLE payouts ADD COLUMN local_campaign TEXT;
      ALTER TABLE payouts ADD COLUMN status_message TEXT;
      ALTER TABLE payouts ADD COLUMN status_changed_at TEXT;
      ALTER TABLE payouts ADD COLUMN created_by TEXT;
      ALTER TABLE payouts ADD COLUMN import_batch TEXT;
      ALTER TABLE payouts ADD COLUMN expires_at TEXT;
      CREATE UNIQUE INDEX payouts_short_reference ON payouts(short_reference) WHERE short_reference IS NOT NULL;
      CREATE INDEX payouts_recipient_key ON payouts(recipient_key, amount_minor, currency) WHERE recipient_key IS NOT NULL;
      CREATE INDEX payouts_expires ON payouts(expires_at) WHERE expires_at IS NOT NULL;

      CREATE TABLE payout_tags (
        payout_id INTEGER NOT NULL REFERENCES payouts(id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY (payout_id, tag)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX payout_tags_tag ON payout_tags(tag);

      CREATE TABLE payout_approvals (
        id INTEGER PRIMARY KEY,
        payout_id INTEGER NOT NULL REFERENCES payouts(id) ON DELETE CASCADE,
        operator TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('approved','rejected')),
        reason TEXT,
        at TEXT NOT NULL,
        -- set when the draft is edited afterwards: the approval was for other values
        voided_at TEXT
      ) STRICT;
      CREATE INDEX payout_approvals_payout ON payout_approvals(payout_id, id);

      -- One entry per payout that Paydesk has started to send; written in the same transaction as status 'sending'.
      CREATE TABLE payout_outbox (
        payout_id INTEGER PRIMARY KEY REFERENCES payouts(id) ON DELETE CASCADE,
        connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        client_reference TEXT NOT NULL UNIQUE,
        short_reference TEXT NOT NULL,
        request_json TEXT NOT NULL,
        create_state TEXT NOT NULL CHECK (create_state IN ('pending','done','failed','unknown','not_sent')),
        initiate_state TEXT NOT NULL CHECK (initiate_state IN ('none','pending','done','failed','unknown')),
        create_attempts INTEGER NOT NULL DEFAULT 0,
        initiate_attempts INTEGER NOT NULL DEFAULT 0,
        remote_id TEXT,
        open INTEGER NOT NULL DEFAULT 1 CHECK (open IN (0,1)),
        amount_minor INTEGER NOT NULL,
        currency TEXT NOT NULL,
        marked_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        last_error TEXT
      ) STRICT;
      CREATE INDEX payout_outbox_open ON payout_outbox(open, payout_id);
      CREATE INDEX payout_outbox_daily ON payout_outbox(connection_id, currency, marked_at);

      CREATE TABLE payout_send_attempts (
        id INTEGER PRIMARY KEY,
        payout_id INTEGER NOT NULL REFERENCES payouts(id) ON DELETE CASCADE,
        step TEXT NOT NULL CHECK (step IN ('create','lookup','initiate','cancel')),
        started_at TEXT NOT NULL,
        finished_at TEXT,
        outcome TEXT,
        detail TEXT
      ) STRICT;
      CREATE INDEX payout_send_attempts_payout ON payout_send_attempts(payout_id, id);

      CREATE TABLE payout_status_history (
        id INTEGER PRIMARY KEY,
        payout_id INTEGER NOT NULL REFERENCES payouts(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        status TEXT NOT NULL,
        provider_status TEXT,
        source TEXT NOT NULL,
        message TEXT
      ) STRICT;
      CREATE INDEX payout_status_history_payout ON payout_status_history(payout_id, id);

      -- Poller queue: payouts Paydesk sent that have not reached a terminal status.
      CREATE TABLE payout_tracking (
        payout_id INTEGER PRIMARY KEY REFERENCES payouts(id) ON DELETE CASCADE,
        next_poll_at TEXT NOT NULL,
        interval_ms INTEGER NOT NULL,
        last_polled_at TEXT,
        last_error TEXT
      ) STRICT;
      CREATE INDEX payout_tracking_due ON payout_tracking(next_poll_at);

      CREATE TABLE approval_thresholds (
        currency TEXT PRIMARY KEY CHECK (length(currency) = 3),
        threshold_minor INTEGER NOT NULL CHECK (threshold_minor >= 0)
      ) STRICT;
      CREATE TABLE daily_send_caps (
        connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        currency TEXT NOT NULL CHECK (length(currency) = 3),
        cap_minor INTEGER NOT NULL CHECK (cap_minor >= 0),
        PRIMARY KEY (connection_id, currency)
      ) STRICT;
      CREATE TABLE workflow_settings (
        key TEXT PRIMARY KEY,
        value INTEGER NOT NULL
      ) STRICT;
      INSERT INTO workflow_settings (key, value) VALUES ('duplicateWindowDays', 30), ('stuckAfterDays', 7), ('expiringWithinDays', 3);
    `,
  },
  {
    version: 5,
    name: 'indexes for sorting and lookups at a million payouts (measured in bench/)',
    sql: `
      -- Ties in every sort are broken by id, which the (column, created_at, id) filter indexes cannot serve.
      CREATE INDEX IF NOT EXISTS payouts_creator_sort ON payouts(coalesce(recipient_name, recipient_email, recipient_handle, ''), id);
      CREATE INDEX IF NOT EXISTS payouts_status_sort ON payouts(status, id);
      CREATE INDEX IF NOT EXISTS payouts_currency_sort ON payouts(currency, id);
      CREATE INDEX IF NOT EXISTS payouts_connection_sort ON payouts(connection_id, id);
      CREATE INDEX IF NOT EXISTS payouts_amount_created ON payouts(amount_minor, created_at);
      CREATE INDEX IF NOT EXISTS creators_name_nocase ON creators(name COLLATE NOCASE, id);
    `,
  },
  {
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
  },
];

export const latestSchemaVersion = migrations[migrations.length - 1]!.version;
