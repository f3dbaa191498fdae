import { NativeSelect } from '@mantine/core';
import type { Connection } from '@shared/contract';
import { useProviders } from '../api/providers';

/** "Label (Provider)" for every connection that can take new payouts (not archived); "Choose a connection" until one is chosen. */
export function ConnectionSelect({
  connections,
  value,
  onChange,
  ...rest
}: {
  connections: Connection[];
  value: string;
  onChange: (connectionId: string) => void;
  error?: string | null;
  disabled?: boolean;
  description?: string;
  w?: number;
  'data-autofocus'?: boolean;
}) {
  const providers = useProviders();
  return (
    <NativeSelect
      label="Connection"
      data={[
        ...(value ? [] : [{ value: '', label: 'Choose a connection' }]),
        ...connections
          .filter((c) => !c.archivedAt || c.id === value)
          .map((c) => ({ value: c.id, label: `${c.label} (${providers.name(c.provider)})${c.archivedAt ? ' — archived' : ''}` })),
      ]}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      required
      {...rest}
    />
  );
}
