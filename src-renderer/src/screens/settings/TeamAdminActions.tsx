import { useState, type FormEvent, type ReactNode } from 'react';
import { Alert, Button, Checkbox, Group, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useApiMutation } from '../../api/queries';
import { ErrorAlert } from '../../components/ErrorAlert';
import { errorMessage } from '../../lib/errors';

/**
 * A database login and its password for one step, typed here and sent once: the password leaves the field as soon as
 * it is used and is never kept (the database checks it).
 */
function DatabaseLoginForm({
  label,
  action,
  busy,
  error,
  extra,
  ready = true,
  testId,
  onSubmit,
}: {
  label: string;
  action: string;
  busy: boolean;
  error: string | null;
  extra?: ReactNode;
  ready?: boolean;
  testId: string;
  onSubmit: (login: string, password: string) => void;
}) {
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!login.trim() || !password) return;
    const typed = password;
    setPassword('');
    onSubmit(login.trim(), typed);
  };
  return (
    <form onSubmit={submit} noValidate aria-label={label} data-testid={testId}>
      <Stack gap="xs">
        <Group grow align="flex-start">
          <TextInput label="Database login" value={login} onChange={(e) => setLogin(e.currentTarget.value)} autoComplete="off" />
          <PasswordInput label="Password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} autoComplete="off" />
        </Group>
        {extra}
        {error && <ErrorAlert title={`${action}: not done`} message={error} testId={`${testId}-error`} />}
        <Group justify="flex-end">
          <Button type="submit" variant="default" loading={busy} disabled={!ready || !login.trim() || !password}>
            {action}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * Creates the team schema in an empty database, or brings an older one up to this Paydesk's version: as the
 * database's owner or administrator (a login that may create roles and schemas), never an operator's login.
 */
export function TeamSchemaSetup() {
  const [done, setDone] = useState<string | null>(null);
  const setUp = useApiMutation('team.setUpSchema', {
    invalidates: ['settings'],
    onSuccess: ({ from, to }) =>
      setDone(
        from === to
          ? `The team schema is up to date (version ${to}).`
          : `The team schema is now at version ${to} (it was ${from || 'empty'}).`,
      ),
  });
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        As the database’s owner or administrator (not an operator’s login): creates the Paydesk schema in an empty database, or updates an
        older one. A database of another application, or a schema from a newer Paydesk, is refused and left as it is.
      </Text>
      <DatabaseLoginForm
        label="Set up the team database"
        action="Set up the team database"
        testId="team-schema-setup"
        busy={setUp.isPending}
        error={setUp.error ? errorMessage(setUp.error) : null}
        onSubmit={(login, password) => {
          setDone(null);
          setUp.mutate({ login, password });
        }}
      />
      {done && (
        <Alert color="green" variant="light" role="status" data-testid="team-schema-setup-result">
          {done}
        </Alert>
      )}
    </Stack>
  );
}

/**
 * Copies this computer's own workspace (connections' settings, payouts with their history, import batches, the audit
 * trail as chained, the approval policy) into the new team database chosen above, as one of its admins; the trail is
 * verified there before the move commits. This computer's own files stay as they are.
 */
export function SoloMoveForm() {
  const [confirmed, setConfirmed] = useState(false);
  const move = useApiMutation('team.moveSoloWorkspace', { invalidates: ['settings', 'audit'] });
  const result = move.data;
  return (
    <Stack gap="xs">
      <DatabaseLoginForm
        label="Move this workspace into the team database"
        action="Move into the team database"
        testId="team-solo-move"
        busy={move.isPending}
        ready={confirmed}
        error={move.error ? errorMessage(move.error) : null}
        extra={
          <Checkbox
            checked={confirmed}
            onChange={(e) => setConfirmed(e.currentTarget.checked)}
            label="Copy this workspace’s history, audit trail and approval policy into the team database (it must be new and empty)"
          />
        }
        onSubmit={(login, password) => move.mutate({ login, password })}
      />
      {result && (
        <Alert color="green" variant="light" role="status" data-testid="team-solo-move-result">
          Moved {result.payouts.toLocaleString()} payouts and {result.auditEvents.toLocaleString()} audit events; the trail verifies in the
          team database. Restart Paydesk to open the team workspace.
        </Alert>
      )}
    </Stack>
  );
}
