/**
 * The workflow store on the local SQLite file (see workflow-store.ts for the contract). Every command is one
 * transaction that runs synchronously when it is called: its guard sees the rows as they are at that moment, and the
 * change lands together with its audit events, or nothing lands.
 */
import { terminalPayoutStatuses, type PayoutStatus } from '@shared/contract/model';
import type { PayoutPolicy } from '@shared/contract/payouts-model';
import { AppError, notFound } from '../errors';
import type { CachedCampaign, CachedCreator, DraftLookups, RemotePayout } from '../providers/provider';
import type { Actor, AuditStore } from './audit-store';
import type { Db } from './database';
import type {
  AttemptStep,
  AttachOutcome,
  AttachChange,
  SendRules,
  DraftDeleteRules,
  ImportedDraft,
  AuditNote,
  DecisionOutcome,
  DecisionRules,
  DraftEditRules,
  DraftValues,
  CreatorEmail,
  DuplicateCandidate,
  ImportBatchFile,
  ImportBatchRecord,
  ImportContext,
  NewDraft,
  NewPayeeCheck,
  OutboxRow,
  Refusal,
  SendTransition,
  StatusChange,
  WorkflowRow,
  WorkflowStore,
} from './workflow-store';
import { refuse } from './workflow-store';
import { WorkflowTables } from './workflow-rows';

type WindowKey = 'duplicateWindowDays' | 'stuckAfterDays' | 'expiringWithinDays' | 'payeeCheckMaxAgeHours';
const DEFAULT_WINDOWS: Record<WindowKey, number> = {
  duplicateWindowDays: 30,
  stuckAfterDays: 7,
  expiringWithinDays: 3,
  payeeCheckMaxAgeHours: 24,
};
/** Yes/no settings of the policy, kept as 0/1 beside the windows. */
type FlagKey = 'payeeNoMatchBlocks' | 'makerMayApproveOwn';
const DEFAULT_FLAGS: Record<FlagKey, boolean> = { payeeNoMatchBlocks: true, makerMayApproveOwn: false };

export interface SqliteWorkflowStoreOptions {
  now: () => Date;
  /** How long the poller waits before its first look at a payout it starts to follow. */
  pollBaseMs: () => number;
  /**
   * Where an import's one transaction runs when not on this connection: the writer worker's own connection to the same
   * file (docs/decisions/0012-off-main-thread.md, "The import commit"), so that a 50,000-row commit never freezes the
   * thread that answers the UI. Without it, imports run here.
   */
  importWriter?: ImportWriter;
}

/** Runs `SqliteWorkflowStore.importDraftsHere` on another connection to the same file, with the audit key to MAC with. */
export interface ImportWriter {
  importDrafts(
    drafts: ImportedDraft[],
    batchId: string,
    file: ImportBatchFile,
    note: AuditNote,
    auditKey: Buffer | null,
  ): Promise<number[]>;
}

