/**
 * Result types of the payout workflow operations. Pure types, shared by every process: nothing here may touch
 * Node, Electron, the DOM or the database.
 */
import type { AmountDto, PayoutRow, PayoutStatus } from './model';
import type { SocialPlatform } from './providers';

/** Where the money goes, as stored on a draft. Bank details are not secrets, but audit shows them masked. */
export interface PayoutRecipient {
  name?: string;
  email?: string;
  /** Social handle including the leading "@". */
  handle?: string;
  platform?: SocialPlatform;
  phone?: { countryCode: string; number: string };
  /** Provider-side user or creator id, for providers that pay their own users. */
  userId?: string;
  bank?: {
    accountHolderName: string;
    iban?: string;
    bic?: string;
    sortCode?: string;
    accountNumber?: string;
  };
}

export interface ApprovalRecord {
  /** The operator's name as it is now (a rename shows everywhere; who approved never changes). */
  operator: string;
  /** The operator's stable id; null for approvals recorded before operators signed in. */
  operatorId: string | null;
  decision: 'approved' | 'rejected';
  reason: string | null;
  at: string;
  /** Set when the draft changed after this approval; it no longer counts. */
  voidedAt: string | null;
}

/** true = possible now; a string = not possible, and why (shown as is). */
export type ActionAvailability = true | string;

export interface PayoutActions {
  /** Use the name the payee's bank holds (a close match of the payee check) on the draft. */
  usePayeeName: ActionAvailability;
  /** Run the payee check again now. */
  checkPayee: ActionAvailability;
  edit: ActionAvailability;
  delete: ActionAvailability;
  approve: ActionAvailability;
  reject: ActionAvailability;
  send: ActionAvailability;
  cancel: ActionAvailability;
  /** Look the payout up at the provider again (unknown outcome or in flight). */
  check: ActionAvailability;
  /** Draft it again as a new payout with a new reference, linked to this one (a failed or returned payout). */
  redraft: ActionAvailability;
  /** Take it off the Attention list with a reason (a failed or returned payout the bookkeeper has dealt with). */
  dismiss: ActionAvailability;
}

export type SendStepState = 'pending' | 'done' | 'failed' | 'unknown' | 'not_sent' | 'none';

export interface SendProgress {
  /** Creating the payout at the provider with our reference. */
  create: SendStepState;
  /** A separate initiate step after create; 'none' where the provider has none. */
  initiate: SendStepState;
  createAttempts: number;
  initiateAttempts: number;
  markedAt: string;
  open: boolean;
  lastError: string | null;
}

/**
 * How a payee check (verification of payee: does this account belong to this name?) turned out, for the providers
 * that need one before paying (euro bank transfers). 'unchecked': not run yet; Paydesk runs it before sending.
 */
export type PayeeCheckStatus = 'match' | 'close_match' | 'no_match' | 'not_possible' | 'error' | 'unchecked';

export interface PayeeCheck {
  status: PayeeCheckStatus;
  /** The provider's id of the check (sent with the payout). */
  checkId: string | null;
  /** The name Paydesk asked about. */
  checkedName: string | null;
  /** The name the bank holds, for a close match: the payout can use it (`payouts.usePayeeName`). */
  matchedName: string | null;
  /** The provider's own words, or why the check could not run. */
  details: string | null;
  at: string | null;
  /** The draft's name, account or currency changed since, or the check is older than the policy allows: it runs again before sending. */
  outdated: boolean;
  /** What it means for approving and sending: no match blocks both (unless the policy says otherwise); the rest warns or passes. */
  effect: 'ok' | 'warn' | 'block';
  /** One sentence for the approver. */
  message: string;
}

