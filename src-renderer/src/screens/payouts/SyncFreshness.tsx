import { Group, Loader, Stack, Text, Tooltip } from '@mantine/core';
import type { Connection } from '@shared/contract';
import { formatDateTimeSeconds, fromNow } from '../../lib/time';
import { useSyncStore } from '../../stores/syncStore';
import { useNow } from '../../lib/useNow';

/** A group of connections whose payouts were last synced equally long ago (as fromNow says it). */
interface Group {
  age: string;
  connections: Connection[];
}

const lastSynced = (c: Connection) => c.sync.find((s) => s.resource === 'payouts');

/**
 * One line saying how old the cached payouts of each connection are, so nobody mistakes a stale cache for the truth.
 * Connections synced equally long ago share one entry, so the line stays one line in a small window; a running sync
 * and a failed one are shown on their own.
 */
export function SyncFreshness({ connections: all }: { connections: Connection[] }) {
  const running = useSyncStore((s) => s.running);
  useNow(60_000);
  // Archived connections are no longer synced: their age says nothing about the cache of the others.
  const connections = all.filter((c) => !c.archivedAt);
  if (connections.length === 0) return null;
  const alone = connections.filter((c) => running[c.id] || lastSynced(c)?.lastError);
  const groups: Group[] = [];
  for (const c of connections.filter((x) => !alone.includes(x))) {
    const at = lastSynced(c)?.lastSyncedAt;
    const age = at ? `synced ${fromNow(at)}` : 'not synced yet';
    const group = groups.find((g) => g.age === age);
    if (group) group.connections.push(c);
    else groups.push({ age, connections: [c] });
  }
  return (
    <Group gap="md" wrap="wrap" style={{ rowGap: 2 }} data-testid="sync-freshness" aria-label="Data freshness">
      {groups.map((g) => (
        <Tooltip
          key={g.age}
          label={
            <Stack gap={0}>
              {g.connections.map((c) => {
                const at = lastSynced(c)?.lastSyncedAt;
                return (
                  <Text key={c.id} size="xs">
                    {c.label}: {at ? `payouts last synced ${formatDateTimeSeconds(at)}` : 'payouts never synced'}
                  </Text>
                );
              })}
            </Stack>
          }
          withArrow
        >
          <Group gap={4} wrap="nowrap" tabIndex={0}>
            <Text size="xs" fw={500}>
              {g.connections.length === 1
                ? `${g.connections[0]!.label}:`
                : `${g.connections.length === connections.length ? 'All ' : ''}${g.connections.length} connections:`}
            </Text>
            <Text size="xs" c="dimmed">
              {g.age}
            </Text>
          </Group>
        </Tooltip>
      ))}
      {alone.map((c) => {
        const state = lastSynced(c);
        const live = running[c.id]?.progress.payouts;
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
              {running[c.id] ? (
                <>
                  <Loader size={10} />
                  <Text size="xs" c="dimmed">
                    syncing…{live ? ` ${live.fetched.toLocaleString()} payouts fetched` : ''}
                  </Text>
                </>
              ) : (
                <Text size="xs" c="red">
                  {state?.lastSyncedAt ? `synced ${fromNow(state.lastSyncedAt)}` : 'not synced yet'} — last sync failed: {state?.lastError}
                </Text>
              )}
            </Group>
          </Tooltip>
        );
      })}
    </Group>
  );
}
