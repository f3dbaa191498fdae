/**
 * The only SQL a desktop sends to the team database: calls of the server functions (migration 0001 defines them and
 * every rule they enforce) and the replica's reads. Thin on purpose: the database is the referee, this module only
 * passes arguments and maps rows.
 */
import type pg from 'pg';

/** Where an action comes from, written on its audit event (the actor itself is the database login). */
export interface CallContext {
  osUser: string | null;
  host: string | null;
}

type Queryable = Pick<pg.Pool, 'query'>;

export const SHARED_TABLES = [
  'connections',
  'payouts',
  'payout_tags',
  'payout_approvals',
  'payout_status_history',
  'payout_outbox',
  'payout_send_attempts',
  'policy',
  'import_batches',
  'audit_events',
  'provider_items',
  'provider_sync_state',
  'payee_checks',
  'payout_status_regressions',
] as const;
export type SharedTable = (typeof SHARED_TABLES)[number] | 'tombstones';

export interface ClaimResult {
  outcome: 'won' | 'reconcile' | 'taken';
  claimedBy: string | null;
  claimHost: string | null;
}

export interface TeamConnectionSettings {
  id: string;
  provider: string;
  label: string;
  environment: string;
  baseUrl: string;
  authMode: string;
  publicFields: string;
  credentialHint: string | null;
}

export class TeamQueries {
  constructor(private readonly db: Queryable) {}

  /**
   * The login's paydesk_* group roles, read from the catalog (works before the schema exists and for a login the
   * schema is closed to), without the prefix.
   */
  async grantedRoles(): Promise<string[]> {
    const r = await this.db.query<{ role: string }>(
      "SELECT substr(rolname, 9) AS role FROM pg_roles WHERE rolname LIKE 'paydesk\\_%' AND rolname <> 'paydesk_owner' AND pg_has_role(session_user, oid, 'MEMBER') ORDER BY 1",
    );
    return r.rows.map((row) => row.role);
  }

  async myRoles(): Promise<string[]> {
    const r = await this.db.query<{ roles: string[] }>('SELECT paydesk.my_roles() AS roles');
    return r.rows[0]?.roles ?? [];
  }

  async saveConnection(c: TeamConnectionSettings, details: string, ctx: CallContext): Promise<void> {
    await this.db.query('SELECT paydesk.save_connection($1::jsonb, $2, $3::jsonb)', [JSON.stringify(c), details, JSON.stringify(ctx)]);
  }

  async createDraft(draft: Record<string, unknown>, tags: string[], details: string, ctx: CallContext): Promise<number> {
    const r = await this.db.query<{ id: string }>('SELECT paydesk.create_draft($1::jsonb, $2::text[], $3, $4::jsonb) AS id', [
      JSON.stringify(draft),
      tags,
      details,
      JSON.stringify(ctx),
    ]);
    return Number(r.rows[0]!.id);
  }

  /** Saves a draft's new values; `voids` is how many approvals the desktop saw (the server refuses another count). */
  async updateDraft(
    id: number,
    draft: Record<string, unknown>,
    tags: string[],
    voids: number,
    details: string,
    ctx: CallContext,
  ): Promise<number> {
    const r = await this.db.query<{ voided: number }>(
      'SELECT paydesk.update_draft($1, $2::jsonb, $3::text[], $4, $5, $6::jsonb) AS voided',
      [id, JSON.stringify(draft), tags, voids, details, JSON.stringify(ctx)],
    );
    return Number(r.rows[0]!.voided);
  }

  /** One import, whole or not at all: its drafts (each made as createDraft makes one) and the batch of its file. */
  async importDrafts(
    batch: { batchId: string; connectionId: string; fileSha256: string; reimportOf: string[] },
    drafts: Array<{ doc: Record<string, unknown>; tags: string[]; details: string }>,
    details: string,
    ctx: CallContext,
  ): Promise<number[]> {
    const r = await this.db.query<{ ids: string[] }>('SELECT paydesk.import_drafts($1::jsonb, $2::jsonb, $3, $4::jsonb) AS ids', [
      JSON.stringify(batch),
      JSON.stringify(drafts),
      details,
      JSON.stringify(ctx),
    ]);
    return (r.rows[0]?.ids ?? []).map(Number);
  }

  async deleteDraft(id: number, details: string, ctx: CallContext): Promise<void> {
    await this.db.query('SELECT paydesk.delete_draft($1, $2, $3::jsonb)', [id, details, JSON.stringify(ctx)]);
  }

  async cancelUnsent(id: number, message: string, details: string, ctx: CallContext): Promise<void> {
    await this.db.query('SELECT paydesk.cancel_unsent($1, $2, $3, $4::jsonb)', [id, message, details, JSON.stringify(ctx)]);
  }

  async dismissPayout(id: number, reason: string, details: string, ctx: CallContext): Promise<void> {
    await this.db.query('SELECT paydesk.dismiss_payout($1, $2, $3, $4::jsonb)', [id, reason, details, JSON.stringify(ctx)]);
  }

