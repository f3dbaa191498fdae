import { Group, Stack, Text } from '@mantine/core';
import { formatAmount } from '../lib/formatAmount';

/** Total per currency, one line each; currencies are never added together. */
export function AmountTotals({
  totals,
  testId = 'totals',
}: {
  totals: Array<{ minor: number | bigint; currency: string }>;
  testId?: string;
}) {
  if (totals.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No amounts.
      </Text>
    );
  return (
    <Stack gap={2} data-testid={testId}>
      {totals.map((t) => (
        <Group key={t.currency} gap="xs" justify="space-between" maw={320} data-testid="total-line" data-currency={t.currency}>
          <Text size="sm" c="dimmed">
            Total {t.currency}
          </Text>
          <Text size="sm" fw={600} style={{ fontVariantNumeric: 'tabular-nums' }}>
            {formatAmount(t.minor, t.currency)}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}
