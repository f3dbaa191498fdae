/**
 * The payout workflow's store: drafts, approvals, the send outbox and its attempts, tracking, policy and the audit
 * events that go with each change. One interface, declared once (as Signal Desktop declares its queries in
 * ts/sql/Interface.ts), with one implementation per engine: SQLite for a desk of its own
 * (sqlite-workflow-store.ts), PostgreSQL for a team workspace.
 *
 * - Reads are synchronous: every workspace keeps its data in the local SQLite file (a team desktop in its replica),
 *   so every view answers from it at once, also offline.
 * - Commands are asynchronous and atomic: each one checks its preconditions, makes its change and appends its audit
 *   events in one transaction, or changes nothing and throws. The `guard` and `note` callbacks are the workflow's
 *   rules and audit wording (src-main/payouts/); they run inside the transaction on the rows as they are then.
 */
import type { PayoutStatus } from '@shared/contract/model';
import type { ApprovalRecord, PayoutPolicy, StatusRegression, TimelineEntry } from '@shared/contract/payouts-model';
import type { DraftLookups, PayoutRequest, RemotePayout } from '../providers/provider';
import { AppError } from '../errors';
import type { Actor, AuditEntry } from './audit-store';
import type { NewDraft, NewPayeeCheck, OutboxRow, PayeeCheckRow, WorkflowRow } from './workflow-rows';

export type { NewDraft, NewPayeeCheck, OutboxRow, PayeeCheckRow, WorkflowRow } from './workflow-rows';
export type { CreateState, InitiateState } from './workflow-rows';

/** Who acts, and what the audit trail says about it. The store adds the subject. */
export interface AuditNote {
  actor: Actor;
  action: string;
  details: Record<string, unknown>;
}

/** A draft's values that an edit may change. */
export type DraftValues = Omit<
  NewDraft,
  'clientReference' | 'shortReference' | 'createdBy' | 'createdById' | 'importBatch' | 'connectionId' | 'redraftOf'
>;

/** Why a command refuses: the workflow's message, shown as is. Thrown as a CONFLICT error. */
export type Refusal = string | null;

/** May the draft change (`guard`), and the audit event of the change (`note`), asked inside the store's transaction. */
export interface DraftEditRules {
  guard(row: WorkflowRow, handedOver: boolean): Refusal;
  note(before: WorkflowRow, beforeTags: string[], approvalsVoided: number): AuditNote;
}

/** May this operator decide (`guard`), and what the decision makes of the payout (`decide`), inside the transaction. */
export interface DecisionRules {
  guard(row: WorkflowRow, approvers: string[], handedOver: boolean): Refusal;
  decide(row: WorkflowRow, approvers: string[]): DecisionOutcome;
}

export interface DecisionOutcome {
  decision: 'approved' | 'rejected';
  reason: string | null;
  /** The payout's status after this decision (a first of two approvals leaves it a draft). */
  status: PayoutStatus;
  /** What the payout's status line says after it (when the status changes). */
  statusMessage: string | null;
  /** How many approvals the policy asked for when this decision completed the approval. */
  approvalsRequired: number;
  note: AuditNote;
}

export interface SendPlan {
  request: PayoutRequest;
  /** The provider has a separate initiate step after create. */
  initiate: boolean;
  message: string;
  note: AuditNote;
}

/**
 * What one step's outcome writes (src-main/payouts/send-steps.ts decides it): the outbox's states, the payout's status
 * and message, whether the poller follows it, and the audit event.
 */
export interface SendTransition {
  outbox: Partial<Pick<OutboxRow, 'create_state' | 'initiate_state' | 'open' | 'last_error'>>;
  payout?: {
    status: PayoutStatus;
    message?: string | null;
    providerStatus?: string | null;
    raw?: unknown;
    source: string;
  };
  tracking: 'track' | 'untrack' | 'keep';
  note: AuditNote | null;
}

export interface StatusChange {
  status: PayoutStatus;
  providerStatus: string | null;
  message: string | null;
  source: string;
  raw?: unknown;
  expiresAt?: string | null;
  expiryPending?: boolean;
}

export type AttemptStep = 'create' | 'lookup' | 'initiate' | 'cancel';

export interface ImportContext {
  /** Campaign name or remote id (lower case) → campaign id, for this connection. */
  campaigns: Map<string, number>;
}

/** A cached creator's e-mail (lower case), for finding the user an import row names by e-mail. */
export interface CreatorEmail {
  remoteId: string;
  email: string;
}

/** A payout created within the duplicate window, with every key it can be matched on. */
export interface DuplicateCandidate {
  id: number;
  createdAt: string;
  recipientKeys: string[];
  amountMinor: number;
  currency: string;
  campaignKey: string;
}

