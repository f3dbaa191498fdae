import { useEffect, useId, useMemo, useState } from 'react';
import { Button, Group, Input, MultiSelect, NativeSelect, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconX } from '@tabler/icons-react';
import { payoutStatuses, providerCatalog, type PayoutStatus } from '@contract';
import { statusLabels } from '../../components/StatusBadge';
import { isIsoDate } from '../../lib/time';
import { useAppStore } from '../../stores/appStore';
import { emptyPayoutFilters, usePayoutsStore } from '../../stores/payoutsStore';

const statusOptions = payoutStatuses.map((s) => ({ value: s, label: statusLabels[s] }));

export function PayoutFilters() {
  const filters = usePayoutsStore((s) => s.filters);
  const fieldErrors = usePayoutsStore((s) => s.fieldErrors);
  const setFilters = usePayoutsStore((s) => s.setFilters);
  const resetFilters = usePayoutsStore((s) => s.resetFilters);
  const connections = useAppStore((s) => s.connections);
  const statusId = useId();

  const [search, setSearch] = useState(filters.search);
  const [debouncedSearch] = useDebouncedValue(search, 300);
  useEffect(() => {
    if (debouncedSearch !== usePayoutsStore.getState().filters.search) setFilters({ search: debouncedSearch });
  }, [debouncedSearch, setFilters]);

  // Dates are applied only once complete, so half-typed text never reaches the API.
  const [from, setFrom] = useState(filters.createdFrom);
  const [to, setTo] = useState(filters.createdTo);
  const fromError = from && !isIsoDate(from) ? 'Use YYYY-MM-DD' : fieldErrors['filters.createdFrom'];
  const toError = to && !isIsoDate(to) ? 'Use YYYY-MM-DD' : fieldErrors['filters.createdTo'];
  const applyDate = (key: 'createdFrom' | 'createdTo', value: string) => {
    if (value === '' || isIsoDate(value)) setFilters({ [key]: value });
  };

  const currencies = useMemo(() => {
    const set = new Set<string>();
    for (const c of connections) for (const code of providerCatalog[c.provider]?.currencies ?? []) set.add(code);
    if (filters.currency) set.add(filters.currency);
    return [...set].sort();
  }, [connections, filters.currency]);

  const active =
    filters.statuses.length > 0 || filters.connectionId !== null || filters.currency !== null || filters.createdFrom !== '' || filters.createdTo !== '' || filters.search !== '';

  const clear = () => resetFilters();

  return (
    <Group align="flex-start" gap="sm" wrap="wrap" role="search" aria-label="Filter payouts">
      <TextInput
        label="Search"
        placeholder="Creator, e-mail, handle, reference…"
        leftSection={<IconSearch size={16} />}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        error={fieldErrors['filters.search']}
        w={230}
      />
      {/* The label sits on a wrapper, not on MultiSelect: Mantine would also name the options list "Status",
          making the label ambiguous for assistive tech and for getByLabel in tests. */}
      <Input.Wrapper label="Status" id={statusId} error={fieldErrors['filters.statuses']} w={200}>
        <MultiSelect
          id={statusId}
          placeholder={filters.statuses.length ? undefined : 'Any status'}
          data={statusOptions}
          value={filters.statuses}
          onChange={(value) => setFilters({ statuses: value as PayoutStatus[] })}
          clearable
          searchable
          error={Boolean(fieldErrors['filters.statuses'])}
          comboboxProps={{ withinPortal: true }}
        />
      </Input.Wrapper>
      <NativeSelect
        label="Connection"
        value={filters.connectionId ?? ''}
        onChange={(e) => setFilters({ connectionId: e.currentTarget.value || null })}
        data={[{ value: '', label: 'All connections' }, ...connections.map((c) => ({ value: c.id, label: c.label }))]}
        error={fieldErrors['filters.connectionIds']}
        w={180}
      />
      <NativeSelect
        label="Currency"
        value={filters.currency ?? ''}
        onChange={(e) => setFilters({ currency: e.currentTarget.value || null })}
        data={[{ value: '', label: 'All currencies' }, ...currencies]}
        error={fieldErrors['filters.currencies']}
        w={130}
      />
      <TextInput
        label="From"
        type="date"
        value={from}
        onChange={(e) => {
          setFrom(e.currentTarget.value);
          applyDate('createdFrom', e.currentTarget.value);
        }}
        error={fromError}
        w={150}
      />
      <TextInput
        label="To"
        type="date"
        value={to}
        onChange={(e) => {
          setTo(e.currentTarget.value);
          applyDate('createdTo', e.currentTarget.value);
        }}
        error={toError}
        w={150}
      />
      {active && (
        <Button variant="subtle" leftSection={<IconX size={14} />} onClick={clear} mt={25}>
          Clear filters
        </Button>
      )}
    </Group>
  );
}

export function hasActiveFilters(filters: typeof emptyPayoutFilters): boolean {
  return JSON.stringify(filters) !== JSON.stringify(emptyPayoutFilters);
}
