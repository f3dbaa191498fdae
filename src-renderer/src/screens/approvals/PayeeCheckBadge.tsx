import { Badge, Tooltip } from '@mantine/core';
import type { PayeeCheck } from '@shared/contract';
import { payeeCheckBadge } from '../../components/payeeCheckView';

/** The payee check in a queue row: the outcome in a word or two, main's sentence on hover. */
export function PayeeCheckBadge({ check }: { check: PayeeCheck }) {
  const badge = payeeCheckBadge(check);
  return (
    <Tooltip label={check.message} multiline w={300}>
      <Badge
        size="xs"
        color={badge.color}
        variant="light"
        tt="none"
        data-testid="payee-check-badge"
        data-status={check.status}
        style={{ maxWidth: '100%', whiteSpace: 'normal', height: 'auto' }}
      >
        {badge.label}
      </Badge>
    </Tooltip>
  );
}
