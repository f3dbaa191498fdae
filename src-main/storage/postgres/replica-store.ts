/**
 * The SQLite side of a team desktop's replica: applies one page of the team database's changes (rows as
 * TeamQueries.changesSince reads them) to the local tables the views and the workflow store read, in one transaction,
 * and records how far it got. The local ids are the server's ids: in a team workspace the replica is the only writer
 * of the shared tables.
 */
import type { Statement } from 'better-sqlite3';
import { z } from 'zod';
import type { AuditEvent, SyncResource } from '@shared/contract/model';
import { payoutStatuses } from '@shared/contract/model';
import { CacheRepository, TEAM_CACHE_PAYOUT_IDS_FROM } from '../cache-repository';
import { listAuditEvents, type AuditFilter, type AuditRow } from '../audit-store';
import type { Db } from '../database';
import { preparedOnce } from '../statements';
import { WorkflowTables } from '../workflow-rows';
import type { SharedTable } from './team-queries';

type PgRow = Record<string, unknown>;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

interface PolicyDoc {
  approvalThresholds: Array<{ minor: number; currency: string }>;
  maxPerPayout: Array<{ minor: number; currency: string }>;
  dailyCaps: Array<{ connectionId: string; cap: { minor: number; currency: string } }>;
  workspaceDailyCaps: Array<{ minor: number; currency: string }>;
  [flag: string]: unknown;
}

/** The local payouts columns the team database holds, with how each is read (n: number, s: text). */
const PAYOUT_COLUMNS: ReadonlyArray<readonly [string, 'n' | 's']> = [
  ['id', 'n'],
  ['connection_id', 's'],
  ['remote_id', 's'],
  ['client_reference', 's'],
  ['short_reference', 's'],
  ['creator_id', 'n'],
  ['campaign_id', 'n'],
  ['recipient_name', 's'],
  ['recipient_email', 's'],
  ['recipient_handle', 's'],
  ['recipient_phone', 's'],
  ['recipient_json', 's'],
  ['recipient_key', 's'],
  ['local_campaign', 's'],
  ['amount_minor', 'n'],
  ['currency', 's'],
  ['description', 's'],
  ['status', 's'],
  ['provider_status', 's'],
  ['status_message', 's'],
  ['status_changed_at', 's'],
  ['created_by', 's'],
  ['created_by_id', 's'],
  ['import_batch', 's'],
  ['approvals_required', 'n'],
  ['redraft_of', 'n'],
  ['provider_reference', 's'],
  ['raw_json', 's'],
  ['paid_at', 's'],
  ['dismissed_at', 's'],
  ['dismissed_reason', 's'],
  ['created_at', 's'],
  ['updated_at', 's'],
  ['creator_remote_id', 's'],
  ['campaign_remote_id', 's'],
];

/**
 * What another desktop published to the team's provider cache, checked before this desktop stores it: the team
 * database holds whatever a Paydesk login sent, and the local cache trusts the provider client's shapes.
 */
// Lenient where the provider clients may leave a field out (undefined) rather than null; strict where the cache relies.
const text = z.string().max(10_000).nullish();
/** Times as the provider clients write them (ISO 8601); the cache compares them as text. */
const isoTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T/)
  .max(64);
const TEAM_ITEM: Record<SyncResource, z.ZodType> = {
  creators: z.object({
    remoteId: z.string().min(1),
    name: text,
    email: text,
    handle: text,
    platform: text,
    phone: text,
    raw: z.unknown(),
  }),
  campaigns: z.object({ remoteId: z.string().min(1), name: z.string().max(10_000), status: text, raw: z.unknown() }),
  payouts: z.object({
    remoteId: z.string().min(1),
    clientReference: text,
    recipientName: text,
    recipientEmail: text,
    recipientHandle: text,
    recipientPlatform: text,
    recipientPhone: text,
    creatorRemoteId: text,
    campaignRemoteId: text,
    amount: z.object({ minor: z.number().int().positive().max(Number.MAX_SAFE_INTEGER), currency: z.string().regex(/^[A-Z]{3}$/) }),
    description: text,
    status: z.enum(payoutStatuses),
    providerStatus: z.string().max(200),
    createdAt: isoTime,
    createdAtFirstSeen: z.boolean().optional(),
    paidAt: isoTime.nullish(),
    updatedAt: isoTime.nullish(),
    expiresAt: isoTime.nullish(),
    expiryPending: z.boolean().optional(),
    statusReason: text,
    raw: z.unknown(),
  }),
};

