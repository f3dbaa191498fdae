import { Button, Loader, SimpleGrid, Skeleton, Stack } from '@mantine/core';
import { IconAlertCircle, IconCash, IconChartBar, IconChecklist, IconFileDots, IconRefresh, IconSend } from '@tabler/icons-react';
import type { Overview, PayoutStatus } from '@shared/contract';
import { useConnections } from '../../api/appData';
import { useApiQuery } from '../../api/queries';
import { NoPayoutsYet } from '../../components/NoPayoutsYet';
import { QueryState } from '../../components/QueryState';
import { ScreenHeader } from '../../components/ScreenHeader';
import { SyncAllButton, SyncAllError } from '../../components/SyncControls';
import { useNavigation } from '../../stores/navigationStore';
import { usePayoutsView } from '../../stores/payoutsViewStore';
import { SyncFreshness } from '../payouts/SyncFreshness';
import { PaidCharts } from './PaidCharts';
import { StatCard, type StatCardProps } from './StatCard';
import { StatusDistribution } from './StatusDistribution';
import classes from './OverviewScreen.module.css';

export function OverviewScreen() {
  const { connections } = useConnections();
  const query = useApiQuery('overview.get');
  const refreshing = query.isFetching && query.data !== undefined;

  return (
    <Stack gap="md" data-testid="overview-screen">
      <ScreenHeader
        title="Overview"
        description="What was paid, what waits for you and what needs attention — from the local cache."
        actions={
          <>
            <Button
              variant="default"
              leftSection={refreshing ? <Loader size={14} /> : <IconRefresh size={16} />}
              onClick={() => void query.refetch()}
              aria-busy={query.isFetching}
            >
              Refresh
            </Button>
            <SyncAllButton />
          </>
        }
      />
      <SyncAllError />
      <SyncFreshness connections={connections} />
      <QueryState
        query={query}
        what="the overview"
        loading={<OverviewSkeleton />}
        isEmpty={(overview) => overview.payoutCount === 0}
        empty={<NoPayouts />}
      >
        {(overview) => <OverviewBody overview={overview} />}
      </QueryState>
    </Stack>
  );
}

/** What waits for the operator, each card opening the screen where it is acted on. */
const statCards = [
  {
    testId: 'stat-awaiting-approval',
    title: 'Waiting for approval',
    icon: <IconChecklist size={18} />,
    color: 'indigo',
    hint: 'Open Approvals',
  },
  {
    testId: 'stat-provider-drafts',
    title: 'Drafts at providers',
    icon: <IconFileDots size={18} />,
    color: 'violet',
    hint: 'Made in a provider’s dashboard, not ours to approve: open them in Payouts',
  },
  {
    testId: 'stat-approved-not-sent',
    title: 'Approved, not sent',
    icon: <IconSend size={18} />,
    color: 'teal',
    hint: 'Open Ready to send',
  },
  { testId: 'stat-attention', title: 'Needing attention', icon: <IconAlertCircle size={18} />, color: 'gray', hint: 'Open Attention' },
  { testId: 'stat-total', title: 'Payouts in the cache', icon: <IconCash size={18} />, color: 'blue', hint: 'Open Payouts' },
] as const;
type StatId = (typeof statCards)[number]['testId'];

function OverviewBody({ overview }: { overview: Overview }) {
  const navigate = useNavigation((s) => s.navigate);
  const openPayouts = (statuses: PayoutStatus[]) => {
    usePayoutsView.getState().showWith({ statuses });
    navigate('payouts');
  };
  const count = (rows: Array<{ count: number }>) => rows.reduce((n, r) => n + r.count, 0);

  const counts: Record<StatId, Pick<StatCardProps, 'count' | 'totals' | 'onClick'> & { color?: string }> = {
    'stat-awaiting-approval': {
      count: count(overview.awaitingApproval),
      totals: overview.awaitingApproval,
      onClick: () => navigate('approvals', { kind: 'approvalsTab', tab: 'queue' }),
    },
    'stat-provider-drafts': {
      count: count(overview.providerDrafts),
      totals: overview.providerDrafts,
      onClick: () => openPayouts(['provider_draft']),
    },
    'stat-approved-not-sent': {
      count: count(overview.approvedNotSent),
      totals: overview.approvedNotSent,
      onClick: () => navigate('approvals', { kind: 'approvalsTab', tab: 'send' }),
    },
    'stat-attention': {
      count: overview.attentionCount,
      color: overview.attentionCount > 0 ? 'red' : 'gray',
      onClick: () => navigate('attention'),
    },
    'stat-total': { count: overview.payoutCount, onClick: () => openPayouts([]) },
  };
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3, lg: 5 }} spacing="md">
        {statCards.map((card) => (
          <StatCard key={card.testId} {...card} {...counts[card.testId]} />
        ))}
      </SimpleGrid>

      <PaidCharts overview={overview} />

      <StatusDistribution overview={overview} onOpen={(status) => openPayouts([status])} />
    </Stack>
  );
}

function OverviewSkeleton() {
  return (
    <Stack gap="md" aria-busy="true" aria-label="Loading" data-testid="loading">
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3, lg: 5 }} spacing="md">
        {Array.from({ length: 5 }, (_, i) => (
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
    <NoPayoutsYet icon={IconChartBar} testId="overview-empty" title="Nothing to show yet">
      The overview fills in once a connection has synced payouts, or once you draft one.
    </NoPayoutsYet>
  );
}
