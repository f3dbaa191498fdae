import type { Migration } from './migration';

export const migration: Migration = {
  version: 8,
  name: 'our reference apart from the provider reference, set-aside sync items, status regressions, first-seen dates, payees',
  sql: `
    -- Our reference (unique, ours) apart from the provider-side reference (the agency's customId, externalId, refId…,
    -- which two accounts may share). Rows the sync wrote for payouts Paydesk did not draft move their provider
    -- reference out of client_reference, which gets the stable foreign form the sync already gave the others.
    ALTER TABLE payouts ADD COLUMN provider_reference TEXT;
    UPDATE payouts SET provider_reference = client_reference,
        client_reference = 'remote:' || connection_id || ':' || coalesce(remote_id, 'row-' || id)
      WHERE short_reference IS NULL AND client_reference NOT LIKE 'remote:%'
        AND id NOT IN (SELECT payout_id FROM payout_outbox);
    CREATE INDEX payouts_provider_reference ON payouts(connection_id, provider_reference) WHERE provider_reference IS NOT NULL;

    -- Who is paid: a phone where that is all the provider names; names of linked creators filled in.
    ALTER TABLE payouts ADD COLUMN recipient_phone TEXT;
    UPDATE payouts SET
        recipient_name = coalesce(recipient_name, (SELECT name FROM creators c WHERE c.id = payouts.creator_id)),
        recipient_email = coalesce(recipient_email, (SELECT email FROM creators c WHERE c.id = payouts.creator_id)),
        recipient_handle = coalesce(recipient_handle, (SELECT handle FROM creators c WHERE c.id = payouts.creator_id))
      WHERE creator_id IS NOT NULL AND (recipient_name IS NULL OR recipient_email IS NULL OR recipient_handle IS NULL);

    -- Dates: a provider without a creation time gets the time Paydesk first saw the payout, marked as such; the
    -- provider's own time of payment where it reports one.
    ALTER TABLE payouts ADD COLUMN created_at_first_seen INTEGER NOT NULL DEFAULT 0 CHECK (created_at_first_seen IN (0,1));
    ALTER TABLE payouts ADD COLUMN paid_at TEXT;

    -- Search also finds the provider reference and the payee's phone.
    DROP TRIGGER payouts_fts_insert;
    DROP TRIGGER payouts_fts_delete;
    DROP TRIGGER payouts_fts_update;
    DROP TABLE payouts_fts;
    CREATE VIRTUAL TABLE payouts_fts USING fts5(
      recipient_name, recipient_email, recipient_handle, recipient_phone, description, client_reference, provider_reference, remote_id,
      content='payouts', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER payouts_fts_insert AFTER INSERT ON payouts BEGIN
      INSERT INTO payouts_fts(rowid, recipient_name, recipient_email, recipient_handle, recipient_phone, description, client_reference, provider_reference, remote_id)
      VALUES (new.id, new.recipient_name, new.recipient_email, new.recipient_handle, new.recipient_phone, new.description, new.client_reference, new.provider_reference, new.remote_id);
    END;
    CREATE TRIGGER payouts_fts_delete AFTER DELETE ON payouts BEGIN
      INSERT INTO payouts_fts(payouts_fts, rowid, recipient_name, recipient_email, recipient_handle, recipient_phone, description, client_reference, provider_reference, remote_id)
      VALUES ('delete', old.id, old.recipient_name, old.recipient_email, old.recipient_handle, old.recipient_phone, old.description, old.client_reference, old.provider_reference, old.remote_id);
    END;
    CREATE TRIGGER payouts_fts_update AFTER UPDATE OF recipient_name, recipient_email, recipient_handle, recipient_phone, description, client_reference, provider_reference, remote_id ON payouts BEGIN
      INSERT INTO payouts_fts(payouts_fts, rowid, recipient_name, recipient_email, recipient_handle, recipient_phone, description, client_reference, provider_reference, remote_id)
      VALUES ('delete', old.id, old.recipient_name, old.recipient_email, old.recipient_handle, old.recipient_phone, old.description, old.client_reference, old.provider_reference, old.remote_id);
      INSERT INTO payouts_fts(rowid, recipient_name, recipient_email, recipient_handle, recipient_phone, description, client_reference, provider_reference, remote_id)
      VALUES (new.id, new.recipient_name, new.recipient_email, new.recipient_handle, new.recipient_phone, new.description, new.client_reference, new.provider_reference, new.remote_id);
    END;
    INSERT INTO payouts_fts(payouts_fts) VALUES ('rebuild');

    -- One person across connections (same normalised e-mail or handle), computed after each sync.
    ALTER TABLE creators ADD COLUMN person_key TEXT;
    CREATE INDEX creators_person_key ON creators(person_key);
    CREATE INDEX creators_connection_phone ON creators(connection_id, phone) WHERE phone IS NOT NULL;

    -- Items a provider returned that the sync could not read or store: the rest of the page was kept.
    CREATE TABLE sync_set_aside (
      id INTEGER PRIMARY KEY,
      connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
      resource TEXT NOT NULL CHECK (resource IN ('creators','campaigns','payouts')),
      run_id TEXT NOT NULL,
      remote_id TEXT,
      reason TEXT NOT NULL,
      at TEXT NOT NULL
    ) STRICT;
    CREATE UNIQUE INDEX sync_set_aside_item ON sync_set_aside(connection_id, resource, remote_id) WHERE remote_id IS NOT NULL;
    CREATE INDEX sync_set_aside_connection ON sync_set_aside(connection_id, resource, id);

    -- A final status the provider later reports as in flight again: the final one is kept, the regression shown.
    CREATE TABLE payout_status_regressions (
      id INTEGER PRIMARY KEY,
      payout_id INTEGER NOT NULL REFERENCES payouts(id) ON DELETE CASCADE,
      kept_status TEXT NOT NULL,
      kept_provider_status TEXT,
      reported_status TEXT NOT NULL,
      reported_provider_status TEXT,
      source TEXT NOT NULL,
      first_reported_at TEXT NOT NULL,
      last_reported_at TEXT NOT NULL,
      resolved_at TEXT
    ) STRICT;
    CREATE UNIQUE INDEX payout_status_regressions_open ON payout_status_regressions(payout_id) WHERE resolved_at IS NULL;
    CREATE INDEX payout_status_regressions_recent ON payout_status_regressions(first_reported_at) WHERE resolved_at IS NULL;
  `,
};
