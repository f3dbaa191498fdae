import { useEffect, useRef } from 'react';
import { Alert, Stack, Text } from '@mantine/core';

/**
 * Saving failed because there is no keychain to put the secret in: say so where the operator looks (beside Save),
 * what to do about it, and that the demo needs none. Paydesk never falls back to storing the secret anywhere else.
 */
export function KeychainSaveHelp({ message }: { message: string }) {
  const ref = useRef<HTMLDivElement>(null);
  // The form is taller than a small window: bring the answer to the Save that was just pressed into view.
  // Braces: newer Chromium returns a promise from scrollIntoView, and an effect may return only its clean-up.
  useEffect(() => {
    void ref.current?.scrollIntoView({ block: 'nearest' });
  }, [message]);
  return (
    <Alert ref={ref} color="red" variant="light" title="Not saved: no system keychain" role="alert" data-testid="connection-keychain-help">
      <Stack gap={6}>
        <Text size="sm">{message}</Text>
        <Text size="sm">
          Paydesk keeps connection secrets only in the operating system's keychain and never anywhere else, so nothing was saved. Unlock or
          start your keychain (on Linux a Secret Service such as GNOME Keyring or KWallet), then press Save again; the form keeps what you
          typed.
        </Text>
        <Text size="sm">
          To try Paydesk without a keychain, use the demo workspace: its simulated providers need no secrets. It is offered when Paydesk
          starts on a new, empty workspace.
        </Text>
      </Stack>
    </Alert>
  );
}
