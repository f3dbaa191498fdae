import { useState } from 'react';
import { Button, Card, Group, List, Modal, Stack, Text, Title } from '@mantine/core';
import { IconDoorExit } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useConnections } from '../../api/appData';
import { apiKey, useApiMutation } from '../../api/queries';
import { forgetOperatorData, usePermission } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { errorMessage } from '../../lib/errors';
import { useInertBackground } from '../../lib/useInertBackground';

/**
 * In the demo workspace only: its admin leaves the demo for the agency's own workspace in this data folder (the
 * installed app has one). Main removes the demo's connections, simulated payouts and operators and keeps the audit
 * trail (src-main/workspace/demo-workspace.ts); the desk then opens on its first-admin set-up.
 */
export function LeaveDemoSettings() {
  const { connections } = useConnections();
  const demoConnections = connections.filter((c) => c.isDemo).length;
  const allowed = usePermission('workspace.leaveDemo');
  const [confirming, setConfirming] = useState(false);
  const client = useQueryClient();
  const leave = useApiMutation('workspace.leaveDemo', {
    onSuccess: () => {
      // Nobody is signed in any more: the gate asks for the first admin.
      forgetOperatorData(client);
      void client.invalidateQueries({ queryKey: apiKey('session.status') });
      void client.invalidateQueries({ queryKey: ['app.info'] });
    },
  });
  useInertBackground(confirming);
  if (demoConnections === 0) return null;
  return (
    <Card withBorder padding="lg" data-testid="leave-demo">
      <Stack gap="sm">
        <Title order={4}>Your own workspace</Title>
        <Text size="sm">
          This is the demo: its providers are simulators and its operators’ passphrases are public, so it takes no real account. To use
          Paydesk for the agency’s accounts on this computer, leave the demo.
        </Text>
        <Group>
          <Button
            variant="light"
            color="orange"
            leftSection={<IconDoorExit size={16} />}
            onClick={() => setConfirming(true)}
            disabled={allowed !== true}
            title={allowed === true ? undefined : allowed}
          >
            Leave the demo…
          </Button>
          {allowed !== true && (
            <Text size="sm" c="dimmed">
              {allowed}
            </Text>
          )}
        </Group>
      </Stack>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title="Leave the demo?" closeOnClickOutside={false}>
        <Stack gap="sm">
          <List size="sm" spacing={4}>
            <List.Item>
              The {demoConnections} demo connections go, with their simulated creators, campaigns and payouts (no real money).
            </List.Item>
            <List.Item>Every operator goes, the demo’s and any added here: their passphrases were public.</List.Item>
            <List.Item>The audit trail keeps every event and records that the demo was left.</List.Item>
            <List.Item>
              Paydesk then asks for the first admin of your own workspace; the approval policy stays as it is, so check it.
            </List.Item>
          </List>
          {leave.error && <ErrorAlert title="The demo is still here" message={errorMessage(leave.error)} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)} disabled={leave.isPending}>
              Stay in the demo
            </Button>
            <Button color="orange" loading={leave.isPending} onClick={() => leave.mutate({ confirm: true })}>
              Leave the demo
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
