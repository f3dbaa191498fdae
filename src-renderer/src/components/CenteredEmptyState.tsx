import type { ReactNode } from 'react';
import { Center, EmptyState } from '@mantine/core';

/** A screen's empty state: icon, what is missing and how to get it, optional actions. */
export function CenteredEmptyState({
  icon,
  title,
  description,
  testId,
  actions,
  children,
}: {
  icon: ReactNode;
  title: string;
  description: string;
  testId: string;
  actions?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <Center py="xl">
      <EmptyState icon={icon} withIndicatorBackground title={title} description={description} data-testid={testId}>
        {actions && <EmptyState.Actions>{actions}</EmptyState.Actions>}
        {children}
      </EmptyState>
    </Center>
  );
}
