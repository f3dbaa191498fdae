/**
 * Local drafts: rows of `payouts` in status 'draft' with a client reference drawn at creation. Validated per
 * provider (validation.ts and the provider's rules); every change is audited with before/after values in the same
 * transaction (the store's commands).
 */
import type { ProviderId } from '@shared/contract/model';
import { terminalPayoutStatuses } from '@shared/contract/model';
import type { PayoutActions, PayoutDetail } from '@shared/contract/payouts-model';
import { toDecimalString } from '@shared/money';
import { AppError, notFound } from '../errors';
import { providerModule, providerName } from '../providers/registry';
import { parseRecipient, sendProgress, toPayoutRow } from '../storage/workflow-rows';
import type { DraftValues, NewDraft, WorkflowRow } from '../storage/workflow-store';
import { emitChanged, nowIso, type WorkflowContext } from './context';
import { newReferences } from './references';
import { validateDraft, type DraftInput, type ValidDraft } from './validation';
import { auditView, draftAuditView } from './audit-views';
import { approvalBlock } from './four-eyes';
import { maxPerPayoutProblem } from './limits';
import type { Actor } from '../storage/audit-store';
import { PayeeCheckService } from './payee-checks';

export function invalidDraft(errors: Record<string, string>): AppError {
  const first = Object.values(errors)[0] ?? 'The payout is not valid.';
  const count = Object.keys(errors).length;
  return new AppError('INVALID_INPUT', count > 1 ? `${first} (and ${count - 1} more problem${count > 2 ? 's' : ''})` : first, errors);
}

/** What a validated draft stores, the same for a new draft and an edited one. */
function draftValues(draft: ValidDraft, now: string): DraftValues {
  return {
    creatorId: draft.creatorId,
    campaignId: draft.campaignId,
    recipient: draft.recipient,
    recipientKey: draft.recipientKeys[0] ?? null,
    display: draft.display,
    localCampaign: draft.localCampaign,
    amountMinor: draft.amount.minor,
    currency: draft.amount.currency,
    description: draft.description,
    now,
  };
}

/** A draft that was never handed to the sender; anything else is history and stays as it is. */
export function editBlockReason(row: WorkflowRow, handedOver: boolean): string | null {
  if (row.remote_id || handedOver) return 'This payout was handed to the provider; it can no longer be edited or deleted.';
  if (row.status !== 'draft') return `Only drafts can be changed; this payout is ${row.status}.`;
  return null;
}

/**
 * Only a payout that ended without paying (failed, returned) is drafted again, once: a second copy while the first
 * still counts would be a second payment of the same money. The old payout stays as it was.
 */
function redraftBlock(row: WorkflowRow, redrafts: Array<{ id: number; status: string }>): string | null {
  if (row.status !== 'failed' && row.status !== 'returned')
    return `Only a failed or returned payout can be drafted again; this one is ${row.status}.`;
  const live = redrafts[0];
  return live ? `Already drafted again as payout #${live.id} (${live.status}); reject or cancel that one first to draft it again.` : null;
}

function dismissBlock(row: WorkflowRow): string | null {
  if (row.dismissed_at) return 'This payout was already dismissed.';
  return row.status === 'failed' || row.status === 'returned'
    ? null
    : `Only a failed or returned payout can be dismissed; this one is ${row.status}.`;
}

/**
 * A draft the provider holds that Paydesk did not make: what its provider module allows, and the drawer's one line
 * (docs/decisions/0011-provider-side-drafts.md). Null for every other payout.
 */
export function providerDraftOf(row: Pick<WorkflowRow, 'status' | 'provider'>): NonNullable<PayoutDetail['providerDraft']> | null {
  if (row.status !== 'provider_draft') return null;
  return (
    providerModule(row.provider).statuses.providerDraft ?? {
      action: null,
      line: `A draft made at ${providerName(row.provider)}, not in Paydesk: finish or delete it in ${providerName(row.provider)}'s dashboard.`,
    }
  );
}

/** Whether the provider can cancel a payout it holds in its current provider status; else why not. */
export function providerCancellable(row: WorkflowRow): true | string {
  return providerModule(row.provider).statuses.cancellable(row.provider_status);
}

export class DraftService {
  constructor(
    private readonly ctx: WorkflowContext,
    /** Payee checks, for the providers that need one before paying. */
    readonly payeeChecks: PayeeCheckService = new PayeeCheckService(ctx),
  ) {}

  providerOf(connectionId: string): ProviderId {
    const connection = this.ctx.connections.get(connectionId);
    if (!connection) {
      throw new AppError('INVALID_INPUT', 'Choose a connection: this one no longer exists.', {
        connectionId: 'This connection no longer exists.',
      });
    }
    return connection.provider;
  }

  /** The draft rules (generic and the provider's) and the limits: a payout above the maximum cannot be drafted. */
  check(input: DraftInput): { ok: true; draft: ValidDraft } | { ok: false; errors: Record<string, string> } {
    const result = validateDraft(input, providerModule(this.providerOf(input.connectionId)), this.ctx.store.lookups());
    if (!result.ok) return result;
    const tooLarge = maxPerPayoutProblem(this.ctx.store, result.draft.amount.minor, result.draft.amount.currency);
    return tooLarge ? { ok: false, errors: { amount: tooLarge } } : result;
  }

