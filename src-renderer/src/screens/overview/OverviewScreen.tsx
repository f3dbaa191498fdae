import { useMemo, useState, type ReactNode } from 'react';
import {
  Badge,
  Button,
  Card,
  Center,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { BarChart, DonutChart } from '@mantine/charts';
import { IconAlertCircle, IconCash, IconChecklist, IconChartBar, IconRefresh, IconSend } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { type Overview, type PayoutStatus } from '@shared/contract';
import { providerName } from '../../stores/appStore';
import { api } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ScreenHeader } from '../../components/ScreenHeader';
import { statusColors, statusLabels } from '../../components/StatusBadge';
import { SyncAllButton, SyncAllError } from '../../components/SyncControls';
import { NoPayoutsYet } from '../../components/NoPayoutsYet';
import { formatAmount, formatChartTick, minorToChartNumber, totalsByCurrency } from '../../lib/formatAmount';
import { useQuery } from '../../lib/useQuery';
import { useAppStore } from '../../stores/appStore';
import { useNavigation } from '../../stores/navigationStore';
import { usePayoutsStore } from '../../stores/payoutsStore';
import { SyncFreshness } from '../payouts/SyncFreshness';
import classes from './OverviewScreen.module.css';

export function OverviewScreen() {
  const connections = useAppStore((s) => s.connections);
  // Settings: the attention count depends on the policy's day limits.
  const query = useQuery('overview', () => api.call('overview.get'), ['payouts', 'connections', 'settings']);
  const overview = query.data;

  let body: ReactNode;
  if (overview === undefined && query.loading) body = <OverviewSkeleton />;
  else if (overview === undefined)
    body = <ErrorAlert title="Could not load the overview" message={query.error ?? 'No answer.'} onRetry={query.reload} />;
  else if (overview.payoutCount === 0) body = <NoPayouts />;
  else body = <OverviewBody overview={overview} />;

  return (
    <Stack gap="md" data-testid="overview-screen">
      <ScreenHeader
        title="Overview"
        description="What was paid, what waits for you and what needs attention — from the local cache."
        actions={
          <>
            <Button
              variant="default"
              leftSection={query.loading && overview ? <Loader size={14} /> : <IconRefresh size={16} />}
              onClick={query.reload}
              aria-busy={query.loading}
            >
              Refresh
            </Button>
            <SyncAllButton />
          </>
        }
      />
      <SyncAllError />
      <SyncFreshness connections={connections} />
      {overview && query.error && <ErrorAlert title="Could not refresh the overview" message={query.error} onRetry={query.reload} />}
      {body}
    </Stack>
  );
}

function OverviewBody({ overview }: { overview: Overview }) {
  const navigate = useNavigation((s) => s.navigate);
  const openPayouts = (statuses: PayoutStatus[]) => {
    usePayoutsStore.getState().showWith({ statuses });
    navigate('payouts');
  };
  const count = (rows: Array<{ count: number }>) => rows.reduce((n, r) => n + r.count, 0);

  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="md">
        <StatCard
          testId="stat-awaiting-approval"
          title="Waiting for approval"
          icon={<IconChecklist size={18} />}
          color="indigo"
          count={count(overview.awaitingApproval)}
          totals={overview.awaitingApproval}
          hint="Open Approvals"
          onClick={() => navigate('approvals', { kind: 'approvalsTab', tab: 'queue' })}
        />
        <StatCard
          testId="stat-approved-not-sent"
          title="Approved, not sent"
          icon={<IconSend size={18} />}
          color="teal"
          count={count(overview.approvedNotSent)}
          totals={overview.approvedNotSent}
          hint="Open Ready to send"
          onClick={() => navigate('approvals', { kind: 'approvalsTab', tab: 'send' })}
        />
        <StatCard
          testId="stat-attention"
          title="Needing attention"
          icon={<IconAlertCircle size={18} />}
          color={overview.attentionCount > 0 ? 'red' : 'gray'}
          count={overview.attentionCount}
          hint="Open Attention"
          onClick={() => navigate('attention')}
        />
        <StatCard
          testId="stat-total"
          title="Payouts in the cache"
          icon={<IconCash size={18} />}
          color="blue"
          count={overview.payoutCount}
          hint="Open Payouts"
          onClick={() => openPayouts([])}
        />
      </SimpleGrid>

      <PaidCharts overview={overview} />

      <StatusDistribution overview={overview} onOpen={(status) => openPayouts([status])} />
    </Stack>
  );
}

