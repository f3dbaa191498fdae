import { useState } from 'react';
import { keepPreviousData } from '@tanstack/react-query';
import { Stack, Text, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconUsers } from '@tabler/icons-react';
import { type CreatorPerson } from '@shared/contract';
import { useApiQuery } from '../../api/queries';
import { AmountList } from '../../components/AmountList';
import { CenteredEmptyState } from '../../components/CenteredEmptyState';
import { TwoLineCell } from '../../components/cells';
import { DataTable, type Column } from '../../components/DataTable';
import { QueryState } from '../../components/QueryState';
import { ScreenHeader } from '../../components/ScreenHeader';
import { SearchInput } from '../../components/TextFields';
import classes from '../../components/table.module.css';
import { formatDateTime, fromNowShort } from '../../lib/time';
import { useNow } from '../../lib/useNow';
import { personName, ProviderBadges } from './creatorParts';
import { CreatorPage } from './CreatorPage';

const limit = 300;

/** What the empty list says while a search or filter is applied. */
const noMatch = { title: 'No creators match this search', hint: 'Try a name, e-mail address or handle.' };

/** Creators across connections, one row per person (same e-mail, else same handle); a row opens the creator page. */
export function CreatorsScreen() {
  const [search, setSearch] = useState('');
  const [opened, setOpened] = useState<CreatorPerson | null>(null);
  if (opened) return <CreatorPage initial={opened} onBack={() => setOpened(null)} />;
  return <CreatorList search={search} onSearch={setSearch} onOpen={setOpened} />;
}

function CreatorList({ search, onSearch, onOpen }: { search: string; onSearch: (s: string) => void; onOpen: (p: CreatorPerson) => void }) {
  const [debounced] = useDebouncedValue(search.trim(), 300);
  // While a new search runs, the last answer stays listed.
  const query = useApiQuery(
    'creators.people',
    { limit, ...(debounced ? { search: debounced } : {}) },
    { placeholderData: keepPreviousData },
  );
  const rows = query.data ?? [];

  return (
    <Stack gap="md">
      <ScreenHeader
        title="Creators"
        description="One row per person across every connection, linked by e-mail address or else by handle."
      />
      <SearchInput placeholder="Name, e-mail or handle" value={search} onChange={onSearch} width={360} testId="creators-search" />
      <QueryState
        query={query}
        what="creators"
        empty={
          <CenteredEmptyState icon={IconUsers} testId="creators-empty" title="No creators yet" noMatch={debounced ? noMatch : null}>
            Creators appear here after a connection has synced.
          </CenteredEmptyState>
        }
      >
        {(people) => (
          <DataTable
            rows={people}
            columns={columns}
            rowKey={(p) => p.personKey}
            onOpen={onOpen}
            rowAttributes={(p) => ({ 'data-person-key': p.personKey, 'aria-label': `Open ${personName(p)}` })}
            label="Creators"
            testId="creators-table"
            rowTestId="creator-row"
            minWidth={860}
            striped
          />
        )}
      </QueryState>
      {rows.length >= limit && (
        <Text size="sm" c="dimmed">
          Showing the first {limit} people — search to narrow the list.
        </Text>
      )}
    </Stack>
  );
}

function LastPaid({ at }: { at: string | null }) {
  const now = useNow(60_000);
  if (!at)
    return (
      <Text size="sm" c="dimmed" span>
        never
      </Text>
    );
  return (
    <Tooltip label={formatDateTime(at)} withArrow>
      <Text size="sm" span data-testid="creator-last-paid">
        {fromNowShort(at, now)}
      </Text>
    </Tooltip>
  );
}

const columns: Array<Column<CreatorPerson>> = [
  {
    key: 'name',
    label: 'Creator',
    render: (p) => <TwoLineCell primary={personName(p)} secondary={p.creatorIds.length > 1 && `${p.creatorIds.length} linked records`} />,
  },
  {
    key: 'contact',
    label: 'E-mail and handles',
    render: (p) => (
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
    ),
  },
  { key: 'providers', label: 'Providers', render: (p) => <ProviderBadges providers={p.providers} /> },
  { key: 'payouts', label: 'Payouts', align: 'right', className: classes.amount, render: (p) => p.payoutCount.toLocaleString() },
  { key: 'paid', label: 'Paid', align: 'right', render: (p) => <AmountList amounts={p.paidTotals} /> },
  { key: 'lastPaid', label: 'Last paid', align: 'right', className: classes.nowrap, render: (p) => <LastPaid at={p.lastPaidAt} /> },
];
