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

/** Who is paid, with one dimmed line under it (the description, the reason it needs attention…). */
export function RecipientCell({ payout, detail, clamp }: { payout: PayoutRow; detail?: string | null; clamp?: boolean }) {
  return (
    <>
      <Text size="sm" fw={500} truncate="end">
        {recipientText(payout)}
      </Text>
      {detail &&
        (clamp ? (
          <Text size="xs" c="dimmed" lineClamp={2}>
            {detail}
          </Text>
        ) : (
          <Text size="xs" c="dimmed" truncate="end">
            {detail}
          </Text>
        ))}
    </>
  );
}
