import type { Migration } from './migration';

export const migration: Migration = {
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
};
