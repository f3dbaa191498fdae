import { useState } from 'react';
import type { SendItemResult } from '@shared/contract';
import { useApiMutation } from '../../../api/queries';
import { statusLabels } from '../../../components/StatusBadge';
import { errorMessage } from '../../../lib/errors';

export type Notice = { color: 'green' | 'red' | 'blue' | 'orange'; title: string; lines: string[] };

const resultLines = (results: SendItemResult[]) => results.map((r) => `${statusLabels[r.status]}: ${r.message}`);

/** The drawer's actions on one payout: each runs once at a time and ends in a notice saying what happened. */
export function usePayoutActions(id: number, onDeleted: () => void, onRedrafted: (newId: number) => void) {
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [overlayError, setOverlayError] = useState<string | null>(null);
  const changes = { invalidates: ['payouts' as const] };
  const redraftCall = useApiMutation('payouts.redraft', changes);
  const dismissCall = useApiMutation('payouts.dismiss', changes);
  const reconcileCall = useApiMutation('payouts.reconcile', changes);
  const refreshCall = useApiMutation('payouts.refreshStatus', changes);
  const cancelCall = useApiMutation('payouts.cancel', changes);
  const deleteCall = useApiMutation('payouts.deleteDraft', changes);
  const checkPayeeCall = useApiMutation('payouts.checkPayee', changes);
  const usePayeeNameCall = useApiMutation('payouts.usePayeeName', changes);

  const run = async (name: string, task: () => Promise<Notice | null>) => {
    setBusy(name);
    setNotice(null);
    try {
      const result = await task();
      if (result) setNotice(result);
    } catch (e) {
      setNotice({ color: 'red', title: `${name} did not work`, lines: [errorMessage(e)] });
    } finally {
      setBusy(null);
    }
  };

  /** Actions confirmed in a dialog: their error stays in the dialog. */
  const confirmed = async (name: string, task: () => Promise<void>) => {
    setBusy(name);
    setOverlayError(null);
    try {
      await task();
    } catch (e) {
      setOverlayError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  return {
    busy,
    notice,
    setNotice,
    overlayError,
    clearOverlayError: () => setOverlayError(null),
    /** The same payout as a new draft with a new reference, linked to this one; the drawer moves on to the new draft. */
    redraft: () =>
      run('Draft again', async () => {
        const draft = await redraftCall.mutateAsync({ id });
        onRedrafted(draft.id);
        return null;
      }),
    dismiss: (reason: string, onDone: () => void) =>
      confirmed('Dismiss', async () => {
        const d = await dismissCall.mutateAsync({ id, reason });
        onDone();
        setNotice({
          color: 'green',
          title: 'Dismissed',
          lines: [`Off the Attention list: ${d.dismissed?.reason ?? reason}. The payout itself stays as it was.`],
        });
      }),
    check: () =>
      run('Check again', async () => {
        const { results } = await reconcileCall.mutateAsync({ ids: [id] });
        return { color: 'blue', title: 'Checked with the provider', lines: resultLines(results) };
      }),
    refresh: () =>
      run('Refresh status', async () => {
        const d = await refreshCall.mutateAsync({ id });
        return {
          color: 'blue',
          title: 'Status read from the provider',
          lines: [`${statusLabels[d.status]}${d.providerStatus ? ` (provider: ${d.providerStatus})` : ''}.`],
        };
      }),
    /** Ask the provider again whether the account belongs to the payee's name. */
    checkPayee: () =>
      run('Check payee', async () => {
        const d = await checkPayeeCall.mutateAsync({ id });
        const check = d.payeeCheck;
        return {
          color: check?.effect === 'block' ? 'red' : check?.effect === 'warn' ? 'orange' : 'green',
          title: 'Payee checked',
          lines: [check?.message ?? 'The provider gave no answer to the payee check.'],
        };
      }),
    /** The bank's own spelling of the payee's name (a close match) goes on the draft; its approvals start over. */
    usePayeeName: () =>
      run("Use the bank's name", async () => {
        const d = await usePayeeNameCall.mutateAsync({ id });
        return {
          color: 'green',
          title: 'Name updated',
          lines: [
            `The draft now pays ${d.recipient?.bank?.accountHolderName ?? d.recipient?.name ?? 'the name the bank holds'}; its approvals start over.`,
          ],
        };
      }),
    cancel: (onDone: () => void) =>
      confirmed('Cancel payout', async () => {
        const d = await cancelCall.mutateAsync({ id, confirm: true });
        onDone();
        setNotice({
          color: d.status === 'cancelled' ? 'green' : 'blue',
          title: d.status === 'cancelled' ? 'Payout cancelled' : 'Cancel requested',
          lines: [d.statusMessage ?? `The payout is ${statusLabels[d.status].toLowerCase()}.`],
        });
      }),
    remove: (onDone: () => void) =>
      confirmed('Delete draft', async () => {
        await deleteCall.mutateAsync({ id });
        onDone();
        onDeleted();
      }),
  };
}

export type PayoutActionsState = ReturnType<typeof usePayoutActions>;