function StatCard({
  testId,
  title,
  icon,
  color,
  count,
  totals,
  hint,
  onClick,
}: {
  testId: string;
  title: string;
  icon: ReactNode;
  color: string;
  count: number;
  totals?: Array<{ minor: number; currency: string }>;
  hint: string;
  onClick: () => void;
}) {
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

function PaidCharts({ overview }: { overview: Overview }) {
  // One currency at a time: amounts in different currencies are never stacked or added together.
  const currencies = useMemo(() => {
    const counts = new Map<string, number>();
    for (const r of [...overview.paidByMonth, ...overview.paidByProvider]) counts.set(r.currency, (counts.get(r.currency) ?? 0) + r.count);
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c]) => c);
  }, [overview]);
  const [picked, setPicked] = useState<string | null>(null);
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
      .map((r) => ({ provider: providerName(r.provider), paid: minorToChartNumber(r.minor, currency), minor: r.minor, count: r.count }));
  }, [overview, currency]);

  const yearTotal = currency ? totalsByCurrency(months.map((m) => ({ minor: m.minor, currency })))[0] : undefined;

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

function TooltipBox({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder shadow="md" px="sm" py={6} radius="sm" data-testid="chart-tooltip">
      <Text size="sm" fw={600}>
        {title}
      </Text>
      {children}
    </Paper>
  );
}

/** Tooltips read the exact minor units of the data point, never the plotted float. */
function MonthTooltip({ active, payload, currency }: TooltipLikeProps & { currency: string }) {
  const point = payload?.[0]?.payload as MonthPoint | undefined;
  if (!active || !point) return null;
  return (
    <TooltipBox title={dayjs(`${point.month}-01`).format('MMMM YYYY')}>
      <Text size="sm" className={classes.amount}>
        {formatAmount(point.minor, currency)}
      </Text>
      <Text size="xs" c="dimmed">
        {point.count.toLocaleString()} paid payout{point.count === 1 ? '' : 's'}
      </Text>
    </TooltipBox>
  );
}

function ProviderTooltip({ active, payload, currency }: TooltipLikeProps & { currency: string }) {
  const point = payload?.[0]?.payload as ProviderPoint | undefined;
  if (!active || !point) return null;
  return (
    <TooltipBox title={point.provider}>
      <Text size="sm" className={classes.amount}>
        {formatAmount(point.minor, currency)}
      </Text>
      <Text size="xs" c="dimmed">
        {point.count.toLocaleString()} paid payout{point.count === 1 ? '' : 's'}
      </Text>
    </TooltipBox>
  );
}

/** Mantine colour per status for the donut ("dark" would vanish on the dark theme's background). */
const chartColor = (status: PayoutStatus) => (statusColors[status] === 'dark' ? 'gray.8' : `${statusColors[status]}.6`);

function StatusDistribution({ overview, onOpen }: { overview: Overview; onOpen: (status: PayoutStatus) => void }) {
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

function OverviewSkeleton() {
  return (
    <Stack gap="md" aria-busy="true" aria-label="Loading" data-testid="loading">
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="md">
        {Array.from({ length: 4 }, (_, i) => (
          <Skeleton key={i} height={132} radius="md" />
        ))}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, lg: 3 }} spacing="md">
        <Skeleton height={330} radius="md" className={classes.span2} />
        <Skeleton height={330} radius="md" />
      </SimpleGrid>
      <Skeleton height={220} radius="md" />
    </Stack>
  );
}

function NoPayouts() {
  return (
    <NoPayoutsYet
      icon={<IconChartBar size={32} />}
      title="Nothing to show yet"
      description="The overview fills in once a connection has synced payouts, or once you draft one."
      testId="overview-empty"
    />
  );
}
