/**
 * The workflow's tables, statement by statement: drafts (rows of `payouts` in status 'draft'), tags, approvals, the
 * send outbox, send attempts, status history, the poller queue and the policy tables. Used only by
 * sqlite-workflow-store.ts, which holds the transactions; nothing here opens one.
 */
import type { PayoutStatus } from '@shared/contract/model';
import type { PayoutRequest } from '../providers/provider';
import type { Statement } from 'better-sqlite3';
import type { Db } from './database';
import { preparedOnce } from './statements';
import { toPayoutRow, type PayoutRowColumns } from './payout-repository';
import type {
  ApprovalRecord,
  PayoutRecipient,
  SendProgress,
  SendStepState,
  StatusRegression,
  TimelineEntry,
} from '@shared/contract/payouts-model';

export interface WorkflowRow extends PayoutRowColumns {
  short_reference: string | null;
  creator_id: number | null;
  campaign_id: number | null;
  campaign_remote_id: string | null;
  recipient_json: string | null;
  recipient_key: string | null;
  status_message: string | null;
  status_changed_at: string | null;
  /** The maker's name as it is now, and their id. */
  created_by: string | null;
  created_by_id: string | null;
  approvals_required: number | null;
  redraft_of: number | null;
  dismissed_at: string | null;
  dismissed_reason: string | null;
  expires_at: string | null;
  expiry_pending: number;
}

export type CreateState = 'pending' | 'done' | 'failed' | 'unknown' | 'not_sent';
export type InitiateState = 'none' | 'pending' | 'done' | 'failed' | 'unknown';

export interface OutboxRow {
  payout_id: number;
  connection_id: string;
  client_reference: string;
  short_reference: string;
  request_json: string;
  create_state: CreateState;
  initiate_state: InitiateState;
  create_attempts: number;
  initiate_attempts: number;
  remote_id: string | null;
  open: number;
  amount_minor: number;
  currency: string;
  marked_at: string;
  updated_at: string;
  last_error: string | null;
}

export interface PayeeCheckRow {
  id: number;
  payout_id: number;
  check_id: string | null;
  status: 'match' | 'close_match' | 'no_match' | 'not_possible' | 'error';
  provider_status: string | null;
  matched_name: string | null;
  details: string | null;
  reasons: string;
  checked_name: string;
  checked_key: string;
  trigger: string;
  at: string;
}

export interface NewPayeeCheck {
  checkId: string | null;
  status: PayeeCheckRow['status'];
  providerStatus: string | null;
  matchedName: string | null;
  details: string | null;
  reasons: string[];
  checkedName: string;
  checkedKey: string;
  trigger: string;
  at: string;
}

export interface NewDraft {
  connectionId: string;
  clientReference: string;
  shortReference: string;
  creatorId: number | null;
  campaignId: number | null;
  recipient: PayoutRecipient;
  recipientKey: string | null;
  display: { name: string | null; email: string | null; handle: string | null; phone?: string | null };
  localCampaign: string | null;
  amountMinor: number;
  currency: string;
  description: string | null;
  createdBy: string;
  createdById: string | null;
  importBatch: string | null;
  redraftOf?: number | null;
  now: string;
}

const SELECT_ROW = `
  SELECT p.id, p.connection_id, c.label AS connection_label, c.provider, p.remote_id, p.client_reference, p.provider_reference,
         p.short_reference, p.creator_id, p.campaign_id, k.name AS campaign_name, k.remote_id AS campaign_remote_id,
         p.recipient_name, p.recipient_email, p.recipient_handle, p.recipient_phone, p.recipient_json, p.recipient_key, p.local_campaign,
         p.amount_minor, p.currency, p.description, p.status, p.provider_status, p.status_message, p.status_changed_at,
         coalesce(mk.display_name, p.created_by) AS created_by, p.created_by_id, p.approvals_required, p.redraft_of, p.dismissed_at, p.dismissed_reason,
         p.expires_at, p.expiry_pending, p.created_at, p.created_at_first_seen, p.paid_at, p.updated_at
  FROM payouts p
  JOIN connections c ON c.id = p.connection_id
  LEFT JOIN campaigns k ON k.id = p.campaign_id
  LEFT JOIN operators mk ON mk.id = p.created_by_id`;

