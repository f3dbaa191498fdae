import { useState } from 'react';
import { Button, Group, Loader, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconListDetails } from '@tabler/icons-react';
import { ApiError } from '../../api/client';
import { useApiQuery } from '../../api/queries';
import { CenteredEmptyState } from '../../components/CenteredEmptyState';
import { LoadMore } from '../../components/LoadMore';
import { QueryState } from '../../components/QueryState';
import { ScreenHeader } from '../../components/ScreenHeader';
import { isIsoDate } from '../../lib/time';
import { AuditTable } from './AuditTable';
import { ExportButtons, VerifyPanel } from './AuditTools';
import { emptyAuditFilters, useAuditPages, type AuditFilters, type AuditTrailChoice } from './useAuditPages';

/** What the empty list says while a search or filter is applied. */
const noMatch = { title: 'No events match these filters', hint: 'Change or clear the filters.' };

export function AuditScreen() {
  const [filters, setFilters] = useState<AuditFilters>(emptyAuditFilters);
  const [applied] = useDebouncedValue(filters, 300);
  // In a team workspace every payout, approval and policy event is in the team's trail; this desktop keeps its own too.
  const inTeam = useApiQuery('team.status').data?.mode === 'team';
  const [chosen, setChosen] = useState<'team' | 'desktop'>('team');
  const trail: AuditTrailChoice = inTeam ? chosen : undefined;
  const { query, events } = useAuditPages(applied, trail);
  const fieldErrors = query.error instanceof ApiError ? query.error.fieldErrors : {};
  // Field errors are shown under their filter; anything else in the alert.
  const listError = Object.keys(fieldErrors).length ? null : query.error;

  const set = (key: keyof AuditFilters) => (e: React.ChangeEvent<HTMLInputElement>) => {
    const value = e.currentTarget.value;
    setFilters((f) => ({ ...f, [key]: value }));
  };
  const filtered = JSON.stringify(filters) !== JSON.stringify(emptyAuditFilters);
  const dateError = (value: string, key: 'from' | 'to') => (value && !isIsoDate(value) ? 'Use YYYY-MM-DD' : fieldErrors[key]);

  return (
    <Stack gap="md">
      <ScreenHeader
        title="Audit log"
        description={
          trail === 'team'
            ? "The team's append-only record of every change, written and hash-chained by the team database; this desktop's copy. Secrets are never recorded."
            : 'Append-only, hash-chained record of every change. Secrets are never recorded.'
        }
        actions={<ExportButtons trail={trail} />}
      />
      {inTeam && (
        <SegmentedControl
          data-testid="audit-trail"
          aria-label="Which audit trail"
          value={chosen}
          onChange={(value) => setChosen(value as 'team' | 'desktop')}
          data={[
            { value: 'team', label: 'Team trail' },
            { value: 'desktop', label: 'This desktop' },
          ]}
          style={{ alignSelf: 'flex-start' }}
        />
      )}
      <VerifyPanel key={trail ?? 'desktop'} trail={trail} />
      <Group align="flex-start" gap="sm" wrap="wrap" role="search" aria-label="Filter audit events">
        <TextInput
          label="Action"
          placeholder="Starts with, e.g. connection."
          value={filters.action}
          onChange={set('action')}
          error={fieldErrors.action}
          w={200}
        />
        <TextInput label="Subject" value={filters.subject} onChange={set('subject')} error={fieldErrors.subject} w={200} />
        <TextInput label="Actor" value={filters.actor} onChange={set('actor')} error={fieldErrors.actor} w={160} />
        <TextInput label="From" type="date" value={filters.from} onChange={set('from')} error={dateError(filters.from, 'from')} w={160} />
        <TextInput label="To" type="date" value={filters.to} onChange={set('to')} error={dateError(filters.to, 'to')} w={160} />
        {filtered && (
          <Button variant="subtle" mt={25} onClick={() => setFilters(emptyAuditFilters)}>
            Clear filters
          </Button>
        )}
        {query.isFetching && events.length > 0 && <Loader size="sm" mt={32} aria-label="Loading" />}
      </Group>
      <QueryState
        query={{ data: query.data && !listError ? events : undefined, error: listError, refetch: query.refetch }}
        what="the audit log"
        empty={
          <CenteredEmptyState icon={IconListDetails} testId="audit-empty" title="No events yet" noMatch={filtered ? noMatch : null}>
            Every change you make in Paydesk is recorded here.
          </CenteredEmptyState>
        }
      >
        {(list) => <AuditTable events={list} />}
      </QueryState>
      {events.length > 0 && !listError && (
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {events.length.toLocaleString()} event{events.length === 1 ? '' : 's'} shown
          </Text>
          <LoadMore pages={query} label="Load older" />
        </Group>
      )}
    </Stack>
  );
}
