/**
 * The offline cache: provider data written by the sync (pages of creators, campaigns, payouts, each group of pages in
 * one transaction with the resumable cursor), the sync state per connection and resource, the items a sync set
 * aside, status regressions the sync saw, and the creator and campaign lists.
 *
 * One item that cannot be stored never costs its page: each row that the database refuses is set aside with the
 * reason and the rest is written (a refused multi-row statement is retried row by row).
 */
import {
  isStatusRegression,
  terminalPayoutStatuses,
  type CampaignRow,
  type CreatorRow,
  type PayoutStatus,
  type ProviderId,
  type SetAsideItem as SetAsideRow,
  type SyncResource,
} from '@shared/contract/model';
import type { ProviderObject, RemoteCampaign, RemoteCreator, RemotePayout, SetAsideItem } from '../providers/provider';
import type { Statement } from 'better-sqlite3';
import type { Db } from './database';

/** The payout columns a sync writes (the benchmark's generator and raw baseline write the same ones). */
export const PAYOUT_COLUMNS = [
  'connection_id',
  'remote_id',
  'client_reference',
  'provider_reference',
  'creator_id',
  'campaign_id',
  'recipient_name',
  'recipient_email',
  'recipient_handle',
  'recipient_phone',
  'amount_minor',
  'currency',
  'description',
  'status',
  'provider_status',
  'created_at',
  'created_at_first_seen',
  'paid_at',
  'updated_at',
  'raw_json',
  'expires_at',
  'expiry_pending',
] as const;
export type PayoutColumn = (typeof PAYOUT_COLUMNS)[number];
/** Rows per multi-row upsert (22 columns each: far below SQLite's variable limit). */
const PAYOUT_BATCH = 128;
/** Statuses the send workflow owns: the sync leaves them to the sender and the reconciler. */
const WORKFLOW_STATUSES: readonly PayoutStatus[] = ['draft', 'approved', 'rejected', 'sending', 'unknown'];
/**
 * On a team desktop the payouts table holds two kinds of rows: the team's payouts, which the replica writes with the
 * server's ids (src-main/storage/postgres/replica-store.ts), and the provider's payout history, which this cache
 * writes. The cache's rows take ids from here up, so the two never meet (the server's ids would need a thousand
 * trillion payouts to reach it; a JavaScript number is exact far beyond).
 */
export const TEAM_CACHE_PAYOUT_IDS_FROM = 2 ** 50;
/** Why a payout the provider lists without its id is not stored. */
export const PAYOUT_WITHOUT_ID = 'The provider sent a payout without an id; Paydesk cannot tell it apart from others.';
/** Regressions listed in a sync run's audit event (the count is always complete). */
export const REGRESSIONS_AUDITED = 50;

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
/** What raw_json stores of a listed item: the JSON text a cache writer took it as, or the object serialised now. */
const rawJsonOf = (item: ProviderObject) => (item.rawJson !== undefined ? item.rawJson : json(item.raw));
const lower = (text: string | null | undefined) => (text ? text.trim().toLowerCase() : null);

/** Stable key for a creator derived from a payout recipient, for providers without a creator resource. */
export function derivedCreatorKey(p: Pick<RemotePayout, 'recipientEmail' | 'recipientHandle' | 'recipientName'>): string | null {
  if (p.recipientEmail) return `email:${p.recipientEmail.trim().toLowerCase()}`;
  if (p.recipientHandle) return `handle:${p.recipientHandle.trim().toLowerCase()}`;
  if (p.recipientName) return `name:${p.recipientName.trim().toLowerCase()}`;
  return null;
}

/** A handle as people are matched on it: lower case, with its "@", whatever the provider wrote. */
export function normaliseHandle(handle: string | null | undefined): string | null {
  const trimmed = handle?.trim().toLowerCase().replace(/^@+/, '');
  return trimmed ? `@${trimmed}` : null;
}

/**
 * SQLite errors about the database, not the item: the disk is full, the file cannot be written, memory ran out,
 * another connection holds the lock. SQLite may roll the whole transaction back on these (its documentation of
 * transactions, "Response To Errors Within A Transaction"), so the page cannot go on without the item: it fails whole.
 */
const DATABASE_FAILURES = /^SQLITE_(FULL|IOERR|BUSY|LOCKED|NOMEM|CORRUPT|NOTADB|READONLY|CANTOPEN|INTERRUPT|ABORT|PROTOCOL|PERM)/;

function sqliteCode(error: unknown): string {
  return typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : '';
}

/** Why the database refused a row, in words (a constraint names columns, never values). */
function storageReason(error: unknown): string {
  const detail = error instanceof Error ? error.message.slice(0, 200) : 'unknown error';
  return `Paydesk could not store this item: the database refused it (${detail}).`;
}

const COUNT_SQL: Record<SyncResource, string> = {
  creators: 'SELECT count(*) AS n FROM creators WHERE connection_id = ?',
  campaigns: 'SELECT count(*) AS n FROM campaigns WHERE connection_id = ?',
  payouts: 'SELECT count(*) AS n FROM payouts WHERE connection_id = ?',
};

export interface WriteOptions {
  /** The sync run writing: items it sets aside are recorded under it. */
  runId: string;
  /** The provider has no creator resource: creators are derived from payout recipients. */
  deriveCreators: boolean;
  /**
   * Written by a team desktop's replica from the team's shared provider cache: a payout of ours is the team
   * database's (its status arrives through the replica, from the workflow and the tracking there), so the provider's
   * copy of it is left alone; new rows take ids from TEAM_CACHE_PAYOUT_IDS_FROM.
   */
  teamCopy?: boolean;
}