export interface PayoutDetail extends PayoutRow {
  shortReference: string | null;
  recipient: PayoutRecipient | null;
  creatorId: number | null;
  campaignId: number | null;
  localCampaign: string | null;
  tags: string[];
  /** What Paydesk did and what remains to do, or the provider's reason for a failure. */
  statusMessage: string | null;
  approvals: ApprovalRecord[];
  approvalsRequired: number;
  send: SendProgress | null;
  actions: PayoutActions;
  /** Who drafted or imported it (their current name), and their stable operator id. */
  createdBy: string | null;
  createdById: string | null;
  expiresAt: string | null;
  /** An earlier payout with the same recipient, amount, currency and campaign within the duplicate window. */
  possibleDuplicateOf: string | null;
  /** The payout this one was drafted again from (a failed one). */
  redraftOf: number | null;
  /** The payouts drafted again from this one (that still count). */
  redraftedAs: number[];
  /** Dismissed from the Attention list, with why. */
  dismissed: { at: string; reason: string } | null;
  /**
   * A draft that exists only at the provider (status 'provider_draft'): what Paydesk may do with it there ('cancel' or
   * 'delete' = the payout's cancel action; null = only in the provider's dashboard) and the one line that says so.
   */
  providerDraft: { action: 'cancel' | 'delete' | null; line: string } | null;
  /** The provider reports this payout in flight again after its final status; Paydesk kept the final one. */
  statusRegression: StatusRegression | null;
  /** The payee check, where the provider needs one for this payout; null when it needs none. */
  payeeCheck: PayeeCheck | null;
  /** The provider's own JSON for this payout as last seen (bank and tax fields already stripped by the client). */
  raw: unknown;
}

export interface TimelineEntry {
  at: string;
  kind: 'status' | 'approval' | 'attempt';
  /** Our unified status after this entry (status entries only). */
  status: PayoutStatus | null;
  providerStatus: string | null;
  /** Who or what: operator, sender, reconciler, poller, import… */
  source: string;
  message: string | null;
}

export interface ImportRowResult {
  /** Line in the file where the row starts (header is line 1). */
  line: number;
  valid: boolean;
  /** Column (or field) → message. */
  errors: Record<string, string>;
  possibleDuplicate: boolean;
  /** Why it looks like a duplicate: the matching payout ids or earlier lines of this file. */
  duplicateOf: string | null;
  recipient: string;
  amount: AmountDto | null;
  amountText: string;
  currency: string;
  description: string;
  campaign: string;
}

/** An earlier import of the same file (same SHA-256 of its content). */
export interface EarlierImport {
  batchId: string;
  importedAt: string;
  rows: number;
  connectionId: string;
  /** The connection's label, or null when it was removed since. */
  connectionLabel: string | null;
}

export interface ImportPreview {
  /** Problems with the file as a whole (missing columns, wrong delimiter); when present, no row is read. */
  fileErrors: string[];
  /** Earlier imports of this very file, oldest first; committing it again needs `importAgain`. */
  alreadyImported: EarlierImport[];
  /** "This file was already imported on … as batch …; import it again anyway?", or null. */
  alreadyImportedMessage: string | null;
  totalRows: number;
  validRows: number;
  invalidRows: number;
  duplicateRows: number;
  /** Totals of the valid rows per currency. */
  totals: AmountDto[];
  /** The first rows of the file, for the preview table. */
  rows: ImportRowResult[];
  /** Invalid rows (bounded), so every error can be listed with its line. */
  invalid: ImportRowResult[];
  /** True when more rows or errors exist than are returned. */
  truncated: boolean;
  duplicateWindowDays: number;
}

export interface CsvTemplate {
  fileName: string;
  mimeType: string;
  content: string;
}

export interface ImportCommitResult {
  imported: number;
  /** The earlier batches of this file that the operator chose to import again (importAgain). */
  reimportOf: string[];
  skippedInvalid: number;
  skippedDuplicates: number;
  batchId: string | null;
  totals: AmountDto[];
}

