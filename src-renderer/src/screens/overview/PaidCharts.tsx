import { useMemo, useState } from 'react';
import { Badge, Card, Center, Group, Paper, SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { BarChart } from '@mantine/charts';
import { IconChartBar } from '@tabler/icons-react';
import dayjs from 'dayjs';
import type { Overview } from '@shared/contract';
import { useProviders } from '../../api/providers';
import { formatAmount, formatChartTick, minorToChartNumber, totalsByCurrency } from '../../lib/formatAmount';
import classes from './OverviewScreen.module.css';
import { paidUndatedIn } from './paidUndated';

interface MonthPoint {
  label: string;
  month: string;
  /** Plot value only (see minorToChartNumber); text uses `minor`. */
  paid: number;
  minor: number;
  count: number;
}

interface ProviderPoint {
  provider: string;
  paid: number;
  minor: number;
  count: number;
}

/** The last 12 calendar months, oldest first, so months without payments still show as gaps. */
function lastTwelveMonths(): string[] {
  const start = dayjs().startOf('month').subtract(11, 'month');
  return Array.from({ length: 12 }, (_, i) => start.add(i, 'month').format('YYYY-MM'));
}

export function PaidCharts({ overview }: { overview: Overview }) {
  // One currency at a time: amounts in different currencies are never stacked or added together.
  const currencies = useMemo(() => {
    const counts = new Map<string, number>();
    for (const r of [...overview.paidByMonth, ...overview.paidByProvider, ...overview.paidUndated])
      counts.set(r.currency, (counts.get(r.currency) ?? 0) + r.count);
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c]) => c);
  }, [overview]);
  const [picked, setPicked] = useState<string | null>(null);
  const catalog = useProviders();
  const currency = picked && currencies.includes(picked) ? picked : (currencies[0] ?? null);

  const months = useMemo<MonthPoint[]>(() => {
    if (!currency) return [];
    const byMonth = new Map(overview.paidByMonth.filter((r) => r.currency === currency).map((r) => [r.month, r]));
    return lastTwelveMonths().map((month) => {
      const r = byMonth.get(month);
      const minor = r?.minor ?? 0;
      return {
        month,
        label: dayjs(`${month}-01`).format('MMM YY'),
        paid: minorToChartNumber(minor, currency),
        minor,
        count: r?.count ?? 0,
      };
    });
  }, [overview, currency]);

  const providers = useMemo<ProviderPoint[]>(() => {
    if (!currency) return [];
    return overview.paidByProvider
      .filter((r) => r.currency === currency)
      .map((r) => ({ provider: catalog.name(r.provider), paid: minorToChartNumber(r.minor, currency), minor: r.minor, count: r.count }));
  }, [overview, currency, catalog]);

  const yearTotal = currency ? totalsByCurrency(months.map((m) => ({ minor: m.minor, currency })))[0] : undefined;
  const undated = currency ? paidUndatedIn(overview, currency, catalog.name) : null;

  if (!currency) {
    return (
      <Card withBorder padding="lg" data-testid="paid-charts-empty">
        <Group gap="sm">
          <IconChartBar size={20} />
          <Text c="dimmed">No payout has been paid yet, so there is nothing to chart.</Text>
        </Group>
      </Card>
    );
  }

  const tick = (value: number) => formatChartTick(value, currency);

  return (
    <SimpleGrid cols={{ base: 1, lg: 3 }} spacing="md">
      <Card withBorder padding="md" className={classes.span2} data-testid="chart-paid-by-month">
        <Group justify="space-between" align="flex-start" mb="sm" wrap="wrap" gap="xs">
          <Stack gap={0}>
            <Title order={4}>Paid per month</Title>
            <Text size="sm" c="dimmed">
              Last 12 months:{' '}
              <Text span fw={600} c="var(--mantine-color-text)" className={classes.amount} data-testid="paid-year-total">
                {yearTotal ? formatAmount(yearTotal.minor, currency) : '—'}
              </Text>
            </Text>
          </Stack>
          {currencies.length > 1 ? (
            <SegmentedControl
              size="xs"
              value={currency}
              onChange={setPicked}
              data={currencies}
              aria-label="Chart currency"
              data-testid="chart-currency"
            />
          ) : (
            <Badge variant="light">{currency}</Badge>
          )}
        </Group>
        <BarChart
          h={260}
          data={months}
          dataKey="label"
          series={[{ name: 'paid', label: `Paid (${currency})`, color: 'teal.6' }]}
          valueFormatter={tick}
          tooltipProps={{ content: (props) => <MonthTooltip {...props} currency={currency} /> }}
          gridAxis="x"
          tickLine="none"
          maxBarWidth={36}
          yAxisProps={{ width: 70 }}
          aria-label={`Paid per month in ${currency}`}
        />
        {undated && (
          <Text size="sm" c="dimmed" mt="xs" data-testid="paid-undated">
            Paid, date unknown (in no month above):{' '}
            <Text span fw={600} c="var(--mantine-color-text)" className={classes.amount}>
              {formatAmount(undated.minor, currency)}
            </Text>{' '}
            — {undated.count.toLocaleString()} payout{undated.count === 1 ? '' : 's'} that {undated.providers} dates neither by payment nor
            by creation; Paydesk only knows when it first saw them.
          </Text>
        )}
      </Card>
      <Card withBorder padding="md" data-testid="chart-paid-by-provider">
        <Stack gap={0} mb="sm">
          <Title order={4}>Paid by provider</Title>
          <Text size="sm" c="dimmed">
            All time, {currency}
          </Text>
        </Stack>
        {providers.length === 0 ? (
          <Center h={260}>
            <Text size="sm" c="dimmed">
              Nothing paid in {currency} yet.
            </Text>
          </Center>
        ) : (
          <>
            <BarChart
              h={180}
              data={providers}
              dataKey="provider"
              orientation="vertical"
              series={[{ name: 'paid', label: 'Paid', color: 'blue.6' }]}
              valueFormatter={tick}
              tooltipProps={{ content: (props) => <ProviderTooltip {...props} currency={currency} /> }}
              gridAxis="y"
              tickLine="none"
              yAxisProps={{ width: 110 }}
              maxBarWidth={24}
              aria-label={`Paid by provider in ${currency}`}
            />
            <Stack gap={2} mt="xs" data-testid="provider-totals">
              {providers.map((p) => (
                <Group key={p.provider} justify="space-between" gap="xs" wrap="nowrap">
                  <Text size="sm">{p.provider}</Text>
                  <Text size="sm" fw={500} className={classes.amount}>
                    {formatAmount(p.minor, currency)}
                  </Text>
                </Group>
              ))}
            </Stack>
          </>
        )}
      </Card>
    </SimpleGrid>
  );
}

interface TooltipLikeProps {
  active?: boolean;
  payload?: ReadonlyArray<{ payload?: unknown }>;
}

/** Tooltips read the exact minor units of the data point, never the plotted float. */
function pointTooltip<P extends { minor: number; count: number }>(title: (point: P) => string) {
  return function PointTooltip({ active, payload, currency }: TooltipLikeProps & { currency: string }) {
    const point = payload?.[0]?.payload as P | undefined;
    if (!active || !point) return null;
    return (
      <Paper withBorder shadow="md" px="sm" py={6} radius="sm" data-testid="chart-tooltip">
        <Text size="sm" fw={600}>
          {title(point)}
        </Text>
        <Text size="sm" className={classes.amount}>
          {formatAmount(point.minor, currency)}
        </Text>
        <Text size="xs" c="dimmed">
          {point.count.toLocaleString()} paid payout{point.count === 1 ? '' : 's'}
        </Text>
      </Paper>
    );
  };
}

const MonthTooltip = pointTooltip<MonthPoint>((p) => dayjs(`${p.month}-01`).format('MMMM YYYY'));
const ProviderTooltip = pointTooltip<ProviderPoint>((p) => p.provider);
