import { Button, Card, Group, List, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCheck, IconPlugConnected } from '@tabler/icons-react';
import { KeychainAlert } from '../../components/KeychainAlert';
import { listNames, useProviders } from '../../api/providers';
import { useOperator, usePermission } from '../../api/session';
import { useNavigation } from '../../stores/navigationStore';

/** The first screen of a new workspace after its first admin signed in: connect an account. */
export function WelcomeScreen() {
  const navigate = useNavigation((s) => s.navigate);
  const providers = useProviders().list;
  const operator = useOperator();
  const mayAdd = usePermission('connections.add');

  return (
    <Stack maw={720} mx="auto" py="xl" gap="lg" data-testid="welcome-screen">
      <Stack gap="xs">
        <Title order={1}>Welcome to Paydesk{operator ? `, ${operator.name}` : ''}</Title>
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
        <List.Item>
          Four eyes: whoever drafts a payout cannot approve it alone; approving and sending ask for the passphrase again.
        </List.Item>
        <List.Item>API keys stay in your operating system's keychain; every action lands in a tamper-evident audit log.</List.Item>
      </List>

      <KeychainAlert />

      <Card withBorder padding="lg">
        <Stack gap="md">
          <Text>
            Start by connecting an agency account at one of the providers. Then add the other operators in Settings → Operators, each with
            their own roles and passphrase.
          </Text>
          {mayAdd === true ? (
            <Group>
              <Button
                leftSection={<IconPlugConnected size={18} />}
                onClick={() => navigate('connections', { kind: 'addConnection' })}
                size="md"
              >
                Add a connection
              </Button>
            </Group>
          ) : (
            <Text size="sm" c="dimmed">
              An admin adds connections. {mayAdd}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            The demo workspace, with simulated providers and sample data, is offered only when Paydesk starts on a new, empty workspace, so
            that it never mixes with real accounts.
          </Text>
        </Stack>
      </Card>
    </Stack>
  );
}