export interface ApprovalQueueItem {
  payout: PayoutRow;
  approvals: ApprovalRecord[];
  approvalsRequired: number;
  /** The payee check the approver must see, where the provider needs one. */
  payeeCheck: PayeeCheck | null;
  /** Whether the current operator may approve it now, or why not. */
  canApprove: ActionAvailability;
  /** An earlier payout with the same recipient, amount, currency and campaign within the duplicate window. */
  possibleDuplicateOf: string | null;
}

export interface BatchSummary {
  count: number;
  totals: AmountDto[];
  /** Of those, how many will still need a second approval by another operator. */
  needSecondApproval: number;
  /** Payouts of the selection that cannot be approved now, with the reason. */
  blocked: Array<{ id: number; reason: string }>;
  /** How much of each daily cap today's sends have used, and what these payouts would add. */
  allowances: DailyAllowance[];
  /** Payouts of the selection that look like an earlier one. */
  duplicates: Array<{ id: number; duplicateOf: string }>;
}

export interface DailyAllowance {
  scope: 'connection' | 'workspace';
  /** The connection's label, or "All connections". */
  label: string;
  connectionId: string | null;
  cap: AmountDto;
  /** Marked for sending today (money that left or may have left). */
  used: AmountDto;
  /** What this selection would add. */
  selected: AmountDto;
  /** cap − used; negative when over. */
  remaining: AmountDto;
  /** The selection fits in what remains today. */
  fits: boolean;
}

export type ItemOutcome = 'approved' | 'awaiting_second_approval' | 'rejected' | 'skipped';

export interface BatchResult {
  results: Array<{ id: number; outcome: ItemOutcome; message: string }>;
}

export interface SendItemResult {
  id: number;
  status: PayoutStatus;
  message: string;
}

export interface SendResult {
  results: SendItemResult[];
}

export interface SendReadiness {
  connectionId: string;
  ready: boolean;
  message: string;
}

export type AttentionReason = 'unknown' | 'failed' | 'returned' | 'stuck' | 'expiring' | 'regressed';

/**
 * A payout the provider reports in flight again after a final status: Paydesk kept the final status and shows both.
 * It ends when the provider reports a final status again.
 */
export interface StatusRegression {
  /** What Paydesk kept (the payout's status now). */
  keptStatus: PayoutStatus;
  keptProviderStatus: string | null;
  /** What the provider reports since. */
  reportedStatus: PayoutStatus;
  reportedProviderStatus: string | null;
  /** When the provider first reported it, and when last. */
  firstReportedAt: string;
  lastReportedAt: string;
  /** sync or poller. */
  source: string;
}

export interface AttentionItem {
  payout: PayoutRow;
  reason: AttentionReason;
  message: string;
  /** Since when it is in this state. */
  since: string;
  /** Set for reason 'regressed'. */
  regression?: StatusRegression;
}

export interface DailyCap {
  connectionId: string;
  cap: AmountDto;
}

export interface PayoutPolicy {
  /** Above this amount (per currency, minor units) a second approval by a different operator is required. */
  approvalThresholds: AmountDto[];
  /** The most one payout may be, per currency; a currency without a limit cannot be paid out. */
  maxPerPayout: AmountDto[];
  /** Most that may be sent per connection, currency and local calendar day. */
  dailyCaps: DailyCap[];
  /** Most that the whole workspace may send per currency and local calendar day. */
  workspaceDailyCaps: AmountDto[];
  /** Below the threshold, whether the operator who drafted a payout may approve it alone. */
  makerMayApproveOwn: boolean;
  duplicateWindowDays: number;
  stuckAfterDays: number;
  expiringWithinDays: number;
  /** A payee check older than this is run again when the payout is sent. */
  payeeCheckMaxAgeHours: number;
  /** A payee check with no match blocks approving and sending (true unless changed). */
  payeeNoMatchBlocks: boolean;
}

export interface PayoutStatusChange {
  payoutId: number;
  connectionId: string;
  status: PayoutStatus;
  providerStatus: string | null;
  message: string | null;
}
