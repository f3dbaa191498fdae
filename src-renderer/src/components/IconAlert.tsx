import type { ComponentType, ReactNode } from 'react';
import { Alert } from '@mantine/core';

/** A light alert with its icon: how a screen tells something the reader should know before acting. */
export function IconAlert({
  color,
  icon: Icon,
  title,
  testId,
  children,
}: {
  color: string;
  icon: ComponentType<{ size?: number }>;
  title: string;
  testId: string;
  children: ReactNode;
}) {
  return (
    <Alert color={color} variant="light" icon={<Icon size={18} />} title={title} data-testid={testId}>
      {children}
    </Alert>
  );
}