export { terminalPayoutStatuses as TERMINAL_STATUSES } from '@shared/contract/model';

export { toPayoutRow };

interface RegressionDb {
  kept_status: PayoutStatus;
  kept_provider_status: string | null;
  reported_status: PayoutStatus;
  reported_provider_status: string | null;
  first_reported_at: string;
  last_reported_at: string;
  source: string;
}

function toRegression(r: RegressionDb): StatusRegression {
  return {
    keptStatus: r.kept_status,
    keptProviderStatus: r.kept_provider_status,
    reportedStatus: r.reported_status,
    reportedProviderStatus: r.reported_provider_status,
    firstReportedAt: r.first_reported_at,
    lastReportedAt: r.last_reported_at,
    source: r.source,
  };
}

export function parseRecipient(json: string | null): PayoutRecipient | null {
  if (!json) return null;
  try {
    return JSON.parse(json) as PayoutRecipient;
  } catch {
    return null;
  }
}

export function sendProgress(o: OutboxRow | undefined): SendProgress | null {
  if (!o) return null;
  return {
    create: o.create_state as SendStepState,
    initiate: o.initiate_state as SendStepState,
    createAttempts: o.create_attempts,
    initiateAttempts: o.initiate_attempts,
    markedAt: o.marked_at,
    open: o.open === 1,
    lastError: o.last_error,
  };
}

export class WorkflowTables {
  private readonly sql: (text: string) => Statement;

  constructor(readonly db: Db) {
    this.sql = preparedOnce(db);
  }

  rawJson(id: number): unknown {
    const row = this.sql('SELECT raw_json FROM payouts WHERE id = ?').get(id) as { raw_json: string | null } | undefined;
    return row?.raw_json ? (JSON.parse(row.raw_json) as unknown) : null;
  }

  get(id: number): WorkflowRow | undefined {
    return this.sql(`${SELECT_ROW} WHERE p.id = ?`).get(id) as WorkflowRow | undefined;
  }

  getMany(ids: readonly number[]): WorkflowRow[] {
    if (ids.length === 0) return [];
    const out: WorkflowRow[] = [];
    // Bounded IN lists: SQLite's default variable limit is far above this, but keep statements small.
    for (let i = 0; i < ids.length; i += 500) {
      const slice = ids.slice(i, i + 500);
      out.push(...(this.sql(`${SELECT_ROW} WHERE p.id IN (${slice.map(() => '?').join(',')})`).all(...slice) as WorkflowRow[]));
    }
    const order = new Map(ids.map((id, index) => [id, index]));
    return out.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  }

  approvalQueue(q: { connectionId?: string | undefined; afterId?: number | undefined; limit: number }): WorkflowRow[] {
    return this.sql(
      `${SELECT_ROW}
       WHERE p.status = 'draft' AND p.remote_id IS NULL AND NOT EXISTS (SELECT 1 FROM payout_outbox o WHERE o.payout_id = p.id)
         AND (@connectionId IS NULL OR p.connection_id = @connectionId) AND p.id > @afterId
       ORDER BY p.id LIMIT @limit`,
    ).all({ connectionId: q.connectionId ?? null, afterId: q.afterId ?? 0, limit: q.limit }) as WorkflowRow[];
  }

  // IN over the (small) outbox, not a correlated EXISTS: the latter probes the outbox once per cached payout.
  sentInStatus(status: PayoutStatus, newestFirst: boolean, limit: number): WorkflowRow[] {
    return this.sql(
      `${SELECT_ROW} WHERE p.status = ? AND p.dismissed_at IS NULL AND p.id IN (SELECT payout_id FROM payout_outbox) ORDER BY p.updated_at ${newestFirst ? 'DESC' : 'ASC'} LIMIT ?`,
    ).all(status, limit) as WorkflowRow[];
  }

