import { Text } from '@mantine/core';
import type { Connection } from '@shared/contract';
import { useProviders } from '../../api/providers';
import { useApiMutation } from '../../api/queries';
import { ConfirmModal } from '../../components/ConfirmModal';
import { errorMessage } from '../../lib/errors';

/** "Remove connection?": forgets the connection and its keychain secret; nothing changes at the provider. */
export function RemoveConnectionModal({
  connection,
  onClose,
  onRemoved,
}: {
  connection: Connection | null;
  onClose: () => void;
  onRemoved: (c: Connection) => void;
}) {
  const providers = useProviders();
  const remove = useApiMutation('connections.remove', { invalidates: ['connections', 'payouts', 'creators', 'campaigns'] });
  const close = () => {
    remove.reset();
    onClose();
  };
  return (
    <ConfirmModal
      opened={connection !== null}
      title="Remove connection?"
      confirmLabel="Remove"
      confirmColor="red"
      cancelLabel="Cancel"
      busy={remove.isPending}
      error={remove.error ? errorMessage(remove.error) : null}
      onConfirm={() => connection && remove.mutate({ id: connection.id }, { onSuccess: () => onRemoved(connection) })}
      onClose={close}
    >
      {connection && (
        <Text>
          Remove “{connection.label}” ({providers.name(connection.provider)})? Paydesk forgets this connection and deletes its secret from
          the keychain. Nothing changes at the provider.
        </Text>
      )}
    </ConfirmModal>
  );
}