/** What the sync saw of a payout that went back from a final status. */
export interface RegressionSeen {
  payoutId: number;
  kept: { status: PayoutStatus; providerStatus: string | null };
  reported: { status: PayoutStatus; providerStatus: string | null };
}

export interface WriteOutcome {
  stored: number;
  setAside: SetAsideItem[];
  regressions: RegressionSeen[];
}

interface CachedCreatorRow {
  id: number;
  remote_id: string;
  name: string | null;
  email: string | null;
  handle: string | null;
}

/** The columns every cached list row (creators, campaigns) carries: where it comes from and how often it was paid. */
interface CachedListRow {
  id: number;
  connection_id: string;
  provider: ProviderId;
  remote_id: string;
  payout_count: number;
}

function cachedListKeys(r: CachedListRow): Pick<CreatorRow, 'id' | 'connectionId' | 'provider' | 'remoteId' | 'payoutCount'> {
  return { id: r.id, connectionId: r.connection_id, provider: r.provider, remoteId: r.remote_id, payoutCount: r.payout_count };
}

interface ExistingPayout {
  id: number;
  status: PayoutStatus;
  provider_status: string | null;
  created_at_first_seen: number;
  regressed: number;
}

export class CacheRepository {
  private readonly upsertCreatorStmt;
  private readonly creatorByRemoteStmt;
  private readonly creatorByEmailStmt;
  private readonly creatorByHandleStmt;
  private readonly creatorByPhoneStmt;
  private readonly upsertDerivedCreatorStmt;
  private readonly absorbCreatorStmt;
  private readonly mergeCreatorStmt;
  private readonly deleteCreatorStmt;
  private readonly upsertCampaignStmt;
  private readonly campaignIdStmt;
  private readonly oursStmt;
  private readonly updateOursStmt;
  private readonly remoteHolderStmt;
  private readonly deletePayoutStmt;
  private readonly firstSeenFixStmt;
  private readonly openRegressionStmt;
  private readonly resolveRegressionStmt;
  private readonly setAsideStmt;
  private readonly upsertPayoutStmts = new Map<number, Statement>();