  validate(input: DraftInput): ValidDraft {
    const result = this.check(input);
    if (!result.ok) throw invalidDraft(result.errors);
    return result.draft;
  }

  /** A validated draft as the store keeps it, with a fresh pair of references. */
  toNewDraft(draft: ValidDraft, actor: Actor, importBatch: string | null, now: string, taken: Set<string> = new Set()): NewDraft {
    const refs = newReferences((c, s) => taken.has(c) || taken.has(s) || this.ctx.store.referenceTaken(c, s));
    taken.add(refs.clientReference);
    taken.add(refs.shortReference);
    return {
      connectionId: draft.connectionId,
      clientReference: refs.clientReference,
      shortReference: refs.shortReference,
      ...draftValues(draft, now),
      createdBy: actor.name,
      createdById: actor.id,
      importBatch,
    };
  }

  async create(input: DraftInput): Promise<PayoutDetail> {
    const draft = this.validate(input);
    const actor = this.ctx.actor();
    const row = this.toNewDraft(draft, actor, null, nowIso(this.ctx));
    const id = await this.ctx.store.createDraft(row, draft.tags, {
      actor,
      action: 'payout.draft_created',
      details: { clientReference: row.clientReference, connectionId: draft.connectionId, before: null, after: draftAuditView(draft) },
    });
    emitChanged(this.ctx);
    // The draft is saved whatever the provider answers; the approver sees the check's outcome.
    await this.payeeChecks.runIfChanged(id, 'draft');
    return this.detail(id);
  }

  async update(id: number, input: DraftInput): Promise<PayoutDetail> {
    const before = this.ctx.store.payout(id);
    if (!before) throw notFound('The payout');
    const blocked = editBlockReason(before, Boolean(this.ctx.store.outbox(id)));
    if (blocked) throw new AppError('CONFLICT', blocked);
    if (before.connection_id !== input.connectionId) {
      throw new AppError('INVALID_INPUT', 'A draft cannot move to another connection; delete it and draft it again there.', {
        connectionId: 'Cannot change the connection of a draft.',
      });
    }
    const draft = this.validate(input);
    const actor = this.ctx.actor();
    await this.ctx.store.updateDraft(id, draftValues(draft, nowIso(this.ctx)), draft.tags, {
      guard: editBlockReason,
      note: (current, tagsBefore, approvalsVoided) => ({
        actor,
        action: 'payout.draft_updated',
        details: {
          clientReference: current.client_reference,
          before: auditView(current, tagsBefore),
          after: draftAuditView(draft),
          approvalsVoided,
        },
      }),
    });
    emitChanged(this.ctx);
    await this.payeeChecks.runIfChanged(id, 'edit');
    return this.detail(id);
  }

  async delete(id: number): Promise<{ deleted: true }> {
    const actor = this.ctx.actor();
    await this.ctx.store.deleteDraft(id, {
      guard: editBlockReason,
      note: (row, tags) => ({
        actor,
        action: 'payout.draft_deleted',
        details: { clientReference: row.client_reference, before: auditView(row, tags), after: null },
      }),
    });
    emitChanged(this.ctx);
    return { deleted: true };
  }

  /**
   * A failed or returned payout drafted again: the same recipient and amount as a new draft with a new reference,
   * linked to the old one (which stays as it is). It is checked and approved like any draft.
   */
  async redraft(id: number): Promise<PayoutDetail> {
    const old = this.ctx.store.payout(id);
    if (!old) throw notFound('The payout');
    const reason = redraftBlock(old, this.ctx.store.redraftsOf(id));
    if (reason) throw new AppError('CONFLICT', reason);
    const recipient = parseRecipient(old.recipient_json) ?? {};
    const draft = this.validate({
      connectionId: old.connection_id,
      creatorId: old.creator_id,
      recipient: {
        name: recipient.name,
        email: recipient.email ?? old.recipient_email ?? undefined,
        handle: recipient.handle ?? old.recipient_handle ?? undefined,
        platform: recipient.platform,
        ...(recipient.phone ? { phoneCountryCode: recipient.phone.countryCode, phoneNumber: recipient.phone.number } : {}),
        userId: recipient.userId,
        ...(recipient.bank ? { bank: recipient.bank } : {}),
      },
      amount: toDecimalString({ minor: old.amount_minor, currency: old.currency }),
      currency: old.currency,
      description: old.description ?? undefined,
      campaignId: old.campaign_id,
      localCampaign: old.local_campaign,
      tags: this.ctx.store.tags(id),
    });
    const actor = this.ctx.actor();
    const row = { ...this.toNewDraft(draft, actor, null, nowIso(this.ctx)), redraftOf: id };
    const newId = await this.ctx.store.createDraft(row, draft.tags, {
      actor,
      action: 'payout.redrafted',
      details: {
        clientReference: row.clientReference,
        redraftOf: id,
        redraftOfReference: old.client_reference,
        before: null,
        after: draftAuditView(draft),
      },
    });
    emitChanged(this.ctx);
    return this.detail(newId);
  }