  async decide(id: number, decision: 'approved' | 'rejected', reason: string | null, details: string, ctx: CallContext): Promise<string> {
    const r = await this.db.query<{ status: string }>('SELECT paydesk.decide($1, $2, $3, $4, $5::jsonb) AS status', [
      id,
      decision,
      reason,
      details,
      JSON.stringify(ctx),
    ]);
    return r.rows[0]!.status;
  }

  async claimSend(
    id: number,
    request: { json: string; initiate: boolean; message: string },
    leaseSeconds: number,
    details: string,
    ctx: CallContext,
  ): Promise<ClaimResult> {
    const r = await this.db.query<{ outcome: ClaimResult['outcome']; claimed_by: string | null; claim_host: string | null }>(
      'SELECT * FROM paydesk.claim_send($1, $2, $3, $4, $5, $6, $7::jsonb)',
      [id, request.json, request.initiate, leaseSeconds, request.message, details, JSON.stringify(ctx)],
    );
    const row = r.rows[0]!;
    return { outcome: row.outcome, claimedBy: row.claimed_by, claimHost: row.claim_host };
  }

  async startAttempt(id: number, step: string, leaseSeconds: number, ctx: CallContext): Promise<number> {
    const r = await this.db.query<{ id: string }>('SELECT paydesk.start_attempt($1, $2, $3, $4::jsonb) AS id', [
      id,
      step,
      leaseSeconds,
      JSON.stringify(ctx),
    ]);
    return Number(r.rows[0]!.id);
  }

  async finishAttempt(attemptId: number, outcome: string, detail: string | null): Promise<void> {
    await this.db.query('SELECT paydesk.finish_attempt($1, $2, $3)', [attemptId, outcome, detail]);
  }

  async applySendTransition(
    id: number,
    transition: Record<string, unknown>,
    action: string | null,
    details: string | null,
    ctx: CallContext,
  ): Promise<void> {
    await this.changePayout('SELECT paydesk.apply_send_transition($1, $2::jsonb, $3, $4, $5::jsonb)', id, transition, action, details, ctx);
  }

  /** Null when attached; the id of another payout of ours that holds the provider's id otherwise. */
  async attachRemote(
    id: number,
    remote: Record<string, unknown>,
    action: string,
    details: string,
    ctx: CallContext,
  ): Promise<number | null> {
    const r = await this.changePayout<{ clash: string | null }>(
      'SELECT paydesk.attach_remote($1, $2::jsonb, $3, $4, $5::jsonb) AS clash',
      id,
      remote,
      action,
      details,
      ctx,
    );
    const clash = r.rows[0]?.clash;
    return clash === null || clash === undefined ? null : Number(clash);
  }

  async recordProviderStatus(
    id: number,
    change: Record<string, unknown>,
    action: string | null,
    details: string | null,
    ctx: CallContext,
  ): Promise<void> {
    await this.changePayout('SELECT paydesk.record_provider_status($1, $2::jsonb, $3, $4, $5::jsonb)', id, change, action, details, ctx);
  }

  /**
   * The server functions that change one payout by a document take the same arguments: the payout, the document,
   * the action and details of the audit event they write, and where the call comes from.
   */
  private changePayout<Row extends pg.QueryResultRow = pg.QueryResultRow>(
    sql: string,
    id: number,
    doc: Record<string, unknown>,
    action: string | null,
    details: string | null,
    ctx: CallContext,
  ): Promise<pg.QueryResult<Row>> {
    return this.db.query<Row>(sql, [id, JSON.stringify(doc), action, details, JSON.stringify(ctx)]);
  }

  async auditPayout(id: number, action: string, details: string, ctx: CallContext): Promise<void> {
    await this.db.query('SELECT paydesk.audit_payout($1, $2, $3, $4::jsonb)', [id, action, details, JSON.stringify(ctx)]);
  }

  async setPolicy(policy: unknown, details: string, ctx: CallContext): Promise<void> {
    await this.db.query('SELECT paydesk.set_policy($1::jsonb, $2, $3::jsonb)', [JSON.stringify(policy), details, JSON.stringify(ctx)]);
  }

  // --- moving a solo workspace in (migration 0002) ---------------------------------------------------------------

  async soloImportBegin(): Promise<void> {
    await this.db.query('SELECT paydesk.solo_import_begin()');
  }

  async soloImportRows(kind: string, rows: unknown[]): Promise<void> {
    await this.db.query('SELECT paydesk.solo_import_rows($1, $2::jsonb)', [kind, JSON.stringify(rows)]);
  }

  async soloImportBatches(rows: unknown[]): Promise<void> {
    await this.db.query('SELECT paydesk.solo_import_batches($1::jsonb)', [JSON.stringify(rows)]);
  }

  async soloImportFinish(details: string, ctx: CallContext): Promise<void> {
    await this.db.query('SELECT paydesk.solo_import_finish($1, $2::jsonb)', [details, JSON.stringify(ctx)]);
  }

  // --- payee checks, regressions, provider-side deletes (migration 0005) ------------------------------------------

