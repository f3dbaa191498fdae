import { useEffect, useState, type FormEvent } from 'react';
import { Alert, Badge, Button, Card, Code, Group, Skeleton, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { api, ApiError } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { KeychainAlert } from '../../components/KeychainAlert';
import { ScreenHeader } from '../../components/ScreenHeader';
import { errorMessage } from '../../lib/errors';
import { useAppStore } from '../../stores/appStore';
import { PolicySettings } from './PolicySettings';

const maxNameLength = 80;

function validateName(name: string): string | null {
  const trimmed = name.trim();
  if (!trimmed) return 'Enter your name.';
  if (trimmed.length > maxNameLength) return `Keep the name under ${maxNameLength} characters.`;
  return null;
}

export function SettingsScreen() {
  const info = useAppStore((s) => s.info);
  const [name, setName] = useState('');
  const [loaded, setLoaded] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);

  const load = async () => {
    setLoadError(null);
    try {
      const settings = await api.call('settings.get');
      setName(settings.operatorName);
      setLoaded(true);
    } catch (e) {
      setLoadError(errorMessage(e));
    }
  };

  useEffect(() => {
    void load();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    setSaveError(null);
    const problem = validateName(name);
    setFieldError(problem);
    if (problem) return;
    setSaving(true);
    try {
      const settings = await api.call('settings.update', { operatorName: name.trim() });
      setName(settings.operatorName);
      setSaved(true);
      void useAppStore.getState().loadInfo();
    } catch (e) {
      const fromServer = e instanceof ApiError ? e.fieldErrors.operatorName : undefined;
      if (fromServer) setFieldError(fromServer);
      else setSaveError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Stack gap="lg" maw={760}>
      <ScreenHeader title="Settings" />

      <Card withBorder padding="lg">
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Stack gap="sm">
            <Title order={4}>Operator</Title>
            <Text size="sm" c="dimmed">
              Your name is recorded as the actor of every approval and change in the audit log.
            </Text>
            {loadError ? (
              <ErrorAlert title="Could not load settings" message={loadError} onRetry={() => void load()} />
            ) : !loaded ? (
              <Skeleton height={60} />
            ) : (
              <>
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
                <Group>
                  <Button type="submit" loading={saving}>
                    Save
                  </Button>
                  {saved && (
                    <Text size="sm" c="green" role="status" data-testid="settings-saved">
                      Saved.
                    </Text>
                  )}
                </Group>
              </>
            )}
          </Stack>
        </form>
      </Card>

      <PolicySettings />

      <Card withBorder padding="lg">
        <Stack gap="sm">
          <Title order={4}>This installation</Title>
          {info ? (
            <Table variant="vertical" layout="fixed" withTableBorder data-testid="settings-info">
              <Table.Tbody>
                <InfoRow label="Version">{info.version}</InfoRow>
                <InfoRow label="Host">{info.host === 'electron' ? 'Desktop app (Electron)' : 'Browser host (development/testing)'}</InfoRow>
                <InfoRow label="OS user">{info.osUser}</InfoRow>
                <InfoRow label="Data folder">
                  <Code style={{ overflowWrap: 'anywhere' }}>{info.dataDir}</Code>
                </InfoRow>
                <InfoRow label="Keychain">
                  {info.keychain.available ? (
                    <Badge color="green" variant="light" tt="none">
                      Available
                    </Badge>
                  ) : (
                    <Badge color="red" variant="light" tt="none">
                      Unavailable
                    </Badge>
                  )}
                </InfoRow>
                <InfoRow label="Workspace">
                  {info.demoWorkspace ? 'Demo (simulated providers)' : info.workspaceEmpty ? 'Empty' : 'Live'}
                </InfoRow>
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
    </Stack>
  );
}

function InfoRow({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th w={160}>{label}</Table.Th>
      <Table.Td>{children}</Table.Td>
    </Table.Tr>
  );
}
