/**
 * The offline cache: provider data written by the sync (pages of creators, campaigns, payouts, each group of pages in
 * one transaction with the resumable cursor), the sync state per connection and resource, and the creator and
 * campaign lists.
 */
import type { CampaignRow, CreatorRow, ProviderId, SyncResource } from '@shared/contract/model';
import type { RemoteCampaign, RemoteCreator, RemotePayout } from '../providers/provider';
import type { Statement } from 'better-sqlite3';
import type { Db } from './database';

const PAYOUT_COLUMNS = [
  'connection_id',
  'remote_id',
  'client_reference',
  'creator_id',
  'campaign_id',
  'recipient_name',
  'recipient_email',
  'recipient_handle',
  'amount_minor',
  'currency',
  'description',
  'status',
  'provider_status',
  'created_at',
  'updated_at',
  'raw_json',
  'expires_at',
  'expiry_pending',
] as const;
/** Rows per multi-row upsert (18 columns each: far below SQLite's variable limit). */
const PAYOUT_BATCH = 128;

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

/** Stable key for a creator derived from a payout recipient, for providers without a creator resource. */
export function derivedCreatorKey(p: Pick<RemotePayout, 'recipientEmail' | 'recipientHandle' | 'recipientName'>): string | null {
  if (p.recipientEmail) return `email:${p.recipientEmail.trim().toLowerCase()}`;
  if (p.recipientHandle) return `handle:${p.recipientHandle.trim().toLowerCase()}`;
  if (p.recipientName) return `name:${p.recipientName.trim().toLowerCase()}`;
  return null;
}

const COUNT_SQL: Record<SyncResource, string> = {
  creators: 'SELECT count(*) AS n FROM creators WHERE connection_id = ?',
  campaigns: 'SELECT count(*) AS n FROM campaigns WHERE connection_id = ?',
  payouts: 'SELECT count(*) AS n FROM payouts WHERE connection_id = ?',
};

export class CacheRepository {
  private readonly upsertCreatorStmt;
  private readonly creatorIdStmt;
  private readonly upsertCampaignStmt;
  private readonly campaignIdStmt;
  private readonly updateByReferenceStmt;
  private readonly upsertPayoutStmts = new Map<number, Statement>();

  constructor(private readonly db: Db) {
    this.upsertCreatorStmt = db.prepare(`
      INSERT INTO creators (connection_id, remote_id, name, email, handle, platform, phone, raw_json, updated_at)
      VALUES (@connectionId, @remoteId, @name, @email, @handle, @platform, @phone, @raw, @now)
      ON CONFLICT (connection_id, remote_id) DO UPDATE SET
        name = coalesce(excluded.name, name), email = coalesce(excluded.email, email), handle = coalesce(excluded.handle, handle),
        platform = coalesce(excluded.platform, platform), phone = coalesce(excluded.phone, phone),
        raw_json = coalesce(excluded.raw_json, raw_json), updated_at = excluded.updated_at
      RETURNING id`);
    this.creatorIdStmt = db.prepare('SELECT id FROM creators WHERE connection_id = ? AND remote_id = ?');
    this.upsertCampaignStmt = db.prepare(`
      INSERT INTO campaigns (connection_id, remote_id, name, status, raw_json, updated_at)
      VALUES (@connectionId, @remoteId, @name, @status, @raw, @now)
      ON CONFLICT (connection_id, remote_id) DO UPDATE SET
        name = excluded.name, status = excluded.status, raw_json = excluded.raw_json, updated_at = excluded.updated_at`);
    this.campaignIdStmt = db.prepare('SELECT id FROM campaigns WHERE connection_id = ? AND remote_id = ?');
    // A payout Paydesk created is matched by our reference (or its short form, where a provider echoes only that). Its status
    // belongs to the send workflow until the provider has it: the sync never moves it back to draft/approved,
    // and leaves sending/unknown to the reconciler, so a sync can never make a payout look unsent.
    this.updateByReferenceStmt = db.prepare(`
      UPDATE payouts SET remote_id = coalesce(remote_id, @remoteId), provider_status = @providerStatus,
        updated_at = @updatedAt, raw_json = @raw, expires_at = coalesce(@expiresAt, expires_at), expiry_pending = @expiryPending,
        status = CASE WHEN status IN ('draft', 'approved', 'rejected', 'sending', 'unknown') OR @status IN ('draft', 'approved')
                      THEN status ELSE @status END
      WHERE connection_id = @connectionId AND (client_reference = @clientReference OR short_reference = @clientReference)`);
  }

