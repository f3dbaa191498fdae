import { Stack, Table, Text, Tooltip } from '@mantine/core';
import type { Capability, Connection, ProviderCapabilities } from '@shared/contract';
import { syncResources } from '@shared/contract/model';
import { formatDateTimeSeconds, fromNow } from '../../lib/time';
import { useNow } from '../../lib/useNow';
import { listCapability, resourceLabels } from './syncResources';

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
