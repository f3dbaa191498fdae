/** Columns both approval tabs show, for any row that carries a payout. */
import { Text } from '@mantine/core';
import type { PayoutRow } from '@shared/contract';
import { AmountCell, ConnectionCell, RecipientCell } from '../../components/cells';
import type { Column } from '../../components/DataTable';
import { formatDateTime } from '../../lib/time';

export function payoutColumns<T>(
  payout: (row: T) => PayoutRow,
  connectionBelow?: (row: T) => React.ReactNode,
): Record<'created' | 'recipient' | 'connection' | 'amount', Column<T>> {
  return {
    created: { key: 'created', label: 'Created', width: 140, render: (r) => <Text size="sm">{formatDateTime(payout(r).createdAt)}</Text> },
    recipient: { key: 'recipient', label: 'Recipient', render: (r) => <RecipientCell payout={payout(r)} detail={payout(r).description} /> },
    connection: {
      key: 'connection',
      label: 'Connection',
      width: connectionBelow ? 190 : 170,
      render: (r) => <ConnectionCell label={payout(r).connectionLabel} provider={payout(r).provider} below={connectionBelow?.(r)} />,
    },
    amount: {
      key: 'amount',
      label: 'Amount',
      width: 130,
      align: 'right',
      render: (r) => <AmountCell amount={payout(r).amount} testId="payout-amount" />,
    },
  };
}
