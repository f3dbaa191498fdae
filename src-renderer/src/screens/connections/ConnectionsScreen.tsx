import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Card, Center, EmptyState, Group, Modal, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconCheck, IconPencil, IconPlugConnected, IconPlus, IconTrash, IconX, IconActivityHeartbeat } from '@tabler/icons-react';
import { providerCatalog, type Connection, type ConnectionTestResult, type SyncResource } from '@contract';
import { api } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { KeychainAlert } from '../../components/KeychainAlert';
import { ScreenHeader } from '../../components/ScreenHeader';
import { errorMessage } from '../../lib/errors';
import { useInertBackground } from '../../lib/useInertBackground';
import { formatDateTimeSeconds, fromNow } from '../../lib/time';
import { useAppStore } from '../../stores/appStore';
import { useNavigation } from '../../stores/navigationStore';
import { ConnectionFormModal } from './ConnectionFormModal';
import { environmentLabels } from './connectionForm';

const resourceLabels: Record<SyncResource, string> = { creators: 'Creators', campaigns: 'Campaigns', payouts: 'Payouts' };

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
  else if (error && !loaded) body = <ErrorAlert title="Could not load connections" message={error} onRetry={() => void loadConnections()} />;
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
            onEdit={() => setForm({ opened: true, connection: c })}
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
          <Button leftSection={<IconPlus size={16} />} onClick={() => setForm({ opened: true, connection: null })}>
            Add connection
          </Button>
        }
      />
      <KeychainAlert />
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

function ConnectionCard({ connection: c, onEdit, onRemove }: { connection: Connection; onEdit: () => void; onRemove: () => void }) {
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<ConnectionTestResult | null>(null);
  const provider = providerCatalog[c.provider];
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

  return (
    <Card withBorder padding="md" role="listitem" data-testid="connection-card" data-connection-id={c.id}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={2}>
            <Title order={4}>
              {c.label}
            </Title>
            <Text size="sm" c="dimmed">
              {provider?.name ?? c.provider}
            </Text>
          </Stack>
          <Group gap={6}>
            <Badge variant="light" color={c.environment === 'production' ? 'green' : c.environment === 'sandbox' ? 'blue' : 'gray'} tt="none">
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
          <Stack gap={0} mt={4} data-testid="connection-sync-state">
            {c.sync.length === 0 ? (
              <Text size="xs" c="dimmed">
                Not synced yet
              </Text>
            ) : (
              c.sync.map((s) => (
                <Text key={s.resource} size="xs" c={s.lastError ? 'red' : 'dimmed'} title={s.lastSyncedAt ? formatDateTimeSeconds(s.lastSyncedAt) : undefined}>
                  {resourceLabels[s.resource]}: {s.itemCount.toLocaleString()} — {s.lastSyncedAt ? `synced ${fromNow(s.lastSyncedAt)}` : 'never synced'}
                  {s.lastError ? ` — last sync failed: ${s.lastError}` : ''}
                </Text>
              ))
            )}
          </Stack>
        </Stack>

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
          <Button size="xs" variant="default" leftSection={<IconPencil size={14} />} onClick={onEdit}>
            Edit
          </Button>
          <Button size="xs" variant="default" leftSection={<IconActivityHeartbeat size={14} />} onClick={() => void test()} loading={testing}>
            Test
          </Button>
          <Button size="xs" variant="subtle" color="red" leftSection={<IconTrash size={14} />} onClick={onRemove}>
            Remove
          </Button>
        </Group>
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

function RemoveConnectionModal({ connection, onClose, onRemoved }: { connection: Connection | null; onClose: () => void; onRemoved: (c: Connection) => void }) {
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
            Remove “{connection.label}” ({providerCatalog[connection.provider]?.name ?? connection.provider})? Paydesk forgets this connection and
            deletes its secret from the keychain. Nothing changes at the provider.
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
