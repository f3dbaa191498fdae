import { Button, Group, Stack, Table, Text } from '@mantine/core';
import type { PayoutRow, SendItemResult } from '@shared/contract';
import { formatAmount } from '../../lib/formatAmount';
import { recipientText } from '../cells';
import { StatusBadge } from '../StatusBadge';

/** What happened to every payout of a send, including what remains to do at the provider. */
export function SendResults({ results, payouts, onClose }: { results: SendItemResult[]; payouts: PayoutRow[]; onClose: () => void }) {
  const byId = new Map(payouts.map((p) => [p.id, p]));
  return (
    <Stack gap="md" data-testid="send-results">
      <Text size="sm">
        {results.length} payout{results.length === 1 ? '' : 's'} handled. Paydesk keeps following each one; statuses update on their own.
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
          {results.map((r) => (
            <SendResultRow key={r.id} result={r} payout={byId.get(r.id)} />
          ))}
        </Table.Tbody>
      </Table>
      <Group justify="flex-end">
        <Button onClick={onClose} data-autofocus>
          Close
        </Button>
      </Group>
    </Stack>
  );
}

function SendResultRow({ result, payout: p }: { result: SendItemResult; payout: PayoutRow | undefined }) {
  return (
    <Table.Tr data-testid="send-result" data-payout-id={result.id} data-status={result.status}>
      <Table.Td>
        <Text size="sm" fw={500} truncate="end">
          {p ? recipientText(p) : `#${result.id}`}
        </Text>
        {p && (
          <Text size="xs" c="dimmed">
            {formatAmount(p.amount.minor, p.amount.currency)} · {p.connectionLabel}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <StatusBadge status={result.status} providerStatus={null} />
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {result.message}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}
