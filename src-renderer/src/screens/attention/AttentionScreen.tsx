import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Badge, Button, Center, EmptyState, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { IconAlertCircle, IconRefresh } from '@tabler/icons-react';
import { type AttentionItem, type AttentionReason } from '@shared/contract';
import { providerName } from '../../stores/appStore';
import { api } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ScreenHeader } from '../../components/ScreenHeader';
import { recipientText } from '../../components/SendFlow';
import { StatusBadge } from '../../components/StatusBadge';
import { TableSkeleton } from '../../components/TableSkeleton';
import { formatAmount } from '../../lib/formatAmount';
import { formatDateTime, fromNow } from '../../lib/time';
import { useQuery } from '../../lib/useQuery';
import { usePayoutUi } from '../../stores/payoutUiStore';
import classes from '../payouts/PayoutTable.module.css';

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

export function AttentionScreen() {
  const openDrawer = usePayoutUi((s) => s.openDrawer);
  const query = useQuery('attention', () => api.call('attention.list', { limit: 500 }), ['payouts', 'settings']);
  const [filter, setFilter] = useState<'all' | AttentionReason>('all');
  const items = useMemo(() => query.data ?? [], [query.data]);
  const counts = useMemo(() => {
    const c: Record<AttentionReason, number> = { unknown: 0, failed: 0, returned: 0, stuck: 0, expiring: 0, regressed: 0 };
    for (const i of items) c[i.reason] += 1;
    return c;
  }, [items]);
  const shown = filter === 'all' ? items : items.filter((i) => i.reason === filter);

  let body: React.ReactNode;
  if (query.loading && query.data === undefined) body = <TableSkeleton />;
  else if (query.error) body = <ErrorAlert title="Could not load the attention list" message={query.error} onRetry={query.reload} />;
  else if (items.length === 0)
    body = (
      <Center py="xl">
        <EmptyState
          icon={<IconAlertCircle size={32} />}
          withIndicatorBackground
          title="Nothing needs attention"
          description="Payouts with an unknown outcome, failed or returned, stuck too long or about to expire appear here."
          data-testid="attention-empty"
        />
      </Center>
    );
  else if (shown.length === 0)
    body = (
      <Text c="dimmed" py="md">
        No payouts for this reason.
      </Text>
    );
  else body = <AttentionTable items={shown} onOpen={(i) => openDrawer(i.payout.id)} />;

  return (
    <Stack gap="md">
      <ScreenHeader
        title="Attention"
        description="Payouts Paydesk cannot settle on its own. Open one to see its timeline and what can be done."
        actions={
          <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={query.reload} aria-busy={query.loading}>
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
      {body}
      {items.length >= 500 && (
        <Text size="sm" c="dimmed">
          Showing the first 500.
        </Text>
      )}
    </Stack>
  );
}

function AttentionTable({ items, onOpen }: { items: AttentionItem[]; onOpen: (item: AttentionItem) => void }) {
  const [active, setActive] = useState(0);
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const focusRow = (index: number) => {
    const target = Math.max(0, Math.min(items.length - 1, index));
    setActive(target);
    bodyRef.current?.querySelector<HTMLTableRowElement>(`tr[data-index="${target}"]`)?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>, index: number, item: AttentionItem) => {
    const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: items.length - 1 };
    if (moves[event.key] !== undefined) {
      event.preventDefault();
      focusRow(moves[event.key]!);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onOpen(item);
    }
  };
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
              data-index={index}
              data-testid="attention-row"
              data-reason={item.reason}
              data-payout-id={item.payout.id}
              tabIndex={index === active ? 0 : -1}
              className={classes.row}
              onFocus={() => setActive(index)}
              onKeyDown={(e) => onKeyDown(e, index, item)}
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
                <Text size="sm" fw={500} truncate="end">
                  {recipientText(item.payout)}
                </Text>
                <Text size="xs" c="dimmed" lineClamp={2}>
                  {item.message}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" truncate="end">
                  {item.payout.connectionLabel}
                </Text>
                <Text size="xs" c="dimmed">
                  {providerName(item.payout.provider)}
                </Text>
              </Table.Td>
              <Table.Td ta="right">
                <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                  {formatAmount(item.payout.amount.minor, item.payout.amount.currency)}
                </Text>
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
      {count >= 500 ? '500+' : count}
    </Badge>
  );
}
