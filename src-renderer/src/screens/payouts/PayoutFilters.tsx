import { useEffect, useId, useMemo, useState } from 'react';
import { Button, Group, Input, MultiSelect, NativeSelect, Select, Stack, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconX } from '@tabler/icons-react';
import type { CreatorRow, PayoutStatus, ProviderId } from '@shared/contract';
import { payoutStatuses } from '@shared/contract/model';
import { providerName, providerInfo } from '../../stores/appStore';
import { api } from '../../api/client';
import { statusLabels } from '../../components/StatusBadge';
import { isIsoDate } from '../../lib/time';
import { useQuery } from '../../lib/useQuery';
import { connectionLabel, useAppStore } from '../../stores/appStore';
import { emptyPayoutFilters, usePayoutsStore, type PickedEntity } from '../../stores/payoutsStore';

const statusOptions = payoutStatuses.map((s) => ({ value: s, label: statusLabels[s] }));

/** The same rule main applies to minAmount/maxAmount, checked here first so letters never leave the field. */
const amountPattern = /^\d+(\.\d+)?$/;
export const amountHint = 'Use digits with an optional dot, e.g. 100.50';

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

  // Amounts: applied (debounced) only when they read as a decimal; anything else gets the message inline.
  const [min, setMin] = useState(filters.minAmount);
  const [max, setMax] = useState(filters.maxAmount);
  const [debouncedMin] = useDebouncedValue(min.trim(), 400);
  const [debouncedMax] = useDebouncedValue(max.trim(), 400);
  const minLocal = min.trim() && !amountPattern.test(min.trim()) ? amountHint : null;
  const maxLocal = max.trim() && !amountPattern.test(max.trim()) ? amountHint : null;
  useEffect(() => {
    const current = usePayoutsStore.getState().filters;
    const patch: { minAmount?: string; maxAmount?: string } = {};
    if ((debouncedMin === '' || amountPattern.test(debouncedMin)) && debouncedMin !== current.minAmount) patch.minAmount = debouncedMin;
    if ((debouncedMax === '' || amountPattern.test(debouncedMax)) && debouncedMax !== current.maxAmount) patch.maxAmount = debouncedMax;
    if (Object.keys(patch).length) setFilters(patch);
  }, [debouncedMin, debouncedMax, setFilters]);

  const currencies = useMemo(() => {
    const set = new Set<string>();
    for (const c of connections) for (const code of providerInfo(c.provider)?.currencies ?? []) set.add(code);
    if (filters.currency) set.add(filters.currency);
    return [...set].sort();
  }, [connections, filters.currency]);

  const providers = useMemo(() => {
    const set = new Set<ProviderId>(connections.map((c) => c.provider));
    if (filters.provider) set.add(filters.provider);
    return [...set].sort((a, b) => providerName(a).localeCompare(providerName(b)));
  }, [connections, filters.provider]);

  const active = hasActiveFilters(filters) || Boolean(minLocal || maxLocal);

  return (
    <Stack gap={6} role="search" aria-label="Filter payouts">
      <Group align="flex-start" gap="sm" wrap="wrap">
        <TextInput
          label="Search"
          placeholder="Creator, e-mail, handle, reference…"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          error={fieldErrors['filters.search']}
          w={185}
          data-testid="payouts-search"
        />
        {/* The label sits on a wrapper, not on MultiSelect: Mantine would also name the options list "Status",
            making the label ambiguous for assistive tech and for getByLabel in tests. */}
        <Input.Wrapper label="Status" id={statusId} error={fieldErrors['filters.statuses']} w={212}>
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
            // Mantine's 100px minimum for the typing field pushes even one pill onto a second line.
            styles={{ inputField: { minWidth: 36 } }}
            data-testid="filter-status"
          />
        </Input.Wrapper>
        <NativeSelect
          label="Connection"
          value={filters.connectionId ?? ''}
          onChange={(e) => setFilters({ connectionId: e.currentTarget.value || null })}
          data={[{ value: '', label: 'All connections' }, ...connections.map((c) => ({ value: c.id, label: c.label }))]}
          error={fieldErrors['filters.connectionIds']}
          w={160}
        />
        <NativeSelect
          label="Provider"
          value={filters.provider ?? ''}
          onChange={(e) => setFilters({ provider: (e.currentTarget.value || null) as ProviderId | null })}
          data={[{ value: '', label: 'All providers' }, ...providers.map((p) => ({ value: p, label: providerName(p) }))]}
          error={fieldErrors['filters.providers']}
          w={135}
        />
        <NativeSelect
          label="Currency"
          value={filters.currency ?? ''}
          onChange={(e) => setFilters({ currency: e.currentTarget.value || null })}
          data={[{ value: '', label: 'All currencies' }, ...currencies]}
          error={fieldErrors['filters.currencies']}
          w={148}
        />
        {active && (
          <Button
            variant="subtle"
            leftSection={<IconX size={14} />}
            onClick={resetFilters}
            mt={25}
            px={8}
            aria-label="Clear filters"
            title="Clear filters"
          >
            Clear
          </Button>
        )}
      </Group>
      <Group align="flex-start" gap="sm" wrap="wrap">
        <CampaignFilter
          value={filters.campaign}
          onChange={(campaign) => setFilters({ campaign })}
          error={fieldErrors['filters.campaignId']}
        />
        <CreatorFilter value={filters.creator} onChange={(creator) => setFilters({ creator })} error={fieldErrors['filters.creatorId']} />
        <TextInput
          label="Min amount"
          placeholder="0.00"
          inputMode="decimal"
          value={min}
          onChange={(e) => setMin(e.currentTarget.value)}
          error={minLocal ?? fieldErrors['filters.minAmount']}
          w={105}
          data-testid="filter-min-amount"
        />
        <TextInput
          label="Max amount"
          placeholder="any"
          inputMode="decimal"
          value={max}
          onChange={(e) => setMax(e.currentTarget.value)}
          error={maxLocal ?? fieldErrors['filters.maxAmount']}
          w={105}
          data-testid="filter-max-amount"
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
          w={142}
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
          w={142}
        />
      </Group>
    </Stack>
  );
}

