import { useState } from 'react';
import { Alert, Badge, Button, Card, Divider, Group, Stack, Text, Title } from '@mantine/core';
import { IconActivityHeartbeat, IconArchive, IconCheck, IconPencil, IconPlayerStop, IconRefresh, IconX } from '@tabler/icons-react';
import type { Connection, ConnectionTestResult } from '@shared/contract';
import { useProviders } from '../../api/providers';
import { useApiMutation } from '../../api/queries';
import { usePermission } from '../../api/session';
import { WhenAllowed } from '../../components/WhenAllowed';
import { errorMessage } from '../../lib/errors';
import { useSyncCommands } from '../../lib/useSyncCommands';
import { useSyncStore } from '../../stores/syncStore';
import { CapabilityList } from './CapabilityList';
import { environmentLabels } from './connectionForm';
import { ResourceSyncTable } from './ResourceSyncTable';
import { SetAsideItems } from './SetAsideItems';
import { ShareWithTeamButton } from './ShareWithTeamButton';
import { SyncNoticeAlert, SyncProgressPanel } from './SyncProgress';

/** Hints may arrive bare ("abcd") or already masked; either way only the last characters are ever shown. */
function maskedHint(hint: string | null): string | null {
  if (!hint) return null;
  return /^[•*]/.test(hint) ? hint : `••••${hint}`;
}

/** onEdit is absent for demo connections: main refuses to edit them. Editing and archiving are for admins. */
export function ConnectionCard({
  connection: c,
  onEdit,
  onRemove,
}: {
  connection: Connection;
  onEdit: (() => void) | undefined;
  onRemove: () => void;
}) {
  const mayEdit = usePermission('connections.update');
  const mayArchive = usePermission('connections.remove');
  const [result, setResult] = useState<ConnectionTestResult | null>(null);
  const [syncError, setSyncError] = useState<string | null>(null);
  const run = useSyncStore((s) => s.running[c.id]);
  const notice = useSyncStore((s) => s.notices[c.id]);
  const provider = useProviders().info(c.provider);
  const capabilities = provider?.capabilities;
  const syncing = run !== undefined;
  const testCall = useApiMutation('connections.test', { invalidates: ['connections'] });
  const commands = useSyncCommands();
  const mode = provider?.authModes.find((m) => m.id === c.authMode);
  const hint = maskedHint(c.credentialHint);
  const publicFields = (mode?.fields ?? []).filter((f) => !f.secret && c.publicFields[f.key]);
  const hasSecret = (mode?.fields ?? []).some((f) => f.secret);

  const test = () => {
    setResult(null);
    testCall.mutate({ id: c.id }, { onSuccess: setResult, onError: (error) => setResult({ ok: false, message: errorMessage(error) }) });
  };

  /** Starting and cancelling a sync report why main refused under the buttons. */
  const syncAction = (run: (id: string) => Promise<void>, failed: string) => () => {
    setSyncError(null);
    run(c.id).catch((error: unknown) => setSyncError(`${failed}: ${errorMessage(error)}`));
  };
  const syncNow = syncAction(commands.syncOne, 'Could not start the sync');
  const cancelSync = syncAction(commands.cancelSync, 'Could not cancel the sync');

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
        <SetAsideItems connection={c} />
        {capabilities && <CapabilityList providerName={provider.name} capabilities={capabilities} />}

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
            onClick={syncNow}
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
              onClick={cancelSync}
              disabled={run.cancelling}
              data-testid="connection-cancel-sync"
            >
              {run.cancelling ? 'Cancelling…' : 'Cancel sync'}
            </Button>
          )}
          <Button size="xs" variant="default" leftSection={<IconActivityHeartbeat size={14} />} onClick={test} loading={testCall.isPending}>
            Test
          </Button>
          {onEdit && (
            <WhenAllowed permission={mayEdit}>
              {(blocked) => (
                <Button size="xs" variant="default" leftSection={<IconPencil size={14} />} onClick={onEdit} disabled={blocked}>
                  Edit
                </Button>
              )}
            </WhenAllowed>
          )}
          <WhenAllowed permission={mayArchive}>
            {(blocked) => (
              <Button size="xs" variant="subtle" color="red" leftSection={<IconArchive size={14} />} onClick={onRemove} disabled={blocked}>
                Archive…
              </Button>
            )}
          </WhenAllowed>
          {!c.isDemo && <ShareWithTeamButton connectionId={c.id} />}
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
