import type { ReactNode } from 'react';
import { Card, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { formatAmount } from '../../lib/formatAmount';
import classes from './OverviewScreen.module.css';

/** One count (and its totals per currency) that opens the screen where it can be acted on. */
export interface StatCardProps {
  testId: string;
  title: string;
  icon: ReactNode;
  color: string;
  count: number;
  totals?: Array<{ minor: number; currency: string }>;
  hint: string;
  onClick: () => void;
}

export function StatCard({ testId, title, icon, color, count, totals, hint, onClick }: StatCardProps) {
  return (
    <UnstyledButton
      onClick={onClick}
      className={classes.statCard}
      data-testid={testId}
      aria-label={`${title}: ${count.toLocaleString()}. ${hint}`}
    >
      <Card withBorder padding="md" h="100%">
        <Stack gap={6}>
          <Group gap={6} wrap="nowrap" c={`${color}.6`}>
            {icon}
            <Text size="sm" fw={600} c="dimmed">
              {title}
            </Text>
          </Group>
          <Text fz={28} fw={700} lh={1.1} data-testid="stat-count">
            {count.toLocaleString()}
          </Text>
          {totals && (
            <Stack gap={0} data-testid="stat-totals">
              {totals.length === 0 ? (
                <Text size="sm" c="dimmed">
                  Nothing pending
                </Text>
              ) : (
                totals.map((t) => (
                  <Text key={t.currency} size="sm" className={classes.amount}>
                    {formatAmount(t.minor, t.currency)}
                  </Text>
                ))
              )}
            </Stack>
          )}
          <Text size="xs" c="dimmed" mt="auto">
            {hint} →
          </Text>
        </Stack>
      </Card>
    </UnstyledButton>
  );
}
