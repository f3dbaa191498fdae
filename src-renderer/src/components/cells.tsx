/** Table cells shared by the payout lists: amount, connection with its provider, recipient with a second line. */
import type { ReactNode } from 'react';
import { Text } from '@mantine/core';
import type { PayoutRow, ProviderId } from '@shared/contract';
import { useProviders } from '../api/providers';
import { formatAmount } from '../lib/formatAmount';
import classes from './table.module.css';

export function AmountCell({ amount, testId }: { amount: { minor: number; currency: string }; testId?: string }) {
  return (
    <Text size="sm" className={classes.amount} data-testid={testId}>
      {formatAmount(amount.minor, amount.currency)}
    </Text>
  );
}

/** The connection's label, with the provider's name (or something more pressing) on a second line. */
export function ConnectionCell({ label, provider, below }: { label: string; provider: ProviderId; below?: ReactNode }) {
  const providers = useProviders();
  return (
    <>
      <Text size="sm" truncate="end">
        {label}
      </Text>
      {below ?? (
        <Text size="xs" c="dimmed" truncate="end">
          {providers.name(provider)}
        </Text>
      )}
    </>
  );
}

export const recipientText = (p: Pick<PayoutRow, 'creatorName' | 'creatorEmail' | 'creatorHandle'>) =>
  p.creatorName ?? p.creatorEmail ?? p.creatorHandle ?? '—';

/**
 * A bold first line with an optional dimmed one under it. `truncate`: cut the first line (or both) to the cell's
 * width; an uncut second line wraps to at most two lines.
 */
export function TwoLineCell({ primary, secondary, truncate }: { primary: ReactNode; secondary?: ReactNode; truncate?: 'first' | 'both' }) {
  return (
    <>
      <Text size="sm" fw={500} truncate={truncate ? 'end' : undefined}>
        {primary}
      </Text>
      {secondary && (
        <Text size="xs" c="dimmed" truncate={truncate === 'both' ? 'end' : undefined} lineClamp={truncate === 'both' ? undefined : 2}>
          {secondary}
        </Text>
      )}
    </>
  );
}

/** Who is paid, with one dimmed line under it (the description, the reason it needs attention…). */
export function RecipientCell({ payout, detail, clamp = false }: { payout: PayoutRow; detail?: string | null; clamp?: boolean }) {
  return <TwoLineCell primary={recipientText(payout)} secondary={detail} truncate={clamp ? 'first' : 'both'} />;
}
