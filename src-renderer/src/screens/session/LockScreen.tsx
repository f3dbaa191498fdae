import { useState, type FormEvent } from 'react';
import { Button, Code, Group, PasswordInput, Stack, Text } from '@mantine/core';
import { IconLockOpen } from '@tabler/icons-react';
import type { SessionStatus } from '@shared/contract';
import { useSessionCall } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { errorMessage, fieldErrorOf } from '../../lib/errors';
import { GateLayout } from './GateLayout';

/** The desk is locked (idle time, or "Lock now"): the same operator's passphrase opens it, or someone else signs in. */
export function LockScreen({ status }: { status: SessionStatus }) {
  const unlock = useSessionCall('session.unlock');
  const signOut = useSessionCall('session.signOut');
  const [passphrase, setPassphrase] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const name = status.operator?.name ?? 'The operator';
  const demoPassphrase = status.demoOperators?.find((d) => d.name === status.operator?.name)?.passphrase;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    if (!passphrase) {
      setFieldError('Enter your passphrase.');
      return;
    }
    const typed = passphrase;
    setPassphrase('');
    unlock.mutate(
      { passphrase: typed },
      {
        onError: (e) => {
          const wrong = fieldErrorOf(e, 'passphrase');
          if (wrong) setFieldError(wrong);
          else setFormError(errorMessage(e));
        },
      },
    );
  };

  return (
    <GateLayout title="Paydesk is locked" demo={status.demoOperators !== null} testId="lock-screen">
      <Text size="sm" data-testid="locked-operator">
        {name} is still signed in. Nothing on the desk shows until {status.operator ? `${name}'s` : 'their'} passphrase opens it again; it
        locks by itself after {status.idleLockMinutes} minute{status.idleLockMinutes === 1 ? '' : 's'} without input.
      </Text>
      <form onSubmit={submit} noValidate aria-label="Unlock">
        <Stack gap="sm">
          <PasswordInput
            label="Passphrase"
            description={
              demoPassphrase ? (
                <>
                  Demo passphrase: <Code>{demoPassphrase}</Code>
                </>
              ) : undefined
            }
            value={passphrase}
            onChange={(e) => {
              setPassphrase(e.currentTarget.value);
              setFieldError(null);
            }}
            error={fieldError}
            autoFocus
            autoComplete="current-password"
          />
          {formError && <ErrorAlert title="Still locked" message={formError} />}
          <Group justify="space-between">
            <Button variant="subtle" onClick={() => signOut.mutate(undefined)} loading={signOut.isPending} disabled={unlock.isPending}>
              Sign in as someone else
            </Button>
            <Button type="submit" loading={unlock.isPending} leftSection={<IconLockOpen size={16} />}>
              Unlock
            </Button>
          </Group>
        </Stack>
      </form>
    </GateLayout>
  );
}
