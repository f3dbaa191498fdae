/**
 * Contract operations of the payout workflow (drafts, CSV import, approvals, sending, tracking).
 * Spread into the one contract (index.ts); implemented by src-main/payouts/handlers.ts.
 *
 * The schemas check shape and size only; amounts, currencies and recipients stay text here so that the draft
 * validation in main can give each field its own precise message (src-main/payouts/validation.ts).
 */
import { z } from 'zod';
import type { Page } from './model';
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

const connectionId = z.string().trim().min(1, 'Choose a connection.').max(100);
const payoutId = z.number().int().positive();
const ids = z.array(payoutId).min(1, 'Select at least one payout.').max(5_000, 'Select at most 5,000 payouts at a time.');
const text = (max: number) => z.string().max(max, `Keep this under ${max} characters.`);
const currencyCode = z
  .string()
  .trim()
  .regex(/^[A-Z]{3}$/, 'Use a three-letter currency code such as USD.');
const minorUnits = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

const draftFields = {
  connectionId,
  creatorId: payoutId.nullable().optional(),
  recipient: z
    .object({
      name: text(200).optional(),
      email: text(320).optional(),
      handle: text(120).optional(),
      platform: text(40).optional(),
      phoneCountryCode: text(8).optional(),
      phoneNumber: text(40).optional(),
      userId: text(100).optional(),
      bank: z
        .object({
          accountHolderName: text(200).optional(),
          iban: text(64).optional(),
          bic: text(20).optional(),
          sortCode: text(20).optional(),
          accountNumber: text(40).optional(),
        })
        .strict()
        .optional(),
    })
    .strict()
    .optional(),
  amount: text(40),
  currency: text(10),
  description: text(1000).optional(),
  campaignId: payoutId.nullable().optional(),
  localCampaign: text(200).nullable().optional(),
  tags: z.array(text(100)).max(50).optional(),
};

export const draftInput = z.object(draftFields).strict();
export const draftUpdateInput = z.object({ id: payoutId, ...draftFields }).strict();

/** 50,000 rows of a dozen columns stay well under this; beyond it the file is refused before parsing. */
const csvContent = z.string().max(40_000_000, 'The file is larger than 40 MB; split it into smaller files.');

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
    .max(50)
    .refine((list) => new Set(list.map((t) => t.currency)).size === list.length, `Give each currency one ${what}.`);

export const policyInput = z
  .object({
    approvalThresholds: z
      .array(z.object({ minor: minorUnits, currency: currencyCode }).strict())
      .max(50)
      .refine((list) => new Set(list.map((t) => t.currency)).size === list.length, 'Give each currency one threshold.'),
    maxPerPayout: perCurrency('maximum'),
    dailyCaps: z
      .array(z.object({ connectionId, cap: limitAmount }).strict())
      .max(500)
      .refine(
        (list) => new Set(list.map((c) => `${c.connectionId}/${c.cap.currency}`)).size === list.length,
        'Give each connection one cap per currency.',
      ),
    workspaceDailyCaps: perCurrency('daily cap'),
    makerMayApproveOwn: z.boolean(),
    duplicateWindowDays: z.number().int().min(0, 'Use 0 or more days.').max(3650),
    stuckAfterDays: z.number().int().min(1, 'Use at least 1 day.').max(3650),
    expiringWithinDays: z.number().int().min(0).max(3650),
  })
  .strict();

export const payoutOperations = {
  /** One payout with recipient, approvals, send progress and which actions are possible now. */
  'payouts.get': op(z.object({ id: payoutId }).strict()).returns<PayoutDetail>(),
  'payouts.createDraft': op(draftInput).returns<PayoutDetail>(),
  'payouts.updateDraft': op(draftUpdateInput).returns<PayoutDetail>(),
  'payouts.deleteDraft': op(z.object({ id: payoutId }).strict()).returns<{ deleted: true }>(),

  'payouts.importTemplate': op(z.object({ connectionId }).strict()).returns<CsvTemplate>(),
  /** Reads the file and reports every row (line numbers, errors, possible duplicates); writes nothing. */
  'payouts.importPreview': op(z.object({ connectionId, content: csvContent }).strict()).returns<ImportPreview>(),
  /**
   * Imports the rows as drafts, in one transaction: all of them when all are valid, or only the valid ones when
   * validOnly is set. A file imported before is refused (CONFLICT, with when and which batch) unless importAgain is set.
   */
  'payouts.importCommit': op(
    z
      .object({
        connectionId,
        content: csvContent,
        validOnly: z.boolean().default(false),
        skipDuplicates: z.boolean().default(false),
        /** Import a file that was already imported (recognised by its SHA-256) once more; audited. */
        importAgain: z.boolean().default(false),
      })
      .strict(),
  ).returns<ImportCommitResult>(),

  'approvals.queue': op(
    z
      .object({
        connectionId: connectionId.optional(),
        limit: z.number().int().min(1).max(500).default(100),
        cursor: z.string().regex(/^\d+$/).optional(),
      })
      .strict(),
  ).returns<Page<ApprovalQueueItem>>(),
  /** Count and total per currency of a selection, for the confirmation before a batch approval. */
  'approvals.summary': op(z.object({ ids }).strict()).returns<BatchSummary>(),
  /** Approving asks for the operator's passphrase again, as bank portals do. */
  'approvals.approve': op(z.object({ ids, passphrase }).strict()).returns<BatchResult>(),
  'approvals.reject': op(
    z.object({ ids, reason: z.string().trim().min(1, 'Give a reason for the rejection.').max(500) }).strict(),
  ).returns<BatchResult>(),

  /** Sends approved payouts exactly once; the result says per payout where it stands. */
  'payouts.send': op(z.object({ ids, passphrase }).strict()).returns<SendResult>(),
  /** Whether each connection answers now (Send is offered only then). */
  'payouts.sendReadiness': op(z.object({ connectionIds: z.array(connectionId).min(1).max(100) }).strict()).returns<SendReadiness[]>(),
  /** Looks payouts with an unclear outcome up again by reference (never resends unless absence is confirmed). */
  'payouts.reconcile': op(z.object({ ids: ids.optional() }).strict()).returns<SendResult>(),
  /** Reads one sent payout back from its provider now. */
  'payouts.refreshStatus': op(z.object({ id: payoutId }).strict()).returns<PayoutDetail>(),
  'payouts.timeline': op(z.object({ id: payoutId }).strict()).returns<TimelineEntry[]>(),
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

  'attention.list': op(z.object({ limit: z.number().int().min(1).max(500).default(200) }).strict()).returns<AttentionItem[]>(),

  'policy.get': op(none).returns<PayoutPolicy>(),
  'policy.update': op(policyInput).returns<PayoutPolicy>(),
} as const;
