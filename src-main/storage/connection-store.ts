import type { Connection, Environment, ProviderId, ResourceSyncState, SyncResource } from '@shared/contract/model';
import { syncResources } from '@shared/contract/model';
import type { AuditEntry, AuditStore } from './audit-store';
import type { Db } from './database';

interface ConnectionRow {
  id: string;
  provider: ProviderId;
  label: string;
  environment: Environment;
  base_url: string;
  auth_mode: string;
  public_fields: string;
  credential_hint: string | null;
  is_demo: number;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
}

/** A connection as stored: the contract's connection without its sync state (kept in sync_state). */
export type ConnectionRecord = Omit<Connection, 'sync'>;

/** Settings key that marks a demo workspace being created (see addPendingDemo). */
const PENDING_DEMO_KEY = 'workspace.pendingDemo';

/** Connections (their settings, never their secrets) and the audit events of every change to them. */
export class ConnectionRepository {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditStore,
  ) {}

  list(): ConnectionRecord[] {
    return (
      this.db.prepare('SELECT * FROM connections ORDER BY archived_at IS NOT NULL, is_demo, label COLLATE NOCASE').all() as ConnectionRow[]
    ).map(toRecord);
  }

  get(id: string): ConnectionRecord | undefined {
    const row = this.db.prepare('SELECT * FROM connections WHERE id = ?').get(id) as ConnectionRow | undefined;
    return row && toRecord(row);
  }

  /** Adds connections with their audit events, in one transaction. */
  add(records: ConnectionRecord[], notes: AuditEntry[]): void {
    this.db.transaction(() => {
      for (const record of records) this.insert(record);
      for (const note of notes) this.audit.append(note);
    })();
  }

  /** Saves a connection's new settings with their audit events, in one transaction. */
  save(record: ConnectionRecord, notes: AuditEntry[]): void {
    this.db.transaction(() => {
      this.update(record);
      for (const note of notes) this.audit.append(note);
    })();
  }

  /** Archives a connection with its audit events: it stays, with everything cached and done through it. */
  archive(id: string, at: string, notes: AuditEntry[]): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE connections SET archived_at = ?, updated_at = ? WHERE id = ? AND archived_at IS NULL').run(at, at, id);
      for (const note of notes) this.audit.append(note);
    })();
  }

  /** What deleting a connection's cached data for good would delete, and how many payouts Paydesk sent through it. */
  purgeCounts(id: string): { payouts: number; creators: number; campaigns: number; sentByPaydesk: number } {
    const count = (sql: string) => (this.db.prepare(sql).get(id) as { n: number }).n;
    return {
      payouts: count('SELECT count(*) AS n FROM payouts WHERE connection_id = ?'),
      creators: count('SELECT count(*) AS n FROM creators WHERE connection_id = ?'),
      campaigns: count('SELECT count(*) AS n FROM campaigns WHERE connection_id = ?'),
      sentByPaydesk: count('SELECT count(*) AS n FROM payout_outbox WHERE connection_id = ?'),
    };
  }

  /**
   * Deletes an archived connection and its cached data for good, with its audit events; refuses inside the
   * transaction while any payout Paydesk sent through it exists (that history is never deleted).
   */
  purge(id: string, notes: (counts: { payouts: number; creators: number; campaigns: number }) => AuditEntry[]): void {
    this.db.transaction(() => {
      const counts = this.purgeCounts(id);
      if (counts.sentByPaydesk > 0) throw new Error(`connection ${id} holds payouts Paydesk sent`);
      this.remove(id);
      for (const note of notes(counts)) this.audit.append(note);
    })();
  }

  /**
   * Demo connections that are not complete yet: written with a marker (in the settings table) naming them, in one
   * transaction. Until completeDemo removes the marker they are discarded (discardDemo), at the latest at the next start.
   */
  addPendingDemo(records: ConnectionRecord[]): void {
    this.db.transaction(() => {
      for (const record of records) this.insert(record);
      this.db
        .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
        .run(PENDING_DEMO_KEY, JSON.stringify(records.map((r) => r.id)));
    })();
  }

  /** The ids of a demo workspace whose creation did not finish, or null. */
  pendingDemo(): string[] | null {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(PENDING_DEMO_KEY) as { value: string } | undefined;
    if (!row) return null;
    try {
      const ids = JSON.parse(row.value) as unknown;
      return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
    } catch {
      return [];
    }
  }

  /** The demo is complete: the marker goes, with the audit event, in one transaction. */
  completeDemo(notes: AuditEntry[]): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM settings WHERE key = ?').run(PENDING_DEMO_KEY);
      for (const note of notes) this.audit.append(note);
    })();
  }

  /** Removes an unfinished demo: its connections, everything synced for them (cascade) and the marker, in one transaction. */
  discardDemo(ids: string[], notes: AuditEntry[]): void {
    this.db.transaction(() => {
      for (const id of ids) this.remove(id);
      this.db.prepare('DELETE FROM settings WHERE key = ?').run(PENDING_DEMO_KEY);
      for (const note of notes) this.audit.append(note);
    })();
  }

  /**
   * Leaves the demo for a workspace of the agency's own, in one transaction: the demo connections go with everything
   * cached and drafted for them (simulated money only), and so do all operators, since the demo's passphrases are
   * public and anyone could have added one; the next start of the desk is its first-admin set-up. The audit trail
   * keeps every event (it is append-only) and records the leaving.
   */
  leaveDemo(notes: (counts: { connections: number; payouts: number; operators: number }) => AuditEntry[]): {
    connections: number;
    payouts: number;
    operators: number;
  } {
    return this.db.transaction(() => {
      const count = (sql: string) => (this.db.prepare(sql).get() as { n: number }).n;
      const counts = {
        connections: count('SELECT count(*) AS n FROM connections WHERE is_demo = 1'),
        payouts: count('SELECT count(*) AS n FROM payouts WHERE connection_id IN (SELECT id FROM connections WHERE is_demo = 1)'),
        operators: count('SELECT count(*) AS n FROM operators'),
      };
      if (counts.connections === 0) throw new Error('no demo connections to leave');
      if (count('SELECT count(*) AS n FROM connections WHERE is_demo = 0') > 0) throw new Error('the workspace holds real connections');
      this.db.prepare('DELETE FROM connections WHERE is_demo = 1').run();
      this.db.prepare('DELETE FROM operators').run();
      for (const note of notes(counts)) this.audit.append(note);
      return counts;
    })();
  }

  private insert(record: ConnectionRecord): void {
    this.db
      .prepare(
        `INSERT INTO connections (id, provider, label, environment, base_url, auth_mode, public_fields, credential_hint, is_demo, created_at, updated_at, archived_at)
         VALUES (@id, @provider, @label, @environment, @baseUrl, @authMode, @publicFields, @credentialHint, @isDemo, @createdAt, @updatedAt, @archivedAt)`,
      )
      .run({ ...record, publicFields: JSON.stringify(record.publicFields), isDemo: record.isDemo ? 1 : 0 });
  }

  private update(record: ConnectionRecord): void {
    this.db
      .prepare(
        `UPDATE connections SET label=@label, environment=@environment, base_url=@baseUrl, auth_mode=@authMode,
           public_fields=@publicFields, credential_hint=@credentialHint, updated_at=@updatedAt WHERE id=@id`,
      )
      .run({ ...record, publicFields: JSON.stringify(record.publicFields), isDemo: record.isDemo ? 1 : 0 });
  }

  private remove(id: string): void {
    this.db.prepare('DELETE FROM connections WHERE id = ?').run(id);
  }

  syncStates(connectionId: string): ResourceSyncState[] {
    const rows = this.db
      .prepare('SELECT resource, last_synced_at, last_error, item_count FROM sync_state WHERE connection_id = ?')
      .all(connectionId) as Array<{ resource: SyncResource; last_synced_at: string | null; last_error: string | null; item_count: number }>;
    const setAside = new Map(
      (
        this.db
          .prepare('SELECT resource, count(*) AS n FROM sync_set_aside WHERE connection_id = ? GROUP BY resource')
          .all(connectionId) as Array<{
          resource: SyncResource;
          n: number;
        }>
      ).map((r) => [r.resource, r.n]),
    );
    return syncResources.map((resource) => {
      const row = rows.find((r) => r.resource === resource);
      return {
        resource,
        lastSyncedAt: row?.last_synced_at ?? null,
        lastError: row?.last_error ?? null,
        itemCount: row?.item_count ?? 0,
        setAside: setAside.get(resource) ?? 0,
      };
    });
  }

  toDto(record: ConnectionRecord): Connection {
    return { ...record, sync: this.syncStates(record.id) };
  }
}

function toRecord(row: ConnectionRow): ConnectionRecord {
  return {
    id: row.id,
    provider: row.provider,
    label: row.label,
    environment: row.environment,
    baseUrl: row.base_url,
    authMode: row.auth_mode,
    publicFields: JSON.parse(row.public_fields) as Record<string, string>,
    credentialHint: row.credential_hint,
    isDemo: row.is_demo === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    archivedAt: row.archived_at,
  };
}
