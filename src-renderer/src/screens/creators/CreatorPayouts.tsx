import { Card, Center, Group, Text, Title } from '@mantine/core';
import type { PayoutRow } from '@shared/contract';
import { AmountCell } from '../../components/cells';
import { DataTable, type Column } from '../../components/DataTable';
import { LoadMore } from '../../components/LoadMore';
import { QueryState } from '../../components/QueryState';
import { StatusBadge } from '../../components/StatusBadge';
import classes from '../../components/table.module.css';
import { TableSkeleton } from '../../components/TableSkeleton';
import { payoutDateText } from '../../components/payee';
import { usePayoutUi } from '../../stores/payoutUiStore';
import { maxMergedSources, useMergedPayouts } from './useMergedPayouts';

/** Every payout of the person, newest first, across the connections they are on. */
export function CreatorPayouts({ creatorIds }: { creatorIds: number[] }) {
  const { query, rows, truncatedSources } = useMergedPayouts(creatorIds);
  const more = query.hasNextPage;

  return (
    <Card withBorder padding="md">
      <Group justify="space-between" mb="sm">
        <Title order={4}>Payouts</Title>
        <Text size="sm" c="dimmed" data-testid="creator-payouts-count">
          {rows.length.toLocaleString()} shown{more ? ' — more available' : ''}
        </Text>
      </Group>
      <QueryState
        query={{ ...query, data: query.data && rows, error: query.isFetchNextPageError ? null : query.error }}
        what="the payouts"
        loading={<TableSkeleton rows={5} />}
        empty={
          <Center py="md">
            <Text c="dimmed" size="sm">
              No payouts to this creator yet.
            </Text>
          </Center>
        }
      >
        {(list) => <CreatorPayoutTable rows={list} />}
      </QueryState>
      {query.isFetchNextPageError && <Text size="sm" c="red">{`Could not load more: ${query.error?.message ?? ''}`}</Text>}
      {truncatedSources > 0 && (
        <Text size="sm" c="dimmed" mt="xs">
          This person has more than {maxMergedSources} linked records; payouts of the first {maxMergedSources} are shown.
        </Text>
      )}
      <Group justify="center" mt="sm">
        <LoadMore pages={query} />
      </Group>
    </Card>
  );
}

const columns: Array<Column<PayoutRow>> = [
  { key: 'created', label: 'Created', width: 150, className: classes.nowrap, render: (p) => payoutDateText(p) },
  {
    key: 'connection',
    label: 'Connection',
    render: (p) => (
      <Text size="sm" truncate="end">
        {p.connectionLabel}
      </Text>
    ),
  },
  {
    key: 'description',
    label: 'Description',
    render: (p) => (
      <Text size="sm" truncate="end" maw={320}>
        {p.description ?? p.campaignName ?? '—'}
      </Text>
    ),
  },
  { key: 'amount', label: 'Amount', width: 140, align: 'right', render: (p) => <AmountCell amount={p.amount} /> },
  {
    key: 'status',
    label: 'Status',
    width: 130,
    render: (p) => <StatusBadge status={p.status} providerStatus={p.providerStatus} provider={p.provider} />,
  },
];

function CreatorPayoutTable({ rows }: { rows: PayoutRow[] }) {
  const openDrawer = usePayoutUi((s) => s.openDrawer);
  return (
    <DataTable
      rows={rows}
      columns={columns}
      rowKey={(p) => p.id}
      onOpen={(p) => openDrawer(p.id)}
      spaceOpens={false}
      label="Payouts of this creator"
      testId="creator-payouts"
      rowTestId="creator-payout-row"
      minWidth={720}
    />
  );
}
