import { TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';

/** The "Search" field of a list: a magnifier, what it searches in the placeholder. */
export function SearchInput({
  placeholder,
  value,
  onChange,
  error,
  width,
  testId,
}: {
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  width: number;
  testId?: string;
}) {
  return (
    <TextInput
      label="Search"
      placeholder={placeholder}
      leftSection={<IconSearch size={16} />}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
      w={width}
      data-testid={testId}
    />
  );
}
