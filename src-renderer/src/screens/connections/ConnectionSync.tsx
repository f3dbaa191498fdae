import { useId, useState } from 'react';
import { Alert, Anchor, Button, Collapse, Group, List, Loader, Progress, Stack, Table, Text, Tooltip } from '@mantine/core';
import {
  IconAlertTriangle,
  IconCheck,
  IconChevronDown,
  IconChevronRight,
  IconCircleCheck,
  IconCircleMinus,
  IconPlayerStop,
  IconX,
} from '@tabler/icons-react';
import type { Capability, Connection, ProviderCapabilities, SyncResource } from '@shared/contract';
import { syncResources } from '@shared/contract/model';
import { formatDateTimeSeconds, fromNow } from '../../lib/time';
import { useNow } from '../../lib/useNow';
import { type SyncNotice, type SyncRun, useSyncStore } from '../../stores/syncStore';

export const resourceLabels: Record<SyncResource, string> = { creators: 'Creators', campaigns: 'Campaigns', payouts: 'Payouts' };

const listCapability: Record<SyncResource, 'listCreators' | 'listCampaigns' | 'listPayouts'> = {
  creators: 'listCreators',
  campaigns: 'listCampaigns',
  payouts: 'listPayouts',
};

/** The capabilities shown to users, in this order; getPayout is an internal detail of refreshing one payout. */
const capabilityLabels: Array<[keyof ProviderCapabilities, string]> = [
  ['listCreators', 'List creators'],
  ['listCampaigns', 'List campaigns'],
  ['listPayouts', 'List payouts'],
  ['findByReference', 'Look up by our reference'],
  ['createPayout', 'Create payout'],
  ['initiatePayout', 'Initiate payout'],
  ['cancelPayout', 'Cancel payout'],
];

/** Resources the sync engine will read for this provider; all of them until capabilities are known. */
function syncedResources(capabilities: ProviderCapabilities | undefined): SyncResource[] {
  return syncResources.filter((r) => !capabilities || capabilities[listCapability[r]] === true);
}

function fetchedText(resource: SyncResource, fetched: number): string {
  return `${resourceLabels[resource]}: ${fetched.toLocaleString()} fetched`;
}

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

function noticeText(notice: SyncNotice): string {
  const parts = syncResources.flatMap((r) => {
    const n = notice.fetched[r];
    return n === undefined ? [] : [`${n.toLocaleString()} ${r}`];
  });
  if (!parts.length) return 'Nothing new to fetch.';
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  return `Fetched ${list}.`;
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
    <Alert {...common} color="green" role="status" icon={<IconCheck size={16} />} title="Sync finished">
      <Text size="sm">{noticeText(notice)}</Text>
    </Alert>
  );
}

