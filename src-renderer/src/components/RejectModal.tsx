import { useState } from 'react';
import { Text } from '@mantine/core';
import type { BatchResult } from '@shared/contract';
import { useApiMutation } from '../api/queries';
import { errorMessage, fieldErrorOf } from '../lib/errors';
import { ConfirmModal } from './ConfirmModal';
import { ReasonField } from './ReasonField';

/** Reject one payout or a selection; a reason is required and recorded with the operator. */
export function RejectModal({
  ids,
  onClose,
  onDone,
}: {
  ids: number[] | null;
  onClose: () => void;
  onDone: (result: BatchResult) => void;
}) {
  const [reason, setReason] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reject = useApiMutation('approvals.reject', { invalidates: ['payouts'] });
  const count = ids?.length ?? 0;

  const close = () => {
    setReason('');
    setFieldError(null);
    setError(null);
    onClose();
  };

  const confirm = () => {
    if (!ids) return;
    if (!reason.trim()) {
      setFieldError('Give a reason for the rejection.');
      return;
    }
    setError(null);
    reject.mutate(
      { ids, reason: reason.trim() },
      {
        onSuccess: (result) => {
          setReason('');
          onDone(result);
        },
        // A reason main refused is shown at the field; anything else above the buttons.
        onError: (e) => (fieldErrorOf(e, 'reason') ? setFieldError(fieldErrorOf(e, 'reason')!) : setError(errorMessage(e))),
      },
    );
  };

  return (
    <ConfirmModal
      opened={ids !== null}
      title={count === 1 ? 'Reject payout' : `Reject ${count} payouts`}
      confirmLabel="Reject"
      confirmColor="red"
      busy={reject.isPending}
      error={error}
      onConfirm={confirm}
      onClose={close}
    >
      <Text size="sm">
        {count === 1 ? 'The payout' : `The ${count} payouts`} will be marked rejected and never sent. The reason is recorded in the audit
        log with your name.
      </Text>
      <ReasonField value={reason} onChange={setReason} error={fieldError} onErrorCleared={() => setFieldError(null)} />
    </ConfirmModal>
  );
}
