import type { ApiHandlers } from '../dispatcher';
import { AppError } from '../../errors';
import type { Services } from '../../services';
import { emitChanged } from '../../payouts/context';
import type { payoutOperations } from '@shared/contract/payouts';
import { attentionList } from '../../payouts/tracking';

type PayoutHandlers = Pick<ApiHandlers, keyof typeof payoutOperations & keyof ApiHandlers>;

/** Implements payoutOperations on top of the payout workflow services. Inputs arrive validated by the dispatcher. */
export function createPayoutHandlers(s: Services): PayoutHandlers {
  const w = s.payoutWorkflow;
  return {
    'payouts.get': (input) => w.drafts.detail(input.id),
    'payouts.createDraft': (input) => w.drafts.create(input),
    'payouts.updateDraft': (input) => {
      const { id, ...draft } = input;
      return w.drafts.update(id, draft);
    },
    'payouts.deleteDraft': (input) => w.drafts.delete(input.id),

    'payouts.importTemplate': (input) => w.importer.template(input.connectionId),
    'payouts.importPreview': (input) => w.importer.preview(input.connectionId, input.content),
    'payouts.importCommit': (input) => w.importer.commit(input),

    'approvals.queue': (input) =>
      w.approvals.queue({ connectionId: input.connectionId, limit: input.limit, afterId: input.cursor ? Number(input.cursor) : undefined }),
    'approvals.summary': (input) => w.approvals.summary(input.ids),
    'approvals.approve': (input) => w.approvals.approve(input.ids),
    'approvals.reject': (input) => w.approvals.reject(input.ids, input.reason),

    'payouts.send': (input) => w.sender.send(input.ids),
    'payouts.sendReadiness': (input) => w.sendReadiness(input.connectionIds),
    'payouts.reconcile': async (input) => {
      await w.ready();
      if (!input.ids) return { results: await w.sender.reconcileOpen(`check requested by ${s.actor()}`) };
      const results = [];
      for (const id of input.ids) {
        if (!w.ctx.repo.outbox(id)?.open) {
          const row = w.ctx.repo.get(id);
          results.push({
            id,
            status: row?.status ?? 'unknown',
            message: row ? 'Nothing to reconcile: the outcome is known.' : 'The payout no longer exists.',
          } as const);
          continue;
        }
        results.push(await w.sender.deliver(id, s.actor()));
      }
      emitChanged(w.ctx);
      return { results };
    },
    'payouts.refreshStatus': async (input) => {
      await w.ready();
      if (w.ctx.repo.outbox(input.id)?.open) await w.sender.deliver(input.id, s.actor());
      else await w.poller.refresh(input.id);
      return w.drafts.detail(input.id);
    },
    'payouts.timeline': (input) => {
      if (!w.ctx.repo.get(input.id)) throw new AppError('NOT_FOUND', 'The payout was not found.');
      return w.ctx.repo.timeline(input.id);
    },
    'payouts.cancel': async (input) => {
      await w.ready();
      await w.cancels.cancel(input.id);
      return w.drafts.detail(input.id);
    },

    'attention.list': (input) => attentionList(w.ctx, input.limit),

    'policy.get': () => w.ctx.policy.get(),
    'policy.update': (input) => {
      const actor = s.actor();
      const unknown = input.dailyCaps.find((c) => !s.connectionRepo.get(c.connectionId));
      if (unknown)
        throw new AppError('INVALID_INPUT', 'A daily cap names a connection that no longer exists.', { dailyCaps: 'Unknown connection.' });
      s.db.transaction(() => {
        const before = w.ctx.policy.get();
        w.ctx.policy.set(input);
        s.audit.append({ actor, action: 'policy.changed', subject: 'policy', details: { before, after: w.ctx.policy.get() } });
      })();
      s.events.emit('dataChanged', { scopes: ['settings', 'audit'] });
      return w.ctx.policy.get();
    },
  };
}
