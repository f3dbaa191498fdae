import { Button, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconLock, IconLogout } from '@tabler/icons-react';
import type { Operator } from '@shared/contract';
import { useSessionCall } from '../api/session';
import { rolesText } from '../lib/access';

/** Who is signed in and with which roles, with "Lock now" and "Sign out". */
export function OperatorBar({ operator }: { operator: Operator }) {
  const lock = useSessionCall('session.lock');
  const signOut = useSessionCall('session.signOut');
  const busy = lock.isPending || signOut.isPending;
  return (
    <Group gap="xs" wrap="nowrap" data-testid="operator-bar">
      <Tooltip label={`Signed in as ${operator.name}: ${rolesText(operator.roles)}`} openDelay={300}>
        <Stack gap={0} maw={170} style={{ minWidth: 0 }}>
          <Text size="sm" fw={600} truncate="end" data-testid="operator-name">
            {operator.name}
          </Text>
          <Text size="xs" c="dimmed" truncate="end" data-testid="operator-roles">
            {operator.roles.join(' · ')}
          </Text>
        </Stack>
      </Tooltip>
      <Button
        variant="default"
        size="compact-sm"
        leftSection={<IconLock size={14} />}
        onClick={() => lock.mutate(undefined)}
        loading={lock.isPending}
        disabled={busy}
      >
        Lock now
      </Button>
      <Button
        variant="subtle"
        size="compact-sm"
        leftSection={<IconLogout size={14} />}
        onClick={() => signOut.mutate(undefined)}
        loading={signOut.isPending}
        disabled={busy}
      >
        Sign out
      </Button>
    </Group>
  );
}
