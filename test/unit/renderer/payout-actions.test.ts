/** Which actions the payout drawer offers, and its one line on why the next step is not offered. */
import { describe, expect, it } from 'vitest';
import type { Operator, PayoutActions, PayoutDetail } from '../../../src-shared/contract';
import { payoutStatuses } from '../../../src-shared/contract/model';
import {
  actionAvailability,
  actionOrder,
  notSentByPaydesk,
  whyNotLine,
} from '../../../src-renderer/src/screens/payouts/details/actionSummary';

const allowed: PayoutActions = {
  edit: true,
  delete: true,
  approve: true,
  reject: true,
  send: true,
  cancel: true,
  check: true,
  redraft: true,
  dismiss: true,
  checkPayee: true,
  usePayeeName: true,
};
const everyone: Pick<Operator, 'name' | 'roles'> = { name: 'Ada', roles: ['preparer', 'approver', 'sender', 'admin'] };
const detail = (actions: Partial<PayoutActions>, sent = true): Pick<PayoutDetail, 'actions' | 'send'> => ({
  actions: { ...allowed, ...actions },
  send: sent ? ({} as PayoutDetail['send']) : null,
});

/** A synced payout the provider paid: main says no to everything, with a reason each. */
const syncedPaid: Partial<PayoutActions> = {
  edit: 'This payout was handed to the provider; it can no longer be edited or deleted.',
  delete: 'This payout was handed to the provider; it can no longer be edited or deleted.',
  approve: 'This payout was handed to the provider.',
  reject: 'Only drafts and approved payouts that were not sent can be rejected; this one is paid.',
  send: 'The payout is paid; it is sent only once.',
  cancel: 'The payout is paid; nothing is left to cancel.',
  check: 'Nothing to check: the payout was not sent or has finished.',
  redraft: 'Only a failed or returned payout can be drafted again; this one is paid.',
  dismiss: 'Only a failed or returned payout can be dismissed; this one is paid.',
  checkPayee: 'Only a draft or an approved payout is checked; this one is paid.',
  usePayeeName: 'Only a draft takes a new name; this one is paid.',
};

describe('payout drawer actions', () => {
  it("offer what main allows and the operator's roles allow; each refusal keeps its reason", () => {
    const bob = { name: 'Bob', roles: ['approver', 'sender'] as Operator['roles'] };
    const a = actionAvailability(detail({}), bob);
    expect(a.approve).toBe(true);
    expect(a.send).toBe(true);
    expect(a.redraft).toBe('This needs the preparer role; Bob is approver and sender.');
    expect(a.edit).toMatch(/preparer role/);
    // What main refuses is refused with main's reason, whatever the roles.
    expect(actionAvailability(detail({ send: 'Approve the payout first.' }), everyone).send).toBe('Approve the payout first.');
    expect(actionAvailability(detail({}, false), everyone).refresh).toBe(notSentByPaydesk);
  });

  it('say in one line why a synced, paid payout offers nothing', () => {
    const a = actionAvailability(detail(syncedPaid, false), everyone);
    expect(actionOrder.filter((k) => a[k] === true)).toEqual([]);
    expect(whyNotLine('paid', a)).toEqual({ action: 'cancel', reason: 'The payout is paid; nothing is left to cancel.' });
  });

  it('explain the next step of each status first: approval of a draft, sending of a failed one', () => {
    const draftOfMine = actionAvailability(
      detail(
        { approve: 'You drafted this payout: another operator must approve it (four eyes).', send: 'Approve the payout first.' },
        false,
      ),
      everyone,
    );
    expect(whyNotLine('draft', draftOfMine)?.action).toBe('approve');
    const failed = actionAvailability(detail({ send: 'The payout is failed; it is sent only once.' }), everyone);
    expect(whyNotLine('failed', failed)).toEqual({ action: 'send', reason: 'The payout is failed; it is sent only once.' });
  });

  it('has a line for every status, and none when everything is offered', () => {
    const a = actionAvailability(detail(syncedPaid, false), everyone);
    for (const status of payoutStatuses) expect(whyNotLine(status, a)).not.toBeNull();
    expect(whyNotLine('draft', actionAvailability(detail({}), everyone))).toBeNull();
  });
});
