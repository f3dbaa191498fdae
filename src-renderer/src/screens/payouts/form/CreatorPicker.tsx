import { useEffect, useMemo, useState } from 'react';
import { Center, Input, Loader, Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { CreatorRow } from '@shared/contract';
import { useApiQuery } from '../../../api/queries';
import { creatorLabel, creatorLabels } from './creatorLabels';

/** A cached creator of this connection: the synced list, plus a server search for anything typed. */
export function CreatorPicker({
  connectionId,
  base,
  loading,
  value,
  onPick,
  error,
  required,
  description,
}: {
  connectionId: string;
  base: CreatorRow[];
  loading: boolean;
  value: number | null;
  onPick: (creator: CreatorRow | null) => void;
  error: string | undefined;
  required: boolean;
  description: string;
}) {
  const [typed, setTyped] = useState('');
  const [debounced] = useDebouncedValue(typed.trim(), 300);
  const [picked, setPicked] = useState<CreatorRow | null>(null);

  const pickedLabel = picked ? creatorLabel(picked) : null;
  const query = debounced && debounced !== pickedLabel ? debounced : '';
  const search = useApiQuery('creators.list', { search: query, connectionId, limit: 200 }, { enabled: query !== '' });
  const found = useMemo(() => (query ? (search.data ?? []) : []), [query, search.data]);
  const searching = search.isFetching;

  const all = useMemo(() => {
    const map = new Map<number, CreatorRow>();
    for (const c of [...(picked ? [picked] : []), ...base, ...found]) map.set(c.id, c);
    return [...map.values()];
  }, [base, found, picked]);
  const labels = useMemo(() => creatorLabels(all), [all]);

  useEffect(() => {
    if (value === null) setPicked(null);
    else if (!picked || picked.id !== value) {
      const match = all.find((c) => c.id === value);
      if (match) setPicked(match);
    }
  }, [value, all, picked]);

  if (loading) {
    return (
      <Input.Wrapper label="Creator" description={description}>
        <Center h={36}>
          <Loader size="xs" />
        </Center>
      </Input.Wrapper>
    );
  }

  return (
    <Select
      label="Creator"
      description={description}
      placeholder={all.length ? 'Search by name, e-mail or handle' : 'No creators synced for this connection'}
      data={all.map((c) => ({ value: String(c.id), label: labels.get(c.id) ?? creatorLabel(c) }))}
      value={value === null ? null : String(value)}
      onChange={(v) => {
        const creator = v ? (all.find((c) => String(c.id) === v) ?? null) : null;
        setPicked(creator);
        onPick(creator);
      }}
      onSearchChange={setTyped}
      searchable
      clearable
      required={required}
      error={error}
      nothingFoundMessage={searching ? 'Searching…' : 'No creator of this connection matches'}
      maxDropdownHeight={260}
      comboboxProps={{ zIndex: 500 }}
    />
  );
}
