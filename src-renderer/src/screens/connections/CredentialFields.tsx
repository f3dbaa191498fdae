import { PasswordInput, Text, TextInput, Textarea } from '@mantine/core';
import type { AuthMode, CredentialField } from '@shared/contract';

const unchangedPlaceholder = 'Unchanged — leave empty to keep';

/** The credential fields of the chosen sign-in method, and where their secrets go. */
export function CredentialFields({
  mode,
  editing,
  values,
  errors,
  onChange,
}: {
  mode: AuthMode | undefined;
  editing: boolean;
  values: Record<string, string>;
  errors: Record<string, string>;
  onChange: (key: string, value: string) => void;
}) {
  return (
    <>
      {mode?.fields.map((field) => (
        <CredentialInput
          key={`${mode.id}/${field.key}`}
          field={field}
          editing={editing}
          value={values[field.key] ?? ''}
          error={errors[`credentials.${field.key}`]}
          onChange={(value) => onChange(field.key, value)}
        />
      ))}

      <Text size="xs" c="dimmed">
        Secret fields are stored only in your operating system's keychain and are never shown again.
      </Text>
    </>
  );
}

function CredentialInput({
  field,
  editing,
  value,
  error,
  onChange,
}: {
  field: CredentialField;
  editing: boolean;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
}) {
  const keepsStored = editing && field.secret;
  const optionalNote = field.required ? null : 'Optional.';
  const common = {
    label: field.label,
    description: [optionalNote, field.help].filter(Boolean).join(' ') || undefined,
    placeholder: keepsStored ? unchangedPlaceholder : field.placeholder,
    required: field.required && !keepsStored,
    error,
    value,
    autoComplete: 'off',
    spellCheck: false,
  };
  if (field.multiline) {
    return <Textarea {...common} onChange={(e) => onChange(e.currentTarget.value)} autosize minRows={4} maxRows={10} ff="monospace" />;
  }
  if (field.secret) {
    return <PasswordInput {...common} autoComplete="new-password" onChange={(e) => onChange(e.currentTarget.value)} />;
  }
  return <TextInput {...common} onChange={(e) => onChange(e.currentTarget.value)} />;
}
