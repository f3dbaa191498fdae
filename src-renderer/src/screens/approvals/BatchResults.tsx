import { Alert, List } from '@mantine/core';
import type { ApprovalQueueItem, BatchResult } from '@shared/contract';
import { recipientText } from '../../components/cells';
import { formatAmount } from '../../lib/formatAmount';

/** One line per payout of an approve or reject batch: what happened to it. */
export function BatchResults({
  title,
  result,
  byId,
  onClose,
}: {
  title: string;
  result: BatchResult;
  byId: Map<number, ApprovalQueueItem>;
  onClose: () => void;
}) {
  const skipped = result.results.filter((r) => r.outcome === 'skipped').length;
  return (
    <Alert
      color={skipped ? 'orange' : 'green'}
      variant="light"
      title={title}
      withCloseButton
      onClose={onClose}
      data-testid="approval-results"
      role="status"
    >
      <List size="sm" spacing={2}>
        {result.results.map((r) => {
          const item = byId.get(r.id);
          return (
            <List.Item key={r.id} data-outcome={r.outcome}>
              <b>
                {item ? `${recipientText(item.payout)} ${formatAmount(item.payout.amount.minor, item.payout.amount.currency)}` : `#${r.id}`}
              </b>
              : {r.message}
            </List.Item>
          );
        })}
      </List>
    </Alert>
  );
}
