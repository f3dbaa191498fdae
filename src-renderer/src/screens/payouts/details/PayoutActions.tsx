import { useState, type ReactNode } from 'react';
import { Button, Collapse, Group, List, Stack, Text, Title, Tooltip } from '@mantine/core';
import {
  IconBan,
  IconCheck,
  IconCopyPlus,
  IconEdit,
  IconEyeOff,
  IconUserCheck,
  IconSignature,
  IconRefresh,
  IconSend,
  IconTrash,
  IconX,
  IconZoomCheck,
} from '@tabler/icons-react';
import type { PayoutDetail } from '@shared/contract';
import { useConnections } from '../../../api/appData';
import { useProviders } from '../../../api/providers';
import { useOperator } from '../../../api/session';
import { DisclosureButton } from '../../../components/DisclosureButton';
import { NotReadyNotice, notReadyReason } from '../../../components/send/NotReadyNotice';
import { useSendReadiness } from '../../../components/send/useSendReadiness';
import { usePayoutUi } from '../../../stores/payoutUiStore';
import { actionAvailability, actionLabel, actionNames, actionOrder, whyNotLine, type ActionKey } from './actionSummary';
import type { Overlay } from './PayoutBody';
import type { PayoutActionsState } from './usePayoutActions';

const icons: Record<ActionKey, ReactNode> = {
  approve: <IconCheck size={16} />,
  send: <IconSend size={16} />,
  edit: <IconEdit size={16} />,
  redraft: <IconCopyPlus size={16} />,
  check: <IconZoomCheck size={16} />,
  refresh: <IconRefresh size={16} />,
  reject: <IconX size={16} />,
  cancel: <IconBan size={16} />,
  dismiss: <IconEyeOff size={16} />,
  delete: <IconTrash size={16} />,
  checkPayee: <IconUserCheck size={16} />,
  usePayeeName: <IconSignature size={16} />,
};

/** Only the actions possible now, for this operator; one line on why the next step is not, and the rest on request. */
export function PayoutActions({
  detail,
  actions,
  onOpen,
  onApprove,
}: {
  detail: PayoutDetail;
  actions: PayoutActionsState;
  onOpen: (overlay: Overlay) => void;
  onApprove: () => void;
}) {
  const openEdit = usePayoutUi((s) => s.openEdit);
  const operator = useOperator();
  const { connections } = useConnections();
  const providers = useProviders();
  const [showAll, setShowAll] = useState(false);
  const availability = actionAvailability(detail, operator);
  const { busy } = actions;
  const sendPossible = availability.send === true;
  const readiness = useSendReadiness(sendPossible ? [detail.connectionId] : []);
  const sendBlocked = sendPossible
    ? readiness.pending
      ? 'Checking that the provider answers…'
      : notReadyReason(readiness.notReady, connections)
    : null;
  const possible = actionOrder.filter((k) => availability[k] === true);
  const unavailable = actionOrder.filter((k) => availability[k] !== true);
  const line = whyNotLine(detail.status, availability);

  const run: Record<ActionKey, () => void> = {
    approve: onApprove,
    send: () => onOpen('send'),
    edit: () => openEdit(detail.id),
    redraft: () => void actions.redraft(),
    check: () => void actions.check(),
    refresh: () => void actions.refresh(),
    reject: () => onOpen('reject'),
    cancel: () => onOpen('cancel'),
    dismiss: () => onOpen('dismiss'),
    delete: () => onOpen('delete'),
    checkPayee: () => void actions.checkPayee(),
    usePayeeName: () => void actions.usePayeeName(),
  };
  const style: Partial<Record<ActionKey, { variant: string; color?: string }>> = {
    approve: { variant: 'filled' },
    send: { variant: 'filled', color: 'green' },
    redraft: { variant: 'filled' },
    reject: { variant: 'default', color: 'red' },
    cancel: { variant: 'light', color: 'red' },
    delete: { variant: 'subtle', color: 'red' },
  };

  return (
    <Stack gap="xs">
      <Title order={5}>Actions</Title>
      {possible.length > 0 && (
        <Group gap="xs" data-testid="payout-actions">
          {possible.map((key) => {
            const button = (
              <Button
                key={key}
                variant={style[key]?.variant ?? 'default'}
                color={style[key]?.color}
                leftSection={icons[key]}
                onClick={run[key]}
                loading={busy === actionNames[key]}
                disabled={(busy !== null && busy !== actionNames[key]) || (key === 'send' && sendBlocked !== null)}
                data-testid={`payout-${key}`}
              >
                {actionLabel(key, detail, providers.name(detail.provider))}
              </Button>
            );
            return key === 'send' ? (
              <Tooltip key={key} label={sendBlocked ?? 'Send this payout to the provider'} multiline w={320}>
                <span>{button}</span>
              </Tooltip>
            ) : (
              button
            );
          })}
        </Group>
      )}
      {sendPossible && readiness.notReady.length > 0 && <NotReadyNotice notReady={readiness.notReady} />}
      {detail.providerDraft ? (
        // Every other action has the same reason: the draft is the provider's. One line says so, nothing more.
        <Text size="sm" c="dimmed" data-testid="payout-why-not" data-action="provider-draft">
          {detail.providerDraft.line}
        </Text>
      ) : (
        line && (
          <Text size="sm" c="dimmed" data-testid="payout-why-not" data-action={line.action}>
            {possible.length === 0 ? 'Nothing can be done here now. ' : ''}
            <b>{actionNames[line.action]}</b>: {line.reason}
          </Text>
        )
      )}
      {!detail.providerDraft && unavailable.length > 1 && (
        <>
          <DisclosureButton
            color="gray"
            w="fit-content"
            expanded={showAll}
            onToggle={() => setShowAll((v) => !v)}
            testId="payout-why-not-toggle"
          >
            Why the other actions are not offered ({unavailable.length})
          </DisclosureButton>
          <Collapse expanded={showAll} keepMounted={false}>
            <List size="xs" c="dimmed" spacing={2} data-testid="payout-unavailable-actions">
              {unavailable.map((k) => (
                <List.Item key={k} data-action={k}>
                  <b>{actionNames[k]}</b>: {availability[k]}
                </List.Item>
              ))}
            </List>
          </Collapse>
        </>
      )}
    </Stack>
  );
}
