import { useRef, useState, type FormEvent } from 'react';
import { Button, Collapse, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import type { TeamStatusView } from '@shared/contract';
import { useApiMutation } from '../../api/queries';
import { forgetOperatorData } from '../../api/session';
import { SignInForm } from '../../components/SignInForm';
import { errorMessage } from '../../lib/errors';
import { GateLayout } from '../session/GateLayout';
import { TeamSchemaSetup } from './TeamAdminActions';

/**
 * The session gate of a team workspace: the operator's own database login and its password. The database checks
 * the password and holds the roles; the password leaves the field as soon as it is used.
 */
export function TeamWorkspaceSignIn({ team }: { team: TeamStatusView }) {
  const client = useQueryClient();
  const signIn = useApiMutation('team.signIn', { invalidates: ['session', 'settings'] });
  const [login, setLogin] = useState(team.login ?? '');
  const [password, setPassword] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const [setupOpen, setSetupOpen] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    if (!login.trim() || !password) {
      setFormError('Enter your database login and its password.');
      return;
    }
    const typed = password;
    setPassword('');
    signIn.mutate(
      { login: login.trim(), password: typed },
      {
        onSuccess: () => {
          forgetOperatorData(client);
          void client.invalidateQueries({ queryKey: ['session.status'] });
        },
        onError: (e) => {
          setFormError(errorMessage(e));
          passwordRef.current?.focus();
        },
      },
    );
  };

  const where = team.settings ? `${team.settings.database} on ${team.settings.host}:${team.settings.port}` : 'the team database';
  return (
    <GateLayout title="Sign in to the team workspace" testId="team-sign-in-screen">
      <Text size="sm" c="dimmed">
        This computer works in a team workspace ({where}). Sign in with your own database login.
        {team.caughtUpAt ? ` This computer's copy was last brought up to date at ${new Date(team.caughtUpAt).toLocaleString()}.` : ''}
      </Text>
      <SignInForm
        label="Sign in to the team workspace"
        onSubmit={submit}
        who={{ label: 'Database login', value: login, onChange: setLogin }}
        secret={{ label: 'Password', value: password, onChange: setPassword }}
        secretRef={passwordRef}
        pending={signIn.isPending}
        error={formError}
        errorTestId="team-sign-in-error"
      />
      <Button
        variant="subtle"
        size="xs"
        onClick={() => setSetupOpen((o) => !o)}
        aria-expanded={setupOpen}
        style={{ alignSelf: 'flex-start' }}
      >
        {setupOpen ? 'Hide the database set-up' : 'Set up the team database…'}
      </Button>
      <Collapse expanded={setupOpen}>
        <TeamSchemaSetup />
      </Collapse>
    </GateLayout>
  );
}