  stuckSince(beforeIso: string, limit: number): WorkflowRow[] {
    return this.sql(
      `${SELECT_ROW}
       WHERE p.status IN ('sending','submitted','processing') AND p.id IN (SELECT payout_id FROM payout_outbox)
         AND coalesce(p.status_changed_at, p.updated_at) < ?
       ORDER BY coalesce(p.status_changed_at, p.updated_at) LIMIT ?`,
    ).all(beforeIso, limit) as WorkflowRow[];
  }

  expiringBy(byIso: string, terminal: readonly PayoutStatus[], limit: number): WorkflowRow[] {
    return this.sql(
      `${SELECT_ROW}
       WHERE p.status NOT IN (${terminal.map((t) => `'${t}'`).join(',')}) AND ((p.expires_at IS NOT NULL AND p.expires_at <= ?) OR p.expiry_pending = 1)
       ORDER BY coalesce(p.expires_at, p.updated_at) LIMIT ?`,
    ).all(byIso, limit) as WorkflowRow[];
  }

  /**
   * An earlier payout (not rejected or cancelled) to the same recipient for the same amount, currency and campaign,
   * created since `sinceIso`: the rule of the CSV import's duplicate check, for one payout. The amount narrows it by
   * index (payouts_amount_created) before the recipient is compared.
   */
  possibleDuplicate(row: WorkflowRow, sinceIso: string): { id: number; created_at: string } | undefined {
    const recipient = row.recipient_json ? (JSON.parse(row.recipient_json) as { email?: string; handle?: string }) : {};
    return this.sql(
      `SELECT p.id, p.created_at FROM payouts p
       WHERE p.amount_minor = @amount AND p.created_at >= @since AND p.currency = @currency AND p.id != @id
         AND p.id != coalesce(@redraftOf, -1)
         AND p.status NOT IN ('rejected', 'cancelled') AND p.dismissed_at IS NULL
         AND coalesce(p.campaign_id, -1) = coalesce(@campaignId, -1) AND coalesce(lower(p.local_campaign), '') = coalesce(lower(@localCampaign), '')
         AND ((@key IS NOT NULL AND p.recipient_key = @key) OR (@email IS NOT NULL AND lower(p.recipient_email) = lower(@email))
              OR (@handle IS NOT NULL AND lower(p.recipient_handle) = lower(@handle)))
       ORDER BY p.id LIMIT 1`,
    ).get({
      amount: row.amount_minor,
      since: sinceIso,
      currency: row.currency,
      id: row.id,
      redraftOf: row.redraft_of,
      campaignId: row.campaign_id,
      localCampaign: row.local_campaign,
      key: row.recipient_key,
      email: recipient.email ?? row.recipient_email,
      handle: recipient.handle ?? row.recipient_handle,
    }) as { id: number; created_at: string } | undefined;
  }

  /** The payouts drafted again from this one that still count (not rejected or cancelled), oldest first. */
  redraftsOf(id: number): Array<{ id: number; status: PayoutStatus }> {
    return this.sql("SELECT id, status FROM payouts WHERE redraft_of = ? AND status NOT IN ('rejected', 'cancelled') ORDER BY id").all(
      id,
    ) as Array<{ id: number; status: PayoutStatus }>;
  }

  /** Sets a payout aside (off the Attention list) with the reason. */
  dismiss(id: number, reason: string, at: string): void {
    this.sql('UPDATE payouts SET dismissed_at = ?, dismissed_reason = ?, updated_at = ? WHERE id = ?').run(at, reason, at, id);
  }

