import { Alert, Button, Group, Loader, Progress, Stack, Text, Tooltip } from '@mantine/core';
import { IconCloudDownload } from '@tabler/icons-react';
import { useConnections } from '../api/appData';
import { useSyncCommands } from '../lib/useSyncCommands';
import { selectRunningCount, useSyncStore } from '../stores/syncStore';

/** Starts a sync of every connection. Stays labelled while busy (a loading Button would hide its label). */
export function SyncAllButton() {
  // Archived connections are no longer synced.
  const connections = useConnections().connections.filter((c) => !c.archivedAt);
  const running = useSyncStore((s) => s.running);
  const starting = useSyncStore((s) => s.syncAllStarting);
  const { syncAll } = useSyncCommands();
  const allRunning = connections.length > 0 && connections.every((c) => running[c.id]);
  const disabled = connections.length === 0 || allRunning || starting;
  const reason = connections.length === 0 ? 'Add a connection first' : allRunning ? 'Every connection is syncing' : null;
  const button = (
    <Button
      variant="default"
      leftSection={starting ? <Loader size={14} /> : <IconCloudDownload size={16} />}
      onClick={() => void syncAll(connections.map((c) => c.id))}
      disabled={disabled}
      data-testid="sync-all"
    >
      Sync all
    </Button>
  );
  return reason ? (
    <Tooltip label={reason}>
      <span>{button}</span>
    </Tooltip>
  ) : (
    button
  );
}

/** Shows why "Sync all" could not start, wherever that button is. */
export function SyncAllError() {
  const error = useSyncStore((s) => s.syncAllError);
  const dismiss = useSyncStore((s) => s.dismissSyncAllError);
  if (!error) return null;
  return (
    <Alert
      color="red"
      variant="light"
      title="Could not start the sync"
      withCloseButton
      onClose={dismiss}
      role="alert"
      data-testid="sync-all-error"
    >
      {error}
    </Alert>
  );
}

export function syncingText(count: number): string {
  return `Syncing ${count} connection${count === 1 ? '' : 's'}…`;
}

/**
 * App-wide: a line of text and a thin animated bar along the bottom of the header while any connection syncs.
 * Rendered inside AppShell.Header, which is position: fixed, so the bar can sit on its lower edge.
 */
export function GlobalSyncIndicator() {
  const count = useSyncStore(selectRunningCount);
  const running = useSyncStore((s) => s.running);
  const { connections } = useConnections();
  if (count === 0) return null;
  const names = Object.keys(running).map((id) => connections.find((c) => c.id === id)?.label ?? 'a removed connection');
  return (
    <>
      <Tooltip
        label={
          <Stack gap={0}>
            {names.map((name, i) => (
              <Text key={i} size="xs">
                {name}
              </Text>
            ))}
          </Stack>
        }
      >
        <Group gap={6} wrap="nowrap" role="status" aria-live="polite" data-testid="global-sync-indicator" tabIndex={0}>
          <Loader size={14} />
          <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            {syncingText(count)}
          </Text>
        </Group>
      </Tooltip>
      <Progress
        value={100}
        striped
        animated
        size={3}
        radius={0}
        aria-label={syncingText(count)}
        style={{ position: 'absolute', left: 0, right: 0, bottom: -1 }}
        data-testid="global-sync-progress"
      />
    </>
  );
}
