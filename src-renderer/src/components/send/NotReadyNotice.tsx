import { List, Text } from '@mantine/core';
import { IconPlugConnectedX } from '@tabler/icons-react';
import { IconAlert } from '../IconAlert';
import { connectionLabel, useConnections } from '../../api/appData';

type NotReady = Array<{ connectionId: string; message: string }>;

/** Visible text for connections that cannot send now (the same reason is in the Send button's tooltip). */
export function NotReadyNotice({ notReady }: { notReady: NotReady }) {
  const { connections } = useConnections();
  if (notReady.length === 0) return null;
  return (
    <IconAlert color="orange" icon={IconPlugConnectedX} title="Sending is not possible right now" testId="send-not-ready">
      <List size="sm" spacing={2}>
        {notReady.map((r) => (
          <List.Item key={r.connectionId}>
            <b>{connectionLabel(connections, r.connectionId)}</b>: {r.message}
          </List.Item>
        ))}
      </List>
      {!notReady.some((r) => /approving still work/i.test(r.message)) && (
        <Text size="sm" mt={4}>
          Drafting and approving still work.
        </Text>
      )}
    </IconAlert>
  );
}

export function notReadyReason(notReady: NotReady, connections: Array<{ id: string; label: string }>): string | null {
  if (notReady.length === 0) return null;
  return notReady.map((r) => `${connectionLabel(connections, r.connectionId)}: ${r.message}`).join(' ');
}
