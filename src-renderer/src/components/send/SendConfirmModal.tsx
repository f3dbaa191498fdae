import { useEffect, useMemo } from 'react';
import { useQueries } from '@tanstack/react-query';
import { Alert, Button, Group, List, Loader, Modal, Stack, Table, Text } from '@mantine/core';
import { IconAlertTriangle, IconCopy, IconInfoCircle } from '@tabler/icons-react';
import type { PayoutRow } from '@shared/contract';
import { call } from '../../api/client';
import { useProviders } from '../../api/providers';
import { apiKey, useApiMutation } from '../../api/queries';
import { errorMessage, fieldErrorOf } from '../../lib/errors';
import { formatAmount, totalsByCurrency } from '../../lib/formatAmount';
import { useInertBackground } from '../../lib/useInertBackground';
import { AmountTotals } from '../AmountTotals';
import { AmountCell, recipientText } from '../cells';
import { ErrorAlert } from '../ErrorAlert';
import { StepUpPassphrase, useStepUp } from '../StepUpPassphrase';
import { NotReadyNotice } from './NotReadyNotice';
import { SendResults } from './SendResults';
import { useSendReadiness } from './useSendReadiness';

const shownInConfirmation = 50;

/**
 * Payouts of the list that look like an earlier one (same recipient, amount, currency and campaign within the
 * duplicate window). payouts.sendReadiness does not say, so each listed payout's detail is read (the drawer's
 * cached answer where it is open).
 */
function useDuplicates(payouts: PayoutRow[]): Array<{ payout: PayoutRow; duplicateOf: string }> {
  const answers = useQueries({
    queries: payouts.map((p) => ({
      queryKey: apiKey('payouts.get', { id: p.id }),
      queryFn: () => call('payouts.get', { id: p.id }),
      staleTime: 30_000,
    })),
  });
  return payouts.flatMap((payout, i) => {
    const duplicateOf = answers[i]?.data?.possibleDuplicateOf;
    return duplicateOf ? [{ payout, duplicateOf }] : [];
  });
}

/**
 * The confirmation before money leaves ("Send N payouts", total per currency, confirm button "Send now"), then the
 * result of every payout, including what remains to do at providers whose API cannot finish the job.
 */
export function SendConfirmModal({ payouts, onClose }: { payouts: PayoutRow[] | null; onClose: () => void }) {
  const opened = payouts !== null && payouts.length > 0;
  useInertBackground(opened);
  const providers = useProviders();
  const send = useApiMutation('payouts.send', { invalidates: ['payouts'] });
  const stepUp = useStepUp();
  const list = useMemo(() => payouts ?? [], [payouts]);
  const readiness = useSendReadiness(opened ? list.map((p) => p.connectionId) : []);
  const { reset } = send;
  const resetStepUp = stepUp.reset;

  useEffect(() => {
    if (!opened) {
      reset();
      resetStepUp();
    }
  }, [opened, reset, resetStepUp]);

  const sendable = list.filter((p) => readiness.isReady(p.connectionId));
  const held = list.length - sendable.length;
  const totals = totalsByCurrency(sendable.map((p) => p.amount));
  const manualSteps = [...new Set(sendable.map((p) => p.provider))].flatMap((p) => {
    const step = providers.draftRules(p)?.manualStep;
    return step ? [{ provider: p, step }] : [];
  });
  const duplicates = useDuplicates(opened ? sendable.slice(0, shownInConfirmation) : []);
  const busy = send.isPending;
  const results = send.data?.results ?? null;
  const count = sendable.length;
  const title = results ? 'Send results' : `Send ${count} payout${count === 1 ? '' : 's'}`;
  const sendError = send.error && !fieldErrorOf(send.error, 'passphrase') ? errorMessage(send.error) : null;
  const confirm = () => {
    if (busy || readiness.pending || count === 0) return;
    send.reset();
    stepUp.run((passphrase) => send.mutateAsync({ ids: sendable.map((p) => p.id), passphrase })).catch(() => undefined);
  };

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
          <Table withTableBorder verticalSpacing={4} layout="fixed" data-testid="send-list">
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
                  <Table.Td ta="right" w={150}>
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
          {duplicates.length > 0 && (
            <Alert color="yellow" variant="light" icon={<IconCopy size={18} />} title="Possible duplicates" data-testid="send-duplicates">
              <List size="sm">
                {duplicates.map((d) => (
                  <List.Item key={d.payout.id}>
                    {recipientText(d.payout)} ({formatAmount(d.payout.amount.minor, d.payout.amount.currency)}): the same recipient, amount,
                    currency and campaign as {d.duplicateOf}.
                  </List.Item>
                ))}
              </List>
            </Alert>
          )}
          {count > 0 && !readiness.pending && (
            <StepUpPassphrase
              stepUp={stepUp}
              description="Money leaves when you confirm: sending asks for your passphrase again."
              onSubmit={confirm}
              disabled={busy}
            />
          )}
          {sendError && <ErrorAlert title="Could not send" message={sendError} />}
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
                onClick={confirm}
                loading={busy}
                disabled={readiness.pending || count === 0}
                leftSection={count === 0 && !readiness.pending ? <IconAlertTriangle size={16} /> : undefined}
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
