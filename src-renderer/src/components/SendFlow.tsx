import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Group, List, Loader, Modal, Stack, Table, Text } from '@mantine/core';
import { IconAlertTriangle, IconInfoCircle, IconPlugConnectedX } from '@tabler/icons-react';
import { type PayoutRow, type SendItemResult } from '@shared/contract';
import { providerName } from '../stores/appStore';
import { api } from '../api/client';
import { errorMessage } from '../lib/errors';
import { formatAmount, totalsByCurrency } from '../lib/formatAmount';
import { useInertBackground } from '../lib/useInertBackground';
import { offlineSendMessage, useOnline } from '../lib/useOnline';
import { connectionLabel, useAppStore } from '../stores/appStore';
import { useWorkflowStore } from '../stores/workflowStore';
import { AmountTotals } from './AmountTotals';
import { ErrorAlert } from './ErrorAlert';
import { StatusBadge } from './StatusBadge';

const shownInConfirmation = 50;

export const recipientText = (p: Pick<PayoutRow, 'creatorName' | 'creatorEmail' | 'creatorHandle'>) =>
  p.creatorName ?? p.creatorEmail ?? p.creatorHandle ?? '—';

/** Whether the payouts' connections answer now: Send is offered only then, with the reason otherwise. */
export function useSendReadiness(connectionIds: string[]) {
  const readiness = useWorkflowStore((s) => s.readiness);
  const checking = useWorkflowStore((s) => s.checking);
  const checkReadiness = useWorkflowStore((s) => s.checkReadiness);
  const online = useOnline();
  const key = [...new Set(connectionIds)].sort().join(',');
  useEffect(() => {
    if (key && online) void checkReadiness(key.split(','));
  }, [key, checkReadiness, online]);
  const ids = key ? key.split(',') : [];
  // Offline: nothing can reach a provider, so sending is off without asking main.
  if (!online) {
    return {
      pending: false,
      notReady: ids.map((connectionId) => ({ connectionId, ready: false, message: offlineSendMessage, checkedAt: 0 })),
      isReady: () => false,
      recheck: () => undefined,
    };
  }
  const pending = ids.some((id) => checking[id] || !readiness[id]);
  const notReady = ids.map((id) => readiness[id]).filter((r) => r && !r.ready) as Array<NonNullable<(typeof readiness)[string]>>;
  return {
    pending,
    notReady,
    isReady: (connectionId: string) => readiness[connectionId]?.ready === true,
    recheck: () => void checkReadiness(ids, true),
  };
}

/** Visible text for connections that cannot send now (the same reason is in the Send button's tooltip). */
export function NotReadyNotice({ notReady }: { notReady: Array<{ connectionId: string; message: string }> }) {
  const connections = useAppStore((s) => s.connections);
  if (notReady.length === 0) return null;
  return (
    <Alert
      color="orange"
      variant="light"
      icon={<IconPlugConnectedX size={18} />}
      title="Sending is not possible right now"
      data-testid="send-not-ready"
    >
      <List size="sm" spacing={2}>
        {notReady.map((r) => (
          <List.Item key={r.connectionId}>
            <b>{connectionLabel(connections, r.connectionId)}</b>: {r.message}
          </List.Item>
        ))}
      </List>
      {!notReady.some((r) => /approving still work/i.test(r.message)) && (
        <Text size="sm" mt={4}>
          Drafting and approving still work.
        </Text>
      )}
    </Alert>
  );
}

export function notReadyReason(
  notReady: Array<{ connectionId: string; message: string }>,
  connections: Array<{ id: string; label: string }>,
): string | null {
  if (notReady.length === 0) return null;
  return notReady.map((r) => `${connections.find((c) => c.id === r.connectionId)?.label ?? r.connectionId}: ${r.message}`).join(' ');
}

/**
 * The confirmation before money leaves ("Send N payouts", total per currency, confirm button "Send now"), then the
 * result of every payout, including what remains to do at providers whose API cannot finish the job.
 */