  /** Another cached payout of the connection that already carries this remote id, and whether Paydesk sent it. */
  remoteIdHolder(connectionId: string, remoteId: string, exceptId: number): { id: number; ours: number } | undefined {
    return this.sql(
      'SELECT p.id, EXISTS (SELECT 1 FROM payout_outbox o WHERE o.payout_id = p.id) AS ours FROM payouts p WHERE p.connection_id = ? AND p.remote_id = ? AND p.id != ?',
    ).get(connectionId, remoteId, exceptId) as { id: number; ours: number } | undefined;
  }

  referenceTaken(clientReference: string, shortReference: string): boolean {
    return Boolean(
      this.sql('SELECT 1 FROM payouts WHERE client_reference = ? OR short_reference = ?').get(clientReference, shortReference),
    );
  }

  insertDraft(d: NewDraft): number {
    const info = this.sql(
      `
        INSERT INTO payouts (connection_id, remote_id, client_reference, short_reference, creator_id, campaign_id, recipient_name,
          recipient_email, recipient_handle, recipient_phone, recipient_json, recipient_key, local_campaign, amount_minor, currency, description,
          status, provider_status, status_changed_at, created_by, created_by_id, import_batch, redraft_of, created_at, updated_at)
        VALUES (@connectionId, NULL, @clientReference, @shortReference, @creatorId, @campaignId, @name, @email, @handle, @phone, @recipientJson,
          @recipientKey, @localCampaign, @amountMinor, @currency, @description, 'draft', NULL, @now, @createdBy, @createdById, @importBatch, @redraftOf, @now, @now)`,
    ).run({
      connectionId: d.connectionId,
      clientReference: d.clientReference,
      shortReference: d.shortReference,
      ...draftColumns(d),
      createdBy: d.createdBy,
      createdById: d.createdById,
      redraftOf: d.redraftOf ?? null,
      importBatch: d.importBatch,
      now: d.now,
    });
    return Number(info.lastInsertRowid);
  }

  updateDraft(
    id: number,
    d: Omit<NewDraft, 'clientReference' | 'shortReference' | 'createdBy' | 'createdById' | 'importBatch' | 'connectionId' | 'redraftOf'>,
  ): void {
    this.sql(
      `
        UPDATE payouts SET creator_id = @creatorId, campaign_id = @campaignId, recipient_name = @name, recipient_email = @email,
          recipient_handle = @handle, recipient_phone = @phone, recipient_json = @recipientJson, recipient_key = @recipientKey, local_campaign = @localCampaign,
          amount_minor = @amountMinor, currency = @currency, description = @description, updated_at = @now
        WHERE id = @id AND status = 'draft'`,
    ).run({
      id,
      ...draftColumns(d),
      now: d.now,
    });
  }

  deletePayout(id: number): void {
    this.sql('DELETE FROM payouts WHERE id = ?').run(id);
  }

  /** Sets our status (and optionally provider status / message), and records it in the status history. */
  setStatus(
    id: number,
    change: {
      status: PayoutStatus;
      providerStatus?: string | null;
      message?: string | null;
      remoteId?: string | null;
      source: string;
      now: string;
      raw?: unknown;
      expiresAt?: string | null;
      expiryPending?: boolean;
    },
  ): void {
    const current = this.sql('SELECT status, provider_status FROM payouts WHERE id = ?').get(id) as
      { status: string; provider_status: string | null } | undefined;
    if (!current) return;
    const providerStatus = change.providerStatus === undefined ? current.provider_status : change.providerStatus;
    this.sql(
      `
        UPDATE payouts SET status = @status, provider_status = @providerStatus,
          status_message = CASE WHEN @keepMessage = 1 THEN status_message ELSE @message END,
          remote_id = coalesce(@remoteId, remote_id),
          raw_json = CASE WHEN @raw IS NULL THEN raw_json ELSE @raw END,
          expires_at = CASE WHEN @keepExpiry = 1 THEN expires_at ELSE @expiresAt END,
          expiry_pending = coalesce(@expiryPending, expiry_pending),
          status_changed_at = CASE WHEN status = @status THEN coalesce(status_changed_at, @now) ELSE @now END,
          updated_at = @now
        WHERE id = @id`,
    ).run({
      id,
      status: change.status,
      providerStatus,
      keepMessage: change.message === undefined ? 1 : 0,
      message: change.message ?? null,
      remoteId: change.remoteId ?? null,
      raw: change.raw === undefined ? null : JSON.stringify(change.raw),
      keepExpiry: change.expiresAt === undefined ? 1 : 0,
      expiresAt: change.expiresAt ?? null,
      expiryPending: change.expiryPending === undefined ? null : change.expiryPending ? 1 : 0,
      now: change.now,
    });
    if (current.status !== change.status || current.provider_status !== providerStatus || change.message !== undefined) {
      this.addHistory(id, {
        status: change.status,
        providerStatus,
        source: change.source,
        message: change.message ?? null,
        at: change.now,
      });
    }
  }

