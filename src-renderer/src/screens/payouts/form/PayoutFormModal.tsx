import { Button, Group, Modal, Skeleton, Stack, Text } from '@mantine/core';
import { useConnections } from '../../../api/appData';
import { useApiQuery } from '../../../api/queries';
import { QueryState } from '../../../components/QueryState';
import { useInertBackground } from '../../../lib/useInertBackground';
import { useNavigation } from '../../../stores/navigationStore';
import { usePayoutUi } from '../../../stores/payoutUiStore';
import { DraftForm } from './DraftForm';

/** New payout / edit draft, rendered once by the app shell and opened through usePayoutUi. */
export function PayoutFormModal() {
  const form = usePayoutUi((s) => s.form);
  const closeForm = usePayoutUi((s) => s.closeForm);
  useInertBackground(form.opened);
  // Typing in the form should not be lost to a stray click; Escape and the buttons still close it.
  return (
    <Modal
      opened={form.opened}
      onClose={closeForm}
      title={form.editId === null ? 'New payout' : 'Edit draft'}
      size="lg"
      closeOnClickOutside={false}
    >
      {form.opened && <PayoutForm key={form.editId ?? 'new'} editId={form.editId} onClose={closeForm} />}
    </Modal>
  );
}

const loading = (
  <Stack gap="sm" aria-busy="true" aria-label="Loading">
    <Skeleton height={36} />
    <Skeleton height={36} />
    <Skeleton height={36} />
  </Stack>
);

function PayoutForm({ editId, onClose }: { editId: number | null; onClose: () => void }) {
  const connections = useConnections();
  const navigate = useNavigation((s) => s.navigate);
  const editing = useApiQuery('payouts.get', { id: editId ?? 0 }, { enabled: editId !== null });
  if (editId !== null)
    return (
      // The draft's mode is read from its connection's rules, so the connections must be there too.
      <QueryState
        query={{ data: connections.data && editing.data, error: editing.error ?? connections.error, refetch: editing.refetch }}
        what="the draft"
        loading={loading}
      >
        {(detail) => <DraftForm editing={detail} onClose={onClose} />}
      </QueryState>
    );
  return (
    <QueryState
      // Archived connections take no new payouts.
      query={{ ...connections, data: connections.data?.filter((c) => !c.archivedAt) }}
      what="the connections"
      loading={loading}
      empty={
        <Stack>
          <Text>Payouts are drafted for a connection. Add one first, or create the demo workspace.</Text>
          <Group justify="flex-end">
            <Button
              onClick={() => {
                onClose();
                navigate('connections', { kind: 'addConnection' });
              }}
            >
              Add a connection
            </Button>
          </Group>
        </Stack>
      }
    >
      {() => <DraftForm editing={null} onClose={onClose} />}
    </QueryState>
  );
}