  async recordPayeeCheck(id: number, check: Record<string, unknown>, details: string, ctx: CallContext): Promise<void> {
    await this.db.query('SELECT paydesk.record_payee_check($1, $2::jsonb, $3, $4::jsonb)', [
      id,
      JSON.stringify(check),
      details,
      JSON.stringify(ctx),
    ]);
  }

  async recordStatusRegression(
    id: number,
    reported: { status: string; providerStatus: string | null; source: string },
    details: string | null,
    ctx: CallContext,
  ): Promise<void> {
    await this.db.query('SELECT paydesk.record_status_regression($1, $2::jsonb, $3, $4::jsonb)', [
      id,
      JSON.stringify(reported),
      details,
      JSON.stringify(ctx),
    ]);
  }

  async cancelDeleted(id: number, message: string, details: string, ctx: CallContext): Promise<void> {
    await this.db.query('SELECT paydesk.cancel_deleted($1, $2, $3, $4::jsonb)', [id, message, details, JSON.stringify(ctx)]);
  }

  // --- the shared provider cache (migration 0004) ---------------------------------------------------------------

  /** One page group of a sync, as the provider client read it, with the cursor after it; returns the items changed. */
  async publishProviderItems(connectionId: string, resource: string, items: unknown[], nextCursor: string | null): Promise<number> {
    const r = await this.db.query<{ n: number }>('SELECT paydesk.publish_provider_items($1, $2, $3::jsonb, $4) AS n', [
      connectionId,
      resource,
      JSON.stringify(items),
      nextCursor,
    ]);
    return Number(r.rows[0]!.n);
  }

  /** The resource was read to its end; returns the server's time of it. */
  async completeProviderSync(connectionId: string, resource: string): Promise<string> {
    const r = await this.db.query<{ at: string }>('SELECT paydesk.complete_provider_sync($1, $2) AS at', [connectionId, resource]);
    return r.rows[0]!.at;
  }

  async recordProviderSyncError(connectionId: string, resource: string, message: string | null): Promise<void> {
    await this.db.query('SELECT paydesk.record_provider_sync_error($1, $2, $3)', [connectionId, resource, message]);
  }

  // --- the replica's reads -----------------------------------------------------------------------------------------

  /**
   * One page of changes: up to `limit` rows per table after `afterSeq`, read in one snapshot. Writers are serialized
   * (require_role takes the audit head's lock), so change_seq follows commit order and a watermark never skips a row.
   */
  async changesSince(
    afterSeq: number,
    limit: number,
    client: Pick<pg.ClientBase, 'query'>,
  ): Promise<{ tables: Map<SharedTable, Array<Record<string, unknown>>>; full: SharedTable[] }> {
    const all = [...SHARED_TABLES, 'tombstones'] as SharedTable[];
    // One round trip: each table's next rows as JSON (bigint ids fit a JS number; timestamps come as ISO text).
    const sql = all
      .map((t) => `(SELECT '${t}' AS t, to_jsonb(x) AS row FROM paydesk.${t} x WHERE change_seq > $1 ORDER BY change_seq LIMIT $2)`)
      .join(' UNION ALL ');
    const r = await client.query<{ t: SharedTable; row: Record<string, unknown> }>(sql, [afterSeq, limit]);
    const tables = new Map<SharedTable, Array<Record<string, unknown>>>(all.map((t) => [t, []]));
    for (const { t, row } of r.rows) tables.get(t)!.push(row);
    for (const list of tables.values()) list.sort((a, b) => Number(a.change_seq) - Number(b.change_seq));
    const full = all.filter((t) => tables.get(t)!.length === limit);
    return { tables, full };
  }

  async lastChangeSeq(): Promise<number> {
    const r = await this.db.query<{ n: string }>('SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS n FROM paydesk.change_seq');
    return Number(r.rows[0]?.n ?? 0);
  }

  /**
   * The last event of the team trail as the server held it at a replica's watermark (change_seq): what that replica
   * must hold too, whatever other desktops appended since.
   */
  async auditHead(upToChangeSeq: number): Promise<{ seq: number; hash: string } | null> {
    const r = await this.db.query<{ seq: number; hash: string }>(
      'SELECT seq::int AS seq, hash FROM paydesk.audit_events WHERE change_seq <= $1 ORDER BY seq DESC LIMIT 1',
      [upToChangeSeq],
    );
    return r.rows[0] ?? null;
  }

  /** The hash of one event of the team trail as the server holds it, or null where it holds none. */
  async auditHashAt(seq: number): Promise<string | null> {
    const r = await this.db.query<{ hash: string }>('SELECT hash FROM paydesk.audit_events WHERE seq = $1', [seq]);
    return r.rows[0]?.hash ?? null;
  }

  /** The audit trail in order, as the desktop's verifier reads rows (src-main/storage/audit-store.ts AuditRow). */
  async auditRows(): Promise<Array<Record<string, unknown>>> {
    const r = await this.db.query(
      'SELECT seq::int AS seq, at, actor, actor_id, os_user, host, action, subject, details, prev_hash, hash, format, mac FROM paydesk.audit_events ORDER BY seq',
    );
    return r.rows;
  }
}