  addHistory(
    id: number,
    h: { status: PayoutStatus; providerStatus: string | null; source: string; message: string | null; at: string },
  ): void {
    this.sql('INSERT INTO payout_status_history (payout_id, at, status, provider_status, source, message) VALUES (?, ?, ?, ?, ?, ?)').run(
      id,
      h.at,
      h.status,
      h.providerStatus,
      h.source,
      h.message,
    );
  }

  // --- tags -------------------------------------------------------------------------------------------------------

  tags(id: number): string[] {
    return (this.sql('SELECT tag FROM payout_tags WHERE payout_id = ? ORDER BY tag').all(id) as Array<{ tag: string }>).map((r) => r.tag);
  }

  setTags(id: number, tags: readonly string[]): void {
    this.sql('DELETE FROM payout_tags WHERE payout_id = ?').run(id);
    const insert = this.sql('INSERT OR IGNORE INTO payout_tags (payout_id, tag) VALUES (?, ?)');
    for (const tag of tags) insert.run(id, tag);
  }

  // --- approvals --------------------------------------------------------------------------------------------------

  /** Each decision with the operator's name as it is now (operators renamed since show their new name). */
  approvals(id: number): ApprovalRecord[] {
    return (
      this.sql(
        `SELECT coalesce(o.display_name, a.operator) AS operator, a.operator_id, a.decision, a.reason, a.at, a.voided_at
         FROM payout_approvals a LEFT JOIN operators o ON o.id = a.operator_id WHERE a.payout_id = ? ORDER BY a.id`,
      ).all(id) as Array<{
        operator: string;
        operator_id: string | null;
        decision: 'approved' | 'rejected';
        reason: string | null;
        at: string;
        voided_at: string | null;
      }>
    ).map((r) => ({
      operator: r.operator,
      operatorId: r.operator_id,
      decision: r.decision,
      reason: r.reason,
      at: r.at,
      voidedAt: r.voided_at,
    }));
  }

  /**
   * Who has approved, by operator id (an approval from before operators counts under its recorded name): a second
   * approval by the same operator under another display name is the same operator.
   */
  activeApprovers(id: number): string[] {
    return (
      this.sql(
        "SELECT DISTINCT coalesce(operator_id, 'name:' || operator) AS who FROM payout_approvals WHERE payout_id = ? AND decision = 'approved' AND voided_at IS NULL",
      ).all(id) as Array<{ who: string }>
    ).map((r) => r.who);
  }

  addApproval(
    id: number,
    a: { operatorId: string | null; operator: string; decision: 'approved' | 'rejected'; reason: string | null; at: string },
  ): void {
    this.sql('INSERT INTO payout_approvals (payout_id, operator_id, operator, decision, reason, at) VALUES (?, ?, ?, ?, ?, ?)').run(
      id,
      a.operatorId,
      a.operator,
      a.decision,
      a.reason,
      a.at,
    );
  }

