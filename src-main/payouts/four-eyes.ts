/**
 * Four eyes, checked in the main process on every approval (and inside the store's transaction): above the
 * currency's threshold a payout needs approvals from two different operators, neither of them the maker; below it the
 * maker may approve alone only where the policy allows it (default: no). Operators are told apart by their stable
 * id, so a second approval under another display name is the same operator.
 */
import type { Actor } from '../storage/audit-store';
import type { WorkflowRow } from '../storage/workflow-store';
import type { WorkflowContext } from './context';
import { maxPerPayoutProblem } from './limits';
import { formatAmount } from './policy';

export const ALREADY_APPROVED = 'You already approved this payout; the second approval must come from a different operator.';

/** The approver's key as the store counts approvers: the operator id (or the recorded name for legacy approvals). */
export const approverKey = (actor: Actor) => actor.id ?? `name:${actor.name}`;

/** The names the active approvals were given under, for the audit trail (the ids are what four eyes counts). */
export function approverNames(ctx: WorkflowContext, payoutId: number): string[] {
  return ctx.store
    .approvals(payoutId)
    .filter((a) => a.decision === 'approved' && !a.voidedAt)
    .map((a) => a.operator);
}

/** Why this operator may not approve this draft now, or null. */
export function approvalBlock(
  ctx: WorkflowContext,
  row: WorkflowRow,
  approvers: string[],
  handedOver: boolean,
  operator: Actor,
): string | null {
  if (row.remote_id || handedOver) return 'This payout was already handed to the provider.';
  if (row.status !== 'draft') return `Only drafts can be approved; this payout is ${row.status}.`;
  if (approvers.includes(approverKey(operator))) return ALREADY_APPROVED;
  const tooLarge = maxPerPayoutProblem(ctx.store, row.amount_minor, row.currency);
  if (tooLarge) return tooLarge;
  if (row.created_by_id && operator.id && row.created_by_id === operator.id) {
    if (ctx.store.approvalsRequired(row.amount_minor, row.currency) > 1) {
      return `You drafted this payout, and ${formatAmount(row.amount_minor, row.currency)} is above the approval threshold: two other operators must approve it.`;
    }
    if (!ctx.store.policy().makerMayApproveOwn) {
      return 'You drafted this payout: another operator must approve it (four eyes). An admin can allow makers to approve their own payouts below the threshold in Settings → Policy.';
    }
  }
  return null;
}
