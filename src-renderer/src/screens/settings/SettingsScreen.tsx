import { useState, type FormEvent } from 'react';
import { Alert, Badge, Card, Code, Group, PasswordInput, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { ApiError } from '../../api/client';
import { useAppInfo } from '../../api/appData';
import { useApiMutation } from '../../api/queries';
import { useOperator } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FactRow } from '../../components/FactRow';
import { KeychainAlert } from '../../components/KeychainAlert';
import { SaveRow } from '../../components/SaveRow';
import { ScreenHeader } from '../../components/ScreenHeader';
import { errorMessage } from '../../lib/errors';
import { hasErrors, minPassphraseLength, type Errors } from '../session/sessionForms';
import { LeaveDemoSettings } from './LeaveDemoSettings';
import { FilesAndBackups } from './FilesAndBackups';
import { OperatorsSettings } from './OperatorsSettings';
import { PolicySettings } from './PolicySettings';
import { NewPassphraseFields, useNewPassphrase } from '../session/NewPassphraseFields';
import { TeamWorkspaceSettings } from './TeamWorkspaceSettings';
import { WholeNumberSetting } from './WholeNumberSetting';

export function SettingsScreen() {
  return (
    <Stack gap="lg" maw={820}>
      <ScreenHeader title="Settings" />
      <OperatorsSettings />
      <OwnPassphrase />
      <SecuritySettings />
      <PolicySettings />
      <LeaveDemoSettings />
      <TeamWorkspaceSettings />
      <FilesAndBackups />
      <InstallationInfo />
    </Stack>
  );
}

/** Anyone changes their own passphrase: the current one first. */
function OwnPassphrase() {
  const me = useOperator();
  const change = useApiMutation('operators.changePassphrase', { invalidates: ['operators'] });
  const [current, setCurrent] = useState('');
  const next = useNewPassphrase();
  const [errors, setErrors] = useState<Errors<'current' | 'passphrase' | 'repeat'>>({});
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    setSaveError(null);
    const local = { ...(current ? {} : { current: 'Enter your current passphrase.' }), ...next.problems() };
    setErrors(local);
    if (hasErrors(local)) return;
    change.mutate(
      { current, next: next.passphrase },
      {
        onSuccess: () => setSaved(true),
        onError: (e) => {
          const fields = e instanceof ApiError ? e.fieldErrors : {};
          setErrors({ current: fields.current, passphrase: fields.next ?? fields.passphrase });
          if (!fields.current && !fields.next && !fields.passphrase) setSaveError(errorMessage(e));
        },
        // Used once, whatever the answer: the fields never keep a passphrase.
        onSettled: () => {
          setCurrent('');
          next.clear();
        },
      },
    );
  };

  return (
    <Card withBorder padding="lg" data-testid="own-passphrase">
      <form onSubmit={submit} noValidate aria-label="Change your passphrase">
        <Stack gap="sm">
          <Title order={4}>Your passphrase</Title>
          <Text size="sm" c="dimmed">
            {me ? `${me.name}, this` : 'This'} is what you sign in, unlock, approve and send with.
          </Text>
          <Group align="flex-start" gap="sm" wrap="wrap">
            <PasswordInput
              label="Current passphrase"
              value={current}
              onChange={(e) => setCurrent(e.currentTarget.value)}
              error={errors.current}
              autoComplete="current-password"
              w={230}
            />
            <NewPassphraseFields
              {...next.fields}
              errors={errors}
              description={`At least ${minPassphraseLength} characters`}
              label="New passphrase"
              repeatLabel="Repeat the new one"
              width={230}
            />
          </Group>
          {saveError && <ErrorAlert title="Not changed" message={saveError} />}
          <SaveRow
            label="Change passphrase"
            saving={change.isPending}
            saved={saved}
            savedText="Passphrase changed."
            testId="passphrase-changed"
          />
        </Stack>
      </form>
    </Card>
  );
}

/** How long the desk waits without input before it locks (admins change it). */
function SecuritySettings() {
  return (
    <Card withBorder padding="lg" data-testid="security-settings">
      <Stack gap="sm">
        <Title order={4}>Security</Title>
        <Text size="sm" c="dimmed">
          After this many minutes without keyboard or pointer input, Paydesk locks and asks for the signed-in operator's passphrase. Work
          running in the background (syncs, status checks) does not keep it open.
        </Text>
        <WholeNumberSetting
          setting="idleLockMinutes"
          formLabel="Security"
          fieldLabel="Lock after (minutes without input)"
          unit="minutes"
          description="From 1 minute to 1440 (24 hours)."
          invalidates={['settings', 'session']}
          testId="idle-lock-minutes"
          savedTestId="settings-saved"
          gap="sm"
        />
      </Stack>
    </Card>
  );
}

function InstallationInfo() {
  const info = useAppInfo().data;
  return (
    <Card withBorder padding="lg">
      <Stack gap="sm">
        <Title order={4}>This installation</Title>
        {info ? (
          <Table variant="vertical" layout="fixed" withTableBorder data-testid="settings-info">
            <Table.Tbody>
              <FactRow label="Version" width={160}>
                {info.version}
              </FactRow>
              <FactRow label="Host" width={160}>
                {info.host === 'electron' ? 'Desktop app (Electron)' : 'Browser host (development/testing)'}
              </FactRow>
              <FactRow label="OS user" width={160}>
                {info.osUser}
              </FactRow>
              <FactRow label="Data folder" width={160}>
                <Code style={{ overflowWrap: 'anywhere' }}>{info.dataDir}</Code>
              </FactRow>
              <FactRow label="Keychain" width={160}>
                <Badge color={info.keychain.available ? 'green' : 'red'} variant="light" tt="none">
                  {info.keychain.available ? 'Available' : 'Unavailable'}
                </Badge>
              </FactRow>
              <FactRow label="Workspace" width={160}>
                {info.demoWorkspace ? 'Demo (simulated providers)' : info.workspaceEmpty ? 'Empty' : 'Live'}
              </FactRow>
            </Table.Tbody>
          </Table>
        ) : (
          <Skeleton height={200} />
        )}
        <KeychainAlert />
        {info && info.host === 'browser' && (
          <Alert color="blue" variant="light">
            This window is served by the browser host, a development and test entry point. Use the desktop app for real work.
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
