import { cloneElement, useState, type ReactElement } from 'react';
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
  return <HoverTooltip label={tip}>{badge}</HoverTooltip>;
}

/**
 * Mantine's Tooltip, mounted once the pointer first comes over its target: a table shows a badge on every row, and a
 * Tooltip per row (floating-ui's hooks and listeners) was a large part of mounting the rows a filter change brings.
 * Mounted, it opens as usual on the next pointer move (floating-ui's hover opens on move too).
 */
function HoverTooltip({ label, children }: { label: string; children: ReactElement<{ onPointerEnter?: () => void }> }) {
  const [armed, setArmed] = useState(false);
  if (!armed) return cloneElement(children, { onPointerEnter: () => setArmed(true) });
  return (
    <Tooltip label={label} withArrow openDelay={200}>
      {children}
    </Tooltip>
  );
}