  /** Takes a failed or returned payout off the Attention list with the bookkeeper's reason; nothing else changes. */
  async dismiss(id: number, reason: string): Promise<PayoutDetail> {
    const actor = this.ctx.actor();
    await this.ctx.store.dismissPayout(id, reason.trim(), {
      guard: dismissBlock,
      note: { actor, action: 'payout.dismissed', details: { reason: reason.trim() } },
    });
    emitChanged(this.ctx);
    return this.detail(id);
  }

  detail(id: number): PayoutDetail {
    const row = this.ctx.store.payout(id);
    if (!row) throw notFound('The payout');
    const outbox = this.ctx.store.outbox(id);
    const duplicateWindowDays = this.ctx.store.policy().duplicateWindowDays;
    const duplicate = this.ctx.store.possibleDuplicate(
      id,
      new Date(this.ctx.options.now().getTime() - duplicateWindowDays * 86_400_000).toISOString(),
    );
    return {
      ...toPayoutRow(row),
      shortReference: row.short_reference,
      recipient: parseRecipient(row.recipient_json),
      creatorId: row.creator_id,
      campaignId: row.campaign_id,
      localCampaign: row.local_campaign,
      tags: this.ctx.store.tags(id),
      statusMessage: row.status_message,
      approvals: this.ctx.store.approvals(id),
      approvalsRequired: this.ctx.store.approvalsRequired(row.amount_minor, row.currency),
      send: sendProgress(outbox),
      actions: this.actions(row, Boolean(outbox), outbox?.open === 1),
      createdBy: row.created_by,
      createdById: row.created_by_id,
      expiresAt: row.expires_at,
      possibleDuplicateOf: duplicate ? `payout #${duplicate.id} of ${duplicate.createdAt.slice(0, 10)}` : null,
      redraftOf: row.redraft_of,
      redraftedAs: this.ctx.store.redraftsOf(row.id).map((r) => r.id),
      dismissed: row.dismissed_at ? { at: row.dismissed_at, reason: row.dismissed_reason ?? '' } : null,
      providerDraft: providerDraftOf(row),
      statusRegression: this.ctx.store.openRegression(id),
      payeeCheck: this.payeeChecks.view(row),
      raw: this.ctx.store.rawJson(id),
    };
  }

  private actions(row: WorkflowRow, hasOutbox: boolean, outboxOpen: boolean): PayoutActions {
    const providerDraft = providerDraftOf(row);
    if (providerDraft) {
      // Not ours: every workflow action gives the same plain line; only what the provider allows is possible.
      const line = providerDraft.line;
      return {
        usePayeeName: line,
        checkPayee: line,
        edit: line,
        delete: line,
        approve: line,
        reject: line,
        send: line,
        cancel: providerDraft.action && row.remote_id ? true : line,
        check: line,
        redraft: line,
        dismiss: line,
      };
    }
    const blocked = editBlockReason(row, hasOutbox);
    const actor = this.ctx.actor();
    const approvedBy = this.ctx.store.activeApprovers(row.id);
    let approve: true | string = blocked ?? approvalBlock(this.ctx, row, approvedBy, hasOutbox, actor) ?? true;
    const terminal = terminalPayoutStatuses.includes(row.status);
    let cancel: true | string;
    if (row.status === 'approved' && !hasOutbox) cancel = true;
    else if (row.status === 'draft' && !hasOutbox) cancel = 'Delete the draft instead; it was never sent.';
    else if (terminal) cancel = `The payout is ${row.status}; nothing is left to cancel.`;
    else if (!row.remote_id) cancel = 'The provider has not confirmed this payout yet; check its outcome first.';
    else cancel = providerCancellable(row);
    if (approve === true) approve = this.payeeChecks.approvalBlock(row) ?? true;
    const needsCheck = this.payeeChecks.requestFor(row) !== null;
    return {
      usePayeeName: this.payeeChecks.usePayeeNameAvailability(row, blocked),
      checkPayee: !needsCheck
        ? 'This payout needs no payee check.'
        : (blocked ?? (row.status === 'draft' || row.status === 'approved' ? true : `The payout is ${row.status}; its check is history.`)),
      edit: blocked ?? true,
      delete: blocked ?? true,
      approve,
      reject:
        (row.status === 'draft' || row.status === 'approved') && !hasOutbox
          ? true
          : `Only drafts and approved payouts that were not sent can be rejected; this one is ${row.status}.`,
      send:
        row.status === 'approved'
          ? true
          : row.status === 'draft'
            ? 'Approve the payout first.'
            : `The payout is ${row.status}; it is sent only once.`,
      cancel,
      check: hasOutbox && (outboxOpen || !terminal) ? true : 'Nothing to check: the payout was not sent or has finished.',
      redraft: redraftBlock(row, this.ctx.store.redraftsOf(row.id)) ?? true,
      dismiss: dismissBlock(row) ?? true,
    };
  }
}
