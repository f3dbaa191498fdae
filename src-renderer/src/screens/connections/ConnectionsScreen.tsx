import { useEffect, useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Card,
  Center,
  Divider,
  EmptyState,
  Group,
  Modal,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import {
  IconActivityHeartbeat,
  IconCheck,
  IconPencil,
  IconPlayerStop,
  IconPlugConnected,
  IconPlus,
  IconRefresh,
  IconTrash,
  IconX,
} from '@tabler/icons-react';
import { type Connection, type ConnectionTestResult } from '@shared/contract';
import { providerName, providerInfo } from '../../stores/appStore';
import { api } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { KeychainAlert } from '../../components/KeychainAlert';
import { ScreenHeader } from '../../components/ScreenHeader';
import { SyncAllButton, SyncAllError } from '../../components/SyncControls';
import { errorMessage } from '../../lib/errors';
import { useInertBackground } from '../../lib/useInertBackground';
import { useAppStore } from '../../stores/appStore';
import { useNavigation } from '../../stores/navigationStore';
import { useSyncStore } from '../../stores/syncStore';
import { ConnectionFormModal } from './ConnectionFormModal';
import { environmentLabels } from './connectionForm';
import { CapabilityList, ResourceSyncTable, SyncNoticeAlert, SyncProgressPanel } from './ConnectionSync';

type FormState = { opened: false } | { opened: true; connection: Connection | null };

export function ConnectionsScreen() {
  const connections = useAppStore((s) => s.connections);
  const loaded = useAppStore((s) => s.connectionsLoaded);
  const error = useAppStore((s) => s.connectionsError);
  const loadConnections = useAppStore((s) => s.loadConnections);
  const [form, setForm] = useState<FormState>({ opened: false });
  const [removing, setRemoving] = useState<Connection | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    void useAppStore.getState().loadConnections();
    void useSyncStore.getState().loadCapabilities();
    if (useNavigation.getState().consumeIntent()?.kind === 'addConnection') setForm({ opened: true, connection: null });
  }, []);

  const onSaved = (saved: Connection, created: boolean) => {
    setForm({ opened: false });
    setNotice(created ? `Added “${saved.label}”.` : `Saved “${saved.label}”.`);
    const app = useAppStore.getState();
    void app.loadConnections();
    void app.loadInfo();
  };

  let body: React.ReactNode;
  if (!loaded && !error)
    body = (
      <SimpleGrid cols={{ base: 1, md: 2 }} data-testid="loading">
        <Skeleton height={180} />
        <Skeleton height={180} />
      </SimpleGrid>
    );
  else if (error && !loaded)
    body = <ErrorAlert title="Could not load connections" message={error} onRetry={() => void loadConnections()} />;
  else if (connections.length === 0)
    body = (
      <Center py="xl">
        <EmptyState
          icon={<IconPlugConnected size={32} />}
          withIndicatorBackground
          title="No connections yet"
          description="Connect a provider account with its API credentials, or use a simulator to try Paydesk without one."
          data-testid="connections-empty"
        />
      </Center>
    );
  else
    body = (
      <SimpleGrid cols={{ base: 1, lg: 2 }} role="list" aria-label="Connections list">
        {connections.map((c) => (
          <ConnectionCard
            key={c.id}
            connection={c}
            onEdit={c.isDemo ? undefined : () => setForm({ opened: true, connection: c })}
            onRemove={() => setRemoving(c)}
          />
        ))}
      </SimpleGrid>
    );

  return (
    <Stack gap="md">
      <ScreenHeader
        title="Connections"
        description="Provider accounts Paydesk syncs and pays through. Secrets stay in the system keychain."
        actions={
          <>
            <SyncAllButton />
            <Button leftSection={<IconPlus size={16} />} onClick={() => setForm({ opened: true, connection: null })}>
              Add connection
            </Button>
          </>
        }
      />
      <KeychainAlert />
      <SyncAllError />
      {error && loaded && <ErrorAlert title="Could not refresh connections" message={error} onRetry={() => void loadConnections()} />}
      {notice && (
        <Alert color="green" variant="light" withCloseButton onClose={() => setNotice(null)} role="status" data-testid="connections-notice">
          {notice}
        </Alert>
      )}
      {body}
      <ConnectionFormModal
        opened={form.opened}
        connection={form.opened ? form.connection : null}
        onClose={() => setForm({ opened: false })}
        onSaved={onSaved}
      />
      <RemoveConnectionModal
        connection={removing}
        onClose={() => setRemoving(null)}
        onRemoved={(c) => {
          setRemoving(null);
          setNotice(`Removed “${c.label}”.`);
          const app = useAppStore.getState();
          void app.loadConnections();
          void app.loadInfo();
        }}
      />
    </Stack>
  );
}

