import type { ComponentProps } from 'react';
import { Button } from '@mantine/core';
import { usePermission } from '../api/session';
import { useNavigation } from '../stores/navigationStore';
import { CenteredEmptyState } from './CenteredEmptyState';

/** The empty state of screens built from payouts: what to do to get some (an admin adds a connection). */
export function NoPayoutsYet({
  icon,
  title,
  testId,
  children,
}: Pick<ComponentProps<typeof CenteredEmptyState>, 'icon' | 'title' | 'testId' | 'children'>) {
  const navigate = useNavigation((s) => s.navigate);
  const mayAdd = usePermission('connections.add') === true;
  return (
    <CenteredEmptyState
      icon={icon}
      title={title}
      testId={testId}
      actions={
        mayAdd && (
          <Button variant="default" onClick={() => navigate('connections', { kind: 'addConnection' })}>
            Add a connection
          </Button>
        )
      }
    >
      {children}
    </CenteredEmptyState>
  );
}
