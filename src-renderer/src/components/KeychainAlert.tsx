import { Alert } from '@mantine/core';
import { IconLockExclamation } from '@tabler/icons-react';
import { useKeychainProblem } from '../api/appData';

/**
 * Main's message says what to do (unlock the keyring, install a secret service…). Secrets are never stored
 * anywhere else, so until this is fixed connections cannot be added or used.
 */
export function KeychainAlert({ message }: { message?: string | null }) {
  const problem = useKeychainProblem();
  const text = message ?? problem;
  if (!text) return null;
  return (
    <Alert
      color="red"
      variant="filled"
      title="System keychain unavailable"
      icon={<IconLockExclamation size={18} />}
      role="alert"
      data-testid="keychain-alert"
    >
      {text}
    </Alert>
  );
}
