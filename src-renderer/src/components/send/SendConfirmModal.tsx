import { useEffect, useMemo } from 'react';
import { Alert, Button, Group, Loader, Modal, Stack, Table, Text } from '@mantine/core';
import { IconAlertTriangle, IconInfoCircle } from '@tabler/icons-react';
import type { PayoutRow } from '@shared/contract';
import { useProviders } from '../../api/providers';
import { useApiMutation } from '../../api/queries';
import { errorMessage } from '../../lib/errors';
import { totalsByCurrency } from '../../lib/formatAmount';
import { useInertBackground } from '../../lib/useInertBackground';
import { AmountTotals } from '../AmountTotals';
import { AmountCell, recipientText } from '../cells';
import { ErrorAlert } from '../ErrorAlert';
import { NotReadyNotice } from './NotReadyNotice';
import { SendResults } from './SendResults';
import { useSendReadiness } from './useSendReadiness';

const shownInConfirmation = 50;

/**
 * The confirmation before money leaves ("Send N payouts", total per currency, confirm button "Send now"), then the
 * result of every payout, including what remains to do at providers whose API cannot finish the job.
 */
export function SendConfirmModal({ payouts, onClose }: { payouts: PayoutRow[] | null; onClose: () => void }) {
  const opened = payouts !== null && payouts.length > 0;
  useInertBackground(opened);
  const providers = useProviders();
  const send = useApiMutation('payouts.send', { invalidates: ['payouts'] });
  const list = useMemo(() => payouts ?? [], [payouts]);
  const readiness = useSendReadiness(opened ? list.map((p) => p.connectionId) : []);
  const { reset } = send;

  useEffect(() => {
    if (!opened) reset();
  }, [opened, reset]);

  const sendable = list.filter((p) => readiness.isReady(p.connectionId));
  const held = list.length - sendable.length;
  const totals = totalsByCurrency(sendable.map((p) => p.amount));
  const manualSteps = [...new Set(sendable.map((p) => p.provider))].flatMap((p) => {
    const step = providers.draftRules(p)?.manualStep;
    return step ? [{ provider: p, step }] : [];
  });
  const busy = send.isPending;
  const results = send.data?.results ?? null;
  const count = sendable.length;
  const title = results ? 'Send results' : `Send ${count} payout${count === 1 ? '' : 's'}`;

  return (
    <Modal opened={opened} onClose={() => !busy && onClose()} title={title} size="xl" zIndex={400} closeOnClickOutside={false}>
      {results ? (
        <SendResults results={results} payouts={list} onClose={onClose} />
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
                      {p.connectionLabel} ({providers.name(p.provider)})
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right" w={140}>
                    <AmountCell amount={p.amount} />
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
              title={`${providers.name(m.provider)}: a step remains at the provider`}
            >
              <Text size="sm">{m.step}</Text>
            </Alert>
          ))}
          {send.error && <ErrorAlert title="Could not send" message={errorMessage(send.error)} />}
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
                onClick={() => send.mutate({ ids: sendable.map((p) => p.id) })}
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
