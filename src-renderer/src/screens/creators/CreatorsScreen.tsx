import { useState, type KeyboardEvent } from 'react';
import { Center, EmptyState, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconUsers } from '@tabler/icons-react';
import { type CreatorPerson } from '@shared/contract';
import { personName, ProviderBadges } from './creatorParts';
import { api } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { AmountList } from '../../components/AmountList';
import { ScreenHeader } from '../../components/ScreenHeader';
import { TableSkeleton } from '../../components/TableSkeleton';
import { formatDateTime, fromNowShort } from '../../lib/time';
import { useNow } from '../../lib/useNow';
import { useQuery } from '../../lib/useQuery';
import { CreatorPage } from './CreatorPage';
import classes from './CreatorsScreen.module.css';

const limit = 300;

/** Creators across connections, one row per person (same e-mail, else same handle); a row opens the creator page. */
export function CreatorsScreen() {
  const [search, setSearch] = useState('');
  const [opened, setOpened] = useState<CreatorPerson | null>(null);
  if (opened) return <CreatorPage initial={opened} onBack={() => setOpened(null)} />;
  return <CreatorList search={search} onSearch={setSearch} onOpen={setOpened} />;
}

function CreatorList({ search, onSearch, onOpen }: { search: string; onSearch: (s: string) => void; onOpen: (p: CreatorPerson) => void }) {
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const now = useNow(60_000);
  const query = useQuery(`people:${debounced}`, () => api.call('creators.people', { limit, ...(debounced ? { search: debounced } : {}) }), [
    'creators',
    'payouts',
    'connections',
  ]);
  const rows = query.data ?? [];

  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>, person: CreatorPerson) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onOpen(person);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const row = event.currentTarget;
      const next = (event.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling) as HTMLElement | null;
      next?.focus();
    }
  };

  let body: React.ReactNode;
  if (query.loading && query.data === undefined) body = <TableSkeleton />;
  else if (query.error && query.data === undefined)
    body = <ErrorAlert title="Could not load creators" message={query.error} onRetry={query.reload} />;
  else if (rows.length === 0)
    body = (
      <Center py="xl">
        <EmptyState
          icon={<IconUsers size={32} />}
          withIndicatorBackground
          title={debounced ? 'No creators match this search' : 'No creators yet'}
          description={debounced ? 'Try a name, e-mail address or handle.' : 'Creators appear here after a connection has synced.'}
          data-testid="creators-empty"
        />
      </Center>
    );
  else
    body = (
      <Table.ScrollContainer minWidth={860}>
        <Table striped highlightOnHover verticalSpacing="xs" aria-label="Creators" data-testid="creators-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Creator</Table.Th>
              <Table.Th>E-mail and handles</Table.Th>
              <Table.Th>Providers</Table.Th>
              <Table.Th ta="right">Payouts</Table.Th>
              <Table.Th ta="right">Paid</Table.Th>
              <Table.Th ta="right">Last paid</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((p) => (
              <Table.Tr
                key={p.personKey}
                data-testid="creator-row"
                data-person-key={p.personKey}
                tabIndex={0}
                className={classes.row}
                onClick={() => onOpen(p)}
                onKeyDown={(e) => onKeyDown(e, p)}
                aria-label={`Open ${personName(p)}`}
              >
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {personName(p)}
                  </Text>
                  {p.creatorIds.length > 1 && (
                    <Text size="xs" c="dimmed">
                      {p.creatorIds.length} linked records
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Stack gap={0}>
                    {p.emails.slice(0, 2).map((e) => (
                      <Text key={e} size="sm" truncate="end" maw={260}>
                        {e}
                      </Text>
                    ))}
                    {p.handles.length > 0 && (
                      <Text size="xs" c="dimmed" truncate="end" maw={260}>
                        {p.handles.join(', ')}
                      </Text>
                    )}
                    {p.emails.length === 0 && p.handles.length === 0 && (
                      <Text size="sm" c="dimmed">
                        —
                      </Text>
                    )}
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <ProviderBadges providers={p.providers} />
                </Table.Td>
                <Table.Td ta="right" className={classes.num}>
                  {p.payoutCount.toLocaleString()}
                </Table.Td>
                <Table.Td ta="right">
                  <AmountList amounts={p.paidTotals} />
                </Table.Td>
                <Table.Td ta="right" className={classes.nowrap}>
                  {p.lastPaidAt ? (
                    <Tooltip label={formatDateTime(p.lastPaidAt)} withArrow>
                      <Text size="sm" span data-testid="creator-last-paid">
                        {fromNowShort(p.lastPaidAt, now)}
                      </Text>
                    </Tooltip>
                  ) : (
                    <Text size="sm" c="dimmed" span>
                      never
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );

  return (
    <Stack gap="md">
      <ScreenHeader
        title="Creators"
        description="One row per person across every connection, linked by e-mail address or else by handle."
      />
      <TextInput
        label="Search"
        placeholder="Name, e-mail or handle"
        leftSection={<IconSearch size={16} />}
        value={search}
        onChange={(e) => onSearch(e.currentTarget.value)}
        maw={360}
        data-testid="creators-search"
      />
      {query.error && query.data !== undefined && (
        <ErrorAlert title="Could not refresh creators" message={query.error} onRetry={query.reload} />
      )}
      {body}
      {rows.length >= limit && (
        <Text size="sm" c="dimmed">
          Showing the first {limit} people — search to narrow the list.
        </Text>
      )}
    </Stack>
  );
}
