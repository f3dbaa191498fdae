import { List, Text } from '@mantine/core';
import type { Connection } from '@shared/contract';
import { useProviders } from '../../api/providers';
import { useApiMutation } from '../../api/queries';
import { ConfirmModal } from '../../components/ConfirmModal';
import { errorMessage } from '../../lib/errors';

/** "Archive connection?": history stays readable; syncing, sending and the keychain secret end; nothing changes at the provider. */
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
      title="Archive this connection?"
      confirmLabel="Archive"
      confirmColor="red"
      cancelLabel="Cancel"
      busy={remove.isPending}
      error={remove.error ? errorMessage(remove.error) : null}
      onConfirm={() => connection && remove.mutate({ id: connection.id }, { onSuccess: () => onRemoved(connection) })}
      onClose={close}
      testId="archive-connection"
    >
      {connection && (
        <>
          <Text size="sm">
            Archive “{connection.label}” ({providers.name(connection.provider)})?
          </Text>
          <List size="sm" spacing={4}>
            <List.Item>
              <b>History stays:</b> its payouts, creators, campaigns and audit events remain readable and exportable, marked as archived.
            </List.Item>
            <List.Item>It is no longer synced, and nothing can be sent through it.</List.Item>
            {!connection.isDemo && <List.Item>Its secret is deleted from the system keychain.</List.Item>}
            <List.Item>Nothing changes at {providers.name(connection.provider)}.</List.Item>
          </List>
          <Text size="xs" c="dimmed">
            Deleting the cached data for good is a separate step an admin can take afterwards, for connections Paydesk never sent through.
          </Text>
        </>
      )}
    </ConfirmModal>
  );
}