/** A committed CSV import, found by the SHA-256 of its file. */
export interface ImportBatchRecord {
  batchId: string;
  connectionId: string;
  rows: number;
  importedAt: string;
  importedBy: string;
}

/** A guard's refusal, thrown as the CONFLICT the workflow's wording shows as it is; nothing happens when it passes. */
export function refuse(reason: Refusal): void {
  if (reason) throw new AppError('CONFLICT', reason);
}

/** One draft of an import, with its tags. */
export interface ImportedDraft {
  draft: NewDraft;
  tags: string[];
}

/** May the draft go (`guard`), and what the audit trail says of it (`note`), inside the transaction. */
export interface DraftDeleteRules {
  guard(row: WorkflowRow, handedOver: boolean): Refusal;
  note(before: WorkflowRow, tags: string[]): AuditNote;
}

/** May the payout be handed to the sender (`guard`), and what is sent and said (`plan`), inside the transaction. */
export interface SendRules {
  guard(row: WorkflowRow, outbox: OutboxRow | undefined, approvers: string[]): Refusal;
  plan(row: WorkflowRow): SendPlan;
}

/** Where a provider id comes from, and what the audit trail says of it (and of a merge with the row that held it). */
export interface AttachChange {
  source: string;
  message: string | undefined;
  note: AuditNote;
  mergeNote: (mergedRow: number) => AuditNote;
}

export type AttachOutcome = { attached: true } | { attached: false; clashWith: number };

/** What importDrafts records about the file with the batch. */
export interface ImportBatchFile {
  connectionId: string;
  fileSha256: string;
  importedAt: string;
  importedBy: string;
  /**
   * Earlier batches of the same file that the operator chose to import again; another batch of the file found
   * inside the transaction refuses the import (CONFLICT).
   */
  reimportOf: string[];
}

export interface WorkflowStore {
  // --- reads ------------------------------------------------------------------------------------------------------
  payout(id: number): WorkflowRow | undefined;
  payouts(ids: readonly number[]): WorkflowRow[];
  rawJson(id: number): unknown;
  referenceTaken(clientReference: string, shortReference: string): boolean;
  tags(id: number): string[];
  approvals(id: number): ApprovalRecord[];
  /** Operators whose approval still counts (not voided by a later edit). */
  activeApprovers(id: number): string[];
  outbox(id: number): OutboxRow | undefined;
  openOutbox(): OutboxRow[];
  tracking(id: number): { next_poll_at: string; interval_ms: number; last_error: string | null } | undefined;
  dueForPolling(nowIso: string, limit: number): Array<{ payout_id: number; interval_ms: number }>;
  timeline(id: number): TimelineEntry[];
  /** Drafts nobody has handed to the sender, oldest first; `limit` rows at most. */
  approvalQueue(query: { connectionId?: string | undefined; afterId?: number | undefined; limit: number }): WorkflowRow[];
  /** Payouts Paydesk sent whose outcome is unknown, failed or returned. */
  sentInStatus(status: 'unknown' | 'failed' | 'returned', limit: number): WorkflowRow[];
  /** Payouts Paydesk sent that are still on their way and have not moved since `beforeIso`. */
  stuckSince(beforeIso: string, limit: number): WorkflowRow[];
  /** Open payouts that expire by `byIso`, or whose provider announced an expiry. */
  expiringBy(byIso: string, limit: number): WorkflowRow[];
  /** An earlier payout this one looks like (same recipient, amount, currency, campaign) since `sinceIso`. */
  possibleDuplicate(id: number, sinceIso: string): { id: number; createdAt: string } | null;
  /** The payouts drafted again from this one that still count (not rejected or cancelled). */
  redraftsOf(id: number): Array<{ id: number; status: PayoutStatus }>;
  /** The payout's latest payee check, if it had one. */
  latestPayeeCheck(id: number): PayeeCheckRow | undefined;
  /** The provider reports this payout in flight again after a final status Paydesk kept, or null. */
  openRegression(id: number): StatusRegression | null;
  /** Payouts whose final status the provider contradicts now, the most recent first. */
  openRegressions(limit: number): Array<{ row: WorkflowRow; regression: StatusRegression }>;
  policy(): PayoutPolicy;
  /** 2 when the amount is above the currency's threshold, else 1. */
  approvalsRequired(amountMinor: number, currency: string): number;
  dailyCap(connectionId: string, currency: string): number | null;
  /** The most the whole workspace may send per day in this currency, or null. */
  workspaceDailyCap(currency: string): number | null;
  /** The most one payout may be in this currency, or null (a currency without a maximum cannot be paid out). */
  maxPerPayout(currency: string): number | null;
  /**
   * Amount per currency marked for sending since `sinceIso` on a connection, or on all with null (money that left or
   * may have left).
   */
  sentSince(connectionId: string | null, currency: string, sinceIso: string): number;
  /** The offline cache as the draft checks see it. */
  lookups(): DraftLookups;
  importContext(connectionId: string): ImportContext;
  /** The connection's creators that have an e-mail, in remote id order after `afterRemoteId`, `limit` at a time. */
  creatorEmails(connectionId: string, afterRemoteId: string, limit: number): CreatorEmail[];
  /**
   * Payouts since `sinceIso` a new draft may duplicate, a page of `limit` at a time in (createdAt, id) order, after the
   * last candidate of the page before (null: the first page).
   */
  duplicateCandidates(sinceIso: string, after: DuplicateCandidate | null, limit: number): DuplicateCandidate[];
  /** Earlier imports of a file with this SHA-256, oldest first. */
  importsOfFile(fileSha256: string): ImportBatchRecord[];
  /** Something real from the cache for a CSV template's example row. */
  templateExample(connectionId: string): {
    creator: { remoteId: string; name: string | null; email: string | null } | null;
    campaignName: string | null;
  };