  constructor(private readonly db: Db) {
    this.upsertCreatorStmt = db.prepare(`
      INSERT INTO creators (connection_id, remote_id, name, email, handle, platform, phone, raw_json, updated_at)
      VALUES (@connectionId, @remoteId, @name, @email, @handle, @platform, @phone, @raw, @now)
      ON CONFLICT (connection_id, remote_id) DO UPDATE SET
        name = coalesce(excluded.name, name), email = coalesce(excluded.email, email), handle = coalesce(excluded.handle, handle),
        platform = coalesce(excluded.platform, platform), phone = coalesce(excluded.phone, phone),
        raw_json = coalesce(excluded.raw_json, raw_json), updated_at = excluded.updated_at
      RETURNING id, remote_id, name, email, handle`);
    const creatorColumns = 'id, remote_id, name, email, handle';
    this.creatorByRemoteStmt = db.prepare(`SELECT ${creatorColumns} FROM creators WHERE connection_id = ? AND remote_id = ?`);
    this.creatorByEmailStmt = db.prepare(
      `SELECT ${creatorColumns} FROM creators WHERE lower(email) = ? AND connection_id = ? AND email IS NOT NULL ORDER BY id LIMIT 1`,
    );
    this.creatorByHandleStmt = db.prepare(
      `SELECT ${creatorColumns} FROM creators WHERE lower(handle) IN (?, ?) AND connection_id = ? AND handle IS NOT NULL ORDER BY id LIMIT 1`,
    );
    this.creatorByPhoneStmt = db.prepare(
      `SELECT ${creatorColumns} FROM creators WHERE connection_id = ? AND phone = ? ORDER BY id LIMIT 1`,
    );
    // A creator derived from payouts keeps what it first learnt and only fills in what it lacks.
    this.upsertDerivedCreatorStmt = db.prepare(`
      INSERT INTO creators (connection_id, remote_id, name, email, handle, platform, phone, raw_json, updated_at)
      VALUES (@connectionId, @remoteId, @name, @email, @handle, @platform, @phone, NULL, @now)
      ON CONFLICT (connection_id, remote_id) DO UPDATE SET
        name = coalesce(name, excluded.name), email = coalesce(email, excluded.email), handle = coalesce(handle, excluded.handle),
        platform = coalesce(platform, excluded.platform), phone = coalesce(phone, excluded.phone), updated_at = excluded.updated_at
      RETURNING id, remote_id, name, email, handle`);
    this.absorbCreatorStmt = db.prepare(`
      UPDATE creators SET
        name = coalesce(name, (SELECT name FROM creators WHERE id = @from)),
        email = coalesce(email, (SELECT email FROM creators WHERE id = @from)),
        handle = coalesce(handle, (SELECT handle FROM creators WHERE id = @from)),
        platform = coalesce(platform, (SELECT platform FROM creators WHERE id = @from)),
        phone = coalesce(phone, (SELECT phone FROM creators WHERE id = @from))
      WHERE id = @into`);
    this.mergeCreatorStmt = db.prepare('UPDATE payouts SET creator_id = ? WHERE creator_id = ?');
    this.deleteCreatorStmt = db.prepare('DELETE FROM creators WHERE id = ?');
    this.upsertCampaignStmt = db.prepare(`
      INSERT INTO campaigns (connection_id, remote_id, name, status, raw_json, updated_at)
      VALUES (@connectionId, @remoteId, @name, @status, @raw, @now)
      ON CONFLICT (connection_id, remote_id) DO UPDATE SET
        name = excluded.name, status = excluded.status, raw_json = excluded.raw_json, updated_at = excluded.updated_at`);
    this.campaignIdStmt = db.prepare('SELECT id FROM campaigns WHERE connection_id = ? AND remote_id = ?');
    // A payout Paydesk drafted is matched by our reference (or its short form, where a provider echoes only that), in
    // this connection only: the same text in another connection's reference field is that agency's own.
    this.oursStmt = db.prepare(`
      SELECT id, remote_id, status, provider_status FROM payouts
      WHERE connection_id = @connectionId AND short_reference IS NOT NULL AND (client_reference = @reference OR short_reference = @reference)`);
    this.updateOursStmt = db.prepare(`
      UPDATE payouts SET remote_id = coalesce(remote_id, @remoteId), status = @status, provider_status = @providerStatus,
        updated_at = @updatedAt, raw_json = @raw, expires_at = coalesce(@expiresAt, expires_at), expiry_pending = @expiryPending,
        paid_at = coalesce(@paidAt, paid_at)
      WHERE id = @id`);
    this.remoteHolderStmt = db.prepare(`
      SELECT p.id, EXISTS (SELECT 1 FROM payout_outbox o WHERE o.payout_id = p.id) AS ours
      FROM payouts p WHERE p.connection_id = ? AND p.remote_id = ? AND p.id != ?`);
    this.deletePayoutStmt = db.prepare('DELETE FROM payouts WHERE id = ?');
    this.firstSeenFixStmt = db.prepare('UPDATE payouts SET created_at = ?, created_at_first_seen = 0 WHERE id = ?');
    this.openRegressionStmt = db.prepare(`
      INSERT INTO payout_status_regressions (payout_id, kept_status, kept_provider_status, reported_status, reported_provider_status,
        source, first_reported_at, last_reported_at)
      VALUES (@payoutId, @keptStatus, @keptProviderStatus, @reportedStatus, @reportedProviderStatus, @source, @now, @now)
      ON CONFLICT (payout_id) WHERE resolved_at IS NULL DO UPDATE SET
        reported_status = excluded.reported_status, reported_provider_status = excluded.reported_provider_status,
        last_reported_at = excluded.last_reported_at`);
    this.resolveRegressionStmt = db.prepare(
      'UPDATE payout_status_regressions SET resolved_at = ? WHERE payout_id = ? AND resolved_at IS NULL',
    );
    this.setAsideStmt = db.prepare(`
      INSERT INTO sync_set_aside (connection_id, resource, run_id, remote_id, reason, at)
      VALUES (@connectionId, @resource, @runId, @remoteId, @reason, @now)
      ON CONFLICT (connection_id, resource, remote_id) WHERE remote_id IS NOT NULL DO UPDATE SET
        run_id = excluded.run_id, reason = excluded.reason, at = excluded.at`);
  }

  /**
   * The multi-row payout upsert for `rows` rows (prepared once per size). One statement for many rows matters for
   * speed: SQLite opens a statement savepoint per write statement, and FTS5 flushes its pending index data to disk
   * at every savepoint, so one statement per payout meant one tiny FTS segment (and merge work) per payout.
   * The creation time is never rewritten here (it would touch every index that holds it): a first-seen date that a
   * provider later dates itself is corrected row by row.
   */
  private upsertPayoutsStmt(rows: number): Statement {
    let stmt = this.upsertPayoutStmts.get(rows);
    if (!stmt) {
      // The id is null (SQLite picks the next) except in a team desktop's copy (TEAM_CACHE_PAYOUT_IDS_FROM).
      const tuple = `(?, ${PAYOUT_COLUMNS.map(() => '?').join(', ')})`;
      stmt = this.db.prepare(`
        INSERT INTO payouts (id, ${PAYOUT_COLUMNS.join(', ')})
        VALUES ${Array.from({ length: rows }, () => tuple).join(', ')}
        ON CONFLICT (connection_id, remote_id) DO UPDATE SET
          provider_reference = excluded.provider_reference,
          creator_id = coalesce(excluded.creator_id, creator_id), campaign_id = coalesce(excluded.campaign_id, campaign_id),
          recipient_name = excluded.recipient_name, recipient_email = excluded.recipient_email, recipient_handle = excluded.recipient_handle,
          recipient_phone = excluded.recipient_phone,
          amount_minor = excluded.amount_minor, currency = excluded.currency, description = excluded.description,
          status = excluded.status, provider_status = excluded.provider_status, updated_at = excluded.updated_at, raw_json = excluded.raw_json,
          created_at_first_seen = max(created_at_first_seen, excluded.created_at_first_seen), paid_at = coalesce(excluded.paid_at, paid_at),
          expires_at = coalesce(excluded.expires_at, expires_at), expiry_pending = excluded.expiry_pending`);
      this.upsertPayoutStmts.set(rows, stmt);
    }
    return stmt;
  }

