/**
 * Which of a payout's actions the drawer offers, and the one line that says why the others are not. Main says what
 * the payout allows now (PayoutDetail.actions, with its reasons); the operator's roles narrow that further.
 */
import type { OperationName, Operator, PayoutActions, PayoutDetail, PayoutStatus } from '@shared/contract';
import { mayRun } from '../../../lib/access';

export type ActionKey = keyof PayoutActions | 'refresh';

/** Button order in the drawer: the next step first, the destructive ones last. */
export const actionOrder: ActionKey[] = [
  'approve',
  'send',
  'usePayeeName',
  'edit',
  'redraft',
  'checkPayee',
  'check',
  'refresh',
  'reject',
  'cancel',
  'dismiss',
  'delete',
];

export const actionNames: Record<ActionKey, string> = {
  edit: 'Edit',
  delete: 'Delete draft',
  approve: 'Approve',
  reject: 'Reject',
  send: 'Send',
  cancel: 'Cancel payout',
  check: 'Check again',
  redraft: 'Draft again',
  dismiss: 'Dismiss',
  refresh: 'Refresh status',
  checkPayee: 'Check payee',
  usePayeeName: "Use the bank's name",
};

const actionOperation: Record<ActionKey, OperationName> = {
  edit: 'payouts.updateDraft',
  delete: 'payouts.deleteDraft',
  approve: 'approvals.approve',
  reject: 'approvals.reject',
  send: 'payouts.send',
  cancel: 'payouts.cancel',
  check: 'payouts.reconcile',
  redraft: 'payouts.redraft',
  dismiss: 'payouts.dismiss',
  refresh: 'payouts.refreshStatus',
  checkPayee: 'payouts.checkPayee',
  usePayeeName: 'payouts.usePayeeName',
};

export const notSentByPaydesk = 'Paydesk did not send this payout; the next sync of its connection updates it.';

/** Per action: true when the drawer offers it, else why not (what the payout allows first, then the roles). */
export function actionAvailability(
  detail: Pick<PayoutDetail, 'actions' | 'send'> & Partial<Pick<PayoutDetail, 'providerDraft'>>,
  operator: Pick<Operator, 'name' | 'roles'> | null,
): Record<ActionKey, true | string> {
  const out = {} as Record<ActionKey, true | string>;
  const notSent = detail.providerDraft?.line ?? notSentByPaydesk;
  for (const key of actionOrder) {
    const allowed = key === 'refresh' ? (detail.send !== null ? true : notSent) : detail.actions[key];
    out[key] = allowed === true ? mayRun(operator, actionOperation[key]) : allowed;
  }
  return out;
}

/**
 * The button's words: a draft at a provider is cancelled or deleted there ("Cancel at <provider>", "Delete at
 * <provider>"), as its provider module declares; everything else by its usual name.
 */
export function actionLabel(key: ActionKey, detail: Partial<Pick<PayoutDetail, 'providerDraft'>>, providerName: string): string {
  if (key === 'cancel' && detail.providerDraft?.action)
    return `${detail.providerDraft.action === 'delete' ? 'Delete' : 'Cancel'} at ${providerName}`;
  return actionNames[key];
}

/** For each status, the actions whose refusal best explains what can (not) happen to such a payout. */
const explainingActions: Record<PayoutStatus, ActionKey[]> = {
  draft: ['approve', 'send'],
  provider_draft: ['approve'],
  approved: ['send', 'cancel'],
  sending: ['edit'],
  submitted: ['edit'],
  processing: ['edit'],
  unknown: ['edit'],
  paid: ['cancel', 'edit'],
  cancelled: ['cancel', 'edit'],
  expired: ['cancel', 'edit'],
  rejected: ['cancel', 'edit'],
  failed: ['send', 'redraft', 'dismiss'],
  returned: ['send', 'redraft', 'dismiss'],
};

/** The one line under the buttons: why the payout's next step is not offered (or null when every action is). */
export function whyNotLine(
  status: PayoutStatus,
  availability: Record<ActionKey, true | string>,
): { action: ActionKey; reason: string } | null {
  const key = explainingActions[status].find((k) => availability[k] !== true) ?? actionOrder.find((k) => availability[k] !== true);
  return key ? { action: key, reason: availability[key] as string } : null;
}