  /**
   * The multi-row payout upsert for `rows` rows (prepared once per size). One statement for many rows matters for
   * speed: SQLite opens a statement savepoint per write statement, and FTS5 flushes its pending index data to disk
   * at every savepoint, so one statement per payout meant one tiny FTS segment (and merge work) per payout.
   */
  private upsertPayoutsStmt(rows: number): Statement {
    let stmt = this.upsertPayoutStmts.get(rows);
    if (!stmt) {
      const tuple = `(${PAYOUT_COLUMNS.map(() => '?').join(', ')})`;
      stmt = this.db.prepare(`
        INSERT INTO payouts (${PAYOUT_COLUMNS.join(', ')})
        VALUES ${Array.from({ length: rows }, () => tuple).join(', ')}
        ON CONFLICT (connection_id, remote_id) DO UPDATE SET
          creator_id = coalesce(excluded.creator_id, creator_id), campaign_id = coalesce(excluded.campaign_id, campaign_id),
          recipient_name = excluded.recipient_name, recipient_email = excluded.recipient_email, recipient_handle = excluded.recipient_handle,
          amount_minor = excluded.amount_minor, currency = excluded.currency, description = excluded.description,
          status = excluded.status, provider_status = excluded.provider_status, updated_at = excluded.updated_at, raw_json = excluded.raw_json,
          expires_at = coalesce(excluded.expires_at, expires_at), expiry_pending = excluded.expiry_pending`);
      this.upsertPayoutStmts.set(rows, stmt);
    }
    return stmt;
  }

  /** Upserts rows in order, in chunks of PAYOUT_BATCH, 64, 32, … 1 rows: a handful of prepared statements in all. */
  private writePayoutRows(rows: unknown[][]): void {
    let at = 0;
    while (at < rows.length) {
      let size = PAYOUT_BATCH;
      while (size > rows.length - at) size >>= 1;
      this.upsertPayoutsStmt(size).run(rows.slice(at, at + size).flat());
      at += size;
    }
  }

  upsertCreators(connectionId: string, creators: RemoteCreator[], now: string): void {
    for (const c of creators) {
      this.upsertCreatorStmt.get({
        connectionId,
        remoteId: c.remoteId,
        name: c.name,
        email: c.email,
        handle: c.handle,
        platform: c.platform,
        phone: c.phone,
        raw: json(c.raw),
        now,
      });
    }
  }

  upsertCampaigns(connectionId: string, campaigns: RemoteCampaign[], now: string): void {
    for (const c of campaigns)
      this.upsertCampaignStmt.run({ connectionId, remoteId: c.remoteId, name: c.name, status: c.status, raw: json(c.raw), now });
  }

