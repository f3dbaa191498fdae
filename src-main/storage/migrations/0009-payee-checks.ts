import type { Migration } from './migration';

export const migration: Migration = {
  version: 9,
  name: 'payee checks (verification of payee) per payout, and their policy',
  sql: `
    -- Every payee check of a payout, newest last: what was asked (name, and a key of what it applies to), what the
    -- provider answered (its check id, outcome, the name the bank holds), or why it could not run.
    CREATE TABLE payee_checks (
      id INTEGER PRIMARY KEY,
      payout_id INTEGER NOT NULL REFERENCES payouts(id) ON DELETE CASCADE,
      check_id TEXT,
      status TEXT NOT NULL CHECK (status IN ('match','close_match','no_match','not_possible','error')),
      provider_status TEXT,
      matched_name TEXT,
      details TEXT,
      reasons TEXT NOT NULL DEFAULT '[]',
      checked_name TEXT NOT NULL,
      -- The currency, account and name checked: a check applies to a draft only while these stay the same.
      checked_key TEXT NOT NULL,
      trigger TEXT NOT NULL,
      at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX payee_checks_payout ON payee_checks(payout_id, id);

    INSERT INTO workflow_settings (key, value) VALUES ('payeeCheckMaxAgeHours', 24), ('payeeNoMatchBlocks', 1);
  `,
};