export function SendConfirmModal({ payouts, onClose }: { payouts: PayoutRow[] | null; onClose: () => void }) {
  const opened = payouts !== null && payouts.length > 0;
  useInertBackground(opened);
  const formRules = useWorkflowStore((s) => s.formRules);
  const loadFormRules = useWorkflowStore((s) => s.loadFormRules);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [results, setResults] = useState<SendItemResult[] | null>(null);
  const list = useMemo(() => payouts ?? [], [payouts]);
  const readiness = useSendReadiness(opened ? list.map((p) => p.connectionId) : []);

  useEffect(() => {
    if (opened) void loadFormRules();
  }, [opened, loadFormRules]);

  useEffect(() => {
    if (!opened) {
      setResults(null);
      setError(null);
      setBusy(false);
    }
  }, [opened]);

  const sendable = list.filter((p) => readiness.isReady(p.connectionId));
  const held = list.length - sendable.length;
  const totals = totalsByCurrency(sendable.map((p) => p.amount));
  const providers = [...new Set(sendable.map((p) => p.provider))];
  const manualSteps = providers.flatMap((p) => (formRules?.[p]?.manualStep ? [{ provider: p, step: formRules[p].manualStep! }] : []));
  const byId = new Map(list.map((p) => [p.id, p]));

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await api.call('payouts.send', { ids: sendable.map((p) => p.id) });
      setResults(result.results);
    } catch (e) {
      useAppStore.getState().noteError(e);
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const count = sendable.length;
  const title = results ? 'Send results' : `Send ${count} payout${count === 1 ? '' : 's'}`;

  return (
    <Modal opened={opened} onClose={() => !busy && onClose()} title={title} size="xl" zIndex={400} closeOnClickOutside={false}>
      {results ? (
        <Stack gap="md" data-testid="send-results">
          <Text size="sm">
            {results.length} payout{results.length === 1 ? '' : 's'} handled. Paydesk keeps following each one; statuses update on their
            own.
          </Text>
          <Table withTableBorder verticalSpacing="xs" layout="fixed">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={200}>Payout</Table.Th>
                <Table.Th w={130}>Status</Table.Th>
                <Table.Th>What happened</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {results.map((r) => {
                const p = byId.get(r.id);
                return (
                  <Table.Tr key={r.id} data-testid="send-result" data-payout-id={r.id} data-status={r.status}>
                    <Table.Td>
                      <Text size="sm" fw={500} truncate="end">
                        {p ? recipientText(p) : `#${r.id}`}
                      </Text>
                      {p && (
                        <Text size="xs" c="dimmed">
                          {formatAmount(p.amount.minor, p.amount.currency)} · {p.connectionLabel}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge status={r.status} providerStatus={null} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                        {r.message}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
          <Group justify="flex-end">
            <Button onClick={onClose} data-autofocus>
              Close
            </Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap="md" data-testid="send-confirm">
          <Text size="sm">
            Money leaves when you confirm. Each payout is sent once, with its Paydesk reference; an unclear answer is checked by that
            reference, never by sending again.
          </Text>
          {readiness.pending ? (
            <Group gap="xs" role="status">
              <Loader size="xs" />
              <Text size="sm">Checking that the providers answer…</Text>
            </Group>
          ) : (
            <>
              <NotReadyNotice notReady={readiness.notReady} />
              {held > 0 && (
                <Text size="sm" c="orange">
                  {held} payout{held === 1 ? '' : 's'} of offline connections will not be sent now.
                </Text>
              )}
            </>
          )}
          <AmountTotals totals={totals} testId="send-totals" />
          <Table withTableBorder verticalSpacing={4} layout="fixed">
            <Table.Tbody>
              {sendable.slice(0, shownInConfirmation).map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>
                    <Text size="sm" truncate="end">
                      {recipientText(p)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" truncate="end">
                      {p.connectionLabel} ({providerName(p.provider)})
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right" w={140}>
                    <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
                      {formatAmount(p.amount.minor, p.amount.currency)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {sendable.length > shownInConfirmation && (
            <Text size="sm" c="dimmed">
              …and {sendable.length - shownInConfirmation} more.
            </Text>
          )}
          {manualSteps.map((m) => (
            <Alert
              key={m.provider}
              color="blue"
              variant="light"
              icon={<IconInfoCircle size={18} />}
              title={`${providerName(m.provider)}: a step remains at the provider`}
            >
              <Text size="sm">{m.step}</Text>
            </Alert>
          ))}
          {error && <ErrorAlert title="Could not send" message={error} />}
          <Group justify="space-between">
            {readiness.notReady.length > 0 ? (
              <Button variant="subtle" onClick={readiness.recheck} disabled={busy}>
                Check connections again
              </Button>
            ) : (
              <span />
            )}
            <Group gap="xs">
              <Button variant="default" onClick={onClose} disabled={busy}>
                Go back
              </Button>
              <Button
                color="green"
                onClick={() => void confirm()}
                loading={busy}
                disabled={readiness.pending || count === 0}
                leftSection={count === 0 && !readiness.pending ? <IconAlertTriangle size={16} /> : undefined}
                data-autofocus
              >
                Send now
              </Button>
            </Group>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
