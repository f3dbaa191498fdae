import { Alert, List, Stack, Text } from '@mantine/core';
import type { ApprovalQueueItem, BatchSummary } from '@shared/contract';
import { AmountTotals } from '../../components/AmountTotals';
import { recipientText } from '../../components/cells';
import { ConfirmModal } from '../../components/ConfirmModal';
import { formatAmount } from '../../lib/formatAmount';

const plural = (n: number) => (n === 1 ? '' : 's');

/** "Approve N payouts": the totals per currency, who still needs a second approver, and what cannot be approved now. */
export function ApproveConfirm({
  summary,
  byId,
  busy,
  error,
  onConfirm,
  onClose,
}: {
  summary: BatchSummary | null;
  byId: Map<number, ApprovalQueueItem>;
  busy: boolean;
  error: string | null;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <ConfirmModal
      opened={summary !== null}
      title={summary ? `Approve ${summary.count} payout${plural(summary.count)}` : 'Approve'}
      confirmLabel="Approve"
      busy={busy}
      confirmDisabled={!summary || summary.count === 0}
      error={error}
      onConfirm={onConfirm}
      onClose={onClose}
    >
      {summary && (
        <Stack gap="sm" data-testid="approve-summary">
          <Text size="sm" data-testid="approve-count">
            {summary.count} payout{plural(summary.count)} will be approved by you.
          </Text>
          <AmountTotals totals={summary.totals} testId="approve-totals" />
          {summary.needSecondApproval > 0 && (
            <Alert color="grape" variant="light" title="Second approval needed" data-testid="approve-second">
              {summary.needSecondApproval} of them {summary.needSecondApproval === 1 ? 'is' : 'are'} above the approval threshold: after
              your approval a different operator must approve {summary.needSecondApproval === 1 ? 'it' : 'them'} before sending.
            </Alert>
          )}
          {summary.blocked.length > 0 && (
            <Alert color="orange" variant="light" title={`${summary.blocked.length} cannot be approved now`} data-testid="approve-blocked">
              <List size="sm">
                {summary.blocked.map((b) => {
                  const item = byId.get(b.id);
                  return (
                    <List.Item key={b.id}>
                      {item
                        ? `${recipientText(item.payout)} (${formatAmount(item.payout.amount.minor, item.payout.amount.currency)})`
                        : `#${b.id}`}
                      : {b.reason}
                    </List.Item>
                  );
                })}
              </List>
            </Alert>
          )}
        </Stack>
      )}
    </ConfirmModal>
  );
}
