import { useMemo, useState } from 'react';
import { Select } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { useDebouncedValue } from '@mantine/hooks';
import type { CreatorRow } from '@shared/contract';
import { connectionLabel, useConnections } from '../../api/appData';
import { useApiQuery } from '../../api/queries';
import { errorMessage } from '../../lib/errors';
import type { PickedEntity } from '../../stores/payoutsViewStore';

interface EntityFilterProps {
  value: PickedEntity | null;
  onChange: (v: PickedEntity | null) => void;
  error?: string;
}

/** Options "name · connection", with the picked one kept even when the current answer no longer lists it. */
function useEntityOptions<T extends { id: number; connectionId: string }>(
  rows: T[] | undefined,
  text: (row: T) => string,
  value: PickedEntity | null,
) {
  const { connections } = useConnections();
  return useMemo(() => {
    const options = (rows ?? []).map((r) => ({
      value: String(r.id),
      label: `${text(r)} · ${connectionLabel(connections, r.connectionId)}`,
    }));
    if (value && !options.some((o) => o.value === String(value.id))) options.unshift({ value: String(value.id), label: value.label });
    return options;
  }, [rows, connections, value, text]);
}

const selectProps = (value: PickedEntity | null, onChange: EntityFilterProps['onChange']) => ({
  value: value ? String(value.id) : null,
  onChange: (v: string | null, option: { label: string } | null) => onChange(v && option ? { id: Number(v), label: option.label } : null),
  searchable: true,
  clearable: true,
  w: 210,
  maxDropdownHeight: 280,
  comboboxProps: { withinPortal: true },
});

const campaignText = (c: { name: string }) => c.name;

/** Provider campaigns of every connection (campaigns.list is small: one page of up to 500). */
export function CampaignFilter({ value, onChange, error }: EntityFilterProps) {
  const query = useApiQuery('campaigns.list', { limit: 500 });
  const data = useEntityOptions(query.data, campaignText, value);
  return (
    <Select
      label="Campaign"
      placeholder={query.isPending ? 'Loading…' : data.length ? 'Any campaign' : 'No campaigns synced'}
      data={data}
      {...selectProps(value, onChange)}
      nothingFoundMessage="No campaign matches"
      error={error ?? (query.error ? `Could not load campaigns: ${errorMessage(query.error)}` : undefined)}
      data-testid="filter-campaign"
    />
  );
}

const creatorText = (c: CreatorRow) => c.name ?? c.email ?? c.handle ?? c.remoteId;

/** Creators searched in main as the user types (name, e-mail, handle); one creator of one connection. */
export function CreatorFilter({ value, onChange, error }: EntityFilterProps) {
  const [text, setText] = useState(value?.label ?? '');
  const [debounced] = useDebouncedValue(text.trim(), 250);
  // After a pick the field shows the picked label; searching for that label would find nothing useful.
  const needle = value && debounced === value.label ? '' : debounced;
  const query = useApiQuery('creators.list', { limit: 50, ...(needle ? { search: needle } : {}) }, { placeholderData: keepPreviousData });
  const data = useEntityOptions(query.data, creatorText, value);
  return (
    <Select
      label="Creator"
      placeholder="Any creator"
      data={data}
      {...selectProps(value, onChange)}
      searchValue={text}
      onSearchChange={setText}
      // main already matched name, e-mail and handle; filtering again by the label would drop e-mail matches.
      filter={({ options }) => options}
      nothingFoundMessage={query.isFetching ? 'Searching…' : 'No creator matches'}
      error={error}
      data-testid="filter-creator"
    />
  );
}