  /**
   * Why this one item was refused, to set it aside; rethrows an error that is about the database rather than the item,
   * or one after which the page's transaction is gone: writing on would commit the rest of the page on its own.
   */
  private itemRefusal(error: unknown): string {
    if (DATABASE_FAILURES.test(sqliteCode(error)) || !this.db.inTransaction) throw error;
    return storageReason(error);
  }

  /**
   * Upserts rows in order, in chunks of PAYOUT_BATCH, 64, 32, … 1 rows: a handful of prepared statements in all. A
   * chunk the database refuses is written again row by row; a row refused on its own is set aside.
   */

  private writePayoutRows(
    rows: Array<{ values: unknown[]; remoteId: string }>,
    setAside: (remoteId: string, reason: string) => void,
  ): void {
    let at = 0;
    while (at < rows.length) {
      let size = PAYOUT_BATCH;
      while (size > rows.length - at) size >>= 1;
      const chunk = rows.slice(at, at + size);
      try {
        this.upsertPayoutsStmt(size).run(chunk.flatMap((r) => r.values));
      } catch (error) {
        // The refused statement changed nothing (SQLite rolls a failed statement back): find the row in halves.
        const reason = this.itemRefusal(error);
        if (size === 1) setAside(chunk[0]!.remoteId, reason);
        else {
          this.writePayoutRows(chunk.slice(0, size / 2), setAside);
          this.writePayoutRows(chunk.slice(size / 2), setAside);
        }
      }
      at += size;
    }
  }

  upsertCreators(connectionId: string, creators: RemoteCreator[], now: string, setAside: (item: SetAsideItem) => void): string[] {
    const stored: string[] = [];
    for (const c of creators) {
      try {
        this.upsertCreatorStmt.get({
          connectionId,
          remoteId: c.remoteId,
          name: c.name,
          email: c.email,
          handle: c.handle,
          platform: c.platform,
          phone: c.phone,
          raw: rawJsonOf(c),
          now,
        });
        stored.push(c.remoteId);
      } catch (error) {
        setAside({ remoteId: c.remoteId, reason: this.itemRefusal(error) });
      }
    }
    return stored;
  }

  upsertCampaigns(connectionId: string, campaigns: RemoteCampaign[], now: string, setAside: (item: SetAsideItem) => void): string[] {
    const stored: string[] = [];
    for (const c of campaigns) {
      try {
        this.upsertCampaignStmt.run({ connectionId, remoteId: c.remoteId, name: c.name, status: c.status, raw: rawJsonOf(c), now });
        stored.push(c.remoteId);
      } catch (error) {
        setAside({ remoteId: c.remoteId, reason: this.itemRefusal(error) });
      }
    }
    return stored;
  }

  /** The id of the next provider payout a team desktop's copy stores (above every id of the team's own payouts). */
  private nextTeamCopyPayoutId(): number {
    const highest = this.db.prepare('SELECT max(id) FROM payouts').pluck().get() as number | null;
    return Math.max(TEAM_CACHE_PAYOUT_IDS_FROM, (highest ?? 0) + 1);
  }

  /** The cached payouts of a connection with these remote ids, with what a sync must compare against. */
  private existingPayouts(connectionId: string, remoteIds: string[]): Map<string, ExistingPayout> {
    const out = new Map<string, ExistingPayout>();
    for (let i = 0; i < remoteIds.length; i += 500) {
      const slice = remoteIds.slice(i, i + 500);
      const rows = this.db
        .prepare(
          `SELECT p.remote_id, p.id, p.status, p.provider_status, p.created_at_first_seen,
             EXISTS (SELECT 1 FROM payout_status_regressions r WHERE r.payout_id = p.id AND r.resolved_at IS NULL) AS regressed
           FROM payouts p WHERE p.connection_id = ? AND p.remote_id IN (${slice.map(() => '?').join(',')})`,
        )
        .all(connectionId, ...slice) as Array<ExistingPayout & { remote_id: string }>;
      for (const r of rows) out.set(r.remote_id, r);
    }
    return out;
  }

  /** Keeps a final status the provider now reports as in flight, and records what it reported (or ends a regression). */
  private guardStatus(
    existing: { id: number; status: PayoutStatus; provider_status: string | null; regressed: number } | undefined,
    p: RemotePayout,
    now: string,
    regressions: RegressionSeen[],
  ): { status: PayoutStatus; providerStatus: string | null } {
    if (existing && isStatusRegression(existing.status, p.status)) {
      // A second copy of a new payout in the same page has no row yet: its first copy's final status simply stands.
      if (existing.id < 0) return { status: existing.status, providerStatus: existing.provider_status };
      this.openRegressionStmt.run({
        payoutId: existing.id,
        keptStatus: existing.status,
        keptProviderStatus: existing.provider_status,
        reportedStatus: p.status,
        reportedProviderStatus: p.providerStatus,
        source: 'sync',
        now,
      });
      regressions.push({
        payoutId: existing.id,
        kept: { status: existing.status, providerStatus: existing.provider_status },
        reported: { status: p.status, providerStatus: p.providerStatus },
      });
      return { status: existing.status, providerStatus: existing.provider_status };
    }
    if (existing?.regressed && terminalPayoutStatuses.includes(p.status)) this.resolveRegressionStmt.run(now, existing.id);
    return { status: p.status, providerStatus: p.providerStatus };
  }

