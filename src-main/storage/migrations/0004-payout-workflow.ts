import type { Migration } from './migration';

export const migration: Migration = {
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
};
