import { useState } from 'react';
import type { BatchResult } from '@shared/contract';
import { useApiMutation } from '../../api/queries';
import { useStepUp } from '../../components/StepUpPassphrase';
import { errorMessage, fieldErrorOf } from '../../lib/errors';

/**
 * Approving, from the queue or from the drawer: main's summary of the selection first (totals, second approvals,
 * what cannot be approved and why, today's caps, look-alikes), then the approval with the passphrase again.
 */
export function useApproveFlow(onApproved: (result: BatchResult) => void) {
  const summarize = useApiMutation('approvals.summary');
  const approve = useApiMutation('approvals.approve', { invalidates: ['payouts'] });
  const stepUp = useStepUp();
  const [ids, setIds] = useState<number[]>([]);
  const summary = summarize.data ?? null;

  const ask = (selection: number[]) => {
    if (selection.length === 0) return;
    approve.reset();
    stepUp.reset();
    setIds(selection);
    summarize.mutate({ ids: selection });
  };

  const close = () => {
    summarize.reset();
    approve.reset();
    stepUp.reset();
  };

  const confirm = async () => {
    if (!summary) return;
    const blocked = new Set(summary.blocked.map((b) => b.id));
    approve.reset();
    try {
      const result = await stepUp.run((passphrase) => approve.mutateAsync({ ids: ids.filter((id) => !blocked.has(id)), passphrase }));
      if (!result) return;
      close();
      onApproved(result);
    } catch {
      // Shown in the confirmation.
    }
  };

  // A wrong passphrase is shown at its field; anything else above the buttons.
  const approveError = approve.error && !fieldErrorOf(approve.error, 'passphrase') ? errorMessage(approve.error) : null;
  return {
    ask,
    confirm,
    close,
    /** The payouts asked about (the summary's selection). */
    ids,
    summary,
    summarizing: summarize.isPending,
    summaryError: summarize.error,
    busy: approve.isPending,
    error: approveError,
    stepUp,
  };
}

export type ApproveFlow = ReturnType<typeof useApproveFlow>;
