import type { ComponentProps } from 'react';
import { Button, Text } from '@mantine/core';
import { useAppInfo } from '../api/appData';
import { errorMessage } from '../lib/errors';
import { useNavigation } from '../stores/navigationStore';
import { useCreateDemo } from '../lib/useCreateDemo';
import { CenteredEmptyState } from './CenteredEmptyState';

/**
 * The empty state of screens built from payouts: what to do to get some. An empty workspace is offered the demo;
 * any workspace can go to Connections to add one.
 */
export function NoPayoutsYet({
  icon,
  title,
  testId,
  children,
}: Pick<ComponentProps<typeof CenteredEmptyState>, 'icon' | 'title' | 'testId' | 'children'>) {
  const workspaceEmpty = useAppInfo().data?.workspaceEmpty ?? false;
  const navigate = useNavigation((s) => s.navigate);
  const { createDemo, creating, error } = useCreateDemo();
  return (
    <CenteredEmptyState
      icon={icon}
      title={title}
      testId={testId}
      actions={
        <>
          {workspaceEmpty && (
            <Button onClick={() => void createDemo()} loading={creating}>
              Create demo workspace
            </Button>
          )}
          <Button variant="default" onClick={() => navigate('connections', { kind: 'addConnection' })}>
            Add a connection
          </Button>
        </>
      }
      footer={
        error !== null && (
          <Text c="red" size="sm" mt="sm">
            {errorMessage(error)}
          </Text>
        )
      }
    >
      {children}
    </CenteredEmptyState>
  );
}
