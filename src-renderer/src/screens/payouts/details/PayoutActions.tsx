import type { ReactNode } from 'react';
import { Button, Group, List, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconBan, IconCheck, IconEdit, IconRefresh, IconSend, IconTrash, IconX, IconZoomCheck } from '@tabler/icons-react';
import type { PayoutActions as Actions, PayoutDetail } from '@shared/contract';
import { useConnections } from '../../../api/appData';
import { NotReadyNotice, notReadyReason } from '../../../components/send/NotReadyNotice';
import { useSendReadiness } from '../../../components/send/useSendReadiness';
import { usePayoutUi } from '../../../stores/payoutUiStore';
import type { Overlay } from './PayoutBody';
import type { PayoutActionsState } from './usePayoutActions';

const actionNames: Record<keyof Actions, string> = {
  edit: 'Edit',
  delete: 'Delete draft',
  approve: 'Approve',
  reject: 'Reject',
  send: 'Send',
  cancel: 'Cancel payout',
  check: 'Check again',
};

/** The buttons main offers for this payout now, and why the others are not offered. */
export function PayoutActions({
  detail,
  actions,
  onOpen,
}: {
  detail: PayoutDetail;
  actions: PayoutActionsState;
  onOpen: (overlay: Overlay) => void;
}) {
  const openEdit = usePayoutUi((s) => s.openEdit);
  const { connections } = useConnections();
  const a = detail.actions;
  const { busy } = actions;
  const sendPossible = a.send === true;
  const readiness = useSendReadiness(sendPossible ? [detail.connectionId] : []);
  const sendBlocked = sendPossible
    ? readiness.pending
      ? 'Checking that the provider answers…'
      : notReadyReason(readiness.notReady, connections)
    : null;
  const canRefresh = detail.send !== null;
  const unavailable = (Object.keys(actionNames) as Array<keyof Actions>)
    .filter((k) => a[k] !== true)
    .map((k) => ({ action: actionNames[k], reason: a[k] as string }));
  if (!canRefresh)
    unavailable.push({ action: 'Refresh status', reason: 'Paydesk did not send this payout; the next sync of its connection updates it.' });

  return (
    <Stack gap="xs">
      <Title order={5}>Actions</Title>
      <Group gap="xs" data-testid="payout-actions">
        {a.edit === true && (
          <Button variant="default" leftSection={<IconEdit size={16} />} onClick={() => openEdit(detail.id)} disabled={busy !== null}>
            Edit
          </Button>
        )}
        {a.approve === true && <RunButton name="Approve" icon={<IconCheck size={16} />} run={actions.approve} busy={busy} primary />}
        {a.reject === true && (
          <Button variant="default" color="red" leftSection={<IconX size={16} />} onClick={() => onOpen('reject')} disabled={busy !== null}>
            Reject
          </Button>
        )}
        {a.send === true && (
          <Tooltip label={sendBlocked ?? 'Send this payout to the provider'} multiline w={320}>
            <span>
              <Button
                color="green"
                leftSection={<IconSend size={16} />}
                onClick={() => onOpen('send')}
                disabled={busy !== null || sendBlocked !== null}
                data-testid="payout-send"
              >
                Send
              </Button>
            </span>
          </Tooltip>
        )}
        {a.check === true && <RunButton name="Check again" icon={<IconZoomCheck size={16} />} run={actions.check} busy={busy} />}
        {canRefresh && <RunButton name="Refresh status" icon={<IconRefresh size={16} />} run={actions.refresh} busy={busy} />}
        {a.cancel === true && (
          <Button variant="light" color="red" leftSection={<IconBan size={16} />} onClick={() => onOpen('cancel')} disabled={busy !== null}>
            Cancel payout
          </Button>
        )}
        {a.delete === true && (
          <Button
            variant="subtle"
            color="red"
            leftSection={<IconTrash size={16} />}
            onClick={() => onOpen('delete')}
            disabled={busy !== null}
          >
            Delete draft
          </Button>
        )}
      </Group>
      {sendPossible && readiness.notReady.length > 0 && <NotReadyNotice notReady={readiness.notReady} />}
      {unavailable.length > 0 && (
        <Stack gap={2} data-testid="payout-unavailable-actions">
          <Text size="xs" c="dimmed" fw={600}>
            Not offered now
          </Text>
          <List size="xs" c="dimmed" spacing={2}>
            {unavailable.map((u) => (
              <List.Item key={u.action} data-action={u.action}>
                <b>{u.action}</b>: {u.reason}
              </List.Item>
            ))}
          </List>
        </Stack>
      )}
    </Stack>
  );
}

/** An action that runs at once: the running one shows its loader, the others wait for it. */
function RunButton({
  name,
  icon,
  run,
  busy,
  primary = false,
}: {
  name: string;
  icon: ReactNode;
  run: () => Promise<void>;
  busy: string | null;
  primary?: boolean;
}) {
  return (
    <Button
      variant={primary ? 'filled' : 'default'}
      leftSection={icon}
      onClick={() => void run()}
      loading={busy === name}
      disabled={busy !== null && busy !== name}
    >
      {name}
    </Button>
  );
}
