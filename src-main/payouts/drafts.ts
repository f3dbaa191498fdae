/**
 * Local drafts: rows of `payouts` in status 'draft' with a client reference drawn at creation. Validated per
 * provider (validation.ts); every change is audited with before/after values in the same transaction.
 */
import { AppError, notFound } from '../errors';
import type { ProviderId } from '@shared/contract/model';
import { providerModule } from '../providers/registry';
import type { Db } from '../storage/database';
import { emitChanged, nowIso, type WorkflowContext } from './context';
import type { PayoutActions, PayoutDetail } from '@shared/contract/payouts-model';
import { newReferences } from './references';
import { parseRecipient, sendProgress, TERMINAL_STATUSES, toPayoutRow, type WorkflowRow } from './repository';
import {
  maskRecipient,
  validateDraft,
  type CachedCampaign,
  type CachedCreator,
  type DraftInput,
  type DraftLookups,
  type ValidDraft,
} from './validation';

export function cacheLookups(db: Db): DraftLookups {
  const creatorStmt = db.prepare('SELECT id, connection_id, remote_id, name, email, handle, platform, phone FROM creators WHERE id = ?');
  const creatorByRemoteStmt = db.prepare(
    'SELECT id, connection_id, remote_id, name, email, handle, platform, phone FROM creators WHERE connection_id = ? AND remote_id = ?',
  );
  const campaignStmt = db.prepare('SELECT id, connection_id, remote_id, name, status FROM campaigns WHERE id = ?');
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

export function invalidDraft(errors: Record<string, string>): AppError {
  const first = Object.values(errors)[0] ?? 'The payout is not valid.';
  const count = Object.keys(errors).length;
  return new AppError('INVALID_INPUT', count > 1 ? `${first} (and ${count - 1} more problem${count > 2 ? 's' : ''})` : first, errors);
}

/** What the audit trail keeps of a draft: the values an approver judges, bank numbers masked. */
export function auditView(row: WorkflowRow, tags?: string[]): Record<string, unknown> {
  return {
    status: row.status,
    amount: { minor: row.amount_minor, currency: row.currency },
    recipient: maskRecipient(parseRecipient(row.recipient_json)) ?? {
      name: row.recipient_name,
      email: row.recipient_email,
      handle: row.recipient_handle,
    },
    description: row.description,
    campaignId: row.campaign_id,
    localCampaign: row.local_campaign,
    ...(tags ? { tags } : {}),
  };
}

export class DraftService {
  private readonly lookups: DraftLookups;

  constructor(private readonly ctx: WorkflowContext) {
    this.lookups = cacheLookups(ctx.db);
  }

  providerOf(connectionId: string): ProviderId {
    const connection = this.ctx.connections.get(connectionId);
    if (!connection)
      throw new AppError('INVALID_INPUT', 'Choose a connection: this one no longer exists.', {
        connectionId: 'This connection no longer exists.',
      });
    return connection.provider;
  }

  validate(input: DraftInput): ValidDraft {
    const result = validateDraft(input, providerModule(this.providerOf(input.connectionId)), this.lookups);
    if (!result.ok) throw invalidDraft(result.errors);
    return result.draft;
  }

  create(input: DraftInput): PayoutDetail {
    const draft = this.validate(input);
    const actor = this.ctx.actor();
    const id = this.ctx.db.transaction(() => {
      const now = nowIso(this.ctx);
      const refs = newReferences((c, s) => this.ctx.repo.referenceTaken(c, s));
      const newId = this.insert(draft, refs, actor, null, now);
      const row = this.ctx.repo.get(newId)!;
      this.ctx.audit.append({
        actor,
        action: 'payout.draft_created',
        subject: `payout:${newId}`,
        details: {
          clientReference: refs.clientReference,
          connectionId: draft.connectionId,
          before: null,
          after: auditView(row, draft.tags),
        },
      });
      return newId;
    })();
    emitChanged(this.ctx);
    return this.detail(id);
  }

  /** Inserts a validated draft; callers hold the transaction and write the audit event. */
  insert(
    draft: ValidDraft,
    refs: { clientReference: string; shortReference: string },
    actor: string,
    importBatch: string | null,
    now: string,
  ): number {
    const id = this.ctx.repo.insertDraft({
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
    });
    if (draft.tags.length) this.ctx.repo.setTags(id, draft.tags);
    this.ctx.repo.addHistory(id, {
      status: 'draft',
      providerStatus: null,
      source: importBatch ? 'import' : 'operator',
      message: importBatch ? `Imported (batch ${importBatch})` : 'Draft created',
      at: now,
    });
    return id;
  }

  update(id: number, input: DraftInput): PayoutDetail {
    const before = this.editable(id);
    if (before.connection_id !== input.connectionId) {
      throw new AppError('INVALID_INPUT', 'A draft cannot move to another connection; delete it and draft it again there.', {
        connectionId: 'Cannot change the connection of a draft.',
      });
    }
    const draft = this.validate(input);
    const actor = this.ctx.actor();
    this.ctx.db.transaction(() => {
      const now = nowIso(this.ctx);
      const current = this.editable(id);
      const tagsBefore = this.ctx.repo.tags(id);
      this.ctx.repo.updateDraft(id, {
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
      });
      this.ctx.repo.setTags(id, draft.tags);
      // An approval was given for the old values; it must not carry over to new ones.
      const voided = this.ctx.repo.voidApprovals(id, now);
      const after = this.ctx.repo.get(id)!;
      this.ctx.audit.append({
        actor,
        action: 'payout.draft_updated',
        subject: `payout:${id}`,
        details: {
          clientReference: current.client_reference,
          before: auditView(current, tagsBefore),
          after: auditView(after, draft.tags),
          approvalsVoided: voided,
        },
      });
    })();
    emitChanged(this.ctx);
    return this.detail(id);
  }

  delete(id: number): { deleted: true } {
    const actor = this.ctx.actor();
    this.ctx.db.transaction(() => {
      const row = this.editable(id);
      this.ctx.audit.append({
        actor,
        action: 'payout.draft_deleted',
        subject: `payout:${id}`,
        details: { clientReference: row.client_reference, before: auditView(row, this.ctx.repo.tags(id)), after: null },
      });
      this.ctx.repo.deletePayout(id);
    })();
    emitChanged(this.ctx);
    return { deleted: true };
  }

  /** A draft that was never handed to the sender; anything else is history and stays as it is. */
  private editable(id: number): WorkflowRow {
    const row = this.ctx.repo.get(id);
    if (!row) throw notFound('The payout');
    const reason = editBlockReason(row, Boolean(this.ctx.repo.outbox(id)));
    if (reason) throw new AppError('CONFLICT', reason);
    return row;
  }

  detail(id: number): PayoutDetail {
    const row = this.ctx.repo.get(id);
    if (!row) throw notFound('The payout');
    const outbox = this.ctx.repo.outbox(id);
    const approvals = this.ctx.repo.approvals(id);
    const approvalsRequired = this.ctx.policy.approvalsRequired(row.amount_minor, row.currency);
    return {
      ...toPayoutRow(row),
      shortReference: row.short_reference,
      recipient: parseRecipient(row.recipient_json),
      creatorId: row.creator_id,
      campaignId: row.campaign_id,
      localCampaign: row.local_campaign,
      tags: this.ctx.repo.tags(id),
      statusMessage: row.status_message,
      approvals,
      approvalsRequired,
      send: sendProgress(outbox),
      actions: this.actions(row, Boolean(outbox), outbox?.open === 1),
      createdBy: row.created_by,
      expiresAt: row.expires_at,
      raw: this.ctx.repo.rawJson(id),
    };
  }

  private actions(row: WorkflowRow, hasOutbox: boolean, outboxOpen: boolean): PayoutActions {
    const blocked = editBlockReason(row, hasOutbox);
    const actor = this.ctx.actor();
    const approvedBy = this.ctx.repo.activeApprovers(row.id);
    let approve: true | string = blocked ?? true;
    if (approve === true && approvedBy.includes(actor))
      approve = 'You already approved this payout; the second approval must come from a different operator.';
    let cancel: true | string;
    if (row.status === 'approved' && !hasOutbox) cancel = true;
    else if (row.status === 'draft' && !hasOutbox) cancel = 'Delete the draft instead; it was never sent.';
    else if (TERMINAL_STATUSES.includes(row.status)) cancel = `The payout is ${row.status}; nothing is left to cancel.`;
    else if (!row.remote_id) cancel = 'The provider has not confirmed this payout yet; check its outcome first.';
    else cancel = providerCancellable(row);
    return {
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
      check:
        hasOutbox && (outboxOpen || !TERMINAL_STATUSES.includes(row.status))
          ? true
          : 'Nothing to check: the payout was not sent or has finished.',
    };
  }
}

/** Whether the provider can cancel a payout it holds in its current provider status; else why not. */
export function providerCancellable(row: WorkflowRow): true | string {
  return providerModule(row.provider).statuses.cancellable(row.provider_status);
}

function editBlockReason(row: WorkflowRow, hasOutbox: boolean): string | null {
  if (row.remote_id || hasOutbox) return 'This payout was handed to the provider; it can no longer be edited or deleted.';
  if (row.status !== 'draft') return `Only drafts can be changed; this payout is ${row.status}.`;
  return null;
}
