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
}

export interface ConnectionRecord {
  id: string;
  provider: ProviderId;
  label: string;
  environment: Environment;
  baseUrl: string;
  authMode: string;
  publicFields: Record<string, string>;
  credentialHint: string | null;
  isDemo: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Connections (their settings, never their secrets) and the audit events of every change to them. */
export class ConnectionRepository {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditStore,
  ) {}

  list(): ConnectionRecord[] {
    return (this.db.prepare('SELECT * FROM connections ORDER BY is_demo, label COLLATE NOCASE').all() as ConnectionRow[]).map(toRecord);
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

  /** Removes a connection (and what cascades from it) with its audit events, which may count what goes. */
  delete(id: string, notes: (cachedPayouts: number) => AuditEntry[]): void {
    this.db.transaction(() => {
      const payouts = (this.db.prepare('SELECT count(*) AS n FROM payouts WHERE connection_id = ?').get(id) as { n: number }).n;
      this.remove(id);
      for (const note of notes(payouts)) this.audit.append(note);
    })();
  }

  private insert(record: ConnectionRecord): void {
    this.db
      .prepare(
        `INSERT INTO connections (id, provider, label, environment, base_url, auth_mode, public_fields, credential_hint, is_demo, created_at, updated_at)
         VALUES (@id, @provider, @label, @environment, @baseUrl, @authMode, @publicFields, @credentialHint, @isDemo, @createdAt, @updatedAt)`,
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
  };
}
