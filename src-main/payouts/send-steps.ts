/**
 * The send protocol as one table: for each step (create, and initiate where the provider has it) and each outcome of
 * an attempt, what the outbox, the payout and the poller become, and what the audit trail records. The sender
 * (sender.ts) decides the outcome; this table decides what it means; the store writes it in one transaction.
 *
 * Outbox states per step: create pending → done | failed | not_sent | unknown; initiate none | pending → done | failed
 * | unknown. An entry is `open` while Paydesk still owes the provider a look (sending, unknown, created but not yet
 * initiated); the start-up reconciliation and the poller take every open entry up again.
 */
import type { PayoutStatus } from '@shared/contract/model';
import { AppError } from '../errors';
import { ProviderError } from '../providers/http';
import type { Actor } from '../storage/audit-store';
import type { OutboxRow, SendTransition } from '../storage/workflow-store';

export type SendStep = 'create' | 'initiate';

/**
 * How an attempt ended:
 * - refused: a definite no from the provider (validation, authentication, unknown account);
 * - not_sent: certainly never reached the provider (offline, or rate limited beyond what we wait);
 * - unclear: the provider may hold it (timeout, reset, 5xx, unreadable reply) and a look-up could not settle it.
 */
export type StepOutcome = 'refused' | 'not_sent' | 'unclear';

/** How an error from a write request is to be read. */
export type WriteErrorClass = 'refused' | 'rate_limited' | 'not_sent' | 'ambiguous';

export function classifyWriteError(error: unknown): WriteErrorClass {
  if (!(error instanceof ProviderError)) return 'ambiguous';
  switch (error.kind) {
    case 'validation':
    case 'authentication':
    case 'not_found':
      return 'refused';
    case 'rate_limited':
      return 'rate_limited';
    case 'unavailable':
      return 'not_sent';
    default:
      // ambiguous, protocol (unreadable 2xx), conflict: the provider may hold it.
      return 'ambiguous';
  }
}

/** A provider error's own words (already redacted), or what kind of error it was; never an arbitrary error's text. */
export const describeError = (error: unknown) =>
  error instanceof ProviderError || error instanceof AppError
    ? error.message
    : error instanceof Error
      ? `unexpected ${error.name}`
      : 'unexpected error';

interface Row {
  outbox: SendTransition['outbox'];
  status: PayoutStatus;
  tracking: SendTransition['tracking'];
  action: string;
}

/** The table. `open: 1` = Paydesk looks again later (poller, start-up); `open: 0` = the send is settled. */
export const STEP_OUTCOMES: Record<SendStep, Record<StepOutcome, Row>> = {
  create: {
    refused: { outbox: { create_state: 'failed', open: 0 }, status: 'failed', tracking: 'untrack', action: 'payout.send_failed' },
    not_sent: { outbox: { create_state: 'not_sent', open: 0 }, status: 'approved', tracking: 'untrack', action: 'payout.not_sent' },
    unclear: { outbox: { create_state: 'unknown', open: 1 }, status: 'unknown', tracking: 'track', action: 'payout.outcome_unknown' },
  },
  initiate: {
    refused: { outbox: { initiate_state: 'failed', open: 0 }, status: 'failed', tracking: 'untrack', action: 'payout.initiate_failed' },
    // Created but the initiate never left: still owed, nothing paid; Paydesk initiates it once the provider answers.
    not_sent: { outbox: { initiate_state: 'pending', open: 1 }, status: 'unknown', tracking: 'track', action: 'payout.outcome_unknown' },
    unclear: { outbox: { initiate_state: 'unknown', open: 1 }, status: 'unknown', tracking: 'track', action: 'payout.outcome_unknown' },
  },
};

/**
 * What an outcome writes. `message` is the payout's status line and the audit reason. A create the provider has
 * confirmed whose id is still unknown stays confirmed (`createConfirmed`): it is open, never resent.
 */
export function stepTransition(
  step: SendStep,
  outcome: StepOutcome,
  context: { outbox: OutboxRow; before: PayoutStatus; actor: Actor; message: string; createConfirmed?: boolean },
): SendTransition {
  const row = STEP_OUTCOMES[step][outcome];
  const outboxPatch = { ...row.outbox, last_error: context.message };
  if (context.createConfirmed) outboxPatch.create_state = 'done';
  const details: Record<string, unknown> =
    row.action === 'payout.outcome_unknown'
      ? { clientReference: context.outbox.client_reference, step, reason: context.message }
      : step === 'initiate'
        ? { remoteId: context.outbox.remote_id, reason: context.message }
        : { clientReference: context.outbox.client_reference, reason: context.message };
  return {
    outbox: outboxPatch,
    payout: { status: row.status, message: context.message, source: 'sender' },
    tracking: row.tracking,
    note: {
      actor: context.actor,
      action: row.action,
      details: { ...details, before: { status: context.before }, after: { status: row.status } },
    },
  };
}

/** The status of a payout the provider now holds: never a local 'draft' (that could be approved and sent again). */
export function statusAfterSend(providerView: PayoutStatus | null): PayoutStatus {
  if (!providerView) return 'submitted';
  if (
    providerView === 'draft' ||
    providerView === 'provider_draft' ||
    providerView === 'unknown' ||
    providerView === 'approved' ||
    providerView === 'sending'
  )
    return 'submitted';
  return providerView;
}
