import { useEffect, useState } from 'react';
import { Text } from '@mantine/core';
import type { PayoutDetail } from '@shared/contract';
import { ConfirmModal } from '../../../components/ConfirmModal';
import { RejectModal } from '../../../components/RejectModal';
import { SendConfirmModal } from '../../../components/send/SendConfirmModal';
import { formatAmount } from '../../../lib/formatAmount';
import { payeeOf } from '../../../components/payee';
import type { Overlay } from './PayoutBody';
import type { PayoutActionsState } from './usePayoutActions';
import { ReasonField } from '../../../components/ReasonField';

/** The confirmations the drawer's actions open above it: send, reject, cancel, delete. */
export function PayoutDialogs({
  detail,
  overlay,
  setOverlay,
  actions,
  providerLabel,
}: {
  detail: PayoutDetail;
  overlay: Overlay;
  setOverlay: (o: Overlay) => void;
  actions: PayoutActionsState;
  providerLabel: string;
}) {
  const id = detail.id;
  const close = () => {
    setOverlay(null);
    actions.clearOverlayError();
  };
  /** Cancel and delete confirm the same way: red, busy while the action runs, its error inside. */
  const confirmed = (which: 'cancel' | 'delete', name: string, run: (done: () => void) => Promise<void>) => ({
    opened: overlay === which,
    title:
      which === 'cancel'
        ? detail.providerDraft?.action === 'delete'
          ? `Delete this draft at ${providerLabel}?`
          : 'Cancel this payout?'
        : name,
    confirmLabel: name,
    confirmColor: 'red',
    busy: actions.busy === name,
    error: actions.overlayError,
    onConfirm: () => void run(() => setOverlay(null)),
    onClose: close,
  });
  return (
    <>
      <SendConfirmModal payouts={overlay === 'send' ? [detail] : null} onClose={() => setOverlay(null)} />
      <RejectModal
        ids={overlay === 'reject' ? [id] : null}
        onClose={() => setOverlay(null)}
        onDone={(result) => {
          setOverlay(null);
          actions.setNotice({ color: 'orange', title: 'Rejected', lines: result.results.map((r) => r.message) });
        }}
      />
      <ConfirmModal {...confirmed('cancel', 'Cancel payout', actions.cancel)} cancelLabel="Keep payout">
        <Text size="sm">
          {detail.providerDraft
            ? `Paydesk asks ${providerLabel} to ${detail.providerDraft.action === 'delete' ? 'delete' : 'cancel'} this draft of ${formatAmount(detail.amount.minor, detail.amount.currency)}, made at ${providerLabel}. It was never sent; nobody is paid by it.`
            : detail.remoteId
              ? `Paydesk asks ${providerLabel} to cancel ${formatAmount(detail.amount.minor, detail.amount.currency)} to ${payeeOf(detail) ?? 'the recipient'}. If the recipient has already been paid, ${providerLabel} refuses and nothing changes.`
              : `The approved payout of ${formatAmount(detail.amount.minor, detail.amount.currency)} is cancelled before it was sent; it will never be sent.`}
        </Text>
      </ConfirmModal>
      <ConfirmModal {...confirmed('delete', 'Delete draft', actions.remove)} cancelLabel="Keep draft">
        <Text size="sm">The draft is removed. It was never sent; the audit log keeps a record of it.</Text>
      </ConfirmModal>
      <DismissModal
        opened={overlay === 'dismiss'}
        busy={actions.busy === 'Dismiss'}
        error={actions.overlayError}
        onConfirm={(reason) => void actions.dismiss(reason, () => setOverlay(null))}
        onClose={close}
      />
    </>
  );
}

/** Dismiss a failed or returned payout from the Attention list, with the reason the bookkeeper dealt with it. */
function DismissModal({
  opened,
  busy,
  error,
  onConfirm,
  onClose,
}: {
  opened: boolean;
  busy: boolean;
  error: string | null;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}) {
  const [reason, setReason] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  useEffect(() => {
    if (!opened) setReason('');
  }, [opened]);
  const close = () => {
    setReason('');
    setFieldError(null);
    onClose();
  };
  return (
    <ConfirmModal
      opened={opened}
      title="Dismiss this payout?"
      confirmLabel="Dismiss"
      cancelLabel="Keep it listed"
      busy={busy}
      error={error}
      onConfirm={() => {
        if (!reason.trim()) setFieldError('Give a reason: it is recorded in the audit log.');
        else onConfirm(reason.trim());
      }}
      onClose={close}
      testId="dismiss-confirm"
    >
      <Text size="sm">
        The payout leaves the Attention list; it stays as it is, and nothing is sent. Say how it was dealt with (for example “paid by bank
        transfer”): the reason is recorded in the audit log with your name.
      </Text>
      <ReasonField value={reason} onChange={setReason} error={fieldError} onErrorCleared={() => setFieldError(null)} />
    </ConfirmModal>
  );
}
