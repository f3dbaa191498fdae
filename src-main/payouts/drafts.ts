/**
 * Local drafts: rows of `payouts` in status 'draft' with a client reference drawn at creation. Validated per
 * provider (validation.ts and the provider's rules); every change is audited with before/after values in the same
 * transaction (the store's commands).
 */
import type { ProviderId } from '@shared/contract/model';
import { terminalPayoutStatuses } from '@shared/contract/model';
import type { PayoutActions, PayoutDetail, PayoutRecipient } from '@shared/contract/payouts-model';
import { AppError, notFound } from '../errors';
import { providerModule } from '../providers/registry';
import { parseRecipient, sendProgress, toPayoutRow } from '../storage/workflow-rows';
import type { NewDraft, WorkflowRow } from '../storage/workflow-store';
import { emitChanged, nowIso, type WorkflowContext } from './context';
import { newReferences } from './references';
import { PayeeCheckService } from './payee-checks';
import { maskRecipient, validateDraft, type DraftInput, type ValidDraft } from './validation';

export function invalidDraft(errors: Record<string, string>): AppError {
  const first = Object.values(errors)[0] ?? 'The payout is not valid.';
  const count = Object.keys(errors).length;
  return new AppError('INVALID_INPUT', count > 1 ? `${first} (and ${count - 1} more problem${count > 2 ? 's' : ''})` : first, errors);
}

/** What the audit trail keeps of a draft: the values an approver judges, bank numbers masked. */
function auditViewOf(values: {
  status: string;
  amount: { minor: number; currency: string };
  recipient: PayoutRecipient | null;
  display: { name: string | null; email: string | null; handle: string | null; phone?: string | null };
  description: string | null;
  campaignId: number | null;
  localCampaign: string | null;
  tags?: string[] | undefined;
}): Record<string, unknown> {
  return {
    status: values.status,
    amount: values.amount,
    recipient: maskRecipient(values.recipient) ?? values.display,
    description: values.description,
    campaignId: values.campaignId,
    localCampaign: values.localCampaign,
    ...(values.tags ? { tags: values.tags } : {}),
  };
}

export function auditView(row: WorkflowRow, tags?: string[]): Record<string, unknown> {
  return auditViewOf({
    status: row.status,
    amount: { minor: row.amount_minor, currency: row.currency },
    recipient: parseRecipient(row.recipient_json),
    display: { name: row.recipient_name, email: row.recipient_email, handle: row.recipient_handle },
    description: row.description,
    campaignId: row.campaign_id,
    localCampaign: row.local_campaign,
    tags,
  });
}

export function draftAuditView(draft: ValidDraft): Record<string, unknown> {
  return auditViewOf({
    status: 'draft',
    amount: { minor: draft.amount.minor, currency: draft.amount.currency },
    recipient: draft.recipient,
    display: draft.display,
    description: draft.description,
    campaignId: draft.campaignId,
    localCampaign: draft.localCampaign,
    tags: draft.tags,
  });
}

/** A draft that was never handed to the sender; anything else is history and stays as it is. */
export function editBlockReason(row: WorkflowRow, handedOver: boolean): string | null {
  if (row.remote_id || handedOver) return 'This payout was handed to the provider; it can no longer be edited or deleted.';
  if (row.status !== 'draft') return `Only drafts can be changed; this payout is ${row.status}.`;
  return null;
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

  validate(input: DraftInput): ValidDraft {
    const result = validateDraft(input, providerModule(this.providerOf(input.connectionId)), this.ctx.store.lookups());
    if (!result.ok) throw invalidDraft(result.errors);
    return result.draft;
  }

  /** A validated draft as the store keeps it, with a fresh pair of references. */
  toNewDraft(draft: ValidDraft, actor: string, importBatch: string | null, now: string, taken: Set<string> = new Set()): NewDraft {
    const refs = newReferences((c, s) => taken.has(c) || taken.has(s) || this.ctx.store.referenceTaken(c, s));
    taken.add(refs.clientReference);
    taken.add(refs.shortReference);
    return {
      connectionId: draft.connectionId,
      clientReference: refs.clientReference,
      shortReference: refs.shortReference,
      creatorId: draft.creatorId,
      campaignId: draft.campaignId,
      recipient: draft.recipient,
      recipientKey: draft.recipientKeys[0] ?? null,
      display: draft.display,
      localCampaign: draft.localCampaign,
      amountMinor: draft.amount.minor,
      currency: draft.amount.currency,
      description: draft.description,
      createdBy: actor,
      importBatch,
      now,
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
    await this.ctx.store.updateDraft(
      id,
      {
        creatorId: draft.creatorId,
        campaignId: draft.campaignId,
        recipient: draft.recipient,
        recipientKey: draft.recipientKeys[0] ?? null,
        display: draft.display,
        localCampaign: draft.localCampaign,
        amountMinor: draft.amount.minor,
        currency: draft.amount.currency,
        description: draft.description,
        now: nowIso(this.ctx),
      },
      draft.tags,
      {
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
      },
    );
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

  detail(id: number): PayoutDetail {
    const row = this.ctx.store.payout(id);
    if (!row) throw notFound('The payout');
    const outbox = this.ctx.store.outbox(id);
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
      expiresAt: row.expires_at,
      statusRegression: this.ctx.store.openRegression(id),
      payeeCheck: this.payeeChecks.view(row),
      raw: this.ctx.store.rawJson(id),
    };
  }

  private actions(row: WorkflowRow, hasOutbox: boolean, outboxOpen: boolean): PayoutActions {
    const blocked = editBlockReason(row, hasOutbox);
    const actor = this.ctx.actor();
    const approvedBy = this.ctx.store.activeApprovers(row.id);
    let approve: true | string = blocked ?? true;
    if (approve === true && approvedBy.includes(actor))
      approve = 'You already approved this payout; the second approval must come from a different operator.';
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
    };
  }
}
