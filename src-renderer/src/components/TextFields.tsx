import { TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';

interface FieldProps {
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | null;
  width: number;
  testId?: string;
}

const fieldProps = ({ placeholder, value, onChange, error, width, testId }: FieldProps) => ({
  placeholder,
  value,
  onChange: (e: React.ChangeEvent<HTMLInputElement>) => onChange(e.currentTarget.value),
  error,
  w: width,
  'data-testid': testId,
});

/** The "Search" field of a list: a magnifier, what it searches in the placeholder. */
export function SearchInput(props: FieldProps) {
  return <TextInput label="Search" leftSection={<IconSearch size={16} />} {...fieldProps(props)} />;
}

/** An amount typed as decimal text ("100.50"); main (or the form) parses it in its currency. */
export function DecimalInput({ label, ...props }: FieldProps & { label: string }) {
  return <TextInput label={label} inputMode="decimal" {...fieldProps(props)} />;
}
