import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconUserCheck } from '@tabler/icons-react';
import type { PayeeCheck } from '@shared/contract';
import { formatDateTime } from '../lib/time';
import { payeeCheckView } from './payeeCheckView';

/**
 * The payee check as the approver must see it (drawer, approval queue, approval confirmation): status, the name
 * checked, the bank's name for a close match, when, whether it is outdated, and main's sentence on what it means.
 */
export function PayeeCheckCard({
  check,
  compact = false,
  onUseBankName,
  onCheckAgain,
  busy = false,
}: {
  check: PayeeCheck;
  compact?: boolean;
  /** Offered for a close match where the operator may change the draft. */
  onUseBankName?: () => void;
  onCheckAgain?: () => void;
  busy?: boolean;
}) {
  const view = payeeCheckView(check, formatDateTime);
  return (
    <Alert
      color={view.color}
      variant="light"
      icon={<IconUserCheck size={18} />}
      title={view.title}
      data-testid="payee-check"
      data-status={check.status}
      data-effect={check.effect}
      p={compact ? 'xs' : undefined}
    >
      <Stack gap={2}>
        {(compact ? view.lines.filter((l) => l === check.message || l.startsWith('Name the bank')) : view.lines).map((line) => (
          <Text key={line} size="sm" style={{ overflowWrap: 'anywhere' }}>
            {line}
          </Text>
        ))}
        {(onUseBankName || onCheckAgain) && (
          <Group gap="xs" mt={4}>
            {onUseBankName && view.bankName && (
              <Button size="compact-sm" variant="light" onClick={onUseBankName} loading={busy} data-testid="payee-use-bank-name">
                Use “{view.bankName}”
              </Button>
            )}
            {onCheckAgain && (
              <Button size="compact-sm" variant="default" onClick={onCheckAgain} loading={busy} data-testid="payee-check-again">
                Check again
              </Button>
            )}
          </Group>
        )}
      </Stack>
    </Alert>
  );
}