  /** Records how many approvals the payout needed when it became approved (later policy changes do not move it). */
  setApprovalsRequired(id: number, required: number): void {
    this.sql('UPDATE payouts SET approvals_required = ? WHERE id = ?').run(required, id);
  }

  voidApprovals(id: number, at: string): number {
    return this.sql("UPDATE payout_approvals SET voided_at = ? WHERE payout_id = ? AND voided_at IS NULL AND decision = 'approved'").run(
      at,
      id,
    ).changes;
  }

  // --- outbox -----------------------------------------------------------------------------------------------------

  outbox(id: number): OutboxRow | undefined {
    return this.sql('SELECT * FROM payout_outbox WHERE payout_id = ?').get(id) as OutboxRow | undefined;
  }

  openOutbox(): OutboxRow[] {
    return this.sql('SELECT * FROM payout_outbox WHERE open = 1 ORDER BY payout_id').all() as OutboxRow[];
  }

  upsertOutbox(o: {
    payoutId: number;
    connectionId: string;
    clientReference: string;
    shortReference: string;
    request: PayoutRequest;
    initiate: boolean;
    amountMinor: number;
    currency: string;
    now: string;
  }): void {
    this.sql(
      `
        INSERT INTO payout_outbox (payout_id, connection_id, client_reference, short_reference, request_json, create_state, initiate_state,
          create_attempts, initiate_attempts, remote_id, open, amount_minor, currency, marked_at, updated_at, last_error)
        VALUES (@payoutId, @connectionId, @clientReference, @shortReference, @request, 'pending', @initiate, 0, 0, NULL, 1, @amountMinor, @currency, @now, @now, NULL)
        ON CONFLICT (payout_id) DO UPDATE SET request_json = excluded.request_json, create_state = 'pending', initiate_state = excluded.initiate_state,
          open = 1, amount_minor = excluded.amount_minor, currency = excluded.currency, marked_at = excluded.marked_at,
          updated_at = excluded.updated_at, last_error = NULL`,
    ).run({
      payoutId: o.payoutId,
      connectionId: o.connectionId,
      clientReference: o.clientReference,
      shortReference: o.shortReference,
      request: JSON.stringify(o.request),
      initiate: o.initiate ? 'pending' : 'none',
      amountMinor: o.amountMinor,
      currency: o.currency,
      now: o.now,
    });
  }

  updateOutbox(
    id: number,
    patch: Partial<Pick<OutboxRow, 'create_state' | 'initiate_state' | 'remote_id' | 'open' | 'last_error'>> & {
      now: string;
      createAttempt?: boolean;
      initiateAttempt?: boolean;
    },
  ): void {
    const sets: string[] = ['updated_at = @now'];
    const params: Record<string, unknown> = { id, now: patch.now };
    for (const key of ['create_state', 'initiate_state', 'remote_id', 'open', 'last_error'] as const) {
      if (patch[key] !== undefined) {
        sets.push(`${key} = @${key}`);
        params[key] = patch[key];
      }
    }
    if (patch.createAttempt) sets.push('create_attempts = create_attempts + 1');
    if (patch.initiateAttempt) sets.push('initiate_attempts = initiate_attempts + 1');
    this.sql(`UPDATE payout_outbox SET ${sets.join(', ')} WHERE payout_id = @id`).run(params);
  }

  /** Amount per currency marked for sending today on a connection (money that left or may have left). */
  /** Marked for sending since the given time on one connection (or, with null, on all of them). */
  sentSince(connectionId: string | null, currency: string, sinceIso: string): number {
    const row = this.sql(
      `SELECT coalesce(sum(amount_minor), 0) AS total FROM payout_outbox
                WHERE (@connectionId IS NULL OR connection_id = @connectionId) AND currency = @currency AND marked_at >= @since
                  AND create_state NOT IN ('failed','not_sent')`,
    ).get({ connectionId, currency, since: sinceIso }) as { total: number };
    return row.total;
  }

