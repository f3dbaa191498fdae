import { Textarea } from '@mantine/core';

/**
 * The reason a rejection or a dismissal records in the audit log: required, at most 500 characters (as main checks),
 * and its error goes as soon as something is typed.
 */
export function ReasonField({
  value,
  onChange,
  error,
  onErrorCleared,
}: {
  value: string;
  onChange: (reason: string) => void;
  error: string | null;
  onErrorCleared: () => void;
}) {
  return (
    <Textarea
      label="Reason"
      value={value}
      onChange={(e) => {
        const text = e.currentTarget.value;
        onChange(text);
        if (error && text.trim()) onErrorCleared();
      }}
      error={error}
      required
      maxLength={500}
      autosize
      minRows={2}
      data-autofocus
    />
  );
}
