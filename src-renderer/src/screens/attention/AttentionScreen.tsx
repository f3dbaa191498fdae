import { useMemo, useState } from 'react';
import { Badge, Button, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconRefresh } from '@tabler/icons-react';
import { type AttentionItem, type AttentionReason } from '@shared/contract';
import { useProviders } from '../../api/providers';
import { useApiQuery } from '../../api/queries';
import { CenteredEmptyState } from '../../components/CenteredEmptyState';
import { DataTable, type Column } from '../../components/DataTable';
import { AmountCell, ConnectionCell, RecipientCell } from '../../components/cells';
import { QueryState } from '../../components/QueryState';
import { ScreenHeader } from '../../components/ScreenHeader';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDateTime, fromNow } from '../../lib/time';
import { usePayoutUi } from '../../stores/payoutUiStore';
import { regressionText } from './regressionText';

export const reasonLabels: Record<AttentionReason, string> = {
  unknown: 'Outcome unknown',
  failed: 'Failed',
  returned: 'Returned',
  stuck: 'Stuck',
  expiring: 'Expiring soon',
  regressed: 'Status went back',
};

const reasonColors: Record<AttentionReason, string> = {
  unknown: 'yellow',
  failed: 'red',
  returned: 'pink',
  stuck: 'orange',
  expiring: 'grape',
  regressed: 'cyan',
};
const reasons: AttentionReason[] = ['unknown', 'failed', 'returned', 'stuck', 'expiring', 'regressed'];
const limit = 500;

export const useAttentionList = () => useApiQuery('attention.list', { limit });

export function AttentionScreen() {
  const openDrawer = usePayoutUi((s) => s.openDrawer);
  const query = useAttentionList();
  const [filter, setFilter] = useState<'all' | AttentionReason>('all');
  const items = useMemo(() => query.data ?? [], [query.data]);
  const counts = useMemo(() => {
    const c: Record<AttentionReason, number> = { unknown: 0, failed: 0, returned: 0, stuck: 0, expiring: 0, regressed: 0 };
    for (const i of items) c[i.reason] += 1;
    return c;
  }, [items]);
  const shown = filter === 'all' ? items : items.filter((i) => i.reason === filter);

  return (
    <Stack gap="md">
      <ScreenHeader
        title="Attention"
        description="Payouts Paydesk cannot settle on its own. Open one to see its timeline and what can be done."
        actions={
          <Button
            variant="default"
            leftSection={<IconRefresh size={16} />}
            onClick={() => void query.refetch()}
            aria-busy={query.isFetching}
          >
            Reload
          </Button>
        }
      />
      {items.length > 0 && (
        <SegmentedControl
          value={filter}
          onChange={(v) => setFilter(v as typeof filter)}
          data={[
            { value: 'all', label: `All (${items.length})` },
            ...reasons.map((r) => ({ value: r, label: `${reasonLabels[r]} (${counts[r]})`, disabled: counts[r] === 0 })),
          ]}
          w="fit-content"
          aria-label="Reason"
          data-testid="attention-filter"
        />
      )}
      <QueryState
        query={query}
        what="the attention list"
        empty={
          <CenteredEmptyState icon={IconAlertCircle} testId="attention-empty" title="Nothing needs attention">
            Payouts with an unknown outcome, failed or returned, stuck too long or about to expire appear here.
          </CenteredEmptyState>
        }
      >
        {() =>
          shown.length === 0 ? (
            <Text c="dimmed" py="md">
              No payouts for this reason.
            </Text>
          ) : (
            <AttentionTable items={shown} onOpen={(i) => openDrawer(i.payout.id)} />
          )
        }
      </QueryState>
      {items.length >= limit && (
        <Text size="sm" c="dimmed">
          Showing the first {limit}.
        </Text>
      )}
    </Stack>
  );
}

const columns: Array<Column<AttentionItem>> = [
  {
    key: 'reason',
    label: 'Reason',
    width: 140,
    render: (item) => (
      <Badge color={reasonColors[item.reason]} variant="light" tt="none">
        {reasonLabels[item.reason]}
      </Badge>
    ),
  },
  {
    key: 'since',
    label: 'Since',
    width: 140,
    render: (item) => (
      <Text size="sm" title={formatDateTime(item.since)}>
        {fromNow(item.since)}
      </Text>
    ),
  },
  { key: 'recipient', label: 'Recipient', render: (item) => <AttentionRecipient item={item} /> },
  {
    key: 'connection',
    label: 'Connection',
    width: 170,
    render: (item) => (
      <ConnectionCell connectionId={item.payout.connectionId} label={item.payout.connectionLabel} provider={item.payout.provider} />
    ),
  },
  { key: 'amount', label: 'Amount', width: 130, align: 'right', render: (item) => <AmountCell amount={item.payout.amount} /> },
  {
    key: 'status',
    label: 'Status',
    width: 140,
    render: (item) => (
      <StatusBadge status={item.payout.status} providerStatus={item.payout.providerStatus} provider={item.payout.provider} />
    ),
  },
];

/** Who is paid, and why the payout is here: a regression names both statuses and when, in full. */
function AttentionRecipient({ item }: { item: AttentionItem }) {
  const providers = useProviders();
  if (item.reason === 'regressed' && item.regression) {
    return (
      <>
        <RecipientCell payout={item.payout} clamp />
        <Text size="xs" c="cyan.8" data-testid="attention-regression" style={{ overflowWrap: 'anywhere' }}>
          {regressionText(item.regression, providers.name(item.payout.provider))}
        </Text>
      </>
    );
  }
  return <RecipientCell payout={item.payout} detail={item.message} clamp />;
}

function AttentionTable({ items, onOpen }: { items: AttentionItem[]; onOpen: (item: AttentionItem) => void }) {
  return (
    <DataTable
      rows={items}
      columns={columns}
      rowKey={(item) => `${item.reason}:${item.payout.id}`}
      onOpen={onOpen}
      rowAttributes={(item) => ({ 'data-reason': item.reason, 'data-payout-id': item.payout.id })}
      label="Payouts needing attention"
      testId="attention-table"
      rowTestId="attention-row"
      minWidth={860}
      fixed
    />
  );
}

/** The count shown next to "Attention" in the navigation. */
export function AttentionNavBadge({ count }: { count: number | null }) {
  if (!count) return null;
  return (
    <Badge size="sm" color="red" variant="filled" circle={count < 10} data-testid="attention-count" aria-label={`${count} need attention`}>
      {count >= limit ? `${limit}+` : count}
    </Badge>
  );
}
