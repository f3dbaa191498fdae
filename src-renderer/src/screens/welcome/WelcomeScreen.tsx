import { Button, Card, Group, List, Loader, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCheck, IconFlask, IconPlugConnected } from '@tabler/icons-react';
import { ErrorAlert } from '../../components/ErrorAlert';
import { KeychainAlert } from '../../components/KeychainAlert';
import { errorMessage, isKeychainError } from '../../lib/errors';
import { useCreateDemo } from '../../lib/useCreateDemo';
import { listNames, useProviders } from '../../api/providers';
import { useNavigation } from '../../stores/navigationStore';

export function WelcomeScreen() {
  const navigate = useNavigation((s) => s.navigate);
  const providers = useProviders().list;
  const { createDemo, creating, error } = useCreateDemo();

  return (
    <Stack maw={720} mx="auto" py="xl" gap="lg" data-testid="welcome-screen">
      <Stack gap="xs">
        <Title order={1}>Welcome to Paydesk</Title>
        <Text size="lg">
          Paydesk is one desk for paying your creators and talent, whichever payout provider each agency account uses:{' '}
          {listNames(providers.map((p) => p.name))}.
        </Text>
      </Stack>
      <List
        spacing="xs"
        icon={
          <ThemeIcon size={20} radius="xl" color="teal">
            <IconCheck size={14} />
          </ThemeIcon>
        }
      >
        <List.Item>Sync creators, campaigns and payouts from every connection into one searchable list.</List.Item>
        <List.Item>Draft, approve and send payouts exactly once — ambiguous outcomes are reconciled, never blindly resent.</List.Item>
        <List.Item>API keys stay in your operating system's keychain; every action lands in a tamper-evident audit log.</List.Item>
      </List>

      <KeychainAlert />

      <Card withBorder padding="lg">
        <Stack gap="md">
          <Text>
            Not ready to connect a real account? The demo workspace connects to simulated providers running on this computer, with sample
            creators and payouts. No real money moves.
          </Text>
          {creating ? (
            <Group gap="sm" wrap="nowrap" role="status" data-testid="demo-creating">
              <Loader size="sm" style={{ flexShrink: 0 }} />
              <Text>Creating the demo workspace — starting the simulators and syncing sample data…</Text>
            </Group>
          ) : null}
          {error !== null && !isKeychainError(error) && (
            <ErrorAlert title="Could not create the demo workspace" message={errorMessage(error)} />
          )}
          <Group>
            <Button leftSection={<IconFlask size={18} />} onClick={() => void createDemo()} loading={creating} size="md">
              Create demo workspace
            </Button>
            <Button
              variant="default"
              leftSection={<IconPlugConnected size={18} />}
              onClick={() => navigate('connections', { kind: 'addConnection' })}
              disabled={creating}
              size="md"
            >
              Add a connection
            </Button>
          </Group>
        </Stack>
      </Card>
    </Stack>
  );
}
