import type { ComponentType, ReactNode } from 'react';
import { Center, EmptyState } from '@mantine/core';

/** A screen's empty state: an icon, what is missing (title), how to get it (the children), optional actions. */
export function CenteredEmptyState({
  icon: Icon,
  title,
  testId,
  actions,
  footer,
  noMatch,
  children,
}: {
  icon: ComponentType<{ size?: number }>;
  title: string;
  testId: string;
  actions?: ReactNode;
  /** Below the actions, e.g. why an action failed. */
  footer?: ReactNode;
  /** Set while a search or filter is applied: nothing matches it, which is not the same as nothing there. */
  noMatch?: { title: string; hint: string } | null;
  children: ReactNode;
}) {
  return (
    <Center py="xl">
      <EmptyState
        icon={<Icon size={32} />}
        withIndicatorBackground
        title={noMatch?.title ?? title}
        description={noMatch ? noMatch.hint : children}
        data-testid={testId}
      >
        {actions && <EmptyState.Actions>{actions}</EmptyState.Actions>}
        {footer}
      </EmptyState>
    </Center>
  );
}
