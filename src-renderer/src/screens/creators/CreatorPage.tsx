import { useEffect } from 'react';
import { Anchor, Button, Card, Center, Group, Loader, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconRefresh } from '@tabler/icons-react';
import type { CreatorPerson, PayoutRow } from '@shared/contract';
import { api } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { StatusBadge } from '../../components/StatusBadge';
import { TableSkeleton } from '../../components/TableSkeleton';
import { formatAmount } from '../../lib/formatAmount';
import { formatDateTime, fromNowShort } from '../../lib/time';
import { useNow } from '../../lib/useNow';
import { useQuery } from '../../lib/useQuery';
import { usePayoutUi } from '../../stores/payoutUiStore';
import { personName, ProviderBadges } from './creatorParts';
import classes from './CreatorsScreen.module.css';
import { maxMergedSources, useMergedPayouts } from './useMergedPayouts';

/** One person: who they are on each provider, what they were paid per currency, when last, and all their payouts. */
export function CreatorPage({ initial, onBack }: { initial: CreatorPerson; onBack: () => void }) {
  const query = useQuery(`person:${initial.personKey}`, () => api.call('creators.person', { personKey: initial.personKey }), [
    'creators',
    'payouts',
  ]);
  const person = query.data === undefined ? initial : query.data;
  const now = useNow(60_000);

  // Escape or Alt+← goes back to the list (unless a drawer or dialog is open above the page).
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (document.querySelector('[role="dialog"]')) return;
      if ((event.key === 'Escape' && !event.altKey) || (event.key === 'ArrowLeft' && event.altKey)) {
        const target = event.target as HTMLElement | null;
        if (target && ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return;
        event.preventDefault();
        onBack();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [onBack]);

  return (
    <Stack gap="md" data-testid="creator-page">
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Anchor component="button" type="button" size="sm" onClick={onBack} data-testid="creator-back">
            <Group gap={4}>
              <IconArrowLeft size={14} /> All creators
            </Group>
          </Anchor>
          <Title order={2} data-testid="creator-name">
            {person ? personName(person) : personName(initial)}
          </Title>
          {person && <ProviderBadges providers={person.providers} />}
        </Stack>
        <Button
          variant="default"
          leftSection={query.loading ? <Loader size={14} /> : <IconRefresh size={16} />}
          onClick={query.reload}
          aria-busy={query.loading}
        >
          Refresh
        </Button>
      </Group>

      {query.error && <ErrorAlert title="Could not refresh this creator" message={query.error} onRetry={query.reload} />}
      {person === null ? (
        <ErrorAlert title="This creator is no longer in the cache" message="The connection it came from may have been removed." />
      ) : (
        <>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
            <Card withBorder padding="md" data-testid="creator-details">
              <Text size="sm" fw={600} c="dimmed" mb={6}>
                Details
              </Text>
              <Stack gap={4}>
                {person.emails.map((e) => (
                  <Text key={e} size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {e}
                  </Text>
                ))}
                {person.handles.map((h) => (
                  <Text key={h} size="sm" c="dimmed">
                    {h}
                  </Text>
                ))}
                {person.emails.length === 0 && person.handles.length === 0 && (
                  <Text size="sm" c="dimmed">
                    No e-mail address or handle on record.
                  </Text>
                )}
                <Text size="xs" c="dimmed">
                  {person.creatorIds.length} record{person.creatorIds.length === 1 ? '' : 's'} on {person.providers.length} provider
                  {person.providers.length === 1 ? '' : 's'} · {person.payoutCount.toLocaleString()} payout
                  {person.payoutCount === 1 ? '' : 's'}
                </Text>
              </Stack>
            </Card>
            <Card withBorder padding="md" data-testid="creator-totals">
              <Text size="sm" fw={600} c="dimmed" mb={6}>
                Paid in total
              </Text>
              {person.paidTotals.length === 0 ? (
                <Text size="sm" c="dimmed">
                  Nothing paid yet.
                </Text>
              ) : (
                <Stack gap={2}>
                  {person.paidTotals.map((t) => (
                    <Group key={t.currency} justify="space-between" gap="xs" data-testid="total-line" data-currency={t.currency}>
                      <Text size="sm" c="dimmed">
                        {t.currency}
                      </Text>
                      <Text size="lg" fw={700} className={classes.num}>
                        {formatAmount(t.minor, t.currency)}
                      </Text>
                    </Group>
                  ))}
                </Stack>
              )}
            </Card>
            <Card withBorder padding="md" data-testid="creator-last-paid-card">
              <Text size="sm" fw={600} c="dimmed" mb={6}>
                Last paid
              </Text>
              {person.lastPaidAt ? (
                <>
                  <Text size="lg" fw={700}>
                    {fromNowShort(person.lastPaidAt, now)}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {formatDateTime(person.lastPaidAt)}
                  </Text>
                </>
              ) : (
                <Text size="sm" c="dimmed">
                  Never paid.
                </Text>
              )}
            </Card>
          </SimpleGrid>
          <CreatorPayouts creatorIds={person.creatorIds} />
        </>
      )}
    </Stack>
  );
}

function CreatorPayouts({ creatorIds }: { creatorIds: number[] }) {
  const { rows, loading, error, more, loadMore, reload, truncatedSources } = useMergedPayouts(creatorIds);
  const openDrawer = usePayoutUi((s) => s.openDrawer);

  let body: React.ReactNode;
  if (loading && rows.length === 0) body = <TableSkeleton rows={5} />;
  else if (error && rows.length === 0) body = <ErrorAlert title="Could not load the payouts" message={error} onRetry={reload} />;
  else if (rows.length === 0)
    body = (
      <Center py="md">
        <Text c="dimmed" size="sm">
          No payouts to this creator yet.
        </Text>
      </Center>
    );
  else
    body = (
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
          <Table.Tbody>
            {rows.map((p: PayoutRow) => (
              <Table.Tr
                key={p.id}
                className={classes.row}
                tabIndex={0}
                data-testid="creator-payout-row"
                onClick={() => openDrawer(p.id)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    openDrawer(p.id);
                  }
                }}
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
                <Table.Td ta="right" className={classes.num}>
                  {formatAmount(p.amount.minor, p.amount.currency)}
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

  return (
    <Card withBorder padding="md">
      <Group justify="space-between" mb="sm">
        <Title order={4}>Payouts</Title>
        <Text size="sm" c="dimmed" data-testid="creator-payouts-count">
          {rows.length.toLocaleString()} shown{more ? ' — more available' : ''}
        </Text>
      </Group>
      {body}
      {error && rows.length > 0 && <Text size="sm" c="red">{`Could not load more: ${error}`}</Text>}
      {truncatedSources > 0 && (
        <Text size="sm" c="dimmed" mt="xs">
          This person has more than {maxMergedSources} linked records; payouts of the first {maxMergedSources} are shown.
        </Text>
      )}
      {more && (
        <Group justify="center" mt="sm">
          <Button variant="default" size="xs" onClick={() => void loadMore()} loading={loading}>
            Load more
          </Button>
        </Group>
      )}
    </Card>
  );
}
