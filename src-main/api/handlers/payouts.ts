import type { payoutOperations } from '@shared/contract/payouts';
import type { Services } from '../../services';
import type { ApiHandlers } from '../dispatcher';

type PayoutHandlers = Pick<ApiHandlers, keyof typeof payoutOperations & keyof ApiHandlers>;

/** The payout workflow's operations: each validates nothing more (the dispatcher did), calls one service method, returns. */
export function createPayoutHandlers(s: Services): PayoutHandlers {
  const w = s.payoutWorkflow;
  return {
    'payouts.get': (input) => w.drafts.detail(input.id),
    'payouts.createDraft': (input) => w.drafts.create(input),
    'payouts.updateDraft': ({ id, ...draft }) => w.drafts.update(id, draft),
    'payouts.deleteDraft': (input) => w.drafts.delete(input.id),

    'payouts.importTemplate': (input) => w.importer.template(input.connectionId),
    'payouts.importPreview': (input) => w.importer.preview(input.connectionId, input.content),
    'payouts.importCommit': (input) => w.importer.commit(input),

    'approvals.queue': (input) =>
      w.approvals.queue({ connectionId: input.connectionId, limit: input.limit, afterId: input.cursor ? Number(input.cursor) : undefined }),
    'approvals.summary': (input) => w.approvals.summary(input.ids),
    // Step-up: the passphrase again before anything is approved or sent, as bank portals do.
    'approvals.approve': async (input) => {
      await s.session.confirmPassphrase(input.passphrase);
      return w.approvals.approve(input.ids);
    },
    'approvals.reject': (input) => w.approvals.reject(input.ids, input.reason),

    'payouts.send': async (input) => {
      await s.session.confirmPassphrase(input.passphrase);
      return w.sender.send(input.ids);
    },
    'payouts.sendReadiness': (input) => w.sendReadiness(input.connectionIds),
    'payouts.reconcile': async (input) => ({ results: await w.reconcile(input.ids) }),
    'payouts.refreshStatus': (input) => w.refreshStatus(input.id),
    'payouts.timeline': (input) => w.timeline(input.id),
    'payouts.cancel': (input) => w.cancel(input.id),
    'payouts.checkPayee': (input) => w.checkPayee(input.id),
    'payouts.usePayeeName': (input) => w.usePayeeName(input.id),

    'payouts.redraft': (input) => w.drafts.redraft(input.id),
    'payouts.dismiss': (input) => w.drafts.dismiss(input.id, input.reason),

    'attention.list': (input) => w.attention(input.limit),

    'policy.get': () => w.policy(),
    'policy.update': (input) => w.updatePolicy(input),
  };
}
