import { Badge, Tooltip } from '@mantine/core';
import type { PayoutStatus } from '@shared/contract';

export const statusColors: Record<PayoutStatus, string> = {
  draft: 'gray',
  approved: 'indigo',
  sending: 'cyan',
  submitted: 'blue',
  processing: 'grape',
  paid: 'green',
  rejected: 'dark',
  failed: 'red',
  cancelled: 'gray',
  expired: 'orange',
  returned: 'pink',
  unknown: 'yellow',
};

export const statusLabels: Record<PayoutStatus, string> = {
  draft: 'Draft',
  approved: 'Approved',
  sending: 'Sending',
  submitted: 'Submitted',
  processing: 'Processing',
  paid: 'Paid',
  rejected: 'Rejected',
  failed: 'Failed',
  cancelled: 'Cancelled',
  expired: 'Expired',
  returned: 'Returned',
  unknown: 'Unknown — needs reconciliation',
};

export function StatusBadge({ status, providerStatus }: { status: PayoutStatus; providerStatus: string | null }) {
  const badge = (
    <Badge color={statusColors[status]} variant="light" data-status={status}>
      {status === 'unknown' ? 'Unknown' : statusLabels[status]}
    </Badge>
  );
  const tip = providerStatus ? `Provider status: ${providerStatus}` : status === 'unknown' ? statusLabels.unknown : null;
  if (!tip) return badge;
  return (
    <Tooltip label={tip} withArrow openDelay={200}>
      {badge}
    </Tooltip>
  );
}