export class SqliteWorkflowStore implements WorkflowStore {
  private readonly t: WorkflowTables;
  /** An import committing on the writer's connection: every command of this store waits for it (see importsSettled). */
  private importing: Promise<unknown> | null = null;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditStore,
    private readonly options: SqliteWorkflowStoreOptions,
  ) {
    this.t = new WorkflowTables(db);
  }

  private nowIso(): string {
    return this.options.now().toISOString();
  }

  private append(id: number, note: AuditNote | null): void {
    if (note) this.audit.append({ actor: note.actor, action: note.action, subject: `payout:${id}`, details: note.details });
  }

  private row(id: number): WorkflowRow {
    const row = this.t.get(id);
    if (!row) throw notFound('The payout');
    return row;
  }

  private follow(id: number): void {
    this.t.track(id, new Date(this.options.now().getTime() + this.options.pollBaseMs()).toISOString(), this.options.pollBaseMs());
  }

  // --- reads --------------------------------------------------------------------------------------------------------

  payout(id: number) {
    return this.t.get(id);
  }
  payouts(ids: readonly number[]) {
    return this.t.getMany(ids);
  }
  rawJson(id: number) {
    return this.t.rawJson(id);
  }
  referenceTaken(clientReference: string, shortReference: string) {
    return this.t.referenceTaken(clientReference, shortReference);
  }
  tags(id: number) {
    return this.t.tags(id);
  }
  approvals(id: number) {
    return this.t.approvals(id);
  }
  activeApprovers(id: number) {
    return this.t.activeApprovers(id);
  }
  outbox(id: number) {
    return this.t.outbox(id);
  }
  openOutbox() {
    return this.t.openOutbox();
  }
  tracking(id: number) {
    return this.t.tracking(id);
  }
  dueForPolling(nowIso: string, limit: number) {
    return this.t.dueForPolling(nowIso, limit);
  }
  timeline(id: number) {
    return this.t.timeline(id);
  }
  approvalQueue(query: { connectionId?: string | undefined; afterId?: number | undefined; limit: number }) {
    return this.t.approvalQueue(query);
  }
  sentInStatus(status: 'unknown' | 'failed' | 'returned', limit: number) {
    // Unknown outcomes oldest first (the longest unresolved), failures and returns newest first.
    return this.t.sentInStatus(status, status !== 'unknown', limit);
  }
  stuckSince(beforeIso: string, limit: number) {
    return this.t.stuckSince(beforeIso, limit);
  }
  expiringBy(byIso: string, limit: number) {
    return this.t.expiringBy(byIso, terminalPayoutStatuses, limit);
  }

  possibleDuplicate(id: number, sinceIso: string) {
    const row = this.t.get(id);
    const match = row ? this.t.possibleDuplicate(row, sinceIso) : undefined;
    return match ? { id: match.id, createdAt: match.created_at } : null;
  }

  redraftsOf(id: number) {
    return this.t.redraftsOf(id);
  }

  latestPayeeCheck(id: number) {
    return this.t.latestPayeeCheck(id);
  }

  openRegression(id: number) {
    return this.t.openRegression(id);
  }
  openRegressions(limit: number) {
    const open = this.t.openRegressions(limit);
    const rows = new Map(this.t.getMany(open.map((o) => o.payoutId)).map((r) => [r.id, r]));
    return open.flatMap((o) => {
      const row = rows.get(o.payoutId);
      return row ? [{ row, regression: o.regression }] : [];
    });
  }

  policy(): PayoutPolicy {
    const thresholds = this.db.prepare('SELECT currency, threshold_minor FROM approval_thresholds ORDER BY currency').all() as Array<{
      currency: string;
      threshold_minor: number;
    }>;
    const caps = this.db
      .prepare('SELECT connection_id, currency, cap_minor FROM daily_send_caps ORDER BY connection_id, currency')
      .all() as Array<{
      connection_id: string;
      currency: string;
      cap_minor: number;
    }>;
    const windows = new Map(
      (this.db.prepare('SELECT key, value FROM workflow_settings').all() as Array<{ key: string; value: number }>).map((r) => [
        r.key,
        r.value,
      ]),
    );
    const windowValue = (key: WindowKey) => windows.get(key) ?? DEFAULT_WINDOWS[key];
    const perCurrency = (sql: string) =>
      (this.db.prepare(sql).all() as Array<{ currency: string; minor: number }>).map((r) => ({ minor: r.minor, currency: r.currency }));
    const flag = (key: FlagKey) => (windows.has(key) ? windows.get(key) === 1 : DEFAULT_FLAGS[key]);
    return {
      approvalThresholds: thresholds.map((t) => ({ minor: t.threshold_minor, currency: t.currency })),
      maxPerPayout: perCurrency('SELECT currency, max_minor AS minor FROM payout_limits ORDER BY currency'),
      dailyCaps: caps.map((c) => ({ connectionId: c.connection_id, cap: { minor: c.cap_minor, currency: c.currency } })),
      workspaceDailyCaps: perCurrency('SELECT currency, cap_minor AS minor FROM workspace_daily_caps ORDER BY currency'),
      makerMayApproveOwn: flag('makerMayApproveOwn'),
      duplicateWindowDays: windowValue('duplicateWindowDays'),
      stuckAfterDays: windowValue('stuckAfterDays'),
      expiringWithinDays: windowValue('expiringWithinDays'),
      payeeCheckMaxAgeHours: windowValue('payeeCheckMaxAgeHours'),
      payeeNoMatchBlocks: flag('payeeNoMatchBlocks'),
    };
  }

  approvalsRequired(amountMinor: number, currency: string): number {
    const row = this.db.prepare('SELECT threshold_minor FROM approval_thresholds WHERE currency = ?').get(currency) as
      { threshold_minor: number } | undefined;
    return row && amountMinor > row.threshold_minor ? 2 : 1;
  }

  dailyCap(connectionId: string, currency: string): number | null {
    const row = this.db
      .prepare('SELECT cap_minor FROM daily_send_caps WHERE connection_id = ? AND currency = ?')
      .get(connectionId, currency) as { cap_minor: number } | undefined;
    return row?.cap_minor ?? null;
  }

  sentSince(connectionId: string | null, currency: string, sinceIso: string) {
    return this.t.sentSince(connectionId, currency, sinceIso);
  }

  maxPerPayout(currency: string): number | null {
    const row = this.db.prepare('SELECT max_minor FROM payout_limits WHERE currency = ?').get(currency) as
      { max_minor: number } | undefined;
    return row?.max_minor ?? null;
  }

  workspaceDailyCap(currency: string): number | null {
    const row = this.db.prepare('SELECT cap_minor FROM workspace_daily_caps WHERE currency = ?').get(currency) as
      { cap_minor: number } | undefined;
    return row?.cap_minor ?? null;
  }

  lookups(): DraftLookups {
    const creatorStmt = this.db.prepare(
      'SELECT id, connection_id, remote_id, name, email, handle, platform, phone FROM creators WHERE id = ?',
    );
    const creatorByRemoteStmt = this.db.prepare(
      'SELECT id, connection_id, remote_id, name, email, handle, platform, phone FROM creators WHERE connection_id = ? AND remote_id = ?',
    );
    const campaignStmt = this.db.prepare('SELECT id, connection_id, remote_id, name, status FROM campaigns WHERE id = ?');
    type CreatorDb = {
      id: number;
      connection_id: string;
      remote_id: string;
      name: string | null;
      email: string | null;
      handle: string | null;
      platform: string | null;
      phone: string | null;
    };
    const toCreator = (r: CreatorDb | undefined): CachedCreator | undefined =>
      r && {
        id: r.id,
        connectionId: r.connection_id,
        remoteId: r.remote_id,
        name: r.name,
        email: r.email,
        handle: r.handle,
        platform: r.platform,
        phone: r.phone,
      };
    return {
      creator: (id) => toCreator(creatorStmt.get(id) as CreatorDb | undefined),
      creatorByRemoteId: (connectionId, remoteId) => toCreator(creatorByRemoteStmt.get(connectionId, remoteId) as CreatorDb | undefined),
      campaign: (id) => {
        const r = campaignStmt.get(id) as
          { id: number; connection_id: string; remote_id: string; name: string; status: string | null } | undefined;
        return (
          r && ({ id: r.id, connectionId: r.connection_id, remoteId: r.remote_id, name: r.name, status: r.status } satisfies CachedCampaign)
        );
      },
    };
  }

  importContext(connectionId: string): ImportContext {
    const campaigns = new Map<string, number>();
    for (const c of this.db.prepare('SELECT id, remote_id, name FROM campaigns WHERE connection_id = ?').all(connectionId) as Array<{
      id: number;
      remote_id: string;
      name: string;
    }>) {
      campaigns.set(c.remote_id.toLowerCase(), c.id);
      if (!campaigns.has(c.name.toLowerCase())) campaigns.set(c.name.toLowerCase(), c.id);
    }
    return { campaigns };
  }

  creatorEmails(connectionId: string, afterRemoteId: string, limit: number): CreatorEmail[] {
    // Keyset pages along the (connection_id, remote_id) unique index.
    return this.db
      .prepare(
        `SELECT remote_id AS remoteId, lower(email) AS email FROM creators
          WHERE connection_id = ? AND remote_id > ? AND email IS NOT NULL ORDER BY remote_id LIMIT ?`,
      )
      .all(connectionId, afterRemoteId, limit) as CreatorEmail[];
  }

  duplicateCandidates(sinceIso: string, after: DuplicateCandidate | null, limit: number): DuplicateCandidate[] {
    // A page in (created_at, id) order (payouts_created), after the last candidate of the page before.
    const from = after ?? { createdAt: sinceIso, id: 0 };
    const rows = this.db
      .prepare(
        `
        SELECT p.id, p.recipient_key, lower(p.recipient_email) AS email, lower(p.recipient_handle) AS handle, p.amount_minor, p.currency,
               p.campaign_id, lower(p.local_campaign) AS local_campaign, lower(cr.remote_id) AS creator_remote, p.created_at
        FROM payouts p LEFT JOIN creators cr ON cr.id = p.creator_id
        WHERE p.created_at >= @since AND p.created_at >= @fromAt AND (p.created_at > @fromAt OR p.id > @fromId)
          AND p.status NOT IN ('rejected', 'cancelled')
        ORDER BY p.created_at, p.id
        LIMIT @limit`,
      )
      .all({ since: sinceIso, fromAt: from.createdAt, fromId: from.id, limit }) as Array<{
      id: number;
      recipient_key: string | null;
      email: string | null;
      handle: string | null;
      amount_minor: number;
      currency: string;
      campaign_id: number | null;
      local_campaign: string | null;
      creator_remote: string | null;
      created_at: string;
    }>;
    return rows.map((r) => {
      const keys = [
        r.recipient_key,
        r.email && `email:${r.email}`,
        r.handle && `handle:${r.handle}`,
        r.creator_remote && `user:${r.creator_remote}`,
      ];
      return {
        id: r.id,
        createdAt: r.created_at,
        recipientKeys: keys.filter((k): k is string => Boolean(k)),
        amountMinor: r.amount_minor,
        currency: r.currency,
        campaignKey: r.campaign_id ? `c${r.campaign_id}` : r.local_campaign ? `l${r.local_campaign}` : '',
      };
    });
  }

  templateExample(connectionId: string) {
    const creator = this.db
      .prepare('SELECT remote_id, name, email FROM creators WHERE connection_id = ? ORDER BY id LIMIT 1')
      .get(connectionId) as { remote_id: string; name: string | null; email: string | null } | undefined;
    const campaign = this.db.prepare('SELECT name FROM campaigns WHERE connection_id = ? ORDER BY id LIMIT 1').get(connectionId) as
      { name: string } | undefined;
    return {
      creator: creator ? { remoteId: creator.remote_id, name: creator.name, email: creator.email } : null,
      campaignName: campaign?.name ?? null,
    };
  }

  // --- commands -----------------------------------------------------------------------------------------------------

  private insertDraft(draft: NewDraft, tags: string[]): number {
    const id = this.t.insertDraft(draft);
    if (tags.length) this.t.setTags(id, tags);
    this.t.addHistory(id, {
      status: 'draft',
      providerStatus: null,
      source: draft.importBatch ? 'import' : 'operator',
      message: draft.importBatch ? `Imported (batch ${draft.importBatch})` : 'Draft created',
      at: draft.now,
    });
    return id;
  }

  async createDraft(draft: NewDraft, tags: string[], note: AuditNote): Promise<number> {
    if (this.importing) await this.importsSettled();
    return this.db.transaction(() => {
      const id = this.insertDraft(draft, tags);
      this.append(id, note);
      return id;
    })();
  }

  importsOfFile(fileSha256: string): ImportBatchRecord[] {
    return (
      this.db
        .prepare(
          'SELECT batch_id, connection_id, rows, imported_at, imported_by FROM import_batches WHERE file_sha256 = ? ORDER BY imported_at, batch_id',
        )
        .all(fileSha256) as Array<{ batch_id: string; connection_id: string; rows: number; imported_at: string; imported_by: string }>
    ).map((r) => ({
      batchId: r.batch_id,
      connectionId: r.connection_id,
      rows: r.rows,
      importedAt: r.imported_at,
      importedBy: r.imported_by,
    }));
  }

  async importDrafts(drafts: ImportedDraft[], batchId: string, file: ImportBatchFile, note: AuditNote): Promise<number[]> {
    const writer = this.options.importWriter;
    if (this.importing) await this.importsSettled();
    if (!writer) return this.importDraftsHere(drafts, batchId, file, note);
    const committed = writer.importDrafts(drafts, batchId, file, note, this.audit.keyForWriter());
    this.importing = committed;
    try {
      const ids = await committed;
      // The writer appended the import's event: the anchor moves the keychain's chain head on to it.
      this.audit.appendedElsewhere();
      return ids;
    } finally {
      if (this.importing === committed) this.importing = null;
    }
  }

  /**
   * Waits for an import committing on the writer's connection. Commands of this store begin IMMEDIATE transactions
   * on this thread; one begun meanwhile would wait for the writer's lock synchronously (the busy timeout), freezing
   * this thread for as long as the import runs and failing with SQLITE_BUSY after it. So they wait here instead,
   * without blocking, and then see the import's rows. Without an import in flight a command runs at once, as before.
   */
  private async importsSettled(): Promise<void> {
    while (this.importing) await this.importing.catch(() => undefined);
  }

  /** The import's one transaction on this store's connection (the writer worker calls it on its own). */
  importDraftsHere(drafts: ImportedDraft[], batchId: string, file: ImportBatchFile, note: AuditNote): number[] {
    return this.db.transaction(() => {
      const known = new Set(file.reimportOf);
      const landedMeanwhile = this.importsOfFile(file.fileSha256).find((b) => !known.has(b.batchId));
      if (landedMeanwhile) {
        throw new AppError('CONFLICT', `This file was imported meanwhile as batch ${landedMeanwhile.batchId}; nothing was imported twice.`);
      }
      const ids = drafts.map(({ draft, tags }) => this.insertDraft(draft, tags));
      this.db
        .prepare(
          `INSERT INTO import_batches (batch_id, connection_id, file_sha256, rows, imported_at, imported_by, reimport_of)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          batchId,
          file.connectionId,
          file.fileSha256,
          ids.length,
          file.importedAt,
          file.importedBy,
          file.reimportOf.length ? JSON.stringify(file.reimportOf) : null,
        );
      this.audit.append({ actor: note.actor, action: note.action, subject: `import:${batchId}`, details: note.details });
      return ids;
    })();
  }

  async updateDraft(id: number, values: DraftValues, tags: string[], rules: DraftEditRules): Promise<void> {
    if (this.importing) await this.importsSettled();
    this.db.transaction(() => {
      const before = this.row(id);
      refuse(rules.guard(before, Boolean(this.t.outbox(id))));
      const beforeTags = this.t.tags(id);
      this.t.updateDraft(id, values);
      this.t.setTags(id, tags);
      // An approval was given for the old values; it must not carry over to new ones.
      const voided = this.t.voidApprovals(id, values.now);
      this.append(id, rules.note(before, beforeTags, voided));
    })();
  }

  async deleteDraft(id: number, rules: DraftDeleteRules): Promise<void> {
    if (this.importing) await this.importsSettled();
    this.db.transaction(() => {
      const before = this.row(id);
      refuse(rules.guard(before, Boolean(this.t.outbox(id))));
      this.append(id, rules.note(before, this.t.tags(id)));
      this.t.deletePayout(id);
    })();
  }

  async recordDecision(id: number, operator: Actor, rules: DecisionRules): Promise<DecisionOutcome> {
    if (this.importing) await this.importsSettled();
    return this.db.transaction(() => {
      const row = this.t.get(id);
      if (!row) throw new AppError('NOT_FOUND', 'The payout no longer exists.');
      refuse(rules.guard(row, this.t.activeApprovers(id), Boolean(this.t.outbox(id))));
      const now = this.nowIso();
      const outcome = rules.decide(row, this.t.activeApprovers(id));
      this.t.addApproval(id, {
        operatorId: operator.id,
        operator: operator.name,
        decision: outcome.decision,
        reason: outcome.reason,
        at: now,
      });
      if (outcome.status !== row.status) {
        this.t.setStatus(id, { status: outcome.status, source: operator.name, now, message: outcome.statusMessage });
        if (outcome.status === 'approved') this.t.setApprovalsRequired(id, outcome.approvalsRequired);
      }
      this.append(id, outcome.note);
      return outcome;
    })();
  }

  async markSending(id: number, rules: SendRules): Promise<OutboxRow> {
    if (this.importing) await this.importsSettled();
    return this.db.transaction(() => {
      const row = this.t.get(id);
      if (!row) throw new AppError('NOT_FOUND', 'The payout no longer exists.');
      refuse(rules.guard(row, this.t.outbox(id), this.t.activeApprovers(id)));
      if (!row.short_reference) throw new AppError('CONFLICT', 'This payout has no Paydesk reference; it was not drafted in Paydesk.');
      const plan = rules.plan(row);
      const now = this.nowIso();
      this.t.upsertOutbox({
        payoutId: id,
        connectionId: row.connection_id,
        clientReference: row.client_reference,
        shortReference: row.short_reference,
        request: plan.request,
        initiate: plan.initiate,
        amountMinor: row.amount_minor,
        currency: row.currency,
        now,
      });
      this.t.setStatus(id, { status: 'sending', source: plan.note.actor.name, now, message: plan.message });
      this.append(id, plan.note);
      return this.t.outbox(id)!;
    })();
  }

  async startAttempt(id: number, step: AttemptStep): Promise<number> {
    if (this.importing) await this.importsSettled();
    return this.db.transaction(() => {
      const now = this.nowIso();
      // The counter moves before the request leaves: a count of 0 proves nothing was ever sent under our reference.
      if (step === 'create') this.t.updateOutbox(id, { now, createAttempt: true, create_state: 'pending' });
      if (step === 'initiate') this.t.updateOutbox(id, { now, initiateAttempt: true, initiate_state: 'pending' });
      return this.t.startAttempt(id, step, now);
    })();
  }

  async finishAttempt(attemptId: number, outcome: string, detail: string | null): Promise<void> {
    if (this.importing) await this.importsSettled();
    this.t.finishAttempt(attemptId, outcome, detail, this.nowIso());
  }

  async applySendTransition(id: number, transition: SendTransition): Promise<OutboxRow> {
    if (this.importing) await this.importsSettled();
    return this.db.transaction(() => {
      const now = this.nowIso();
      const outbox = this.t.outbox(id);
      if (!outbox) throw new AppError('NOT_FOUND', 'This payout was never handed to the sender.');
      // A create the provider confirmed stays confirmed: 'unknown' there could later turn into a resend.
      const patch = { ...transition.outbox };
      if (outbox.create_state === 'done' && patch.create_state && patch.create_state !== 'done') delete patch.create_state;
      this.t.updateOutbox(id, { now, ...patch });
      if (transition.payout) {
        const { status, message, providerStatus, raw, source } = transition.payout;
        this.t.setStatus(id, {
          status,
          source,
          now,
          ...(message !== undefined ? { message } : {}),
          ...(providerStatus !== undefined ? { providerStatus } : {}),
          ...(raw !== undefined ? { raw } : {}),
        });
      }
      if (transition.tracking === 'track') this.follow(id);
      else if (transition.tracking === 'untrack') this.t.untrack(id);
      this.append(id, transition.note);
      return this.t.outbox(id)!;
    })();
  }

  async attachRemote(id: number, remote: RemotePayout, change: AttachChange): Promise<AttachOutcome> {
    if (this.importing) await this.importsSettled();
    return this.db.transaction(() => {
      const outbox = this.t.outbox(id);
      if (!outbox) throw new AppError('NOT_FOUND', 'This payout was never handed to the sender.');
      const now = this.nowIso();
      const remoteId = remote.remoteId;
      if (remoteId) {
        const holder = this.t.remoteIdHolder(outbox.connection_id, remoteId, id);
        if (holder?.ours) return { attached: false as const, clashWith: holder.id };
        if (holder) {
          this.t.deletePayout(holder.id);
          this.append(id, change.mergeNote(holder.id));
        }
      }
      this.t.updateOutbox(id, { now, create_state: 'done', remote_id: remoteId, last_error: null });
      this.t.setStatus(id, {
        status: 'sending',
        providerStatus: remote.providerStatus,
        remoteId,
        source: change.source,
        now,
        raw: remote.raw,
        ...(change.message !== undefined ? { message: change.message } : {}),
      });
      this.append(id, change.note);
      return { attached: true as const };
    })();
  }

  async recordProviderStatus(id: number, change: StatusChange, note: AuditNote | null): Promise<void> {
    if (this.importing) await this.importsSettled();
    this.db.transaction(() => {
      const now = this.nowIso();
      this.t.setStatus(id, { ...change, now });
      if (terminalPayoutStatuses.includes(change.status)) {
        this.t.untrack(id);
        this.t.resolveRegression(id, now);
      }
      this.append(id, note);
    })();
  }

  async recordStatusRegression(
    id: number,
    reported: { status: PayoutStatus; providerStatus: string | null },
    source: string,
    note: AuditNote | null,
  ): Promise<void> {
    if (this.importing) await this.importsSettled();
    this.db.transaction(() => {
      const row = this.row(id);
      const open = this.t.openRegression(id);
      this.t.openRegressionRecord(
        id,
        {
          keptStatus: row.status,
          keptProviderStatus: row.provider_status,
          reportedStatus: reported.status,
          reportedProviderStatus: reported.providerStatus,
        },
        source,
        this.nowIso(),
      );
      // One audit event when the provider first contradicts the final status, not one per look.
      if (!open || open.reportedProviderStatus !== reported.providerStatus) this.append(id, note);
    })();
  }

  async recordPayeeCheck(id: number, check: NewPayeeCheck, note: AuditNote): Promise<void> {
    if (this.importing) await this.importsSettled();
    this.db.transaction(() => {
      this.row(id);
      this.t.insertPayeeCheck(id, check);
      this.append(id, note);
    })();
  }

  async reschedulePoll(id: number, next: { nextPollAt: string; intervalMs: number; error: string | null }): Promise<void> {
    if (this.importing) await this.importsSettled();
    this.t.polled(id, { ...next, at: this.nowIso() });
  }

  async stopTracking(id: number): Promise<void> {
    if (this.importing) await this.importsSettled();
    this.t.untrack(id);
  }

  async setStatusByOperator(
    id: number,
    change: StatusChange,
    rules: { guard(row: WorkflowRow, outbox: OutboxRow | undefined): Refusal; note: AuditNote | null },
  ): Promise<void> {
    if (this.importing) await this.importsSettled();
    this.db.transaction(() => {
      const row = this.row(id);
      refuse(rules.guard(row, this.t.outbox(id)));
      this.t.setStatus(id, { ...change, now: this.nowIso() });
      if (terminalPayoutStatuses.includes(change.status as PayoutStatus)) this.t.untrack(id);
      this.append(id, rules.note);
    })();
  }

  async dismissPayout(id: number, reason: string, rules: { guard(row: WorkflowRow): Refusal; note: AuditNote }): Promise<void> {
    if (this.importing) await this.importsSettled();
    this.db.transaction(() => {
      refuse(rules.guard(this.row(id)));
      this.t.dismiss(id, reason, this.nowIso());
      this.append(id, rules.note);
    })();
  }

  async auditPayout(id: number, note: AuditNote): Promise<void> {
    if (this.importing) await this.importsSettled();
    this.append(id, note);
  }

  async setPolicy(policy: PayoutPolicy, note: (before: PayoutPolicy, after: PayoutPolicy) => AuditNote): Promise<PayoutPolicy> {
    if (this.importing) await this.importsSettled();
    return this.db.transaction(() => {
      const before = this.policy();
      this.db.prepare('DELETE FROM approval_thresholds').run();
      const threshold = this.db.prepare('INSERT INTO approval_thresholds (currency, threshold_minor) VALUES (?, ?)');
      for (const t of policy.approvalThresholds) threshold.run(t.currency, t.minor);
      this.db.prepare('DELETE FROM payout_limits').run();
      const limit = this.db.prepare('INSERT INTO payout_limits (currency, max_minor) VALUES (?, ?)');
      for (const l of policy.maxPerPayout) limit.run(l.currency, l.minor);
      this.db.prepare('DELETE FROM workspace_daily_caps').run();
      const workspaceCap = this.db.prepare('INSERT INTO workspace_daily_caps (currency, cap_minor) VALUES (?, ?)');
      for (const c of policy.workspaceDailyCaps) workspaceCap.run(c.currency, c.minor);
      this.db.prepare('DELETE FROM daily_send_caps').run();
      const cap = this.db.prepare('INSERT INTO daily_send_caps (connection_id, currency, cap_minor) VALUES (?, ?, ?)');
      for (const c of policy.dailyCaps) cap.run(c.connectionId, c.cap.currency, c.cap.minor);
      const window = this.db.prepare(
        'INSERT INTO workflow_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      );
      for (const key of Object.keys(DEFAULT_WINDOWS) as WindowKey[]) window.run(key, policy[key]);
      for (const key of Object.keys(DEFAULT_FLAGS) as FlagKey[]) window.run(key, policy[key] ? 1 : 0);
      const after = this.policy();
      const entry = note(before, after);
      this.audit.append({ actor: entry.actor, action: entry.action, subject: 'policy', details: entry.details });
      return after;
    })();
  }
}
