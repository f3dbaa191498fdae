import { Group, Loader, Text, Tooltip } from '@mantine/core';
import type { Connection } from '@shared/contract';
import { formatDateTimeSeconds, fromNow } from '../../lib/time';
import { useSyncStore } from '../../stores/syncStore';
import { useNow } from '../../lib/useNow';

/** One line saying how old the cached payouts of each connection are, so nobody mistakes a stale cache for the truth. */
export function SyncFreshness({ connections }: { connections: Connection[] }) {
  const running = useSyncStore((s) => s.running);
  useNow(60_000);
  if (connections.length === 0) return null;
  return (
    <Group gap="md" wrap="wrap" mt={-8} style={{ rowGap: 2 }} data-testid="sync-freshness" aria-label="Data freshness">
      {connections.map((c) => {
        const state = c.sync.find((s) => s.resource === 'payouts');
        const run = running[c.id];
        const live = run?.progress.payouts;
        return (
          <Tooltip
            key={c.id}
            label={state?.lastSyncedAt ? `Payouts last synced ${formatDateTimeSeconds(state.lastSyncedAt)}` : 'Payouts never synced'}
            withArrow
          >
            <Group gap={4} wrap="nowrap">
              <Text size="xs" fw={500}>
                {c.label}:
              </Text>
              {run ? (
                <>
                  <Loader size={10} />
                  <Text size="xs" c="dimmed">
                    syncing…{live ? ` ${live.fetched.toLocaleString()} payouts fetched` : ''}
                  </Text>
                </>
              ) : (
                <Text size="xs" c={state?.lastError ? 'red' : 'dimmed'}>
                  {state?.lastSyncedAt ? `synced ${fromNow(state.lastSyncedAt)}` : 'not synced yet'}
                  {state?.lastError ? ` — last sync failed: ${state.lastError}` : ''}
                </Text>
              )}
            </Group>
          </Tooltip>
        );
      })}
    </Group>
  );
}
