import type { Migration } from './migration';

export const migration: Migration = {
  version: 7,
  name: 'operators who sign in, four eyes by operator id, limits, an anchored audit trail, connections archived',
  sql: `
    -- Named operators, each with their own passphrase (scrypt, see src-main/workspace/passphrase.ts) and roles.
    CREATE TABLE operators (
      id TEXT PRIMARY KEY,
      display_name TEXT NOT NULL CHECK (length(trim(display_name)) > 0),
      -- JSON array of preparer | approver | sender | admin; checked by the code that writes it
      roles TEXT NOT NULL,
      passphrase_hash TEXT NOT NULL,
      is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0,1)),
      failed_sign_ins INTEGER NOT NULL DEFAULT 0,
      locked_until TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      disabled_at TEXT
    ) STRICT;
    CREATE UNIQUE INDEX operators_display_name ON operators(lower(display_name)) WHERE disabled_at IS NULL;

    -- Every audit event names who did it by a stable id, with the OS account and the computer; events of format 2
    -- are hashed over all of it and carry an HMAC under the workspace key, which lives only in the keychain.
    ALTER TABLE audit_events ADD COLUMN actor_id TEXT;
    ALTER TABLE audit_events ADD COLUMN os_user TEXT;
    ALTER TABLE audit_events ADD COLUMN host TEXT;
    ALTER TABLE audit_events ADD COLUMN format INTEGER NOT NULL DEFAULT 1 CHECK (format IN (1,2));
    ALTER TABLE audit_events ADD COLUMN mac TEXT;

    -- Approvals belong to operator ids (a rename changes nothing); the maker is an operator id too; and a payout
    -- keeps how many approvals it needed when it was approved (a later policy change applies to later approvals).
    ALTER TABLE payout_approvals ADD COLUMN operator_id TEXT;
    CREATE INDEX payout_approvals_operator ON payout_approvals(payout_id, operator_id);
    ALTER TABLE payouts ADD COLUMN created_by_id TEXT;
    ALTER TABLE payouts ADD COLUMN approvals_required INTEGER;

    -- Limits: the most one payout may be, per currency; the most a whole workspace may send per day, per currency.
    CREATE TABLE payout_limits (
      currency TEXT PRIMARY KEY CHECK (length(currency) = 3),
      max_minor INTEGER NOT NULL CHECK (max_minor > 0)
    ) STRICT;
    CREATE TABLE workspace_daily_caps (
      currency TEXT PRIMARY KEY CHECK (length(currency) = 3),
      cap_minor INTEGER NOT NULL CHECK (cap_minor > 0)
    ) STRICT;
    -- A conservative default an admin raises: 10,000.00 per payout in the currencies the providers pay in.
    INSERT INTO payout_limits (currency, max_minor) VALUES ('USD', 1000000), ('EUR', 1000000), ('GBP', 1000000), ('CHF', 1000000);
    INSERT INTO workflow_settings (key, value) VALUES ('makerMayApproveOwn', 0), ('idleLockMinutes', 15);

    -- Removing a connection archives it: its history stays readable; it is no longer synced or sent through.
    ALTER TABLE connections ADD COLUMN archived_at TEXT;

    -- A failed payout can be drafted again (linked to it) or dismissed with a reason.
    ALTER TABLE payouts ADD COLUMN redraft_of INTEGER REFERENCES payouts(id) ON DELETE SET NULL;
    ALTER TABLE payouts ADD COLUMN dismissed_at TEXT;
    ALTER TABLE payouts ADD COLUMN dismissed_reason TEXT;
  `,
};
