/**
 * Approving and rejecting drafts, one or many. Above the currency's threshold a payout needs approvals from two
 * different operators (operator = operator name + OS user, as recorded on every action); it becomes 'approved'
 * only then. Each decision is audited with the status before and after and who approved.
 */
import { AppError } from '../errors';
import { totalsByCurrency } from '@shared/money';
import { emitChanged, emitStatus, nowIso, type WorkflowContext } from './context';
import { auditView } from './drafts';
import type { ApprovalQueueItem, BatchResult, BatchSummary } from '@shared/contract/payouts-model';
import { formatAmount } from './policy';
import { toPayoutRow, type WorkflowRow } from './repository';

export class ApprovalService {
  constructor(private readonly ctx: WorkflowContext) {}

  /** Drafts that no one has handed to the sender, oldest first (the order they should be dealt with). */
  queue(input: { connectionId?: string | undefined; limit: number; afterId?: number | undefined }): {
    rows: ApprovalQueueItem[];
    nextCursor: string | null;
  } {
    const where = ["p.status = 'draft'", 'p.remote_id IS NULL', 'NOT EXISTS (SELECT 1 FROM payout_outbox o WHERE o.payout_id = p.id)'];
    const params: unknown[] = [];
    if (input.connectionId) {
      where.push('p.connection_id = ?');
      params.push(input.connectionId);
    }
    if (input.afterId) {
      where.push('p.id > ?');
      params.push(input.afterId);
    }
    params.push(input.limit + 1);
    const rows = this.ctx.repo.query(where.join(' AND '), params, 'ORDER BY p.id LIMIT ?');
    const page = rows.slice(0, input.limit);
    const actor = this.ctx.actor();
    return {
      rows: page.map((row) => {
        const approvers = this.ctx.repo.activeApprovers(row.id);
        return {
          payout: toPayoutRow(row),
          approvals: this.ctx.repo.approvals(row.id),
          approvalsRequired: this.ctx.policy.approvalsRequired(row.amount_minor, row.currency),
          canApprove: approvers.includes(actor)
            ? 'You already approved this payout; the second approval must come from a different operator.'
            : true,
        };
      }),
      nextCursor: rows.length > input.limit ? String(page[page.length - 1]!.id) : null,
    };
  }

  /** What a batch approval would do, for the confirmation dialog: count and total per currency. */
  summary(ids: number[]): BatchSummary {
    const rows = this.ctx.repo.getMany(ids);
    const actor = this.ctx.actor();
    const blocked: BatchSummary['blocked'] = ids
      .filter((id) => !rows.some((r) => r.id === id))
      .map((id) => ({ id, reason: 'The payout no longer exists.' }));
    const approvable: WorkflowRow[] = [];
    let needSecondApproval = 0;
    for (const row of rows) {
      const reason = this.blockReason(row, actor);
      if (reason) {
        blocked.push({ id: row.id, reason });
        continue;
      }
      approvable.push(row);
      const required = this.ctx.policy.approvalsRequired(row.amount_minor, row.currency);
      if (this.ctx.repo.activeApprovers(row.id).length + 1 < required) needSecondApproval += 1;
    }
    return {
      count: approvable.length,
      totals: totalsByCurrency(approvable.map((r) => ({ minor: r.amount_minor, currency: r.currency }))),
      needSecondApproval,
      blocked,
    };
  }

  approve(ids: number[]): BatchResult {
    const actor = this.ctx.actor();
    const results: BatchResult['results'] = [];
    const changed: number[] = [];
    for (const id of ids) {
      try {
        const outcome = this.ctx.db.transaction(() => {
          const row = this.ctx.repo.get(id);
          if (!row) throw new AppError('NOT_FOUND', 'The payout no longer exists.');
          const reason = this.blockReason(row, actor);
          if (reason) throw new AppError('CONFLICT', reason);
          const now = nowIso(this.ctx);
          const required = this.ctx.policy.approvalsRequired(row.amount_minor, row.currency);
          this.ctx.repo.addApproval(id, { operator: actor, decision: 'approved', reason: null, at: now });
          const approvers = this.ctx.repo.activeApprovers(id);
          const complete = approvers.length >= required;
          if (complete) this.ctx.repo.setStatus(id, { status: 'approved', source: actor, now, message: null });
          this.ctx.audit.append({
            actor,
            action: complete ? 'payout.approved' : 'payout.approval_recorded',
            subject: `payout:${id}`,
            details: {
              clientReference: row.client_reference,
              before: { status: row.status, approvers: approvers.filter((a) => a !== actor) },
              after: { status: complete ? 'approved' : row.status, approvers },
              approvalsRequired: required,
              amount: { minor: row.amount_minor, currency: row.currency },
            },
          });
          return complete
            ? { outcome: 'approved' as const, message: `Approved by ${approvers.join(' and ')}.` }
            : {
                outcome: 'awaiting_second_approval' as const,
                message: `${formatAmount(row.amount_minor, row.currency)} is above the approval threshold: a second operator must approve it too.`,
              };
        })();
        results.push({ id, ...outcome });
        changed.push(id);
      } catch (error) {
        results.push({ id, outcome: 'skipped', message: error instanceof AppError ? error.message : 'Could not approve this payout.' });
      }
    }
    if (changed.length) {
      emitChanged(this.ctx);
      changed.forEach((id) => emitStatus(this.ctx, id));
    }
    return { results };
  }

  reject(ids: number[], reason: string): BatchResult {
    const actor = this.ctx.actor();
    const trimmed = reason.trim();
    if (!trimmed) throw new AppError('INVALID_INPUT', 'Give a reason for the rejection.', { reason: 'Give a reason for the rejection.' });
    const results: BatchResult['results'] = [];
    const changed: number[] = [];
    for (const id of ids) {
      try {
        this.ctx.db.transaction(() => {
          const row = this.ctx.repo.get(id);
          if (!row) throw new AppError('NOT_FOUND', 'The payout no longer exists.');
          if ((row.status !== 'draft' && row.status !== 'approved') || row.remote_id || this.ctx.repo.outbox(id)) {
            throw new AppError(
              'CONFLICT',
              `Only drafts and approved payouts that were not sent can be rejected; this one is ${row.status}.`,
            );
          }
          const now = nowIso(this.ctx);
          this.ctx.repo.addApproval(id, { operator: actor, decision: 'rejected', reason: trimmed, at: now });
          this.ctx.repo.setStatus(id, { status: 'rejected', source: actor, now, message: `Rejected by ${actor}: ${trimmed}` });
          this.ctx.audit.append({
            actor,
            action: 'payout.rejected',
            subject: `payout:${id}`,
            details: { clientReference: row.client_reference, reason: trimmed, before: auditView(row), after: { status: 'rejected' } },
          });
        })();
        results.push({ id, outcome: 'rejected', message: `Rejected: ${trimmed}` });
        changed.push(id);
      } catch (error) {
        results.push({ id, outcome: 'skipped', message: error instanceof AppError ? error.message : 'Could not reject this payout.' });
      }
    }
    if (changed.length) {
      emitChanged(this.ctx);
      changed.forEach((id) => emitStatus(this.ctx, id));
    }
    return { results };
  }

  private blockReason(row: WorkflowRow, actor: string): string | null {
    if (row.remote_id || this.ctx.repo.outbox(row.id)) return 'This payout was already handed to the provider.';
    if (row.status !== 'draft') return `Only drafts can be approved; this payout is ${row.status}.`;
    if (this.ctx.repo.activeApprovers(row.id).includes(actor)) {
      return 'You already approved this payout; the second approval must come from a different operator.';
    }
    return null;
  }
}