const POLICY_SETTINGS = [
  'duplicateWindowDays',
  'stuckAfterDays',
  'expiringWithinDays',
  'payeeCheckMaxAgeHours',
  'payeeNoMatchBlocks',
  'makerMayApproveOwn',
] as const;

export class ReplicaStore {
  /** The desktop's own workflow rows (tracking is local: each desktop polls for itself). */
  private readonly local: WorkflowTables;
  /** Where the team's provider cache lands: this desktop's cache, written as a sync of its own writes it. */
  private readonly cache: CacheRepository;
  /** Creators were written since the people links were last made (relinkPeopleIfStale). */
  private peopleStale = false;
  /** A page applies thousands of rows with the same few statements. */
  private readonly sql: (text: string) => Statement;

  constructor(
    private readonly db: Db,
    /** The provider lists no creators of its own: creators come from payout recipients (src-main/providers/). */
    private readonly derivesCreators: (provider: string) => boolean = () => false,
  ) {
    this.local = new WorkflowTables(db);
    this.cache = new CacheRepository(db);
    this.sql = preparedOnce(db);
  }

  lastApplied(): number {
    const row = this.sql("SELECT value FROM team_replica_state WHERE key = 'last_change_seq'").get() as { value: string } | undefined;
    return row ? Number(row.value) : 0;
  }

  /** When the replica last caught up with the server (ISO), for the freshness the views show. */
  lastCaughtUpAt(): string | null {
    const row = this.sql("SELECT value FROM team_replica_state WHERE key = 'caught_up_at'").get() as { value: string } | undefined;
    return row?.value ?? null;
  }

