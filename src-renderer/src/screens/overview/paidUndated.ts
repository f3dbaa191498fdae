import type { Overview } from '@shared/contract';

/**
 * Paid payouts in this currency that no month can hold (the provider dates them neither by payment nor by creation),
 * summed exactly in minor units; null when there are none.
 */
export function paidUndatedIn(
  overview: Pick<Overview, 'paidUndated'>,
  currency: string,
  providerName: (id: string) => string,
): { minor: number; count: number; providers: string } | null {
  const rows = overview.paidUndated.filter((r) => r.currency === currency && r.count > 0);
  if (rows.length === 0) return null;
  const names = [...new Set(rows.map((r) => providerName(r.provider)))];
  return {
    minor: rows.reduce((sum, r) => sum + r.minor, 0),
    count: rows.reduce((n, r) => n + r.count, 0),
    providers: names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`,
  };
}