export function hasActiveFilters(filters: typeof emptyPayoutFilters): boolean {
  return JSON.stringify(filters) !== JSON.stringify(emptyPayoutFilters);
}

/** Provider campaigns of every connection (campaigns.list is small: one page of up to 500). */
function CampaignFilter({
  value,
  onChange,
  error,
}: {
  value: PickedEntity | null;
  onChange: (v: PickedEntity | null) => void;
  error?: string;
}) {
  const connections = useAppStore((s) => s.connections);
  const query = useQuery('filter-campaigns', () => api.call('campaigns.list', { limit: 500 }), ['campaigns', 'connections']);
  const data = useMemo(() => {
    const options = (query.data ?? []).map((c) => ({
      value: String(c.id),
      label: `${c.name} · ${connectionLabel(connections, c.connectionId)}`,
    }));
    if (value && !options.some((o) => o.value === String(value.id))) options.unshift({ value: String(value.id), label: value.label });
    return options;
  }, [query.data, connections, value]);
  return (
    <Select
      label="Campaign"
      placeholder={query.loading && !query.data ? 'Loading…' : data.length ? 'Any campaign' : 'No campaigns synced'}
      data={data}
      value={value ? String(value.id) : null}
      onChange={(v, option) => onChange(v && option ? { id: Number(v), label: option.label } : null)}
      searchable
      clearable
      nothingFoundMessage="No campaign matches"
      error={error ?? (query.error ? `Could not load campaigns: ${query.error}` : undefined)}
      w={210}
      maxDropdownHeight={280}
      comboboxProps={{ withinPortal: true }}
      data-testid="filter-campaign"
    />
  );
}

const creatorText = (c: CreatorRow) => c.name ?? c.email ?? c.handle ?? c.remoteId;

/** Creators searched in main as the user types (name, e-mail, handle); one creator of one connection. */
function CreatorFilter({
  value,
  onChange,
  error,
}: {
  value: PickedEntity | null;
  onChange: (v: PickedEntity | null) => void;
  error?: string;
}) {
  const connections = useAppStore((s) => s.connections);
  const [text, setText] = useState(value?.label ?? '');
  const [debounced] = useDebouncedValue(text.trim(), 250);
  // After a pick the field shows the picked label; searching for that label would find nothing useful.
  const needle = value && debounced === value.label ? '' : debounced;
  const query = useQuery(
    `filter-creators:${needle}`,
    () => api.call('creators.list', { limit: 50, ...(needle ? { search: needle } : {}) }),
    ['creators'],
  );
  const data = useMemo(() => {
    const options = (query.data ?? []).map((c) => ({
      value: String(c.id),
      label: `${creatorText(c)} · ${connectionLabel(connections, c.connectionId)}`,
    }));
    if (value && !options.some((o) => o.value === String(value.id))) options.unshift({ value: String(value.id), label: value.label });
    return options;
  }, [query.data, connections, value]);
  return (
    <Select
      label="Creator"
      placeholder="Any creator"
      data={data}
      value={value ? String(value.id) : null}
      onChange={(v, option) => onChange(v && option ? { id: Number(v), label: option.label } : null)}
      searchValue={text}
      onSearchChange={setText}
      // main already matched name, e-mail and handle; filtering again by the label would drop e-mail matches.
      filter={({ options }) => options}
      searchable
      clearable
      nothingFoundMessage={query.loading ? 'Searching…' : 'No creator matches'}
      error={error}
      w={210}
      maxDropdownHeight={280}
      comboboxProps={{ withinPortal: true }}
      data-testid="filter-creator"
    />
  );
}