  /**
   * Upserts payouts. A payout Paydesk drafted is matched by our reference first (its remote id may still be unknown);
   * others by (connection, remote id), their reference field kept as the provider's own. Creators are linked by the
   * provider's creator id, or found by e-mail or phone in the connection, or derived from the recipient where the
   * provider has no creator resource; the payee's name comes from the creator when the payout names none.
   */
  upsertPayouts(connectionId: string, payouts: RemotePayout[], now: string, options: WriteOptions): WriteOutcome {
    const creators = new Map<string, CachedCreatorRow | null>();
    const campaignIds = new Map<string, number | null>();
    const setAside: SetAsideItem[] = [];
    const regressions: RegressionSeen[] = [];
    const stored: string[] = [];
    const existing = this.existingPayouts(
      connectionId,
      payouts.flatMap((p) => (p.remoteId ? [p.remoteId] : [])),
    );
    const pending: Array<{ values: unknown[]; remoteId: string }> = [];
    let nextTeamCopyId = options.teamCopy ? this.nextTeamCopyPayoutId() : 0;
    const firstSeenFixes: Array<{ id: number; createdAt: string }> = [];
    const flush = () => {
      if (pending.length === 0) return;
      const batch = pending.splice(0, pending.length);
      const refused = new Set<string>();
      this.writePayoutRows(batch, (remoteId, reason) => {
        refused.add(remoteId);
        setAside.push({ remoteId, reason });
      });
      for (const row of batch) if (!refused.has(row.remoteId)) stored.push(row.remoteId);
    };
    for (const p of payouts) {
      try {
        if (p.clientReference && this.updateOurs(connectionId, p, now, regressions, options)) {
          if (p.remoteId) stored.push(p.remoteId);
          continue;
        }
        if (!p.remoteId) {
          setAside.push({ remoteId: null, reason: PAYOUT_WITHOUT_ID });
          continue;
        }
        const before = existing.get(p.remoteId);
        if (options.teamCopy && before && before.id > 0 && before.id < TEAM_CACHE_PAYOUT_IDS_FROM) {
          // One of the team's payouts, known by its remote id: the team database's row stands (teamCopy).
          stored.push(p.remoteId);
          continue;
        }
        const { status, providerStatus } = this.guardStatus(before, p, now, regressions);
        // Merging two creators into one rewrites payouts' links in the table: rows still waiting here go in first.
        const creator = this.resolveCreator(connectionId, p, now, creators, options.deriveCreators, flush);
        let campaignId: number | null = null;
        if (p.campaignRemoteId) {
          if (!campaignIds.has(p.campaignRemoteId)) {
            const row = this.campaignIdStmt.get(connectionId, p.campaignRemoteId) as { id: number } | undefined;
            campaignIds.set(p.campaignRemoteId, row?.id ?? null);
          }
          campaignId = campaignIds.get(p.campaignRemoteId) ?? null;
        }
        if (before && before.id > 0 && before.created_at_first_seen === 1 && !p.createdAtFirstSeen)
          firstSeenFixes.push({ id: before.id, createdAt: p.createdAt });
        pending.push({
          remoteId: p.remoteId,
          values: [
            options.teamCopy && !before ? nextTeamCopyId++ : null,
            connectionId,
            p.remoteId,
            // Ours, unique and stable, for a payout made outside Paydesk; the provider's reference stays beside it.
            `remote:${connectionId}:${p.remoteId}`,
            p.clientReference,
            creator?.id ?? null,
            campaignId,
            p.recipientName ?? creator?.name ?? null,
            p.recipientEmail ?? creator?.email ?? null,
            p.recipientHandle ?? creator?.handle ?? null,
            p.recipientPhone ?? null,
            p.amount.minor,
            p.amount.currency,
            p.description,
            status,
            providerStatus,
            p.createdAt,
            p.createdAtFirstSeen ? 1 : 0,
            p.paidAt ?? null,
            p.updatedAt ?? p.createdAt,
            rawJsonOf(p),
            p.expiresAt ?? null,
            p.expiryPending ? 1 : 0,
          ],
        });
        // A second copy of the same payout later in this batch compares with this one.
        existing.set(p.remoteId, {
          id: before?.id ?? -1,
          status,
          provider_status: providerStatus,
          created_at_first_seen: p.createdAtFirstSeen ? 1 : 0,
          regressed: before?.regressed ?? 0,
        });
        if (pending.length === PAYOUT_BATCH) flush();
      } catch (error) {
        setAside.push({ remoteId: p.remoteId, reason: this.itemRefusal(error) });
      }
    }
    flush();
    for (const fix of firstSeenFixes) this.firstSeenFixStmt.run(fix.createdAt, fix.id);
    return { stored: stored.length, setAside, regressions };
  }

