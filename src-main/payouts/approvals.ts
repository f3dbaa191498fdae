/**
 * Approving and rejecting drafts, one or many, by the signed-in operator. Four eyes, checked here on every call (and
 * again inside the store's transaction): above the currency's threshold a payout needs approvals from two different
 * operators, neither of them the one who drafted or imported it; below it the maker may approve alone only if the
 * policy says so (default: no). Operators are told apart by their stable id, never by display name. A payout above
 * the maximum per payout cannot be approved. Each decision is audited with the status before and after and who approved.
 */
import { totalsByCurrency } from '@shared/money';
import type { ApprovalQueueItem, BatchResult, BatchSummary, PayeeCheck } from '@shared/contract/payouts-model';
import { AppError } from '../errors';
import { toPayoutRow } from '../storage/workflow-rows';
import type { WorkflowRow } from '../storage/workflow-store';
import { emitChanged, emitStatus, type WorkflowContext } from './context';
import { auditView } from './audit-views';
import { approvalBlock, approverKey, approverNames } from './four-eyes';
import { dailyAllowances } from './limits';
import { formatAmount } from './policy';

const DAY_MS = 86_400_000;

/** What an approver must see of a payout's payee check, and whether it stops the approval (payee-checks.ts). */
export interface ApprovalPayeeCheck {
  view(row: WorkflowRow): PayeeCheck | null;
  approvalBlock(row: WorkflowRow): string | null;
}

const noPayeeCheck: ApprovalPayeeCheck = { view: () => null, approvalBlock: () => null };

export class ApprovalService {
  constructor(
    private readonly ctx: WorkflowContext,
    private readonly payee: ApprovalPayeeCheck = noPayeeCheck,
  ) {}

  /** Drafts that no one has handed to the sender, oldest first (the order they should be dealt with). */
  queue(input: { connectionId?: string | undefined; limit: number; afterId?: number | undefined }): {
    rows: ApprovalQueueItem[];
    nextCursor: string | null;
  } {
    const rows = this.ctx.store.approvalQueue({ connectionId: input.connectionId, afterId: input.afterId, limit: input.limit + 1 });
    const page = rows.slice(0, input.limit);
    const actor = this.ctx.actor();
    return {
      rows: page.map((row) => ({
        payout: toPayoutRow(row),
        approvals: this.ctx.store.approvals(row.id),
        approvalsRequired: this.ctx.store.approvalsRequired(row.amount_minor, row.currency),
        payeeCheck: this.payee.view(row),
        canApprove:
          approvalBlock(this.ctx, row, this.ctx.store.activeApprovers(row.id), false, actor) ?? this.payee.approvalBlock(row) ?? true,
        possibleDuplicateOf: this.duplicateOf(row.id),
      })),
      nextCursor: rows.length > input.limit ? String(page[page.length - 1]!.id) : null,
    };
  }

  /** "payout #12 of 2026-03-01" when this payout looks like an earlier one (the CSV import's rule), else null. */
  duplicateOf(id: number): string | null {
    const days = this.ctx.store.policy().duplicateWindowDays;
    const match = this.ctx.store.possibleDuplicate(id, new Date(this.ctx.options.now().getTime() - days * DAY_MS).toISOString());
    return match ? `payout #${match.id} of ${match.createdAt.slice(0, 10)}` : null;
  }

  /** What a batch approval would do, for the confirmation dialog: count, totals, today's allowances, look-alikes. */
  summary(ids: number[]): BatchSummary {
    const rows = this.ctx.store.payouts(ids);
    const actor = this.ctx.actor();
    const blocked: BatchSummary['blocked'] = ids
      .filter((id) => !rows.some((r) => r.id === id))
      .map((id) => ({ id, reason: 'The payout no longer exists.' }));
    const approvable: WorkflowRow[] = [];
    let needSecondApproval = 0;
    for (const row of rows) {
      const approvers = this.ctx.store.activeApprovers(row.id);
      const reason =
        approvalBlock(this.ctx, row, approvers, Boolean(this.ctx.store.outbox(row.id)), actor) ?? this.payee.approvalBlock(row);
      if (reason) {
        blocked.push({ id: row.id, reason });
        continue;
      }
      approvable.push(row);
      if (approvers.length + 1 < this.ctx.store.approvalsRequired(row.amount_minor, row.currency)) needSecondApproval += 1;
    }
    return {
      count: approvable.length,
      totals: totalsByCurrency(approvable.map((r) => ({ minor: r.amount_minor, currency: r.currency }))),
      needSecondApproval,
      blocked,
      allowances: dailyAllowances(this.ctx.store, approvable, this.ctx.options.now()),
      duplicates: approvable.flatMap((r) => {
        const duplicateOf = this.duplicateOf(r.id);
        return duplicateOf ? [{ id: r.id, duplicateOf }] : [];
      }),
    };
  }

