/** Columns both approval tabs show, for any row that carries a payout. */
import type { PayoutRow } from '@shared/contract';
import { AmountCell, ConnectionCell, DateTimeCell, RecipientCell } from '../../components/cells';
import type { Column } from '../../components/DataTable';

export function payoutColumns<T>(
  payout: (row: T) => PayoutRow,
  connectionBelow?: (row: T) => React.ReactNode,
): Record<'created' | 'recipient' | 'connection' | 'amount', Column<T>> {
  return {
    // Date over time: the column stays narrow enough for the recipient to keep its width at 960 px.
    created: {
      key: 'created',
      label: 'Created',
      width: 106,
      render: (r) => <DateTimeCell payout={payout(r)} />,
    },
    recipient: {
      key: 'recipient',
      label: 'Recipient',
      render: (r) => <RecipientCell payout={payout(r)} detail={payout(r).description} wrap />,
    },
    connection: {
      key: 'connection',
      label: 'Connection',
      width: 150,
      render: (r) => (
        <ConnectionCell
          connectionId={payout(r).connectionId}
          label={payout(r).connectionLabel}
          provider={payout(r).provider}
          below={connectionBelow?.(r)}
        />
      ),
    },
    amount: {
      key: 'amount',
      label: 'Amount',
      width: 120,
      align: 'right',
      render: (r) => <AmountCell amount={payout(r).amount} testId="payout-amount" />,
    },
  };
}
