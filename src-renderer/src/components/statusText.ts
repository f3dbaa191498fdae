/** A payout status in words and colours, shared by badges, filters and charts. */
import type { PayoutStatus } from '@shared/contract';

export const statusColors: Record<PayoutStatus, string> = {
  draft: 'gray',
  provider_draft: 'violet',
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
  provider_draft: 'Draft at provider',
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

/** The badge's words: a draft at a provider names it ("Draft at <provider>"); unknown is short, its tooltip says more. */
export function statusBadgeLabel(status: PayoutStatus, providerName?: string): string {
  if (status === 'provider_draft' && providerName) return `Draft at ${providerName}`;
  return status === 'unknown' ? 'Unknown' : statusLabels[status];
}
