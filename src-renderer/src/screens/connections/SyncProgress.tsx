import { Alert, Group, List, Loader, Progress, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconPlayerStop, IconX } from '@tabler/icons-react';
import type { Connection, ProviderCapabilities } from '@shared/contract';
import { noticeText } from './syncNotice';
import { type SyncNotice, type SyncRun, useSyncStore } from '../../stores/syncStore';
import { fetchedText, resourceLabels, syncedResources } from './syncResources';

/** While a run is in progress: a striped bar and one line per resource ("Payouts: 1,200 fetched", ✓ once done). */
export function SyncProgressPanel({
  connection,
  run,
  capabilities,
}: {
  connection: Connection;
  run: SyncRun;
  capabilities: ProviderCapabilities | undefined;
}) {
  const resources = syncedResources(capabilities);
  const done = resources.filter((r) => run.progress[r]?.done).length;
  const active = resources.some((r) => run.progress[r] && !run.progress[r]?.done);
  const value = resources.length ? Math.max(5, ((done + (active ? 0.5 : 0)) / resources.length) * 100) : 100;
  return (
    <Stack gap={6} data-testid="connection-sync-progress">
      <Group justify="space-between" gap="xs">
        <Text size="sm" fw={500}>
          {run.cancelling ? 'Cancelling sync…' : 'Syncing…'}
        </Text>
        <Text size="xs" c="dimmed">
          {done} of {resources.length} done
        </Text>
      </Group>
      <Progress value={value} striped animated size="md" aria-label={`Sync progress of ${connection.label}`} />
      <Group gap="md" wrap="wrap">
        {resources.map((r) => {
          const p = run.progress[r];
          let icon: React.ReactNode;
          let text: string;
          let color: string | undefined = undefined;
          if (!p) {
            icon = <Loader size={10} type="bars" color="gray" />;
            text = `${resourceLabels[r]}: waiting`;
            color = 'dimmed';
          } else if (p.error) {
            icon = <IconX size={14} color="var(--mantine-color-red-6)" aria-hidden />;
            text = `${resourceLabels[r]}: failed after ${p.fetched.toLocaleString()} fetched`;
            color = 'red';
          } else if (p.done) {
            icon = <IconCheck size={14} color="var(--mantine-color-green-7)" aria-label="done" />;
            text = fetchedText(r, p.fetched);
          } else {
            icon = <Loader size={10} />;
            text = fetchedText(r, p.fetched);
          }
          return (
            <Group key={r} gap={4} wrap="nowrap" data-testid="sync-progress-resource" data-resource={r} data-done={Boolean(p?.done)}>
              {icon}
              <Text size="xs" c={color}>
                {text}
              </Text>
            </Group>
          );
        })}
      </Group>
    </Stack>
  );
}

/** What the last run of this connection came to: success, cancelled, or its error messages. */
export function SyncNoticeAlert({ connectionId, notice }: { connectionId: string; notice: SyncNotice }) {
  const dismiss = useSyncStore((s) => s.dismissNotice);
  const common = {
    variant: 'light' as const,
    withCloseButton: true,
    closeButtonLabel: 'Dismiss',
    onClose: () => dismiss(connectionId),
    py: 8,
    'data-testid': 'connection-sync-notice',
    'data-status': notice.status,
  };
  if (notice.status === 'error') {
    return (
      <Alert
        {...common}
        color="red"
        role="alert"
        icon={<IconAlertTriangle size={16} />}
        title={notice.cancelled ? 'Sync cancelled after errors' : 'Sync failed'}
      >
        {notice.errors.length === 1 ? (
          <Text size="sm">{notice.errors[0]}</Text>
        ) : (
          <List size="sm" spacing={2}>
            {notice.errors.map((e, i) => (
              <List.Item key={i}>{e}</List.Item>
            ))}
          </List>
        )}
      </Alert>
    );
  }
  if (notice.status === 'cancelled') {
    return (
      <Alert {...common} color="yellow" role="status" icon={<IconPlayerStop size={16} />} title="Sync cancelled">
        <Text size="sm">{noticeText(notice)} The next sync continues where this one stopped.</Text>
      </Alert>
    );
  }
  return (
    <Alert
      {...common}
      color={notice.setAside > 0 ? 'yellow' : 'green'}
      role="status"
      icon={<IconCheck size={16} />}
      title={notice.setAside > 0 ? `Sync finished, ${notice.setAside.toLocaleString()} set aside` : 'Sync finished'}
      data-set-aside={notice.setAside}
    >
      <Text size="sm">{noticeText(notice)}</Text>
    </Alert>
  );
}