/** Hints may arrive bare ("abcd") or already masked; either way only the last characters are ever shown. */
function maskedHint(hint: string | null): string | null {
  if (!hint) return null;
  return /^[•*]/.test(hint) ? hint : `••••${hint}`;
}

/** onEdit is absent for demo connections: main refuses to edit them. */
function ConnectionCard({
  connection: c,
  onEdit,
  onRemove,
}: {
  connection: Connection;
  onEdit: (() => void) | undefined;
  onRemove: () => void;
}) {
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<ConnectionTestResult | null>(null);
  const [syncError, setSyncError] = useState<string | null>(null);
  const run = useSyncStore((s) => s.running[c.id]);
  const notice = useSyncStore((s) => s.notices[c.id]);
  const capabilities = useSyncStore((s) => s.capabilities?.[c.provider]);
  const syncing = run !== undefined;
  const provider = providerInfo(c.provider);
  const mode = provider?.authModes.find((m) => m.id === c.authMode);
  const hint = maskedHint(c.credentialHint);
  const publicFields = (mode?.fields ?? []).filter((f) => !f.secret && c.publicFields[f.key]);
  const hasSecret = (mode?.fields ?? []).some((f) => f.secret);

  const test = async () => {
    setTesting(true);
    setResult(null);
    try {
      setResult(await api.call('connections.test', { id: c.id }));
    } catch (error) {
      useAppStore.getState().noteError(error);
      setResult({ ok: false, message: errorMessage(error) });
    } finally {
      setTesting(false);
    }
  };

  const syncNow = async () => {
    setSyncError(null);
    try {
      await useSyncStore.getState().startSync(c.id);
    } catch (error) {
      setSyncError(`Could not start the sync: ${errorMessage(error)}`);
    }
  };

  const cancelSync = async () => {
    setSyncError(null);
    try {
      await useSyncStore.getState().cancelSync(c.id);
    } catch (error) {
      setSyncError(`Could not cancel the sync: ${errorMessage(error)}`);
    }
  };

  return (
    <Card withBorder padding="md" role="listitem" data-testid="connection-card" data-connection-id={c.id}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={2}>
            <Title order={4}>{c.label}</Title>
            <Text size="sm" c="dimmed">
              {provider?.name ?? c.provider}
            </Text>
          </Stack>
          <Group gap={6}>
            <Badge
              variant="light"
              color={c.environment === 'production' ? 'green' : c.environment === 'sandbox' ? 'blue' : 'gray'}
              tt="none"
            >
              {environmentLabels[c.environment]}
            </Badge>
            {c.isDemo && (
              <Badge color="yellow" variant="filled" tt="none" data-testid="connection-demo-badge">
                Demo
              </Badge>
            )}
          </Group>
        </Group>

        <Stack gap={2}>
          <Detail label="Base URL" value={c.baseUrl} mono />
          <Detail label="Sign-in" value={mode?.label ?? c.authMode} />
          {publicFields.map((f) => (
            <Detail key={f.key} label={f.label} value={c.publicFields[f.key] ?? ''} mono />
          ))}
          {hint ? (
            <Detail label="Secret" value={hint} mono testId="connection-credential-hint" />
          ) : (
            !c.isDemo && hasSecret && <Detail label="Secret" value="stored in keychain" />
          )}
        </Stack>

        <Divider />
        <ResourceSyncTable connection={c} capabilities={capabilities} />
        <CapabilityList providerName={provider?.name ?? c.provider} capabilities={capabilities} />

        {result && (
          <Alert
            color={result.ok ? 'green' : 'red'}
            variant="light"
            icon={result.ok ? <IconCheck size={16} /> : <IconX size={16} />}
            withCloseButton
            onClose={() => setResult(null)}
            role={result.ok ? 'status' : 'alert'}
            data-testid="connection-test-result"
            data-ok={result.ok}
            py={8}
          >
            {result.message}
          </Alert>
        )}

        <Group gap="xs" mt={4}>
          <Button
            size="xs"
            variant="light"
            leftSection={<IconRefresh size={14} />}
            onClick={() => void syncNow()}
            disabled={syncing}
            data-testid="connection-sync-now"
          >
            Sync now
          </Button>
          {syncing && (
            <Button
              size="xs"
              variant="default"
              leftSection={<IconPlayerStop size={14} />}
              onClick={() => void cancelSync()}
              disabled={run.cancelling}
              data-testid="connection-cancel-sync"
            >
              {run.cancelling ? 'Cancelling…' : 'Cancel sync'}
            </Button>
          )}
          <Button
            size="xs"
            variant="default"
            leftSection={<IconActivityHeartbeat size={14} />}
            onClick={() => void test()}
            loading={testing}
          >
            Test
          </Button>
          {onEdit && (
            <Button size="xs" variant="default" leftSection={<IconPencil size={14} />} onClick={onEdit}>
              Edit
            </Button>
          )}
          <Button size="xs" variant="subtle" color="red" leftSection={<IconTrash size={14} />} onClick={onRemove}>
            Remove
          </Button>
        </Group>

        {/* Below the buttons, so starting a sync does not move the button just pressed. */}
        {run ? <SyncProgressPanel connection={c} run={run} capabilities={capabilities} /> : null}
        {!run && notice && <SyncNoticeAlert connectionId={c.id} notice={notice} />}
        {syncError && (
          <Alert
            color="red"
            variant="light"
            withCloseButton
            closeButtonLabel="Dismiss"
            onClose={() => setSyncError(null)}
            role="alert"
            py={8}
          >
            {syncError}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

function Detail({ label, value, mono, testId }: { label: string; value: string; mono?: boolean; testId?: string }) {
  return (
    <Group gap={6} wrap="nowrap" align="baseline">
      <Text size="xs" c="dimmed" w={110} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text size="sm" ff={mono ? 'monospace' : undefined} style={{ overflowWrap: 'anywhere' }} data-testid={testId}>
        {value}
      </Text>
    </Group>
  );
}

function RemoveConnectionModal({
  connection,
  onClose,
  onRemoved,
}: {
  connection: Connection | null;
  onClose: () => void;
  onRemoved: (c: Connection) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useInertBackground(connection !== null);

  const close = () => {
    if (busy) return;
    setError(null);
    onClose();
  };

  const remove = async () => {
    if (!connection) return;
    setBusy(true);
    setError(null);
    try {
      await api.call('connections.remove', { id: connection.id });
      setBusy(false);
      onRemoved(connection);
    } catch (e) {
      useAppStore.getState().noteError(e);
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <Modal opened={connection !== null} onClose={close} title="Remove connection?">
      {connection && (
        <Stack gap="md">
          <Text>
            Remove “{connection.label}” ({providerName(connection.provider)})? Paydesk forgets this connection and deletes its secret from
            the keychain. Nothing changes at the provider.
          </Text>
          {error && <ErrorAlert title="Could not remove the connection" message={error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close} disabled={busy} data-autofocus>
              Cancel
            </Button>
            <Button color="red" onClick={() => void remove()} loading={busy}>
              Remove
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
