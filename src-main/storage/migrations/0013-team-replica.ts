import type { Migration } from './migration';

export const migration: Migration = {
  version: 13,
  name: 'team replica: how far this desktop pulled the team database, send claims, the team audit trail',
  sql: `
    -- A team desktop's replica bookkeeping (src-main/team/replica.ts): the last change_seq applied, the workspace it belongs to.
    CREATE TABLE team_replica_state (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;
    -- Who holds the send claim of a payout in the team database, and until when (the UI says "being sent by … on …").
    CREATE TABLE team_send_claims (
      payout_id INTEGER PRIMARY KEY REFERENCES payouts(id) ON DELETE CASCADE,
      claimed_by TEXT,
      claim_host TEXT,
      lease_until TEXT
    ) STRICT;
    -- The team's audit trail as the database chained it (same columns and hashes as audit_events; the desktop's own
    -- events stay in audit_events, so the two chains never interleave).
    CREATE TABLE team_audit_events (
      seq INTEGER PRIMARY KEY,
      at TEXT NOT NULL,
      actor TEXT NOT NULL,
      actor_id TEXT,
      os_user TEXT,
      host TEXT,
      action TEXT NOT NULL,
      subject TEXT NOT NULL,
      details TEXT NOT NULL,
      prev_hash TEXT NOT NULL,
      hash TEXT NOT NULL,
      format INTEGER NOT NULL DEFAULT 2 CHECK (format IN (1,2)),
      mac TEXT
    ) STRICT;
    CREATE TRIGGER team_audit_events_no_update BEFORE UPDATE ON team_audit_events BEGIN SELECT RAISE(ABORT, 'team_audit_events is append-only'); END;
  `,
};
