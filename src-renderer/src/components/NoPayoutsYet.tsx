import type { ReactNode } from 'react';
import { Button, Center, EmptyState, Text } from '@mantine/core';
import { errorMessage } from '../lib/errors';
import { useAppStore } from '../stores/appStore';
import { useNavigation } from '../stores/navigationStore';
import { useCreateDemo } from '../lib/useCreateDemo';

/**
 * The empty state of screens built from payouts: what to do to get some. An empty workspace is offered the demo;
 * any workspace can go to Connections to add one.
 */
export function NoPayoutsYet({
  icon,
  title,
  description,
  testId,
}: {
  icon: ReactNode;
  title: string;
  description: string;
  testId: string;
}) {
  const workspaceEmpty = useAppStore((s) => s.info?.workspaceEmpty ?? false);
  const navigate = useNavigation((s) => s.navigate);
  const { createDemo, creating, error } = useCreateDemo();
  return (
    <Center py="xl">
      <EmptyState icon={icon} withIndicatorBackground title={title} description={description} data-testid={testId}>
        <EmptyState.Actions>
          {workspaceEmpty && (
            <Button onClick={() => void createDemo()} loading={creating}>
              Create demo workspace
            </Button>
          )}
          <Button variant="default" onClick={() => navigate('connections', { kind: 'addConnection' })}>
            Add a connection
          </Button>
        </EmptyState.Actions>
        {error !== null && (
          <Text c="red" size="sm" mt="sm">
            {errorMessage(error)}
          </Text>
        )}
      </EmptyState>
    </Center>
  );
}
