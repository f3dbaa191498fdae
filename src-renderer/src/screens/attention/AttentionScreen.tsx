import { useMemo, useState } from 'react';
import { Badge, Button, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { IconAlertCircle, IconRefresh } from '@tabler/icons-react';
import { type AttentionItem, type AttentionReason } from '@shared/contract';
import { useApiQuery } from '../../api/queries';
import { CenteredEmptyState } from '../../components/CenteredEmptyState';
import { AmountCell, ConnectionCell, RecipientCell } from '../../components/cells';
import { QueryState } from '../../components/QueryState';
import { ScreenHeader } from '../../components/ScreenHeader';
import { StatusBadge } from '../../components/StatusBadge';
import classes from '../../components/table.module.css';
import { formatDateTime, fromNow } from '../../lib/time';
import { openOnEnter, useRowNavigation } from '../../lib/useRowNavigation';
import { usePayoutUi } from '../../stores/payoutUiStore';

export const reasonLabels: Record<AttentionReason, string> = {
  unknown: 'Outcome unknown',
  failed: 'Failed',
  returned: 'Returned',
  stuck: 'Stuck',
  expiring: 'Expiring soon',
};

const reasonColors: Record<AttentionReason, string> = {
  unknown: 'yellow',
  failed: 'red',
  returned: 'pink',
  stuck: 'orange',
  expiring: 'grape',
};
const reasons: AttentionReason[] = ['unknown', 'failed', 'returned', 'stuck', 'expiring'];
const limit = 500;

export const useAttentionList = () => useApiQuery('attention.list', { limit });

export function AttentionScreen() {
  const openDrawer = usePayoutUi((s) => s.openDrawer);
  const query = useAttentionList();
  const [filter, setFilter] = useState<'all' | AttentionReason>('all');
  const items = useMemo(() => query.data ?? [], [query.data]);
  const counts = useMemo(() => {
    const c: Record<AttentionReason, number> = { unknown: 0, failed: 0, returned: 0, stuck: 0, expiring: 0 };
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
          <CenteredEmptyState
            icon={<IconAlertCircle size={32} />}
            title="Nothing needs attention"
            description="Payouts with an unknown outcome, failed or returned, stuck too long or about to expire appear here."
            testId="attention-empty"
          />
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

function AttentionTable({ items, onOpen }: { items: AttentionItem[]; onOpen: (item: AttentionItem) => void }) {
  const { bodyRef, rowProps } = useRowNavigation(items, openOnEnter(onOpen));
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table highlightOnHover verticalSpacing="xs" layout="fixed" aria-label="Payouts needing attention" data-testid="attention-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={140}>Reason</Table.Th>
            <Table.Th w={140}>Since</Table.Th>
            <Table.Th>Recipient</Table.Th>
            <Table.Th w={170}>Connection</Table.Th>
            <Table.Th w={130} ta="right">
              Amount
            </Table.Th>
            <Table.Th w={140}>Status</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody ref={bodyRef}>
          {items.map((item, index) => (
            <Table.Tr
              key={`${item.reason}:${item.payout.id}`}
              {...rowProps(index, item)}
              data-testid="attention-row"
              data-reason={item.reason}
              data-payout-id={item.payout.id}
              className={classes.row}
              onClick={() => onOpen(item)}
            >
              <Table.Td>
                <Badge color={reasonColors[item.reason]} variant="light" tt="none">
                  {reasonLabels[item.reason]}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="sm" title={formatDateTime(item.since)}>
                  {fromNow(item.since)}
                </Text>
              </Table.Td>
              <Table.Td>
                <RecipientCell payout={item.payout} detail={item.message} clamp />
              </Table.Td>
              <Table.Td>
                <ConnectionCell label={item.payout.connectionLabel} provider={item.payout.provider} />
              </Table.Td>
              <Table.Td ta="right">
                <AmountCell amount={item.payout.amount} />
              </Table.Td>
              <Table.Td>
                <StatusBadge status={item.payout.status} providerStatus={item.payout.providerStatus} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
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