  // --- attempts ---------------------------------------------------------------------------------------------------

  startAttempt(id: number, step: 'create' | 'lookup' | 'initiate' | 'cancel', at: string): number {
    return Number(
      this.sql('INSERT INTO payout_send_attempts (payout_id, step, started_at) VALUES (?, ?, ?)').run(id, step, at).lastInsertRowid,
    );
  }

  finishAttempt(attemptId: number, outcome: string, detail: string | null, at: string): void {
    this.sql('UPDATE payout_send_attempts SET finished_at = ?, outcome = ?, detail = ? WHERE id = ?').run(
      at,
      outcome,
      detail?.slice(0, 1000) ?? null,
      attemptId,
    );
  }

  // --- tracking ---------------------------------------------------------------------------------------------------

  track(id: number, nextPollAt: string, intervalMs: number): void {
    this.sql(
      `INSERT INTO payout_tracking (payout_id, next_poll_at, interval_ms) VALUES (?, ?, ?)
                ON CONFLICT (payout_id) DO UPDATE SET next_poll_at = excluded.next_poll_at, interval_ms = excluded.interval_ms`,
    ).run(id, nextPollAt, intervalMs);
  }

  untrack(id: number): void {
    this.sql('DELETE FROM payout_tracking WHERE payout_id = ?').run(id);
  }

  tracking(id: number): { next_poll_at: string; interval_ms: number; last_error: string | null } | undefined {
    return this.sql('SELECT next_poll_at, interval_ms, last_error FROM payout_tracking WHERE payout_id = ?').get(id) as
      { next_poll_at: string; interval_ms: number; last_error: string | null } | undefined;
  }

  dueForPolling(nowIso: string, limit: number): Array<{ payout_id: number; interval_ms: number }> {
    return this.sql('SELECT payout_id, interval_ms FROM payout_tracking WHERE next_poll_at <= ? ORDER BY next_poll_at LIMIT ?').all(
      nowIso,
      limit,
    ) as Array<{ payout_id: number; interval_ms: number }>;
  }

  polled(id: number, p: { nextPollAt: string; intervalMs: number; at: string; error: string | null }): void {
    this.sql('UPDATE payout_tracking SET next_poll_at = ?, interval_ms = ?, last_polled_at = ?, last_error = ? WHERE payout_id = ?').run(
      p.nextPollAt,
      p.intervalMs,
      p.at,
      p.error,
      id,
    );
  }

  // --- payee checks ------------------------------------------------------------------------------------------------

  latestPayeeCheck(id: number): PayeeCheckRow | undefined {
    return this.sql('SELECT * FROM payee_checks WHERE payout_id = ? ORDER BY id DESC LIMIT 1').get(id) as PayeeCheckRow | undefined;
  }

  insertPayeeCheck(id: number, c: NewPayeeCheck): void {
    this.sql(
      `INSERT INTO payee_checks (payout_id, check_id, status, provider_status, matched_name, details, reasons, checked_name, checked_key, trigger, at)
       VALUES (@id, @checkId, @status, @providerStatus, @matchedName, @details, @reasons, @checkedName, @checkedKey, @trigger, @at)`,
    ).run({ id, ...c, reasons: JSON.stringify(c.reasons) });
  }

  // --- status regressions ------------------------------------------------------------------------------------------

  openRegression(id: number): StatusRegression | null {
    const row = this.sql(
      `SELECT kept_status, kept_provider_status, reported_status, reported_provider_status, first_reported_at, last_reported_at, source
       FROM payout_status_regressions WHERE payout_id = ? AND resolved_at IS NULL`,
    ).get(id) as RegressionDb | undefined;
    return row ? toRegression(row) : null;
  }

