import { useState, type FormEvent } from 'react';
import { Alert, Badge, Card, Code, Skeleton, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useAppInfo } from '../../api/appData';
import { useApiMutation, useApiQuery } from '../../api/queries';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FactRow } from '../../components/FactRow';
import { KeychainAlert } from '../../components/KeychainAlert';
import { QueryState } from '../../components/QueryState';
import { SaveRow } from '../../components/SaveRow';
import { ScreenHeader } from '../../components/ScreenHeader';
import { errorMessage, fieldErrorOf } from '../../lib/errors';
import { PolicySettings } from './PolicySettings';

const maxNameLength = 80;

function validateName(name: string): string | null {
  const trimmed = name.trim();
  if (!trimmed) return 'Enter your name.';
  if (trimmed.length > maxNameLength) return `Keep the name under ${maxNameLength} characters.`;
  return null;
}

export function SettingsScreen() {
  const settings = useApiQuery('settings.get');
  return (
    <Stack gap="lg" maw={760}>
      <ScreenHeader title="Settings" />
      <Card withBorder padding="lg">
        <Stack gap="sm">
          <Title order={4}>Operator</Title>
          <Text size="sm" c="dimmed">
            Your name is recorded as the actor of every approval and change in the audit log.
          </Text>
          <QueryState query={settings} what="settings" loading={<Skeleton height={60} />}>
            {(loaded) => <OperatorForm initialName={loaded.operatorName} />}
          </QueryState>
        </Stack>
      </Card>
      <PolicySettings />
      <InstallationInfo />
    </Stack>
  );
}

function OperatorForm({ initialName }: { initialName: string }) {
  const [name, setName] = useState(initialName);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useApiMutation('settings.update', { invalidates: ['settings'] });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    setSaveError(null);
    const problem = validateName(name);
    setFieldError(problem);
    if (problem) return;
    try {
      const settings = await save.mutateAsync({ operatorName: name.trim() });
      setName(settings.operatorName);
      setSaved(true);
    } catch (e) {
      const fromServer = fieldErrorOf(e, 'operatorName');
      if (fromServer) setFieldError(fromServer);
      else setSaveError(errorMessage(e));
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="sm">
        <TextInput
          label="Operator name"
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
            setSaved(false);
            if (fieldError) setFieldError(validateName(e.currentTarget.value));
          }}
          onBlur={() => setFieldError(validateName(name))}
          error={fieldError}
          required
          maw={360}
        />
        {saveError && <ErrorAlert title="Could not save" message={saveError} />}
        <SaveRow label="Save" saving={save.isPending} saved={saved} savedText="Saved." testId="settings-saved" />
      </Stack>
    </form>
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