  /**
   * Upserts payouts. A payout we created ourselves is matched by our client reference first (its remote id may
   * still be unknown); others by (connection, remote id). Creators are linked by the provider's creator id, or
   * derived from the recipient where the provider has no creator resource. The id caches live for one call.
   */
  upsertPayouts(connectionId: string, payouts: RemotePayout[], now: string): void {
    const creatorIds = new Map<string, number | null>();
    const campaignIds = new Map<string, number | null>();
    // Rows wait here and are written in multi-row statements, in the same order as one by one. A later payout that
    // is matched by a reference still waiting here flushes first, so it sees exactly what it would have seen.
    const pending: unknown[][] = [];
    const pendingReferences = new Set<string>();
    const flush = () => {
      if (pending.length === 0) return;
      this.writePayoutRows(pending);
      pending.length = 0;
      pendingReferences.clear();
    };
    for (const p of payouts) {
      if (p.clientReference) {
        if (pendingReferences.has(p.clientReference)) flush();
        const updated = this.updateByReferenceStmt.run({
          connectionId,
          clientReference: p.clientReference,
          remoteId: p.remoteId,
          status: p.status,
          providerStatus: p.providerStatus,
          updatedAt: p.updatedAt ?? now,
          raw: json(p.raw),
          expiresAt: p.expiresAt ?? null,
          expiryPending: p.expiryPending ? 1 : 0,
        });
        if (updated.changes > 0) continue;
      }
      const creatorId = this.resolveCreator(connectionId, p, now, creatorIds);
      let campaignId: number | null = null;
      if (p.campaignRemoteId) {
        if (!campaignIds.has(p.campaignRemoteId)) {
          const row = this.campaignIdStmt.get(connectionId, p.campaignRemoteId) as { id: number } | undefined;
          campaignIds.set(p.campaignRemoteId, row?.id ?? null);
        }
        campaignId = campaignIds.get(p.campaignRemoteId) ?? null;
      }
      // Payouts made outside Paydesk have no reference of ours; give them a stable, clearly foreign one.
      const clientReference = p.clientReference ?? `remote:${connectionId}:${p.remoteId}`;
      pending.push([
        connectionId,
        p.remoteId,
        clientReference,
        creatorId,
        campaignId,
        p.recipientName,
        p.recipientEmail,
        p.recipientHandle,
        p.amount.minor,
        p.amount.currency,
        p.description,
        p.status,
        p.providerStatus,
        p.createdAt,
        p.updatedAt ?? p.createdAt,
        json(p.raw),
        p.expiresAt ?? null,
        p.expiryPending ? 1 : 0,
      ]);
      pendingReferences.add(clientReference);
      if (pending.length === PAYOUT_BATCH) flush();
    }
    flush();
  }

  private resolveCreator(connectionId: string, p: RemotePayout, now: string, cache: Map<string, number | null>): number | null {
    const key = p.creatorRemoteId ?? derivedCreatorKey(p);
    if (!key) return null;
    if (cache.has(key)) return cache.get(key) ?? null;
    let id: number | null;
    if (p.creatorRemoteId) {
      id = (this.creatorIdStmt.get(connectionId, key) as { id: number } | undefined)?.id ?? null;
    } else {
      const row = this.upsertCreatorStmt.get({
        connectionId,
        remoteId: key,
        name: p.recipientName,
        email: p.recipientEmail,
        handle: p.recipientHandle,
        platform: null,
        phone: null,
        raw: null,
        now,
      }) as { id: number };
      id = row.id;
    }
    cache.set(key, id);
    return id;
  }

  listCreators(search: string | undefined, limit: number, connectionId?: string): CreatorRow[] {
    const like = search ? `%${search.replace(/[%_\\]/g, (m) => `\\${m}`)}%` : null;
    return (
      this.db
        .prepare(
          `
        SELECT cr.id, cr.connection_id, c.provider, cr.remote_id, cr.name, cr.email, cr.handle, cr.platform,
          (SELECT count(*) FROM payouts p WHERE p.creator_id = cr.id) AS payout_count
        FROM creators cr JOIN connections c ON c.id = cr.connection_id
        WHERE (@connectionId IS NULL OR cr.connection_id = @connectionId)
          AND (@like IS NULL OR cr.name LIKE @like ESCAPE '\\' OR cr.email LIKE @like ESCAPE '\\' OR cr.handle LIKE @like ESCAPE '\\')
        ORDER BY cr.name COLLATE NOCASE, cr.id LIMIT @limit`,
        )
        .all({ like, limit, connectionId: connectionId ?? null }) as Array<{
        id: number;
        connection_id: string;
        provider: ProviderId;
        remote_id: string;
        name: string | null;
        email: string | null;
        handle: string | null;
        platform: string | null;
        payout_count: number;
      }>
    ).map((r) => ({
      id: r.id,
      connectionId: r.connection_id,
      provider: r.provider,
      remoteId: r.remote_id,
      name: r.name,
      email: r.email,
      handle: r.handle,
      platform: r.platform,
      payoutCount: r.payout_count,
    }));
  }

