import { Stack, Table, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { DailyAllowance } from '@shared/contract';
import { AmountText } from './AmountText';
import { IconAlert } from './IconAlert';

/** What is left of each daily cap these payouts touch today, and which ones this batch would go above. */
export function DailyAllowances({ allowances, when }: { allowances: DailyAllowance[]; when: 'approve' | 'send' }) {
  if (allowances.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="allowances-none">
        No daily send cap is set for these connections and currencies.
      </Text>
    );
  const over = allowances.filter((a) => !a.fits);
  return (
    <Stack gap={6} data-testid="allowances">
      <Text size="sm" fw={600}>
        Daily send caps today
      </Text>
      <Table withTableBorder verticalSpacing={4} layout="fixed" fz="sm" data-testid="allowances-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Cap</Table.Th>
            <Table.Th ta="right">Daily cap</Table.Th>
            <Table.Th ta="right">Sent today</Table.Th>
            <Table.Th ta="right">These payouts</Table.Th>
            <Table.Th ta="right">Left today</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {allowances.map((a) => (
            <Table.Tr
              key={`${a.scope}:${a.connectionId ?? ''}:${a.cap.currency}`}
              data-testid="allowance-row"
              data-scope={a.scope}
              data-fits={a.fits}
              c={a.fits ? undefined : 'red'}
            >
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{a.label}</Table.Td>
              <Table.Td ta="right">
                <AmountText amount={a.cap} />
              </Table.Td>
              <Table.Td ta="right">
                <AmountText amount={a.used} />
              </Table.Td>
              <Table.Td ta="right">
                <AmountText amount={a.selected} />
              </Table.Td>
              <Table.Td ta="right" data-testid="allowance-remaining">
                <AmountText amount={a.remaining} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {over.length > 0 && (
        <IconAlert color="orange" icon={IconAlertTriangle} title="Above a daily cap" testId="allowance-warning">
          These payouts would go above {over.map((a) => `${a.label} (${a.cap.currency})`).join(', ')} today.{' '}
          {when === 'approve'
            ? 'You can approve them; sending stops at the cap, and the rest can be sent another day or after an admin raises it.'
            : 'Payouts above the cap are not sent today.'}
        </IconAlert>
      )}
    </Stack>
  );
}
