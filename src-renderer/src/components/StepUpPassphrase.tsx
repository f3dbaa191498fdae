import { useCallback, useState } from 'react';
import { PasswordInput } from '@mantine/core';
import { IconKey } from '@tabler/icons-react';
import { errorMessage, fieldErrorOf } from '../lib/errors';

/**
 * Step-up, as bank portals do: approving and sending ask for the signed-in operator's passphrase again. The
 * passphrase lives only in this field's state and is cleared as soon as it has been sent; a wrong one is shown at
 * the field, and the dialog stays open.
 */
export function useStepUp() {
  const [passphrase, setPassphraseState] = useState('');
  const [error, setError] = useState<string | null>(null);
  const setPassphrase = useCallback((value: string) => {
    setPassphraseState(value);
    setError(null);
  }, []);
  const reset = useCallback(() => {
    setPassphraseState('');
    setError(null);
  }, []);

  /** Runs the call with the typed passphrase; resolves undefined when it was missing or wrong (shown at the field). */
  const run = async <T,>(task: (passphrase: string) => Promise<T>): Promise<T | undefined> => {
    if (!passphrase) {
      setError('Enter your passphrase to confirm.');
      return undefined;
    }
    const typed = passphrase;
    setPassphraseState('');
    try {
      return await task(typed);
    } catch (e) {
      if (fieldErrorOf(e, 'passphrase')) {
        setError(errorMessage(e));
        return undefined;
      }
      throw e;
    }
  };

  return { passphrase, error, setPassphrase, reset, run };
}

export type StepUp = ReturnType<typeof useStepUp>;

export function StepUpPassphrase({
  stepUp,
  description,
  onSubmit,
  disabled,
}: {
  stepUp: StepUp;
  description: string;
  /** Enter in the field confirms, like the dialog's confirm button. */
  onSubmit: () => void;
  disabled?: boolean;
}) {
  return (
    <PasswordInput
      label="Your passphrase"
      description={description}
      leftSection={<IconKey size={16} />}
      value={stepUp.passphrase}
      onChange={(e) => stepUp.setPassphrase(e.currentTarget.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
          e.preventDefault();
          onSubmit();
        }
      }}
      error={stepUp.error}
      disabled={disabled}
      autoComplete="current-password"
      // Mounted when the dialog has what it needs to show (a summary, the providers' answers): take the focus then.
      autoFocus
      data-testid="step-up-passphrase"
    />
  );
}
