/**
 * The workflow store of a team workspace (see src-main/storage/workflow-store.ts for the contract). Reads are the
 * local SQLite store's, over this desktop's replica. Commands are calls of the team database's functions, which hold
 * the rules that protect money (whatever this desktop's code says), followed by a catch-up of the replica, so the
 * caller reads its own write when the command returns. The workflow's guards still run here first, on the replica,
 * so the operator gets the workflow's own wording for a refusal the server would give too.
 */
import type { PayoutPolicy } from '@shared/contract/payouts-model';
import { terminalPayoutStatuses, type PayoutStatus } from '@shared/contract/model';
import { assertNoSecrets, canonicalJson } from '../audit/chain';
import { AppError } from '../errors';
import type { RemotePayout } from '../providers/provider';
import type { Actor } from '../storage/audit-store';
import type { ReplicaStore } from '../storage/postgres/replica-store';
import type { CallContext, TeamQueries } from '../storage/postgres/team-queries';
import type { SqliteWorkflowStore } from '../storage/sqlite-workflow-store';
import type {
  AttemptStep,
  DuplicateCandidate,
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
  ImportBatchFile,
  NewDraft,
  NewPayeeCheck,
  OutboxRow,
  Refusal,
  SendTransition,
  StatusChange,
  WorkflowRow,
  WorkflowStore,
} from '../storage/workflow-store';
import { refuse } from '../storage/workflow-store';
import { describeTeamError } from './connect';
import type { TeamReplica } from './replica';

/** A new draft as the team database's create_draft takes it. */
function draftDoc(draft: NewDraft): Record<string, unknown> {
  return {
    connectionId: draft.connectionId,
    clientReference: draft.clientReference,
    shortReference: draft.shortReference,
    creatorId: draft.creatorId,
    campaignId: draft.campaignId,
    recipientJson: JSON.stringify(draft.recipient),
    recipientKey: draft.recipientKey,
    display: draft.display,
    localCampaign: draft.localCampaign,
    amountMinor: draft.amountMinor,
    currency: draft.currency,
    description: draft.description,
    importBatch: draft.importBatch,
    redraftOf: draft.redraftOf ?? null,
  };
}

/** What the store needs of the signed-in team session. */
export interface TeamLink {
  /** The signed-in operator's queries; throws a clear error when signed out or the server is unreachable. */
  queries(): TeamQueries;
  replica(): TeamReplica;
  callContext(): CallContext;
  /** The login that is signed in here (the database's session_user). */
  login(): string;
  /** How long a send claim holds without a renewal (seconds). */
  leaseSeconds: number;
}

const notInTeamYet = (what: string) =>
  new AppError('CONFLICT', `${what} is not available in a team workspace yet (see docs/team-workspace.md); nothing was changed.`);

function detailsOf(note: AuditNote | null): string | null {
  if (!note) return null;
  assertNoSecrets(note.details);
  return canonicalJson(note.details);
}

export class PgWorkflowStore implements WorkflowStore {
  constructor(
    private readonly local: SqliteWorkflowStore,
    private readonly replica: ReplicaStore,
    private readonly link: TeamLink,
    private readonly options: { now: () => Date; pollBaseMs: () => number },
  ) {}

