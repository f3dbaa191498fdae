import type { ReactNode } from 'react';
import { Alert, Button, Group } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';

export function ErrorAlert({
  title = 'Something went wrong',
  message,
  onRetry,
  testId = 'error-alert',
  children,
}: {
  title?: string;
  message?: string;
  onRetry?: () => void;
  testId?: string;
  /** More than one line of message (a list of problems). */
  children?: ReactNode;
}) {
  return (
    <Alert color="red" variant="light" title={title} icon={<IconAlertTriangle size={18} />} role="alert" data-testid={testId}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div style={{ whiteSpace: 'pre-wrap' }}>{message ?? children}</div>
        {onRetry && (
          <Button size="xs" variant="default" onClick={onRetry}>
            Try again
          </Button>
        )}
      </Group>
    </Alert>
  );
}