  async approve(ids: number[]): Promise<BatchResult> {
    const actor = this.ctx.actor();
    const results: BatchResult['results'] = [];
    const changed: number[] = [];
    for (const id of ids) {
      try {
        const outcome = await this.ctx.store.recordDecision(id, actor, {
          guard: (row, approvers, handedOver) =>
            approvalBlock(this.ctx, row, approvers, handedOver, actor) ?? this.payee.approvalBlock(row),
          decide: (row, before) => {
            const required = this.ctx.store.approvalsRequired(row.amount_minor, row.currency);
            const approvers = [...before, approverKey(actor)];
            const complete = approvers.length >= required;
            const names = approverNames(this.ctx, row.id);
            return {
              decision: 'approved',
              reason: null,
              status: complete ? 'approved' : row.status,
              statusMessage: null,
              approvalsRequired: required,
              note: {
                actor,
                action: complete ? 'payout.approved' : 'payout.approval_recorded',
                details: {
                  clientReference: row.client_reference,
                  before: { status: row.status, approvers: names, approverIds: before },
                  after: { status: complete ? 'approved' : row.status, approvers: [...names, actor.name], approverIds: approvers },
                  approvalsRequired: required,
                  amount: { minor: row.amount_minor, currency: row.currency },
                  maker: row.created_by_id,
                },
              },
            };
          },
        });
        const names = approverNames(this.ctx, id);
        results.push(
          outcome.status === 'approved'
            ? { id, outcome: 'approved', message: `Approved by ${[...new Set(names)].join(' and ')}.` }
            : {
                id,
                outcome: 'awaiting_second_approval',
                message: `${formatAmount(this.amountOf(id).minor, this.amountOf(id).currency)} is above the approval threshold: a second operator must approve it too.`,
              },
        );
        changed.push(id);
      } catch (error) {
        results.push({ id, outcome: 'skipped', message: error instanceof AppError ? error.message : 'Could not approve this payout.' });
      }
    }
    this.announce(changed);
    return { results };
  }

  async reject(ids: number[], reason: string): Promise<BatchResult> {
    const actor = this.ctx.actor();
    const trimmed = reason.trim();
    if (!trimmed) throw new AppError('INVALID_INPUT', 'Give a reason for the rejection.', { reason: 'Give a reason for the rejection.' });
    const results: BatchResult['results'] = [];
    const changed: number[] = [];
    for (const id of ids) {
      try {
        await this.ctx.store.recordDecision(id, actor, {
          guard: (row, _approvers, handedOver) =>
            (row.status !== 'draft' && row.status !== 'approved') || row.remote_id || handedOver
              ? `Only drafts and approved payouts that were not sent can be rejected; this one is ${row.status}.`
              : null,
          decide: (row) => ({
            decision: 'rejected',
            reason: trimmed,
            status: 'rejected',
            statusMessage: `Rejected by ${actor.name}: ${trimmed}`,
            approvalsRequired: 0,
            note: {
              actor,
              action: 'payout.rejected',
              details: { clientReference: row.client_reference, reason: trimmed, before: auditView(row), after: { status: 'rejected' } },
            },
          }),
        });
        results.push({ id, outcome: 'rejected', message: `Rejected: ${trimmed}` });
        changed.push(id);
      } catch (error) {
        results.push({ id, outcome: 'skipped', message: error instanceof AppError ? error.message : 'Could not reject this payout.' });
      }
    }
    this.announce(changed);
    return { results };
  }

  private amountOf(id: number) {
    const row = this.ctx.store.payout(id)!;
    return { minor: row.amount_minor, currency: row.currency };
  }

  private announce(changed: number[]): void {
    if (!changed.length) return;
    emitChanged(this.ctx);
    changed.forEach((id) => emitStatus(this.ctx, id));
  }
}