  /** One server call, then the replica catches up; errors say what the server or the network said. */
  private async command<T>(during: string, call: (q: TeamQueries, ctx: CallContext) => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await call(this.link.queries(), this.link.callContext());
    } catch (error) {
      // Even a refusal may follow changes this desktop has not pulled yet: show the rows as the server has them.
      await this.link
        .replica()
        .catchUp()
        .catch(() => undefined);
      throw describeTeamError(error, { user: this.link.login(), during });
    }
    await this.link
      .replica()
      .catchUp()
      .catch(() => undefined);
    return result;
  }

  private row(id: number): WorkflowRow {
    const row = this.local.payout(id);
    if (!row) throw new AppError('NOT_FOUND', 'The payout no longer exists.');
    return row;
  }

  /** Who holds the send claim, in the words the desk shows. */
  claimNote(payoutId: number): string | null {
    const claim = this.replica.claim(payoutId);
    if (!claim?.claimedBy || !claim.leaseUntil) return null;
    return Date.parse(claim.leaseUntil) > this.options.now().getTime()
      ? `being sent by ${claim.claimedBy} on ${claim.claimHost ?? 'another computer'}`
      : null;
  }

  // --- reads: the replica ----------------------------------------------------------------------------------------
  payout = (id: number) => this.local.payout(id);
  payouts = (ids: readonly number[]) => this.local.payouts(ids);
  rawJson = (id: number) => this.local.rawJson(id);
  referenceTaken = (c: string, s: string) => this.local.referenceTaken(c, s);
  tags = (id: number) => this.local.tags(id);
  approvals = (id: number) => this.local.approvals(id);
  activeApprovers = (id: number) => this.local.activeApprovers(id);
  outbox = (id: number) => this.local.outbox(id);
  /** Open entries this desktop may go on with: its own claims and those whose lease expired. */
  openOutbox = () =>
    this.local.openOutbox().filter((o) => {
      const claim = this.replica.claim(o.payout_id);
      return (
        !claim?.claimedBy ||
        claim.claimedBy === this.link.login() ||
        !claim.leaseUntil ||
        Date.parse(claim.leaseUntil) <= this.options.now().getTime()
      );
    });
  tracking = (id: number) => this.local.tracking(id);
  dueForPolling = (nowIso: string, limit: number) => this.local.dueForPolling(nowIso, limit);
  timeline = (id: number) => this.local.timeline(id);
  approvalQueue = (query: { connectionId?: string | undefined; afterId?: number | undefined; limit: number }) =>
    this.local.approvalQueue(query);
  sentInStatus = (status: 'unknown' | 'failed' | 'returned', limit: number) => this.local.sentInStatus(status, limit);
  stuckSince = (beforeIso: string, limit: number) => this.local.stuckSince(beforeIso, limit);
  expiringBy = (byIso: string, limit: number) => this.local.expiringBy(byIso, limit);
  possibleDuplicate = (id: number, sinceIso: string) => this.local.possibleDuplicate(id, sinceIso);
  redraftsOf = (id: number) => this.local.redraftsOf(id);
  latestPayeeCheck = (id: number) => this.local.latestPayeeCheck(id);
  openRegression = (id: number) => this.local.openRegression(id);
  openRegressions = (limit: number) => this.local.openRegressions(limit);
  policy = () => this.local.policy();
  approvalsRequired = (amountMinor: number, currency: string) => this.local.approvalsRequired(amountMinor, currency);
  dailyCap = (connectionId: string, currency: string) => this.local.dailyCap(connectionId, currency);
  workspaceDailyCap = (currency: string) => this.local.workspaceDailyCap(currency);
  maxPerPayout = (currency: string) => this.local.maxPerPayout(currency);
  sentSince = (connectionId: string | null, currency: string, sinceIso: string) => this.local.sentSince(connectionId, currency, sinceIso);
  lookups = () => this.local.lookups();
  importContext = (connectionId: string) => this.local.importContext(connectionId);
  creatorEmails = (connectionId: string, afterRemoteId: string, limit: number) =>
    this.local.creatorEmails(connectionId, afterRemoteId, limit);
  duplicateCandidates = (sinceIso: string, after: DuplicateCandidate | null, limit: number) =>
    this.local.duplicateCandidates(sinceIso, after, limit);
  importsOfFile = (fileSha256: string) => this.local.importsOfFile(fileSha256);
  templateExample = (connectionId: string) => this.local.templateExample(connectionId);

  // --- commands: the team database --------------------------------------------------------------------------------

  /** A draft's creator and campaign also by the provider's ids: the ids here are this desktop's (migration 0004). */
  private withLinks<T extends { creatorId?: number | null; campaignId?: number | null }>(doc: T): T & Record<string, unknown> {
    return { ...doc, ...this.replica.providerIdsOf(doc.creatorId ?? null, doc.campaignId ?? null) };
  }

  async createDraft(draft: NewDraft, tags: string[], note: AuditNote): Promise<number> {
    return this.command('saving the draft', (q, ctx) => q.createDraft(this.withLinks(draftDoc(draft)), tags, detailsOf(note)!, ctx));
  }

  /**
   * One import in one server transaction. The maker of each draft is the database login, and each draft gets its own
   * creation event there (as a draft made by hand does) besides the import's event.
   */
  async importDrafts(drafts: ImportedDraft[], batchId: string, file: ImportBatchFile, note: AuditNote): Promise<number[]> {
    const known = new Set(file.reimportOf);
    const landedMeanwhile = this.local.importsOfFile(file.fileSha256).find((b) => !known.has(b.batchId));
    if (landedMeanwhile) {
      throw new AppError('CONFLICT', `This file was imported meanwhile as batch ${landedMeanwhile.batchId}; nothing was imported twice.`);
    }
    const rows = drafts.map(({ draft, tags }) => ({
      doc: this.withLinks(draftDoc(draft)),
      tags,
      details: canonicalJson({ clientReference: draft.clientReference, connectionId: draft.connectionId, importBatch: batchId }),
    }));
    const batch = { batchId, connectionId: file.connectionId, fileSha256: file.fileSha256, reimportOf: file.reimportOf };
    return this.command('importing the file', (q, ctx) => q.importDrafts(batch, rows, detailsOf(note)!, ctx));
  }

  async updateDraft(id: number, values: DraftValues, tags: string[], rules: DraftEditRules): Promise<void> {
    const before = this.row(id);
    refuse(rules.guard(before, Boolean(this.local.outbox(id))));
    // The approvals this edit voids, as this desktop sees them; the server refuses if it holds another number.
    const voids = this.local.activeApprovers(id).length;
    const doc = this.withLinks({
      creatorId: values.creatorId,
      campaignId: values.campaignId,
      recipientJson: JSON.stringify(values.recipient),
      recipientKey: values.recipientKey,
      display: values.display,
      localCampaign: values.localCampaign,
      amountMinor: values.amountMinor,
      currency: values.currency,
      description: values.description,
    });
    const note = detailsOf(rules.note(before, this.local.tags(id), voids))!;
    await this.command('saving the draft', (q, ctx) => q.updateDraft(id, doc, tags, voids, note, ctx));
  }

  async deleteDraft(id: number, rules: DraftDeleteRules): Promise<void> {
    const before = this.row(id);
    refuse(rules.guard(before, Boolean(this.local.outbox(id))));
    const note = detailsOf(rules.note(before, this.local.tags(id)))!;
    await this.command('deleting the draft', (q, ctx) => q.deleteDraft(id, note, ctx));
  }

  async recordDecision(id: number, _operator: Actor, rules: DecisionRules): Promise<DecisionOutcome> {
    const row = this.row(id);
    const approvers = this.local.activeApprovers(id);
    refuse(rules.guard(row, approvers, Boolean(this.local.outbox(id))));
    const outcome = rules.decide(row, approvers);
    const status = await this.command('recording the approval', (q, ctx) =>
      q.decide(id, outcome.decision, outcome.reason, detailsOf(outcome.note)!, ctx),
    );
    return { ...outcome, status: status as DecisionOutcome['status'] };
  }

  async markSending(id: number, rules: SendRules): Promise<OutboxRow> {
    const row = this.row(id);
    const claimedElsewhere = this.claimNote(id);
    if (claimedElsewhere && this.replica.claim(id)?.claimedBy !== this.link.login())
      throw new AppError('CONFLICT', `This payout is ${claimedElsewhere}.`);
    refuse(rules.guard(row, this.local.outbox(id), this.local.activeApprovers(id)));
    const plan = rules.plan(row);
    const claim = await this.command('claiming the payout for sending', (q, ctx) =>
      q.claimSend(
        id,
        { json: JSON.stringify(plan.request), initiate: plan.initiate, message: plan.message },
        this.link.leaseSeconds,
        detailsOf(plan.note)!,
        ctx,
      ),
    );
    if (claim.outcome !== 'won') {
      throw new AppError(
        'CONFLICT',
        `This payout is being sent by ${claim.claimedBy ?? 'another operator'} on ${claim.claimHost ?? 'another computer'}.`,
      );
    }
    return this.local.outbox(id)!;
  }

  /**
   * Before an open entry is taken up again (a restart, a lease that expired on another desktop): the claim is renewed
   * for this login, or refused while someone else's lease runs. Only then does the sender look our reference up.
   */
  async claimOpen(id: number): Promise<boolean> {
    const claim = await this.command('claiming the payout for reconciling', (q, ctx) =>
      q.claimSend(
        id,
        { json: '{}', initiate: false, message: 'Reconciling' },
        this.link.leaseSeconds,
        canonicalJson({ reason: 'open entry taken up again' }),
        ctx,
      ),
    ).catch((error: unknown) => {
      // Held by another desktop, or this one is signed out or offline: the entry waits (its reference is stored).
      if (error instanceof AppError && ['CONFLICT', 'UNAUTHENTICATED', 'DATABASE'].includes(error.code)) return null;
      throw error;
    });
    return claim?.outcome === 'reconcile' || claim?.outcome === 'won';
  }

  async startAttempt(id: number, step: AttemptStep): Promise<number> {
    return this.command('recording the attempt', (q, ctx) => q.startAttempt(id, step, this.link.leaseSeconds, ctx));
  }

  async finishAttempt(attemptId: number, outcome: string, detail: string | null): Promise<void> {
    await this.command('recording the attempt', (q) => q.finishAttempt(attemptId, outcome, detail));
  }

  async applySendTransition(id: number, transition: SendTransition): Promise<OutboxRow> {
    await this.command('recording the send step', (q, ctx) =>
      q.applySendTransition(
        id,
        { outbox: transition.outbox, payout: transition.payout },
        transition.note?.action ?? null,
        detailsOf(transition.note),
        ctx,
      ),
    );
    this.track(id, transition.tracking);
    const outbox = this.local.outbox(id);
    if (!outbox) throw new AppError('NOT_FOUND', 'This payout was never handed to the sender.');
    return outbox;
  }

  private track(id: number, tracking: 'track' | 'untrack' | 'keep'): void {
    // Polling is each desktop's own business (a second look at the provider changes nothing): kept in the local file.
    if (tracking === 'track')
      this.replica.track(id, new Date(this.options.now().getTime() + this.options.pollBaseMs()).toISOString(), this.options.pollBaseMs());
    else if (tracking === 'untrack') this.replica.untrack(id);
  }

  async attachRemote(id: number, remote: RemotePayout, change: AttachChange): Promise<AttachOutcome> {
    const clash = await this.command('recording the provider’s id', (q, ctx) =>
      q.attachRemote(
        id,
        {
          remoteId: remote.remoteId,
          providerStatus: remote.providerStatus,
          raw: remote.raw ?? null,
          ...(change.message !== undefined ? { message: change.message } : {}),
        },
        change.note.action,
        detailsOf(change.note)!,
        ctx,
      ),
    );
    return clash === null ? { attached: true } : { attached: false, clashWith: clash };
  }

  async recordProviderStatus(id: number, change: StatusChange, note: AuditNote | null): Promise<void> {
    await this.command('recording the provider’s status', (q, ctx) =>
      q.recordProviderStatus(
        id,
        { status: change.status, providerStatus: change.providerStatus, message: change.message, source: change.source },
        note?.action ?? null,
        detailsOf(note),
        ctx,
      ),
    );
    if (terminalPayoutStatuses.includes(change.status)) this.replica.untrack(id);
  }

  /** The final status stays; the team database records the regression once per new report, with its audit event. */
  async recordStatusRegression(
    id: number,
    reported: { status: PayoutStatus; providerStatus: string | null },
    source: string,
    note: AuditNote | null,
  ): Promise<void> {
    await this.command('recording what the provider reports', (q, ctx) =>
      q.recordStatusRegression(id, { ...reported, source }, detailsOf(note), ctx),
    );
  }

  async recordPayeeCheck(id: number, check: NewPayeeCheck, note: AuditNote): Promise<void> {
    // The time of the check is the server's (it orders the checks every desktop sees).
    const { at: _at, ...rest } = check;
    await this.command('recording the payee check', (q, ctx) => q.recordPayeeCheck(id, rest, detailsOf(note)!, ctx));
  }

  async reschedulePoll(id: number, next: { nextPollAt: string; intervalMs: number; error: string | null }): Promise<void> {
    await this.local.reschedulePoll(id, next);
  }

  async stopTracking(id: number): Promise<void> {
    await this.local.stopTracking(id);
  }

  /**
   * A status set by an operator: in a team workspace the cancels, each a team database function (an approved payout
   * never sent; a payout the provider deleted outright when it was cancelled there); anything else is refused.
   */
  async setStatusByOperator(
    id: number,
    change: StatusChange,
    rules: { guard(row: WorkflowRow, outbox: OutboxRow | undefined): Refusal; note: AuditNote | null },
  ): Promise<void> {
    const row = this.row(id);
    refuse(rules.guard(row, this.local.outbox(id)));
    if (change.status !== 'cancelled' || !rules.note) throw notInTeamYet('This status change');
    const note = detailsOf(rules.note)!;
    const message = change.message ?? 'Cancelled';
    // Never sent: the team database alone decides. At the provider, which deleted it outright: recorded as cancelled.
    if (row.status === 'approved' && !row.remote_id)
      await this.command('cancelling the payout', (q, ctx) => q.cancelUnsent(id, message, note, ctx));
    else await this.command('recording the cancel', (q, ctx) => q.cancelDeleted(id, message, note, ctx));
  }

  async dismissPayout(id: number, reason: string, rules: { guard(row: WorkflowRow): Refusal; note: AuditNote }): Promise<void> {
    refuse(rules.guard(this.row(id)));
    const note = detailsOf(rules.note)!;
    await this.command('dismissing the payout', (q, ctx) => q.dismissPayout(id, reason, note, ctx));
  }

  async auditPayout(id: number, note: AuditNote): Promise<void> {
    await this.command('writing the audit event', (q, ctx) => q.auditPayout(id, note.action, detailsOf(note)!, ctx));
  }

  async setPolicy(policy: PayoutPolicy, note: (before: PayoutPolicy, after: PayoutPolicy) => AuditNote): Promise<PayoutPolicy> {
    const before = this.local.policy();
    await this.command('saving the policy', (q, ctx) => q.setPolicy(policy, detailsOf(note(before, policy))!, ctx));
    return this.local.policy();
  }
}
