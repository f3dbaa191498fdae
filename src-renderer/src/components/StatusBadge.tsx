import { Badge, Tooltip } from '@mantine/core';
import type { PayoutStatus, ProviderId } from '@shared/contract';
import { statusBadgeLabel, statusColors, statusLabels } from './statusText';
import { useProviders } from '../api/providers';

export { statusColors, statusLabels, statusBadgeLabel } from './statusText';

export function StatusBadge({
  status,
  providerStatus,
  provider,
}: {
  status: PayoutStatus;
  providerStatus: string | null;
  /** The payout's provider, so a draft at the provider says which. */
  provider?: ProviderId;
}) {
  const providers = useProviders();
  return <StatusBadgeView status={status} providerStatus={providerStatus} providerName={provider ? providers.name(provider) : undefined} />;
}

/** StatusBadge with the provider's name looked up by its table, once for all rows. */
export function StatusBadgeView({
  status,
  providerStatus,
  providerName,
}: {
  status: PayoutStatus;
  providerStatus: string | null;
  providerName?: string;
}) {
  const badge = (
    <Badge color={statusColors[status]} variant="light" data-status={status}>
      {statusBadgeLabel(status, providerName)}
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