  /**
   * A payout of ours, seen by the sync. Its status belongs to the send workflow until the provider has it: the sync
   * never moves it back to draft/approved and leaves sending/unknown to the reconciler, so a sync can never make a
   * payout look unsent. Returns false when the reference is not one of ours in this connection.
   */
  private updateOurs(connectionId: string, p: RemotePayout, now: string, regressions: RegressionSeen[], options: WriteOptions): boolean {
    const ours = this.oursStmt.get({ connectionId, reference: p.clientReference }) as
      { id: number; remote_id: string | null; status: PayoutStatus; provider_status: string | null } | undefined;
    if (!ours) return false;
    if (options.teamCopy) return true;
    let remoteId = p.remoteId;
    if (!ours.remote_id && remoteId) {
      // The sync may have cached this remote payout before Paydesk knew it was ours: that row is this payout.
      const holder = this.remoteHolderStmt.get(connectionId, remoteId, ours.id) as { id: number; ours: number } | undefined;
      if (holder?.ours) remoteId = null;
      else if (holder) this.deletePayoutStmt.run(holder.id);
    }
    const workflowOwned =
      WORKFLOW_STATUSES.includes(ours.status) || p.status === 'draft' || p.status === 'provider_draft' || p.status === 'approved';
    const guarded = workflowOwned
      ? { status: ours.status, providerStatus: p.providerStatus }
      : this.guardStatus({ ...ours, regressed: 1 }, p, now, regressions);
    this.updateOursStmt.run({
      id: ours.id,
      remoteId,
      status: guarded.status,
      providerStatus: guarded.providerStatus,
      updatedAt: p.updatedAt ?? now,
      raw: rawJsonOf(p),
      expiresAt: p.expiresAt ?? null,
      expiryPending: p.expiryPending ? 1 : 0,
      paidAt: p.paidAt ?? null,
    });
    return true;
  }

  private resolveCreator(
    connectionId: string,
    p: RemotePayout,
    now: string,
    cache: Map<string, CachedCreatorRow | null>,
    derive: boolean,
    beforeMerge: () => void,
  ): CachedCreatorRow | null {
    const email = lower(p.recipientEmail);
    const handle = normaliseHandle(p.recipientHandle);
    const key = derive
      ? (p.creatorRemoteId ?? derivedCreatorKey(p))
      : (p.creatorRemoteId ?? (email ? `email:${email}` : p.recipientPhone ? `phone:${p.recipientPhone}` : null));
    if (!key) return null;
    // Derived creators also learn from each payout's e-mail and handle, so those are part of what was resolved.
    const cacheKey = derive ? `${key}|${email ?? ''}|${handle ?? ''}` : key;
    if (cache.has(cacheKey)) return cache.get(cacheKey) ?? null;
    const byRemote = (remoteId: string) => this.creatorByRemoteStmt.get(connectionId, remoteId) as CachedCreatorRow | undefined;
    const byEmail = () => (email ? (this.creatorByEmailStmt.get(email, connectionId) as CachedCreatorRow | undefined) : undefined);
    const byHandle = () =>
      handle ? (this.creatorByHandleStmt.get(handle, handle.slice(1), connectionId) as CachedCreatorRow | undefined) : undefined;
    const byPhone = () =>
      p.recipientPhone ? (this.creatorByPhoneStmt.get(connectionId, p.recipientPhone) as CachedCreatorRow | undefined) : undefined;
    let creator: CachedCreatorRow | null;
    if (!derive) {
      // The provider lists its creators: link to one of them, never make a second creator for the same person.
      creator = (p.creatorRemoteId ? byRemote(p.creatorRemoteId) : undefined) ?? byEmail() ?? byPhone() ?? null;
    } else {
      // Derived from recipients: the same person paid by e-mail once and by handle another time is one creator. A
      // payout naming both joins two creators made before: they become one (the older), with all their payouts.
      const found = [byRemote(key), byEmail(), byHandle()].filter((c): c is CachedCreatorRow => Boolean(c));
      const keep = found.reduce<CachedCreatorRow | undefined>((a, b) => (!a || b.id < a.id ? b : a), undefined);
      const merged = [...new Set(found.map((c) => c.id))].filter((id) => id !== keep?.id);
      if (keep && merged.length) {
        beforeMerge();
        for (const id of merged) {
          this.absorbCreatorStmt.run({ into: keep.id, from: id });
          this.mergeCreatorStmt.run(keep.id, id);
          this.deleteCreatorStmt.run(id);
        }
        cache.clear();
      }
      creator = this.upsertDerivedCreatorStmt.get({
        connectionId,
        remoteId: keep?.remote_id ?? key,
        name: p.recipientName,
        email: p.recipientEmail,
        handle: p.recipientHandle,
        platform: p.recipientPlatform ?? null,
        phone: p.recipientPhone ?? null,
        now,
      }) as CachedCreatorRow;
    }
    cache.set(cacheKey, creator);
    return creator;
  }

  listCreators(search: string | undefined, limit: number, connectionId?: string): CreatorRow[] {
    const like = search ? `%${search.replace(/[%_\\]/g, (m) => `\\${m}`)}%` : null;
    return (
      this.db
        .prepare(
          `
        SELECT cr.id, cr.connection_id, c.provider, cr.remote_id, cr.name, cr.email, cr.handle, cr.platform,
          (SELECT coalesce(sum(t.payouts), 0) FROM payout_creator_totals t WHERE t.creator_id = cr.id) AS payout_count
        FROM creators cr JOIN connections c ON c.id = cr.connection_id
        WHERE (@connectionId IS NULL OR cr.connection_id = @connectionId)
          AND (@like IS NULL OR cr.name LIKE @like ESCAPE '\\' OR cr.email LIKE @like ESCAPE '\\' OR cr.handle LIKE @like ESCAPE '\\')
        ORDER BY cr.name COLLATE NOCASE, cr.id LIMIT @limit`,
        )
        .all({ like, limit, connectionId: connectionId ?? null }) as Array<
        CachedListRow & { name: string | null; email: string | null; handle: string | null; platform: string | null }
      >
    ).map((r) => ({ ...cachedListKeys(r), name: r.name, email: r.email, handle: r.handle, platform: r.platform }));
  }

