import { useEffect, useId, useMemo, useState } from 'react';
import { Button, Collapse, Group, Input, MultiSelect, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAdjustmentsHorizontal, IconChevronUp, IconX } from '@tabler/icons-react';
import type { PayoutStatus, ProviderId } from '@shared/contract';
import { payoutStatuses } from '@shared/contract/model';
import { useConnections } from '../../api/appData';
import { useProviders } from '../../api/providers';
import { DecimalInput, SearchInput } from '../../components/TextFields';
import { statusLabels } from '../../components/StatusBadge';
import { isIsoDate } from '../../lib/time';
import { emptyPayoutFilters, usePayoutsView } from '../../stores/payoutsViewStore';
import { CampaignFilter, CreatorFilter } from './EntityFilters';
import { firstRowFilterPaths, moreFiltersSet } from './filterGroups';

const statusOptions = payoutStatuses.map((s) => ({ value: s, label: statusLabels[s] }));

/** The same rule main applies to minAmount/maxAmount, checked here first so letters never leave the field. */
const amountPattern = /^\d+(\.\d+)?$/;
export const amountHint = 'Use digits with an optional dot, e.g. 100.50';

/** The filter bar; `fieldErrors` are main's answers to the last list request, shown under the filter they concern. */
export function PayoutFilters({ fieldErrors }: { fieldErrors: Record<string, string> }) {
  const filters = usePayoutsView((s) => s.filters);
  const setFilters = usePayoutsView((s) => s.setFilters);
  const resetFilters = usePayoutsView((s) => s.resetFilters);
  const { connections } = useConnections();
  const providerCatalog = useProviders();
  const statusId = useId();

  const [search, setSearch] = useState(filters.search);
  // A pause between words rather than between letters: the search itself answers in milliseconds (npm run bench).
  const [debouncedSearch] = useDebouncedValue(search, 150);
  useEffect(() => {
    if (debouncedSearch !== usePayoutsView.getState().filters.search) setFilters({ search: debouncedSearch });
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
    const current = usePayoutsView.getState().filters;
    const patch: { minAmount?: string; maxAmount?: string } = {};
    if ((debouncedMin === '' || amountPattern.test(debouncedMin)) && debouncedMin !== current.minAmount) patch.minAmount = debouncedMin;
    if ((debouncedMax === '' || amountPattern.test(debouncedMax)) && debouncedMax !== current.maxAmount) patch.maxAmount = debouncedMax;
    if (Object.keys(patch).length) setFilters(patch);
  }, [debouncedMin, debouncedMax, setFilters]);

  const currencies = useMemo(() => {
    const set = new Set<string>();
    for (const c of connections) for (const code of providerCatalog.info(c.provider)?.currencies ?? []) set.add(code);
    if (filters.currency) set.add(filters.currency);
    return [...set].sort();
  }, [connections, filters.currency, providerCatalog]);

  const providers = useMemo(() => {
    const set = new Set<ProviderId>(connections.map((c) => c.provider));
    if (filters.provider) set.add(filters.provider);
    return [...set].sort((a, b) => providerCatalog.name(a).localeCompare(providerCatalog.name(b)));
  }, [connections, filters.provider, providerCatalog]);

  const active = hasActiveFilters(filters) || Boolean(minLocal || maxLocal);
  // The less used filters fold away, so a short window still shows rows; they open by themselves when one is set.
  const moreSet = moreFiltersSet(filters);
  const moreError = Object.keys(fieldErrors).some((k) => !firstRowFilterPaths.includes(k));
  const [moreOpen, setMoreOpen] = useState(moreSet > 0);
  const showMore = moreOpen || moreError || Boolean(minLocal || maxLocal || fromError || toError);
  const moreId = useId();

  return (
    <Stack gap={6} role="search" aria-label="Filter payouts">
      <Group align="flex-start" gap="sm" wrap="wrap">
        <SearchInput
          placeholder="Creator, e-mail, handle, reference…"
          value={search}
          onChange={setSearch}
          error={fieldErrors['filters.search']}
          width={170}
          testId="payouts-search"
        />
        {/* The label sits on a wrapper, not on MultiSelect: Mantine would also name the options list "Status",
            making the label ambiguous for assistive tech and for getByLabel in tests. */}
        <Input.Wrapper label="Status" id={statusId} error={fieldErrors['filters.statuses']} w={196}>
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
          data={[
            { value: '', label: 'All connections' },
            ...connections.map((c) => ({ value: c.id, label: c.archivedAt ? `${c.label} (archived)` : c.label })),
          ]}
          error={fieldErrors['filters.connectionIds']}
          w={150}
        />
        <Button
          variant="default"
          mt={25}
          leftSection={showMore ? <IconChevronUp size={14} /> : <IconAdjustmentsHorizontal size={14} />}
          onClick={() => setMoreOpen(!showMore)}
          aria-expanded={showMore}
          aria-controls={moreId}
          data-testid="payouts-more-filters"
        >
          {showMore ? 'Fewer filters' : `More filters${moreSet ? ` (${moreSet})` : ''}`}
        </Button>
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
      <Collapse expanded={showMore} id={moreId}>
        <Group align="flex-start" gap="sm" wrap="wrap">
          <NativeSelect
            label="Provider"
            value={filters.provider ?? ''}
            onChange={(e) => setFilters({ provider: (e.currentTarget.value || null) as ProviderId | null })}
            data={[{ value: '', label: 'All providers' }, ...providers.map((p) => ({ value: p, label: providerCatalog.name(p) }))]}
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
          <CampaignFilter
            value={filters.campaign}
            onChange={(campaign) => setFilters({ campaign })}
            error={fieldErrors['filters.campaignId']}
          />
          <CreatorFilter value={filters.creator} onChange={(creator) => setFilters({ creator })} error={fieldErrors['filters.creatorId']} />
          {(
            [
              ['Min amount', '0.00', min, setMin, minLocal ?? fieldErrors['filters.minAmount']],
              ['Max amount', 'any', max, setMax, maxLocal ?? fieldErrors['filters.maxAmount']],
            ] as const
          ).map(([label, placeholder, value, onChange, error]) => (
            <DecimalInput
              key={label}
              label={label}
              placeholder={placeholder}
              value={value}
              onChange={onChange}
              error={error}
              width={105}
              testId={`filter-${label.toLowerCase().replace(' ', '-')}`}
            />
          ))}
          <DateInput label="From" value={from} onChange={setFrom} onComplete={(v) => applyDate('createdFrom', v)} error={fromError} />
          <DateInput label="To" value={to} onChange={setTo} onComplete={(v) => applyDate('createdTo', v)} error={toError} />
        </Group>
      </Collapse>
    </Stack>
  );
}

export function hasActiveFilters(filters: typeof emptyPayoutFilters): boolean {
  return JSON.stringify(filters) !== JSON.stringify(emptyPayoutFilters);
}

interface TextFilterProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error: string | null | undefined;
}

function DateInput({ label, value, onChange, onComplete, error }: TextFilterProps & { onComplete: (value: string) => void }) {
  return (
    <TextInput
      label={label}
      type="date"
      value={value}
      onChange={(e) => {
        onChange(e.currentTarget.value);
        onComplete(e.currentTarget.value);
      }}
      error={error}
      w={142}
    />
  );
}
