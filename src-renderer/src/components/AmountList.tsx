import { Stack, Text } from '@mantine/core';
import { formatAmount } from '../lib/formatAmount';

/** A table cell's amounts, one line per currency (never added across currencies); a dash when there are none. */
export function AmountList({ amounts, testId }: { amounts: Array<{ minor: number; currency: string }>; testId?: string }) {
  if (amounts.length === 0)
    return (
      <Text size="sm" c="dimmed" span data-testid={testId}>
        —
      </Text>
    );
  return (
    <Stack gap={0} align="flex-end" data-testid={testId}>
      {amounts.map((a) => (
        <Text key={a.currency} size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
          {formatAmount(a.minor, a.currency)}
        </Text>
      ))}
    </Stack>
  );
}
