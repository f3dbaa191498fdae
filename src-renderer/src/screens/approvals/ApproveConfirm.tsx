import { Alert, List, Stack, Text } from '@mantine/core';
import { IconCopy, IconUserCheck } from '@tabler/icons-react';
import type { PayeeCheck, PayoutRow } from '@shared/contract';
import { checksToRead, payeeCheckBadge } from '../../components/payeeCheckView';
import { AmountTotals } from '../../components/AmountTotals';
import { recipientText } from '../../components/cells';
import { ConfirmModal } from '../../components/ConfirmModal';
import { DailyAllowances } from '../../components/DailyAllowances';
import { StepUpPassphrase } from '../../components/StepUpPassphrase';
import { formatAmount } from '../../lib/formatAmount';
import type { ApproveFlow } from './useApproveFlow';

const plural = (n: number) => (n === 1 ? '' : 's');

/**
 * "Approve N payouts": the totals per currency, who still needs a second approver, what cannot be approved now,
 * today's daily caps, possible duplicates, and the passphrase again.
 */
export function ApproveConfirm({
  flow,
  payoutOf,
  payeeCheckOf,
}: {
  flow: ApproveFlow;
  payoutOf: (id: number) => PayoutRow | undefined;
  /** The payee check of a payout of the selection, where its provider needs one. */
  payeeCheckOf?: (id: number) => PayeeCheck | null | undefined;
}) {
  const { summary } = flow;
  const checks = summary && payeeCheckOf ? checksToRead(flow.ids.map((id) => ({ id, check: payeeCheckOf(id) }))) : [];
  const describe = (id: number) => {
    const p = payoutOf(id);
    return p ? `${recipientText(p)} (${formatAmount(p.amount.minor, p.amount.currency)})` : `Payout #${id}`;
  };
  return (
    <ConfirmModal
      opened={summary !== null}
      title={summary ? `Approve ${summary.count} payout${plural(summary.count)}` : 'Approve'}
      confirmLabel="Approve"
      busy={flow.busy}
      confirmDisabled={!summary || summary.count === 0}
      error={flow.error}
      onConfirm={() => void flow.confirm()}
      onClose={flow.close}
      testId="approve-confirm"
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
            <Alert
              color="orange"
              variant="light"
              title={`${summary.blocked.length} cannot be approved by you now`}
              data-testid="approve-blocked"
            >
              <List size="sm">
                {summary.blocked.map((b) => (
                  <List.Item key={b.id}>
                    {describe(b.id)}: {b.reason}
                  </List.Item>
                ))}
              </List>
            </Alert>
          )}
          {checks.length > 0 && (
            <Alert
              color={checks.some((c) => c.check.effect === 'block') ? 'red' : 'yellow'}
              variant="light"
              icon={<IconUserCheck size={18} />}
              title={`Payee check${plural(checks.length)} to read`}
              data-testid="approve-payee-checks"
            >
              <List size="sm">
                {checks.map((c) => (
                  <List.Item key={c.id} data-status={c.check.status} data-effect={c.check.effect}>
                    {describe(c.id)}: {payeeCheckBadge(c.check).label}. {c.check.message}
                  </List.Item>
                ))}
              </List>
            </Alert>
          )}
          {summary.duplicates.length > 0 && (
            <Alert
              color="yellow"
              variant="light"
              icon={<IconCopy size={18} />}
              title={`${summary.duplicates.length} possible duplicate${plural(summary.duplicates.length)}`}
              data-testid="approve-duplicates"
            >
              <List size="sm">
                {summary.duplicates.map((d) => (
                  <List.Item key={d.id}>
                    {describe(d.id)}: the same recipient, amount, currency and campaign as {d.duplicateOf}.
                  </List.Item>
                ))}
              </List>
            </Alert>
          )}
          {summary.count > 0 && <DailyAllowances allowances={summary.allowances} when="approve" />}
          {summary.count > 0 && (
            <StepUpPassphrase
              stepUp={flow.stepUp}
              description="Approving asks for your passphrase again: the approval is recorded under your name."
              onSubmit={() => void flow.confirm()}
              disabled={flow.busy}
            />
          )}
        </Stack>
      )}
    </ConfirmModal>
  );
}
