/**
 * Contract operations of the payout workflow (drafts, CSV import, approvals, sending, tracking).
 * Spread into the one contract (index.ts); implemented by src-main/payouts/handlers.ts.
 *
 * The schemas check shape and size only; amounts, currencies and recipients stay text here so that the draft
 * validation in main can give each field its own precise message (src-main/payouts/validation.ts).
 */
import { z } from 'zod';
import type { Page } from './model';
import { boundedText, days, rowLimit } from './fields';
import { op, none } from './operation';
import { passphrase } from './operators';
import type {
  ApprovalQueueItem,
  AttentionItem,
  BatchResult,
  BatchSummary,
  CsvTemplate,
  ImportCommitResult,
  ImportPreview,
  PayoutDetail,
  PayoutPolicy,
  SendResult,
  SendReadiness,
  TimelineEntry,
} from './payouts-model';

const connectionId = z
  .string({ error: 'Choose a connection.' })
  .trim()
  .min(1, 'Choose a connection.')
  .max(100, 'Choose one of your connections: this id is not one Paydesk gave out.');
const payoutId = z
  .number({ error: 'Choose a payout.' })
  .int('This is not the number of a payout.')
  .positive('This is not the number of a payout.')
  .max(Number.MAX_SAFE_INTEGER, 'This is not the number of a payout.');
const ids = z
  .array(payoutId, { error: 'Select the payouts.' })
  .min(1, 'Select at least one payout.')
  .max(5_000, 'Select at most 5,000 payouts at a time.');
const text = (max: number, what = 'this') => boundedText(max, what);
const currencyCode = z
  .string({ error: 'Use a three-letter currency code such as USD.' })
  .trim()
  .max(3, 'Use a three-letter currency code such as USD.')
  .regex(/^[A-Z]{3}$/, 'Use a three-letter currency code such as USD.');
const minorUnits = z
  .number({ error: 'Enter the amount in minor units (cents) as a number.' })
  .int('Enter the amount in whole minor units (cents).')
  .min(0, 'Amounts cannot be negative.')
  .max(Number.MAX_SAFE_INTEGER, 'This amount is larger than Paydesk can hold exactly.');

const draftFields = {
  connectionId,
  creatorId: payoutId.nullable().optional(),
  recipient: z
    .object({
      name: text(200, 'the name').optional(),
      email: text(320, 'the e-mail address').optional(),
      handle: text(120, 'the handle').optional(),
      platform: text(40, 'the platform').optional(),
      phoneCountryCode: text(8, 'the country code').optional(),
      phoneNumber: text(40, 'the phone number').optional(),
      userId: text(100, 'the user id').optional(),
      bank: z
        .object({
          accountHolderName: text(200, 'the account holder name').optional(),
          iban: text(64, 'the IBAN').optional(),
          bic: text(20, 'the BIC').optional(),
          sortCode: text(20, 'the sort code').optional(),
          accountNumber: text(40, 'the account number').optional(),
        })
        .strict()
        .optional(),
    })
    .strict()
    .optional(),
  amount: text(40, 'the amount'),
  currency: text(10, 'the currency'),
  description: text(1000, 'the description').optional(),
  campaignId: payoutId.nullable().optional(),
  localCampaign: text(200, 'the campaign tag').nullable().optional(),
  tags: z.array(text(100, 'each tag')).max(50, 'Use at most 50 tags.').optional(),
};

export const draftInput = z.object(draftFields).strict();
export const draftUpdateInput = z.object({ id: payoutId, ...draftFields }).strict();

/** 50,000 rows of a dozen columns stay well under this; beyond it the file is refused before parsing. */
const csvContent = z
  .string({ error: 'The file could not be read as text.' })
  .max(40_000_000, 'The file is larger than 40 MB; split it into smaller files.');

/** A limit is a positive amount and not absurd: above a billion major units nothing is a limit any more. */
const LIMIT_CEILING_MINOR = 100_000_000_000;
const limitAmount = z
  .object({
    minor: z
      .number({ error: 'Enter the limit as a whole number of minor units.' })
      .int('Enter the limit as a whole number of minor units.')
      .min(1, 'A limit must be above zero.')
      .max(LIMIT_CEILING_MINOR, 'That limit is too large to mean anything; enter what one payout or one day may really be.'),
    currency: currencyCode,
  })
  .strict();
const perCurrency = (what: string) =>
  z
    .array(limitAmount)
    .max(50, `Set at most 50 currencies' ${what}s.`)
    .refine((list) => new Set(list.map((t) => t.currency)).size === list.length, `Give each currency one ${what}.`);

export const policyInput = z
  .object({
    approvalThresholds: z
      .array(z.object({ minor: minorUnits, currency: currencyCode }).strict())
      .max(50, 'Set at most 50 approval thresholds.')
      .refine((list) => new Set(list.map((t) => t.currency)).size === list.length, 'Give each currency one threshold.'),
    maxPerPayout: perCurrency('maximum'),
    dailyCaps: z
      .array(z.object({ connectionId, cap: limitAmount }).strict())
      .max(500, 'Set at most 500 daily caps.')
      .refine(
        (list) => new Set(list.map((c) => `${c.connectionId}/${c.cap.currency}`)).size === list.length,
        'Give each connection one cap per currency.',
      ),
    workspaceDailyCaps: perCurrency('daily cap'),
    makerMayApproveOwn: z.boolean({ error: 'Say whether a maker may approve their own payouts below the threshold (true or false).' }),
    duplicateWindowDays: days(0, 3650, 'the duplicate window'),
    stuckAfterDays: days(1, 3650, '"stuck after"'),
    expiringWithinDays: days(0, 3650, '"expiring within"'),
    // Optional: a form that does not show them leaves them as they are.
    payeeCheckMaxAgeHours: z
      .number({ error: 'Enter the payee check age as a number of hours.' })
      .int('Enter the payee check age as a whole number of hours.')
      .min(0, 'Use 0 or more hours (0: check again at every send).')
      .max(24 * 365, 'Use at most 8,760 hours (a year) for the payee check age.')
      .optional(),
    payeeNoMatchBlocks: z.boolean({ error: 'Say whether a payee check with no match blocks the payout (true or false).' }).optional(),
  })
  .strict();

