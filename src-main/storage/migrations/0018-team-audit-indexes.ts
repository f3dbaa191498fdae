import type { Migration } from './migration';

export const migration: Migration = {
  version: 18,
  name: 'team audit trail indexes: the Audit log and a payout’s history filter the team trail as they do the desk’s own',
  sql: `
    -- The same indexes as the desk's own trail (migration 1): a payout's history (exact subject) and the Audit log's
    -- filters read the team trail in a team workspace, where every payout event lives.
    CREATE INDEX team_audit_events_action ON team_audit_events(action, seq);
    CREATE INDEX team_audit_events_subject ON team_audit_events(subject, seq);
    CREATE INDEX team_audit_events_at ON team_audit_events(at, seq);
  `,
};