  listCampaigns(limit: number, connectionId?: string): CampaignRow[] {
    return (
      this.db
        .prepare(
          `
        SELECT k.id, k.connection_id, c.provider, k.remote_id, k.name, k.status,
          (SELECT count(*) FROM payouts p WHERE p.campaign_id = k.id) AS payout_count
        FROM campaigns k JOIN connections c ON c.id = k.connection_id
        WHERE @connectionId IS NULL OR k.connection_id = @connectionId
        ORDER BY k.name COLLATE NOCASE, k.id LIMIT @limit`,
        )
        .all({ limit, connectionId: connectionId ?? null }) as Array<{
        id: number;
        connection_id: string;
        provider: ProviderId;
        remote_id: string;
        name: string;
        status: string | null;
        payout_count: number;
      }>
    ).map((r) => ({
      id: r.id,
      connectionId: r.connection_id,
      provider: r.provider,
      remoteId: r.remote_id,
      name: r.name,
      status: r.status,
      payoutCount: r.payout_count,
    }));
  }

  /** Where an interrupted sync of this resource resumes, and when it last completed. */
  syncState(connectionId: string, resource: SyncResource): { cursor: string | null; lastSyncedAt: string | null } {
    const row = this.db
      .prepare('SELECT cursor, last_synced_at FROM sync_state WHERE connection_id = ? AND resource = ?')
      .get(connectionId, resource) as { cursor: string | null; last_synced_at: string | null } | undefined;
    return { cursor: row?.cursor ?? null, lastSyncedAt: row?.last_synced_at ?? null };
  }

  /**
   * Writes fetched pages and the cursor after the last of them in one transaction: each page is in the cache
   * completely or not at all, and a sync that stops anywhere resumes after the last page written.
   */
  writePages(
    connectionId: string,
    resource: SyncResource,
    pages: Array<{ items: unknown[] }>,
    nextCursor: string | null,
    now: string,
  ): void {
    this.db.transaction(() => {
      for (const page of pages) {
        if (resource === 'creators') this.upsertCreators(connectionId, page.items as RemoteCreator[], now);
        else if (resource === 'campaigns') this.upsertCampaigns(connectionId, page.items as RemoteCampaign[], now);
        else this.upsertPayouts(connectionId, page.items as RemotePayout[], now);
      }
      this.db
        .prepare(
          `INSERT INTO sync_state (connection_id, resource, cursor) VALUES (?, ?, ?)
           ON CONFLICT (connection_id, resource) DO UPDATE SET cursor = excluded.cursor`,
        )
        .run(connectionId, resource, nextCursor);
    })();
  }

  /** The resource was read to its last page: forget the cursor, record when, and how many items the cache holds. */
  completeSync(connectionId: string, resource: SyncResource, now: string): void {
    const count = (this.db.prepare(COUNT_SQL[resource]).get(connectionId) as { n: number }).n;
    this.db
      .prepare(
        'UPDATE sync_state SET cursor = NULL, last_synced_at = ?, last_error = NULL, item_count = ? WHERE connection_id = ? AND resource = ?',
      )
      .run(now, count, connectionId, resource);
  }

  recordSyncError(connectionId: string, resource: SyncResource, message: string | null): void {
    this.db
      .prepare(
        `INSERT INTO sync_state (connection_id, resource, last_error) VALUES (?, ?, ?)
         ON CONFLICT (connection_id, resource) DO UPDATE SET last_error = excluded.last_error`,
      )
      .run(connectionId, resource, message);
  }

  /** How much the whole cache holds. */
  counts(): { creators: number; campaigns: number; payouts: number } {
    const count = (table: 'creators' | 'campaigns' | 'payouts') =>
      (this.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return { creators: count('creators'), campaigns: count('campaigns'), payouts: count('payouts') };
  }

  /** How many payouts of one connection the cache holds. */
  payoutCount(connectionId: string): number {
    return (this.db.prepare(COUNT_SQL.payouts).get(connectionId) as { n: number }).n;
  }
}