export const payoutOperations = {
  /** One payout with recipient, approvals, send progress and which actions are possible now. */
  'payouts.get': op(z.object({ id: payoutId }).strict()).reads<PayoutDetail>(),
  'payouts.createDraft': op(draftInput).returns<PayoutDetail>(),
  'payouts.updateDraft': op(draftUpdateInput).returns<PayoutDetail>(),
  'payouts.deleteDraft': op(z.object({ id: payoutId }).strict()).returns<{ deleted: true }>(),

  'payouts.importTemplate': op(z.object({ connectionId }).strict()).reads<CsvTemplate>(),
  /** Reads the file and reports every row (line numbers, errors, possible duplicates); writes nothing. */
  'payouts.importPreview': op(z.object({ connectionId, content: csvContent }).strict()).reads<ImportPreview>(),
  /**
   * Imports the rows as drafts, in one transaction: all of them when all are valid, or only the valid ones when
   * validOnly is set. A file imported before is refused (CONFLICT, with when and which batch) unless importAgain is set.
   */
  'payouts.importCommit': op(
    z
      .object({
        connectionId,
        content: csvContent,
        validOnly: z.boolean({ error: 'Say whether to import only the valid rows (true or false).' }).default(false),
        skipDuplicates: z.boolean({ error: 'Say whether to skip possible duplicates (true or false).' }).default(false),
        /** Import a file that was already imported (recognised by its SHA-256) once more; audited. */
        importAgain: z.boolean({ error: 'Say whether to import this file again (true or false).' }).default(false),
      })
      .strict(),
  ).returns<ImportCommitResult>(),

  'approvals.queue': op(
    z
      .object({
        connectionId: connectionId.optional(),
        limit: rowLimit(500, 100),
        cursor: z
          .string({ error: 'The page position must be text.' })
          .max(20, 'The page position is not valid; reload the list.')
          .regex(/^\d+$/, 'The page position is not valid; reload the list.')
          .optional(),
      })
      .strict(),
  ).reads<Page<ApprovalQueueItem>>(),
  /** Count and total per currency of a selection, for the confirmation before a batch approval. */
  'approvals.summary': op(z.object({ ids }).strict()).reads<BatchSummary>(),
  /** Approving asks for the operator's passphrase again, as bank portals do. */
  'approvals.approve': op(z.object({ ids, passphrase }).strict()).returns<BatchResult>(),
  'approvals.reject': op(
    z.object({ ids, reason: text(500, 'the reason').trim().min(1, 'Give a reason for the rejection.') }).strict(),
  ).returns<BatchResult>(),

  /** Sends approved payouts exactly once; the result says per payout where it stands. */
  'payouts.send': op(z.object({ ids, passphrase }).strict()).returns<SendResult>(),
  /** Whether each connection answers now (Send is offered only then). */
  'payouts.sendReadiness': op(
    z
      .object({
        connectionIds: z
          .array(connectionId, { error: 'Choose the connections to check.' })
          .min(1, 'Choose at least one connection to check.')
          .max(100, 'Check at most 100 connections at a time.'),
      })
      .strict(),
  ).reads<SendReadiness[]>(),
  /** Looks payouts with an unclear outcome up again by reference (never resends unless absence is confirmed). */
  'payouts.reconcile': op(z.object({ ids: ids.optional() }).strict()).returns<SendResult>(),
  /** Reads one sent payout back from its provider now. */
  'payouts.refreshStatus': op(z.object({ id: payoutId }).strict()).returns<PayoutDetail>(),
  'payouts.timeline': op(z.object({ id: payoutId }).strict()).reads<TimelineEntry[]>(),
  /** Runs the payee check again now (where the provider needs one). */
  'payouts.checkPayee': op(z.object({ id: payoutId }).strict()).returns<PayoutDetail>(),
  /** Puts the name the payee's bank holds (a close match) on the draft, and checks it again. */
  'payouts.usePayeeName': op(z.object({ id: payoutId }).strict()).returns<PayoutDetail>(),
  /** Cancels where possible; `confirm` records that the operator confirmed it in the UI. */
  'payouts.cancel': op(
    z.object({ id: payoutId, confirm: z.literal(true, { error: 'Confirm the cancellation.' }) }).strict(),
  ).returns<PayoutDetail>(),

  /** A failed or returned payout drafted again as a new payout (new reference), linked to the old one. */
  'payouts.redraft': op(z.object({ id: payoutId }).strict()).returns<PayoutDetail>(),
  /** A failed or returned payout taken off the Attention list, with the bookkeeper's reason. */
  'payouts.dismiss': op(
    z
      .object({ id: payoutId, reason: z.string().trim().min(1, 'Give a reason.').max(500, 'Keep the reason under 500 characters.') })
      .strict(),
  ).returns<PayoutDetail>(),

  'attention.list': op(z.object({ limit: rowLimit(500, 200) }).strict()).reads<AttentionItem[]>(),

  'policy.get': op(none).reads<PayoutPolicy>(),
  'policy.update': op(policyInput).returns<PayoutPolicy>(),
} as const;