  markCaughtUp(at: string): void {
    this.sql(
      "INSERT INTO team_replica_state (key, value) VALUES ('caught_up_at', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    ).run(at);
  }

  /**
   * One page in one transaction. References are checked off for it: a row may arrive before the newer version of a
   * row it points to (the server keeps only a row's latest version, with its latest change_seq); the replica is
   * consistent again once it has caught up.
   */
  applyPage(tables: Map<SharedTable, PgRow[]>, upTo: number): void {
    const foreignKeys = this.db.pragma('foreign_keys', { simple: true }) as number;
    this.db.pragma('foreign_keys = OFF');
    try {
      this.db.transaction(() => {
        for (const r of tables.get('connections') ?? []) this.connection(r);
        this.providerItems(tables.get('provider_items') ?? []);
        for (const r of tables.get('provider_sync_state') ?? []) {
          this.cache.applyTeamSyncState(str(r.connection_id)!, str(r.resource) as SyncResource, {
            cursor: str(r.cursor),
            lastSyncedAt: str(r.last_synced_at),
            lastError: str(r.last_error),
          });
        }
        this.payouts(tables.get('payouts') ?? []);
        for (const r of tables.get('payout_tags') ?? []) {
          this.sql('INSERT OR IGNORE INTO payout_tags (payout_id, tag) VALUES (?, ?)').run(num(r.payout_id), str(r.tag));
        }
        for (const r of tables.get('payout_approvals') ?? []) this.approval(r);
        for (const r of tables.get('payout_status_history') ?? []) {
          this.sql(
            `INSERT INTO payout_status_history (id, payout_id, at, status, provider_status, source, message) VALUES (?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (id) DO NOTHING`,
          ).run(num(r.id), num(r.payout_id), str(r.at), str(r.status), str(r.provider_status), str(r.source), str(r.message));
        }
        for (const r of tables.get('payout_outbox') ?? []) this.outbox(r);
        for (const r of tables.get('payee_checks') ?? []) this.payeeCheck(r);
        for (const r of tables.get('payout_status_regressions') ?? []) this.regression(r);
        for (const r of tables.get('payout_send_attempts') ?? []) {
          this.sql(
            `INSERT INTO payout_send_attempts (id, payout_id, step, started_at, finished_at, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (id) DO UPDATE SET finished_at = excluded.finished_at, outcome = excluded.outcome, detail = excluded.detail`,
          ).run(num(r.id), num(r.payout_id), str(r.step), str(r.started_at), str(r.finished_at), str(r.outcome), str(r.detail));
        }
        for (const r of tables.get('policy') ?? []) this.policy(r.doc as PolicyDoc);
        for (const r of tables.get('import_batches') ?? []) {
          this.sql(
            `INSERT INTO import_batches (batch_id, connection_id, file_sha256, rows, imported_at, imported_by, reimport_of) VALUES (?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (batch_id) DO NOTHING`,
          ).run(
            str(r.batch_id),
            str(r.connection_id),
            str(r.file_sha256),
            num(r.rows),
            str(r.imported_at),
            str(r.imported_by),
            str(r.reimport_of),
          );
        }
        for (const r of tables.get('audit_events') ?? []) {
          this.sql(
            `INSERT OR IGNORE INTO team_audit_events (seq, at, actor, actor_id, os_user, host, action, subject, details, prev_hash, hash, format, mac)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          ).run(
            num(r.seq),
            str(r.at),
            str(r.actor),
            str(r.actor_id),
            str(r.os_user),
            str(r.host),
            str(r.action),
            str(r.subject),
            str(r.details),
            str(r.prev_hash),
            str(r.hash),
            num(r.format),
            str(r.mac),
          );
        }
        for (const r of tables.get('tombstones') ?? []) this.tombstone(String(r.table_name), String(r.row_key));
        this.sql(
          "INSERT INTO team_replica_state (key, value) VALUES ('last_change_seq', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        ).run(String(upTo));
      })();
    } finally {
      this.db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
    }
  }

  /**
   * The team's provider cache, in the order it was published: each run of items of one connection and resource is
   * written as a page of this desktop's own sync would be (the cache's rules: payees linked to creators, final
   * statuses kept, first-seen dates), except that the team's own payouts are the team database's rows. An item this
   * desktop cannot read or store is set aside here, with the reason, and the rest is stored.
   */
  private providerItems(rows: PgRow[]): void {
    const now = new Date().toISOString();
    let at = 0;
    while (at < rows.length) {
      const connectionId = str(rows[at]!.connection_id)!;
      const resource = str(rows[at]!.resource) as SyncResource;
      let end = at;
      while (end < rows.length && rows[end]!.connection_id === connectionId && rows[end]!.resource === resource) end++;
      const schema = TEAM_ITEM[resource];
      const provider = this.sql('SELECT provider FROM connections WHERE id = ?').pluck().get(connectionId) as string | undefined;
      if (schema && provider) {
        const items: unknown[] = [];
        const unreadable: Array<{ remoteId: string | null; reason: string }> = [];
        for (const r of rows.slice(at, end)) {
          const parsed = schema.safeParse(r.item);
          if (parsed.success) items.push(parsed.data);
          else
            unreadable.push({
              remoteId: str(r.remote_id),
              reason: 'The team’s copy of this item is not one Paydesk can read; it was not stored.',
            });
        }
        this.cache.writeTeamCopy(connectionId, resource, items, now, this.derivesCreators(provider));
        this.cache.recordSetAside(connectionId, resource, 'team-copy', unreadable, now);
        if (resource !== 'campaigns') this.peopleStale = true;
        this.linkTeamPayouts(connectionId);
      }
      at = end;
    }
  }

  /**
   * The team's payouts of a connection whose creator or campaign (named by the provider's id) this desktop did not
   * have yet when they arrived. (One found only by its payee is linked when the payout itself arrives.)
   */
  private linkTeamPayouts(connectionId: string): void {
    const unlinked = this.sql(
      `SELECT id, connection_id, recipient_email, recipient_phone, recipient_handle, creator_id, campaign_id, creator_remote_id, campaign_remote_id
         FROM payouts INDEXED BY payouts_team_unlinked WHERE connection_id = ?
           AND ((creator_id IS NULL AND creator_remote_id IS NOT NULL) OR (campaign_id IS NULL AND campaign_remote_id IS NOT NULL))`,
    ).all(connectionId) as PgRow[];
    for (const r of unlinked) {
      const creator = r.creator_id ?? this.localCreator(r);
      const campaign = r.campaign_id ?? this.localCampaign(r);
      if (creator !== r.creator_id || campaign !== r.campaign_id)
        this.sql('UPDATE payouts SET creator_id = ?, campaign_id = ? WHERE id = ?').run(creator, campaign, num(r.id));
    }
  }

  /** The provider's ids of this desktop's creator and campaign (what a team payout names them by, migration 0004). */
  providerIdsOf(creatorId: number | null, campaignId: number | null): { creatorRemoteId: string | null; campaignRemoteId: string | null } {
    const remote = (table: 'creators' | 'campaigns', id: number | null) =>
      id === null ? null : ((this.sql(`SELECT remote_id FROM ${table} WHERE id = ?`).pluck().get(id) as string | undefined) ?? null);
    return { creatorRemoteId: remote('creators', creatorId), campaignRemoteId: remote('campaigns', campaignId) };
  }

  /** The people links (one person paid through several connections) after the team's creators changed here. */
  relinkPeopleIfStale(): void {
    if (!this.peopleStale) return;
    this.cache.relinkPeople();
    this.peopleStale = false;
  }

  private connection(r: PgRow): void {
    this.sql(
      `INSERT INTO connections (id, provider, label, environment, base_url, auth_mode, public_fields, credential_hint, is_demo, created_at, updated_at, archived_at)
         VALUES (@id, @provider, @label, @environment, @base_url, @auth_mode, @public_fields, @credential_hint, 0, @created_at, @updated_at, @archived_at)
         ON CONFLICT (id) DO UPDATE SET label = excluded.label, environment = excluded.environment, base_url = excluded.base_url,
           auth_mode = excluded.auth_mode, public_fields = excluded.public_fields, credential_hint = excluded.credential_hint,
           updated_at = excluded.updated_at, archived_at = excluded.archived_at`,
    ).run({
      id: str(r.id),
      provider: str(r.provider),
      label: str(r.label),
      environment: str(r.environment),
      base_url: str(r.base_url),
      auth_mode: str(r.auth_mode),
      public_fields: str(r.public_fields) ?? '{}',
      credential_hint: str(r.credential_hint),
      created_at: str(r.created_at),
      updated_at: str(r.updated_at),
      archived_at: str(r.archived_at),
    });
  }

  /**
   * Payouts in multi-row statements of 64, 32, … 1 rows (as src-main/storage/cache-repository.ts writes them): FTS5
   * flushes at every statement's savepoint, so one statement per payout would cost a tiny index segment each.
   */
  private payouts(rows: PgRow[]): void {
    for (const r of rows) {
      // The provider's copy of a payout that is now known as the team's (its remote id arrived after a sync cached
      // it): the team's row replaces it.
      if (r.remote_id !== null && r.remote_id !== undefined)
        this.sql('DELETE FROM payouts WHERE connection_id = ? AND remote_id = ? AND id >= ?').run(
          str(r.connection_id),
          str(r.remote_id),
          TEAM_CACHE_PAYOUT_IDS_FROM,
        );
    }
    let at = 0;
    while (at < rows.length) {
      let size = 64;
      while (size > rows.length - at) size >>= 1;
      const chunk = rows.slice(at, at + size);
      this.upsertPayouts(size).run(
        chunk.flatMap((r) =>
          PAYOUT_COLUMNS.map(([column, kind]) =>
            column === 'creator_id'
              ? this.localCreator(r)
              : column === 'campaign_id'
                ? this.localCampaign(r)
                : kind === 'n'
                  ? num(r[column])
                  : str(r[column]),
          ),
        ),
      );
      at += size;
    }
  }

  /**
   * A creator id is a desktop's own (each desktop's cache numbers its creators): a team payout's creator here is the
   * creator of its connection with the provider's id the payout names (migration 0004), else the one its payee names
   * (e-mail, phone, handle), as the sync links payees.
   */
  private localCreator(r: PgRow): number | null {
    const connection = str(r.connection_id);
    const byProviderId = str(r.creator_remote_id);
    if (byProviderId) {
      const id = this.sql('SELECT id FROM creators WHERE connection_id = ? AND remote_id = ?').pluck().get(connection, byProviderId);
      if (typeof id === 'number') return id;
    }
    const email = str(r.recipient_email)?.trim().toLowerCase();
    const phone = str(r.recipient_phone);
    const handle = str(r.recipient_handle)?.trim().toLowerCase().replace(/^@+/, '');
    // One indexed look-up each (creators_email, creators_connection_phone, creators_handle), in the sync's order.
    const found =
      (email &&
        this.sql('SELECT id FROM creators WHERE lower(email) = ? AND connection_id = ? AND email IS NOT NULL ORDER BY id LIMIT 1')
          .pluck()
          .get(email, connection)) ||
      (phone &&
        this.sql('SELECT id FROM creators WHERE connection_id = ? AND phone = ? ORDER BY id LIMIT 1').pluck().get(connection, phone)) ||
      (handle &&
        this.sql('SELECT id FROM creators WHERE lower(handle) IN (?, ?) AND connection_id = ? AND handle IS NOT NULL ORDER BY id LIMIT 1')
          .pluck()
          .get(`@${handle}`, handle, connection));
    return typeof found === 'number' ? found : null;
  }

  /** The campaign of a team payout here, by the provider's id (a payout from before migration 0004 keeps the server's). */
  private localCampaign(r: PgRow): number | null {
    const byProviderId = str(r.campaign_remote_id);
    if (!byProviderId) return num(r.campaign_id);
    const id = this.sql('SELECT id FROM campaigns WHERE connection_id = ? AND remote_id = ?')
      .pluck()
      .get(str(r.connection_id), byProviderId);
    return typeof id === 'number' ? id : null;
  }

  private upsertPayouts(rows: number): Statement {
    const tuple = `(${PAYOUT_COLUMNS.map(() => '?').join(', ')})`;
    return this.sql(
      `INSERT INTO payouts (${PAYOUT_COLUMNS.map(([c]) => c).join(', ')}) VALUES ${Array.from({ length: rows }, () => tuple).join(', ')}
       ON CONFLICT (id) DO UPDATE SET ${PAYOUT_COLUMNS.filter(([c]) => c !== 'id')
         .map(([c]) => `${c} = excluded.${c}`)
         .join(', ')}`,
    );
  }

  private approval(r: PgRow): void {
    this.sql(
      `INSERT INTO payout_approvals (id, payout_id, operator, operator_id, decision, reason, at, voided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET voided_at = excluded.voided_at`,
    ).run(num(r.id), num(r.payout_id), str(r.operator), str(r.operator_id), str(r.decision), str(r.reason), str(r.at), str(r.voided_at));
  }

  private outbox(r: PgRow): void {
    const values = {
      payout_id: num(r.payout_id),
      connection_id: str(r.connection_id),
      client_reference: str(r.client_reference),
      short_reference: str(r.short_reference),
      request_json: str(r.request_json),
      create_state: str(r.create_state),
      initiate_state: str(r.initiate_state),
      create_attempts: num(r.create_attempts),
      initiate_attempts: num(r.initiate_attempts),
      remote_id: str(r.remote_id),
      open: num(r.open),
      amount_minor: num(r.amount_minor),
      currency: str(r.currency),
      marked_at: str(r.marked_at),
      updated_at: str(r.updated_at),
      last_error: str(r.last_error),
    };
    this.upsert('payout_outbox', 'payout_id', values);
    const lease = r.lease_until instanceof Date ? r.lease_until.toISOString() : str(r.lease_until);
    this.sql(
      `INSERT INTO team_send_claims (payout_id, claimed_by, claim_host, lease_until) VALUES (?, ?, ?, ?)
         ON CONFLICT (payout_id) DO UPDATE SET claimed_by = excluded.claimed_by, claim_host = excluded.claim_host, lease_until = excluded.lease_until`,
    ).run(num(r.payout_id), str(r.claimed_by), str(r.claim_host), lease);
  }

  /** A payee check with the server's id: on a team desktop only the replica writes them. */
  private payeeCheck(r: PgRow): void {
    this.sql(
      `INSERT INTO payee_checks (id, payout_id, check_id, status, provider_status, matched_name, details, reasons, checked_name, checked_key, trigger, at)
         VALUES (@id, @payout_id, @check_id, @status, @provider_status, @matched_name, @details, @reasons, @checked_name, @checked_key, @trigger, @at)
         ON CONFLICT (id) DO NOTHING`,
    ).run({
      id: num(r.id),
      payout_id: num(r.payout_id),
      check_id: str(r.check_id),
      status: str(r.status),
      provider_status: str(r.provider_status),
      matched_name: str(r.matched_name),
      details: str(r.details),
      reasons: str(r.reasons) ?? '[]',
      checked_name: str(r.checked_name),
      checked_key: str(r.checked_key),
      trigger: str(r.trigger),
      at: str(r.at),
    });
  }

  /**
   * A status regression of a team payout. Its id here is the server's, negated: this desktop's cache records the
   * regressions of the provider's history in the same table with ids of its own (always positive).
   */
  private regression(r: PgRow): void {
    const values = {
      id: -num(r.id)!,
      payout_id: num(r.payout_id),
      kept_status: str(r.kept_status),
      kept_provider_status: str(r.kept_provider_status),
      reported_status: str(r.reported_status),
      reported_provider_status: str(r.reported_provider_status),
      source: str(r.source),
      first_reported_at: str(r.first_reported_at),
      last_reported_at: str(r.last_reported_at),
      resolved_at: str(r.resolved_at),
    };
    this.upsert('payout_status_regressions', 'id', values);
  }

  /** The server's row as it is now: inserted, or every column but the key replaced. */
  private upsert(table: 'payout_outbox' | 'payout_status_regressions', key: string, values: Record<string, unknown>): void {
    const columns = Object.keys(values);
    this.sql(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})
         ON CONFLICT (${key}) DO UPDATE SET ${columns
           .filter((c) => c !== key)
           .map((c) => `${c} = excluded.${c}`)
           .join(', ')}`,
    ).run(values);
  }

  private policy(doc: PolicyDoc): void {
    this.sql('DELETE FROM approval_thresholds').run();
    for (const t of doc.approvalThresholds ?? [])
      this.sql('INSERT INTO approval_thresholds (currency, threshold_minor) VALUES (?, ?)').run(t.currency, t.minor);
    this.sql('DELETE FROM payout_limits').run();
    for (const l of doc.maxPerPayout ?? [])
      this.sql('INSERT INTO payout_limits (currency, max_minor) VALUES (?, ?)').run(l.currency, l.minor);
    this.sql('DELETE FROM workspace_daily_caps').run();
    for (const c of doc.workspaceDailyCaps ?? [])
      this.sql('INSERT INTO workspace_daily_caps (currency, cap_minor) VALUES (?, ?)').run(c.currency, c.minor);
    this.sql('DELETE FROM daily_send_caps').run();
    for (const c of doc.dailyCaps ?? [])
      this.db
        .prepare('INSERT INTO daily_send_caps (connection_id, currency, cap_minor) VALUES (?, ?, ?)')
        .run(c.connectionId, c.cap.currency, c.cap.minor);
    const setting = this.sql(
      'INSERT INTO workflow_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    for (const key of POLICY_SETTINGS) {
      const v = doc[key];
      if (typeof v === 'boolean') setting.run(key, v ? 1 : 0);
      else if (typeof v === 'number') setting.run(key, v);
    }
  }

  private tombstone(table: string, key: string): void {
    const [column, id, tag] = key.split(':');
    if (table === 'payout_tags') {
      this.db
        .prepare('DELETE FROM payout_tags WHERE payout_id = ? AND tag = ?')
        .run(Number(id), key.slice(`${column}:${id}:`.length) || tag);
      return;
    }
    const local: Record<string, string> = {
      payouts: 'DELETE FROM payouts WHERE id = ?',
      payout_approvals: 'DELETE FROM payout_approvals WHERE id = ?',
      payout_outbox: 'DELETE FROM payout_outbox WHERE payout_id = ?',
      payout_status_history: 'DELETE FROM payout_status_history WHERE id = ?',
      payout_send_attempts: 'DELETE FROM payout_send_attempts WHERE id = ?',
      payee_checks: 'DELETE FROM payee_checks WHERE id = ?',
    };
    const sql = local[table];
    if (sql) this.sql(sql).run(Number(id));
  }

  /** This desktop's poller follows a payout (polling is local: a second look at the provider changes nothing). */
  track(payoutId: number, nextPollAt: string, intervalMs: number): void {
    this.local.track(payoutId, nextPollAt, intervalMs);
  }

  untrack(payoutId: number): void {
    this.local.untrack(payoutId);
  }

  /** The team audit trail as replicated, in order (for Verify and the exports on this desktop). */
  auditRows(): IterableIterator<AuditRow> {
    return this.sql('SELECT * FROM team_audit_events ORDER BY seq').iterate() as IterableIterator<AuditRow>;
  }

  /** One page of the replicated team trail, newest first, with the Audit log's filters. */
  auditList(filter: AuditFilter): AuditEvent[] {
    return listAuditEvents(this.db, 'team_audit_events', filter);
  }

  /** The replicated event at this position of the team trail (to hold it against the server's chain head). */
  auditHashAt(seq: number): string | null {
    const row = this.sql('SELECT hash FROM team_audit_events WHERE seq = ?').get(seq) as { hash: string } | undefined;
    return row?.hash ?? null;
  }

  claim(payoutId: number): { claimedBy: string | null; claimHost: string | null; leaseUntil: string | null } | null {
    const row = this.sql('SELECT claimed_by, claim_host, lease_until FROM team_send_claims WHERE payout_id = ?').get(payoutId) as
      { claimed_by: string | null; claim_host: string | null; lease_until: string | null } | undefined;
    return row ? { claimedBy: row.claimed_by, claimHost: row.claim_host, leaseUntil: row.lease_until } : null;
  }
}
