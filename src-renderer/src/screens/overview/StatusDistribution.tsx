import { Card, Group, SimpleGrid, Text, Title, UnstyledButton } from '@mantine/core';
import { DonutChart } from '@mantine/charts';
import type { Overview, PayoutStatus } from '@shared/contract';
import { statusColors, statusLabels } from '../../components/StatusBadge';
import classes from './OverviewScreen.module.css';

/** Mantine colour per status for the donut ("dark" would vanish on the dark theme's background). */
const chartColor = (status: PayoutStatus) => (statusColors[status] === 'dark' ? 'gray.8' : `${statusColors[status]}.6`);

export function StatusDistribution({ overview, onOpen }: { overview: Overview; onOpen: (status: PayoutStatus) => void }) {
  const data = overview.statusCounts
    .filter((s) => s.count > 0)
    .map((s) => ({ name: statusLabels[s.status].replace(/ —.*$/, ''), value: s.count, color: chartColor(s.status) }));
  return (
    <Card withBorder padding="md" data-testid="status-distribution">
      <Title order={4} mb="sm">
        Status distribution
      </Title>
      <Group align="center" gap="xl" wrap="wrap">
        <DonutChart
          data={data}
          size={170}
          thickness={26}
          withTooltip
          tooltipDataSource="segment"
          chartLabel={overview.payoutCount.toLocaleString()}
          aria-label="Payouts by status"
        />
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing={4} verticalSpacing={4} style={{ flex: 1, minWidth: 260 }}>
          {overview.statusCounts.map((s) => (
            <UnstyledButton
              key={s.status}
              onClick={() => onOpen(s.status)}
              className={classes.legendItem}
              data-testid="status-count"
              data-status={s.status}
              aria-label={`${statusLabels[s.status]}: ${s.count.toLocaleString()} payouts. Show them in Payouts`}
            >
              <Group gap="xs" wrap="nowrap" justify="space-between">
                <Group gap={8} wrap="nowrap">
                  <span
                    className={classes.swatch}
                    style={{ background: `var(--mantine-color-${chartColor(s.status).replace('.', '-')})` }}
                  />
                  <Text size="sm">{statusLabels[s.status].replace(/ —.*$/, '')}</Text>
                </Group>
                <Text size="sm" fw={600} className={classes.amount}>
                  {s.count.toLocaleString()}
                </Text>
              </Group>
            </UnstyledButton>
          ))}
        </SimpleGrid>
      </Group>
    </Card>
  );
}
