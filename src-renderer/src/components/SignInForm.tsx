import type { FormEvent, Ref } from 'react';
import { Button, Group, PasswordInput, Stack, TextInput } from '@mantine/core';
import { IconLogin } from '@tabler/icons-react';
import { ErrorAlert } from './ErrorAlert';

/** One field of the form: what it is called, what it holds, and its problem, if any. */
export interface SignInField {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
}

/**
 * A sign-in form: who (focused first) and the secret, the answer's error and the Sign in button. The screen owns the
 * state and what signing in means (an operator of this workspace, a login of the team database).
 */
export function SignInForm({
  label,
  onSubmit,
  who,
  secret,
  secretRef,
  submitRef,
  pending,
  error,
  errorTestId,
}: {
  /** The form's accessible name. */
  label: string;
  onSubmit: (event: FormEvent) => void;
  who: SignInField;
  secret: SignInField;
  /** Where focus goes back when the secret was wrong. */
  secretRef?: Ref<HTMLInputElement>;
  submitRef?: Ref<HTMLButtonElement>;
  pending: boolean;
  error: string | null;
  errorTestId: string;
}) {
  return (
    <form onSubmit={onSubmit} noValidate aria-label={label}>
      <Stack gap="sm">
        <TextInput
          label={who.label}
          value={who.value}
          onChange={(e) => who.onChange(e.currentTarget.value)}
          error={who.error}
          autoFocus
          autoComplete="username"
        />
        <PasswordInput
          ref={secretRef}
          label={secret.label}
          value={secret.value}
          onChange={(e) => secret.onChange(e.currentTarget.value)}
          error={secret.error}
          autoComplete="current-password"
        />
        {error && <ErrorAlert title="Not signed in" message={error} testId={errorTestId} />}
        <Group justify="flex-end">
          <Button ref={submitRef} type="submit" loading={pending} leftSection={<IconLogin size={16} />}>
            Sign in
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