  // --- commands: each atomic, with its audit events ---------------------------------------------------------------
  createDraft(draft: NewDraft, tags: string[], note: AuditNote): Promise<number>;
  /**
   * Every draft of an import in one transaction, with its batch record (the file's hash) and one audit event: the
   * import lands whole or not at all, and a file that landed is recognised the next time.
   */
  importDrafts(drafts: ImportedDraft[], batchId: string, file: ImportBatchFile, note: AuditNote): Promise<number[]>;
  updateDraft(id: number, values: DraftValues, tags: string[], rules: DraftEditRules): Promise<void>;
  deleteDraft(id: number, rules: DraftDeleteRules): Promise<void>;
  /** An approval or rejection by one operator. */
  recordDecision(id: number, operator: Actor, rules: DecisionRules): Promise<DecisionOutcome>;
  /** Step 2 of sending exactly once: status 'sending' with the outbox entry (our reference + the request) and audit. */
  markSending(id: number, rules: SendRules): Promise<OutboxRow>;
  /**
   * Before an open outbox entry is taken up again (start-up, a reconcile): a shared store claims it for this desktop
   * and answers false while another desktop's claim holds. A store of one desktop has nothing to claim (absent).
   */
  claimOpen?(id: number): Promise<boolean>;
  /** Counts an attempt of a step before its request leaves (create and initiate), and opens its attempt record. */
  startAttempt(id: number, step: AttemptStep): Promise<number>;
  finishAttempt(attemptId: number, outcome: string, detail: string | null): Promise<void>;
  applySendTransition(id: number, transition: SendTransition): Promise<OutboxRow>;
  /**
   * Records the provider's id for our payout. A row the sync wrote for the same remote payout before Paydesk knew its
   * id is merged into ours; if the id belongs to another payout of ours, nothing changes and that payout's id is returned.
   */
  attachRemote(id: number, remote: RemotePayout, change: AttachChange): Promise<AttachOutcome>;
  /** What the provider reports now (poller, refresh, cancel); the poller stops following a finished payout. */
  recordProviderStatus(id: number, change: StatusChange, note: AuditNote | null): Promise<void>;
  /**
   * The provider reports an in-flight status for a payout Paydesk holds as final: the final status stays, the
   * regression is recorded (Attention shows it) with its audit event. It ends when a final status is recorded again.
   */
  recordStatusRegression(
    id: number,
    reported: { status: PayoutStatus; providerStatus: string | null },
    source: string,
    note: AuditNote | null,
  ): Promise<void>;
  /** A payee check's outcome (or why it could not run), with its audit event. */
  recordPayeeCheck(id: number, check: NewPayeeCheck, note: AuditNote): Promise<void>;
  /** The poller's next look at a payout. */
  reschedulePoll(id: number, next: { nextPollAt: string; intervalMs: number; error: string | null }): Promise<void>;
  stopTracking(id: number): Promise<void>;
  /** A change of status by an operator outside the send protocol (cancel before sending, provider-side delete). */
  setStatusByOperator(
    id: number,
    change: StatusChange,
    rules: { guard(row: WorkflowRow, outbox: OutboxRow | undefined): Refusal; note: AuditNote | null },
  ): Promise<void>;
  /** Takes a finished payout off the Attention list, with the reason. */
  dismissPayout(id: number, reason: string, rules: { guard(row: WorkflowRow): Refusal; note: AuditNote }): Promise<void>;
  /** An audit event about a payout that changes nothing else (a cancel request, a confirmed absence). */
  auditPayout(id: number, note: AuditNote): Promise<void>;
  setPolicy(policy: PayoutPolicy, note: (before: PayoutPolicy, after: PayoutPolicy) => AuditNote): Promise<PayoutPolicy>;
}

export type { AuditEntry };