/** Per resource: when it last synced (exact time in a tooltip), how many items are cached, the last error. */
export function ResourceSyncTable({
  connection,
  capabilities,
}: {
  connection: Connection;
  capabilities: ProviderCapabilities | undefined;
}) {
  useNow(30_000);
  return (
    <Table
      withRowBorders={false}
      verticalSpacing={2}
      horizontalSpacing={6}
      fz="xs"
      data-testid="connection-sync-state"
      aria-label={`Sync state of ${connection.label}`}
    >
      <Table.Thead>
        <Table.Tr>
          <Table.Th fw={500} c="dimmed" w={90}>
            Resource
          </Table.Th>
          <Table.Th fw={500} c="dimmed">
            Last synced
          </Table.Th>
          <Table.Th fw={500} c="dimmed" ta="right" w={80}>
            Items
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {syncResources.map((resource) => {
          const state = connection.sync.find((s) => s.resource === resource);
          const capability: Capability | undefined = capabilities?.[listCapability[resource]];
          const notListed = typeof capability === 'string';
          return (
            <Table.Tr key={resource} data-testid="sync-resource-row" data-resource={resource}>
              <Table.Td>{resourceLabels[resource]}</Table.Td>
              <Table.Td>
                <Stack gap={0}>
                  {state?.lastSyncedAt ? (
                    <Tooltip label={formatDateTimeSeconds(state.lastSyncedAt)} withArrow>
                      <Text span size="xs" tabIndex={0} data-testid="sync-last-synced">
                        synced {fromNow(state.lastSyncedAt)}
                      </Text>
                    </Tooltip>
                  ) : notListed ? (
                    <Tooltip label={capability} multiline w={320} withArrow>
                      <Text span size="xs" c="dimmed" tabIndex={0}>
                        not listed by this provider
                      </Text>
                    </Tooltip>
                  ) : (
                    <Text span size="xs" c="dimmed">
                      never synced
                    </Text>
                  )}
                  {state?.lastError && (
                    <Text size="xs" c="red" data-testid="sync-last-error" style={{ overflowWrap: 'anywhere' }}>
                      Last sync failed: {state.lastError}
                    </Text>
                  )}
                </Stack>
              </Table.Td>
              <Table.Td ta="right">{notListed && !state?.lastSyncedAt ? '—' : (state?.itemCount ?? 0).toLocaleString()}</Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

/**
 * What the provider's API lets Paydesk do: green for supported, grey with the reason otherwise. The reasons are
 * in tooltips and, for keyboard and touch users, in an expandable list.
 */
export function CapabilityList({ providerName, capabilities }: { providerName: string; capabilities: ProviderCapabilities | undefined }) {
  const error = useSyncStore((s) => s.capabilitiesError);
  const [expanded, setExpanded] = useState(false);
  const panelId = useId();
  if (!capabilities) {
    if (!error) return null;
    return (
      <Text size="xs" c="red">
        Could not load what {providerName} supports: {error}{' '}
        <Anchor component="button" type="button" size="xs" onClick={() => void useSyncStore.getState().loadCapabilities(true)}>
          Try again
        </Anchor>
      </Text>
    );
  }
  const missing = capabilityLabels.filter(([key]) => capabilities[key] !== true);
  return (
    <Stack gap={4} data-testid="provider-capabilities">
      <Text size="xs" c="dimmed">
        What {providerName} supports
      </Text>
      <Group
        gap={4}
        wrap="wrap"
        component="ul"
        style={{ listStyle: 'none', padding: 0, margin: 0 }}
        aria-label={`What ${providerName} supports`}
      >
        {capabilityLabels.map(([key, label]) => {
          const capability = capabilities[key];
          const supported = capability === true;
          const item = (
            <Group
              key={key}
              component="li"
              gap={3}
              wrap="nowrap"
              px={6}
              py={1}
              style={{ borderRadius: 'var(--mantine-radius-sm)', border: '1px solid var(--mantine-color-default-border)' }}
              data-testid="capability"
              data-capability={key}
              data-supported={supported}
              tabIndex={supported ? undefined : 0}
              aria-label={supported ? `${label}: supported` : `${label}: not supported. ${capability}`}
            >
              {supported ? (
                <IconCircleCheck size={14} color="var(--mantine-color-green-7)" aria-hidden />
              ) : (
                <IconCircleMinus size={14} color="var(--mantine-color-gray-5)" aria-hidden />
              )}
              <Text size="xs" c={supported ? undefined : 'dimmed'}>
                {label}
              </Text>
            </Group>
          );
          return supported ? (
            item
          ) : (
            <Tooltip key={key} label={capability} multiline w={320} withArrow>
              {item}
            </Tooltip>
          );
        })}
      </Group>
      {missing.length > 0 && (
        <>
          <Button
            variant="subtle"
            size="compact-xs"
            color="gray"
            leftSection={expanded ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
            onClick={() => setExpanded((e) => !e)}
            aria-expanded={expanded}
            aria-controls={panelId}
            style={{ alignSelf: 'flex-start' }}
            data-testid="capabilities-toggle"
          >
            What this provider cannot do ({missing.length})
          </Button>
          <Collapse expanded={expanded} id={panelId} keepMounted={false}>
            <List
              size="xs"
              spacing={4}
              data-testid="capability-reasons"
              icon={<IconCircleMinus size={14} color="var(--mantine-color-gray-5)" />}
              center
            >
              {missing.map(([key, label]) => (
                <List.Item key={key} data-capability={key}>
                  <Text span size="xs" fw={600}>
                    {label}:
                  </Text>{' '}
                  <Text span size="xs">
                    {capabilities[key]}
                  </Text>
                </List.Item>
              ))}
            </List>
          </Collapse>
        </>
      )}
    </Stack>
  );
}
