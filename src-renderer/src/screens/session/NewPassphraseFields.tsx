import { useState } from 'react';
import { PasswordInput } from '@mantine/core';
import { newPassphraseErrors } from './sessionForms';

/**
 * The state of a new passphrase and its repeat: `fields` goes to NewPassphraseFields, `problems()` checks what is
 * typed, `clear()` empties both once the passphrase was used.
 */
export function useNewPassphrase() {
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  return {
    passphrase,
    problems: () => newPassphraseErrors(passphrase, repeat),
    clear: () => {
      setPassphrase('');
      setRepeat('');
    },
    fields: { passphrase, repeat, onPassphrase: setPassphrase, onRepeat: setRepeat },
  };
}

/**
 * A new passphrase and the same again, as every form that sets one asks for it (first admin, new operator, reset,
 * your own); the checks are sessionForms.ts's newPassphraseErrors, their messages arrive in `errors`.
 */
export function NewPassphraseFields({
  passphrase,
  repeat,
  onPassphrase,
  onRepeat,
  errors,
  description,
  label = 'Passphrase',
  repeatLabel = 'Repeat the passphrase',
  width,
  autoFocus = false,
}: {
  passphrase: string;
  repeat: string;
  onPassphrase: (value: string) => void;
  onRepeat: (value: string) => void;
  errors: { passphrase?: string; repeat?: string };
  description: string;
  label?: string;
  repeatLabel?: string;
  width?: number;
  /** Focus the first field when a dialog opens (Mantine's data-autofocus). */
  autoFocus?: boolean;
}) {
  return (
    <>
      <PasswordInput
        label={label}
        description={description}
        value={passphrase}
        onChange={(e) => onPassphrase(e.currentTarget.value)}
        error={errors.passphrase}
        autoComplete="new-password"
        w={width}
        data-autofocus={autoFocus || undefined}
      />
      <PasswordInput
        label={repeatLabel}
        value={repeat}
        onChange={(e) => onRepeat(e.currentTarget.value)}
        error={errors.repeat}
        autoComplete="new-password"
        w={width}
      />
    </>
  );
}
