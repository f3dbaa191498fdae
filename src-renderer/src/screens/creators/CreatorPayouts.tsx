import { Card, Center, Group, Table, Text, Title } from '@mantine/core';
import type { PayoutRow } from '@shared/contract';
import { AmountCell } from '../../components/cells';
import { LoadMore } from '../../components/LoadMore';
import { QueryState } from '../../components/QueryState';
import { StatusBadge } from '../../components/StatusBadge';
import classes from '../../components/table.module.css';
import { TableSkeleton } from '../../components/TableSkeleton';
import { formatDateTime } from '../../lib/time';
import { openOnEnter, useRowNavigation } from '../../lib/useRowNavigation';
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

function CreatorPayoutTable({ rows }: { rows: PayoutRow[] }) {
  const openDrawer = usePayoutUi((s) => s.openDrawer);
  const { bodyRef, rowProps } = useRowNavigation(
    rows,
    openOnEnter((p: PayoutRow) => openDrawer(p.id), false),
  );
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table highlightOnHover verticalSpacing="xs" aria-label="Payouts of this creator" data-testid="creator-payouts">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={150}>Created</Table.Th>
            <Table.Th>Connection</Table.Th>
            <Table.Th>Description</Table.Th>
            <Table.Th ta="right" w={140}>
              Amount
            </Table.Th>
            <Table.Th w={130}>Status</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody ref={bodyRef}>
          {rows.map((p, index) => (
            <Table.Tr
              key={p.id}
              {...rowProps(index, p)}
              className={classes.row}
              data-testid="creator-payout-row"
              onClick={() => openDrawer(p.id)}
            >
              <Table.Td className={classes.nowrap}>{formatDateTime(p.createdAt)}</Table.Td>
              <Table.Td>
                <Text size="sm" truncate="end">
                  {p.connectionLabel}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" truncate="end" maw={320}>
                  {p.description ?? p.campaignName ?? '—'}
                </Text>
              </Table.Td>
              <Table.Td ta="right">
                <AmountCell amount={p.amount} />
              </Table.Td>
              <Table.Td>
                <StatusBadge status={p.status} providerStatus={p.providerStatus} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
