import type { ReactNode } from 'react';
import { Button, Group, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { formatTotals, totalsByCurrency } from '../../lib/formatAmount';

/** "3 selected · €120.00" (or how many are listed), Reload, and the tab's batch actions. */
export function SelectionBar({
  testId,
  selected,
  listed,
  onReload,
  reloading,
  children,
}: {
  testId: string;
  selected: Array<{ amount: { minor: number; currency: string } }>;
  /** What the tab lists when nothing is selected, e.g. "12+ approved". */
  listed: string;
  onReload: () => void;
  reloading: boolean;
  children: ReactNode;
}) {
  return (
    <Group justify="space-between" wrap="wrap">
      <Text size="sm" c="dimmed" role="status" data-testid={testId}>
        {selected.length ? `${selected.length} selected · ${formatTotals(totalsByCurrency(selected.map((s) => s.amount)))}` : listed}
      </Text>
      <Group gap="xs">
        <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={onReload} aria-busy={reloading}>
          Reload
        </Button>
        {children}
      </Group>
    </Group>
  );
}