  listCampaigns(limit: number, connectionId?: string): CampaignRow[] {
    return (
      this.db
        .prepare(
          `
        SELECT k.id, k.connection_id, c.provider, k.remote_id, k.name, k.status,
          (SELECT coalesce(sum(t.payouts), 0) FROM payout_campaign_totals t WHERE t.campaign_id = k.id) AS payout_count
        FROM campaigns k JOIN connections c ON c.id = k.connection_id
        WHERE @connectionId IS NULL OR k.connection_id = @connectionId
        ORDER BY k.name COLLATE NOCASE, k.id LIMIT @limit`,
        )
        .all({ limit, connectionId: connectionId ?? null }) as Array<CachedListRow & { name: string; status: string | null }>
    ).map((r) => ({ ...cachedListKeys(r), name: r.name, status: r.status }));
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
   * completely or not at all, and a sync that stops anywhere resumes after the last page written. Items that could
   * not be read (the client set them aside) or stored are recorded as set aside for this run; an item stored now is
   * no longer set aside.
   */
  writePages(
    connectionId: string,
    resource: SyncResource,
    pages: Array<{ items: unknown[]; setAside?: SetAsideItem[] }>,
    nextCursor: string | null,
    now: string,
    options: WriteOptions,
  ): WriteOutcome {
    // IMMEDIATE: the write lock is taken (or waited for, busy_timeout) before the first read. A deferred transaction
    // that read first could not upgrade after another connection committed (SQLITE_BUSY_SNAPSHOT, no retry): the
    // sync writes on its own connection beside the main one (docs/decisions/0012-off-main-thread.md).
    return this.db
      .transaction(() => {
        const outcome = this.storePages(connectionId, resource, pages, now, options);
        this.db
          .prepare(
            `INSERT INTO sync_state (connection_id, resource, cursor) VALUES (?, ?, ?)
           ON CONFLICT (connection_id, resource) DO UPDATE SET cursor = excluded.cursor`,
          )
          .run(connectionId, resource, nextCursor);
        return outcome;
      })
      .immediate();
  }

  /**
   * A team desktop's replica writes what another desktop's sync published to the team (src-main/storage/postgres/
   * replica-store.ts), with the same rules as a sync of its own; the cursor is the team's (applyTeamSyncState).
   */
  writeTeamCopy(connectionId: string, resource: SyncResource, items: unknown[], now: string, deriveCreators: boolean): WriteOutcome {
    return this.db.transaction(() =>
      this.storePages(connectionId, resource, [{ items }], now, { runId: 'team-copy', deriveCreators, teamCopy: true }),
    )();
  }

  private storePages(
    connectionId: string,
    resource: SyncResource,
    pages: Array<{ items: unknown[]; setAside?: SetAsideItem[] }>,
    now: string,
    options: WriteOptions,
  ): WriteOutcome {
    const outcome: WriteOutcome = { stored: 0, setAside: [], regressions: [] };
    const storedIds: string[] = [];
    const aside = (item: SetAsideItem) => outcome.setAside.push(item);
    for (const page of pages) {
      for (const item of page.setAside ?? []) aside(item);
      if (resource === 'creators') {
        const ids = this.upsertCreators(connectionId, page.items as RemoteCreator[], now, aside);
        storedIds.push(...ids);
        outcome.stored += ids.length;
      } else if (resource === 'campaigns') {
        const ids = this.upsertCampaigns(connectionId, page.items as RemoteCampaign[], now, aside);
        storedIds.push(...ids);
        outcome.stored += ids.length;
      } else {
        const payouts = page.items as RemotePayout[];
        const written = this.upsertPayouts(connectionId, payouts, now, options);
        const refused = new Set(written.setAside.map((s) => s.remoteId));
        for (const p of payouts) if (p.remoteId && !refused.has(p.remoteId)) storedIds.push(p.remoteId);
        outcome.stored += written.stored;
        outcome.setAside.push(...written.setAside);
        outcome.regressions.push(...written.regressions);
      }
    }
    this.clearSetAside(connectionId, resource, storedIds);
    this.recordSetAside(connectionId, resource, options.runId, outcome.setAside, now);
    return outcome;
  }

  /** Items stored now are no longer set aside (looked at only when the connection has set-aside items at all). */
  private clearSetAside(connectionId: string, resource: SyncResource, storedIds: string[]): void {
    if (storedIds.length === 0) return;
    const any = this.db
      .prepare('SELECT 1 FROM sync_set_aside WHERE connection_id = ? AND resource = ? LIMIT 1')
      .get(connectionId, resource);
    if (!any) return;
    for (let i = 0; i < storedIds.length; i += 500) {
      const slice = storedIds.slice(i, i + 500);
      this.db
        .prepare(`DELETE FROM sync_set_aside WHERE connection_id = ? AND resource = ? AND remote_id IN (${slice.map(() => '?').join(',')})`)
        .run(connectionId, resource, ...slice);
    }
  }

  /**
   * The resource was read to its last page: forget the cursor, record when, and how many items the cache holds.
   * Set-aside items without an id from earlier runs go: this run read everything and set aside what it still could not read.
   */
  completeSync(connectionId: string, resource: SyncResource, now: string, runId: string): void {
    const count = (this.db.prepare(COUNT_SQL[resource]).get(connectionId) as { n: number }).n;
    this.db
      .transaction(() => {
        this.db
          .prepare(
            'UPDATE sync_state SET cursor = NULL, last_synced_at = ?, last_error = NULL, item_count = ? WHERE connection_id = ? AND resource = ?',
          )
          .run(now, count, connectionId, resource);
        this.db
          .prepare('DELETE FROM sync_set_aside WHERE connection_id = ? AND resource = ? AND remote_id IS NULL AND run_id != ?')
          .run(connectionId, resource, runId);
      })
      .immediate();
  }

  /** Items of a run that could not be read or stored (a team desktop's sync records here only what its client could not read). */
  recordSetAside(connectionId: string, resource: SyncResource, runId: string, items: SetAsideItem[], now: string): void {
    if (items.length === 0) return;
    this.db.transaction(() => {
      for (const item of items) this.setAsideStmt.run({ connectionId, resource, runId, remoteId: item.remoteId, reason: item.reason, now });
    })();
  }

  /**
   * A team desktop's copy of the shared sync state (migration 0004 of the team schema): where the team's next page
   * starts, when it last read to the end, its last error. The count is what this copy holds, counted when the team's
   * read is complete (no cursor), as a desk of its own counts at completeSync: not at every page's new cursor.
   */
  applyTeamSyncState(
    connectionId: string,
    resource: SyncResource,
    state: { cursor: string | null; lastSyncedAt: string | null; lastError: string | null },
  ): void {
    const count = state.cursor === null ? (this.db.prepare(COUNT_SQL[resource]).get(connectionId) as { n: number }).n : null;
    this.db
      .prepare(
        `INSERT INTO sync_state (connection_id, resource, cursor, last_synced_at, last_error, item_count) VALUES (?, ?, ?, ?, ?, coalesce(?, 0))
         ON CONFLICT (connection_id, resource) DO UPDATE SET cursor = excluded.cursor, last_synced_at = excluded.last_synced_at,
           last_error = excluded.last_error, item_count = coalesce(?, item_count)`,
      )
      .run(connectionId, resource, state.cursor, state.lastSyncedAt, state.lastError, count, count);
  }

  recordSyncError(connectionId: string, resource: SyncResource, message: string | null): void {
    this.db
      .prepare(
        `INSERT INTO sync_state (connection_id, resource, last_error) VALUES (?, ?, ?)
         ON CONFLICT (connection_id, resource) DO UPDATE SET last_error = excluded.last_error`,
      )
      .run(connectionId, resource, message);
  }

  /** The items syncs set aside, newest first. */
  setAsideItems(connectionId: string | undefined, limit: number): SetAsideRow[] {
    return (
      this.db
        .prepare(
          `SELECT connection_id, resource, remote_id, reason, at, run_id FROM sync_set_aside
           WHERE @connectionId IS NULL OR connection_id = @connectionId ORDER BY at DESC, id DESC LIMIT @limit`,
        )
        .all({ connectionId: connectionId ?? null, limit }) as Array<{
        connection_id: string;
        resource: SyncResource;
        remote_id: string | null;
        reason: string;
        at: string;
        run_id: string;
      }>
    ).map((r) => ({
      connectionId: r.connection_id,
      resource: r.resource,
      remoteId: r.remote_id,
      reason: r.reason,
      at: r.at,
      runId: r.run_id,
    }));
  }

  /**
   * Links the same person across connections: creators that share a normalised e-mail or handle (directly or through
   * another creator) get one person key. Run after each sync; only changed keys are written.
   */
  relinkPeople(): void {
    const creators = this.db.prepare('SELECT id, email, handle, person_key FROM creators').all() as Array<{
      id: number;
      email: string | null;
      handle: string | null;
      person_key: string | null;
    }>;
    const parent = new Map<number, number>();
    const find = (id: number): number => {
      let root = id;
      while (parent.get(root)! !== root) root = parent.get(root)!;
      let at = id;
      while (parent.get(at)! !== root) {
        const next = parent.get(at)!;
        parent.set(at, root);
        at = next;
      }
      return root;
    };
    const byValue = new Map<string, number>();
    for (const c of creators) {
      parent.set(c.id, c.id);
      for (const value of [
        c.email ? `email:${c.email.trim().toLowerCase()}` : null,
        c.handle ? `handle:${normaliseHandle(c.handle)}` : null,
      ]) {
        if (!value) continue;
        const other = byValue.get(value);
        if (other === undefined) byValue.set(value, c.id);
        else parent.set(find(c.id), find(other));
      }
    }
    // A person's key: the smallest e-mail in it, else the smallest handle, else its first creator.
    const keys = new Map<number, string>();
    for (const c of creators) {
      const root = find(c.id);
      const candidate = c.email
        ? `email:${c.email.trim().toLowerCase()}`
        : c.handle
          ? `handle:${normaliseHandle(c.handle)}`
          : `creator:${c.id}`;
      const current = keys.get(root);
      const rank = (k: string) => (k.startsWith('email:') ? 0 : k.startsWith('handle:') ? 1 : 2);
      if (!current || rank(candidate) < rank(current) || (rank(candidate) === rank(current) && candidate < current))
        keys.set(root, candidate);
    }
    const update = this.db.prepare('UPDATE creators SET person_key = ? WHERE id = ?');
    this.db
      .transaction(() => {
        for (const c of creators) {
          const key = keys.get(find(c.id))!;
          if (key !== c.person_key) update.run(key, c.id);
        }
      })
      .immediate();
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