  /** Open regressions, the most recent first. */
  openRegressions(limit: number): Array<{ payoutId: number; regression: StatusRegression }> {
    return (
      this.sql(
        `SELECT payout_id, kept_status, kept_provider_status, reported_status, reported_provider_status, first_reported_at, last_reported_at, source
         FROM payout_status_regressions WHERE resolved_at IS NULL ORDER BY first_reported_at DESC, id DESC LIMIT ?`,
      ).all(limit) as Array<RegressionDb & { payout_id: number }>
    ).map((r) => ({ payoutId: r.payout_id, regression: toRegression(r) }));
  }

  openRegressionRecord(
    id: number,
    r: { keptStatus: PayoutStatus; keptProviderStatus: string | null; reportedStatus: PayoutStatus; reportedProviderStatus: string | null },
    source: string,
    at: string,
  ): void {
    this.sql(
      `INSERT INTO payout_status_regressions (payout_id, kept_status, kept_provider_status, reported_status, reported_provider_status,
         source, first_reported_at, last_reported_at)
       VALUES (@id, @keptStatus, @keptProviderStatus, @reportedStatus, @reportedProviderStatus, @source, @at, @at)
       ON CONFLICT (payout_id) WHERE resolved_at IS NULL DO UPDATE SET
         reported_status = excluded.reported_status, reported_provider_status = excluded.reported_provider_status,
         last_reported_at = excluded.last_reported_at`,
    ).run({ id, ...r, source, at });
  }

  resolveRegression(id: number, at: string): void {
    this.sql('UPDATE payout_status_regressions SET resolved_at = ? WHERE payout_id = ? AND resolved_at IS NULL').run(at, id);
  }

  // --- timeline ---------------------------------------------------------------------------------------------------

  timeline(id: number): TimelineEntry[] {
    const history = (
      this.sql('SELECT at, status, provider_status, source, message FROM payout_status_history WHERE payout_id = ? ORDER BY id').all(
        id,
      ) as Array<{ at: string; status: PayoutStatus; provider_status: string | null; source: string; message: string | null }>
    ).map((h): TimelineEntry => ({
      at: h.at,
      kind: 'status',
      status: h.status,
      providerStatus: h.provider_status,
      source: h.source,
      message: h.message,
    }));
    const approvals = this.approvals(id).map((a): TimelineEntry => ({
      at: a.at,
      kind: 'approval',
      status: null,
      providerStatus: null,
      source: a.operator,
      message: `${a.decision === 'approved' ? 'Approved' : 'Rejected'}${a.reason ? `: ${a.reason}` : ''}${a.voidedAt ? ` (no longer counts: the draft was edited on ${a.voidedAt})` : ''}`,
    }));
    const attempts = (
      this.sql('SELECT step, started_at, outcome, detail FROM payout_send_attempts WHERE payout_id = ? ORDER BY id').all(id) as Array<{
        step: string;
        started_at: string;
        outcome: string | null;
        detail: string | null;
      }>
    ).map((a): TimelineEntry => ({
      at: a.started_at,
      kind: 'attempt',
      status: null,
      providerStatus: null,
      source: `provider ${a.step}`,
      message: `${a.outcome ?? 'no outcome recorded (interrupted)'}${a.detail ? `: ${a.detail}` : ''}`,
    }));
    // Stable merge by time; within one millisecond the insertion order of each source is kept.
    return [...history, ...approvals, ...attempts].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  }
}

/** The columns a draft's form sets, as the statement parameters of both its insert and its update. */
function draftColumns(
  d: Omit<NewDraft, 'clientReference' | 'shortReference' | 'createdBy' | 'createdById' | 'importBatch' | 'connectionId' | 'redraftOf'>,
) {
  return {
    creatorId: d.creatorId,
    campaignId: d.campaignId,
    name: d.display.name,
    email: d.display.email,
    handle: d.display.handle,
    phone: d.display.phone ?? null,
    recipientJson: JSON.stringify(d.recipient),
    recipientKey: d.recipientKey,
    localCampaign: d.localCampaign,
    amountMinor: d.amountMinor,
    currency: d.currency,
    description: d.description,
  };
}
