import { useMemo, useState } from 'react';
import { Badge, Button, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconChecklist, IconX } from '@tabler/icons-react';
import type { ApprovalQueueItem, BatchResult } from '@shared/contract';
import { usePermission } from '../../api/session';
import { CenteredEmptyState } from '../../components/CenteredEmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { QueryState } from '../../components/QueryState';
import { RejectModal } from '../../components/RejectModal';
import { type Column } from '../../components/DataTable';
import { SelectableTable } from '../../components/SelectableTable';
import { WhenAllowed } from '../../components/WhenAllowed';
import { errorMessage } from '../../lib/errors';
import { usePayoutUi } from '../../stores/payoutUiStore';
import { ApproveConfirm } from './ApproveConfirm';
import { PayeeCheckBadge } from './PayeeCheckBadge';
import { BatchResults } from './BatchResults';
import { payoutColumns } from './columns';
import { SelectionBar } from './SelectionBar';
import { usePrunedSelection, type useApprovalQueue } from './useApprovalData';
import { useApproveFlow } from './useApproveFlow';

/** "1 of 2 — approved by Bob": how many approvals count now, of how many, and whose. */
export function approvalsText(item: Pick<ApprovalQueueItem, 'approvals' | 'approvalsRequired'>): string {
  const active = item.approvals.filter((a) => a.decision === 'approved' && !a.voidedAt);
  const who = active.length ? ` — approved by ${active.map((a) => a.operator).join(', ')}` : '';
  return `${active.length} of ${item.approvalsRequired}${who}`;
}

const common = payoutColumns<ApprovalQueueItem>((i) => i.payout);
const columns: Array<Column<ApprovalQueueItem>> = [
  common.created,
  common.recipient,
  common.connection,
  common.amount,
  {
    key: 'approvals',
    label: 'Approvals',
    width: 180,
    render: (i) => (
      <Stack gap={2}>
        <Text size="sm" data-testid="approvals-text">
          {approvalsText(i)}
        </Text>
        <Group gap={4}>
          {i.approvalsRequired > 1 && (
            <Badge size="xs" color="grape" variant="light" tt="none" data-testid="needs-two-badge">
              Needs {i.approvalsRequired} approvals
            </Badge>
          )}
          {i.payeeCheck && <PayeeCheckBadge check={i.payeeCheck} />}
          {i.possibleDuplicateOf && (
            <Tooltip label={`Same recipient, amount, currency and campaign as ${i.possibleDuplicateOf}`} multiline w={280}>
              <Badge size="xs" color="yellow" variant="light" tt="none" data-testid="duplicate-badge">
                Possible duplicate
              </Badge>
            </Tooltip>
          )}
        </Group>
        {i.canApprove !== true && (
          <Text size="xs" c="orange" lineClamp={3} title={i.canApprove} data-testid="cannot-approve">
            {i.canApprove}
          </Text>
        )}
      </Stack>
    ),
  },
];

/** Drafts awaiting approval: select, approve (after a summary) or reject (with a reason). */
export function QueuePanel({ queue }: { queue: ReturnType<typeof useApprovalQueue> }) {
  const openDrawer = usePayoutUi((s) => s.openDrawer);
  const [selected, setSelected] = usePrunedSelection(queue.items.map((i) => i.payout.id));
  const [rejectIds, setRejectIds] = useState<number[] | null>(null);
  const [results, setResults] = useState<{ title: string; result: BatchResult } | null>(null);
  const mayApprove = usePermission('approvals.approve');
  const mayReject = usePermission('approvals.reject');
  const mayDraft = usePermission('payouts.createDraft');
  const flow = useApproveFlow((result) => {
    setResults({ title: 'Approval results', result });
    setSelected(new Set());
  });

  const byId = useMemo(() => new Map(queue.items.map((i) => [i.payout.id, i])), [queue.items]);
  const selectedItems = queue.items.filter((i) => selected.has(i.payout.id));

  return (
    <Stack gap="sm">
      <SelectionBar
        testId="approvals-selection"
        selected={selectedItems.map((i) => i.payout)}
        listed={`${queue.items.length}${queue.more ? '+' : ''} awaiting approval`}
        onReload={() => void queue.query.refetch()}
        reloading={queue.query.isFetching}
      >
        <WhenAllowed permission={mayReject}>
          {(blocked) => (
            <Button
              variant="default"
              color="red"
              leftSection={<IconX size={16} />}
              disabled={blocked || selected.size === 0}
              onClick={() => setRejectIds(selectedItems.map((i) => i.payout.id))}
            >
              Reject{selected.size ? ` (${selected.size})` : ''}
            </Button>
          )}
        </WhenAllowed>
        <WhenAllowed permission={mayApprove}>
          {(blocked) => (
            <Button
              leftSection={<IconCheck size={16} />}
              disabled={blocked || selected.size === 0}
              loading={flow.summarizing}
              onClick={() => flow.ask(selectedItems.map((i) => i.payout.id))}
              data-testid="approve-selected"
            >
              Approve{selected.size ? ` (${selected.size})` : ''}
            </Button>
          )}
        </WhenAllowed>
      </SelectionBar>
      {flow.summaryError && <ErrorAlert message={errorMessage(flow.summaryError)} />}
      {results && <BatchResults title={results.title} result={results.result} byId={byId} onClose={() => setResults(null)} />}
      <QueryState
        query={{ ...queue.query, data: queue.query.data && queue.items }}
        what="the approval queue"
        empty={
          <CenteredEmptyState
            icon={IconChecklist}
            testId="approvals-empty"
            title="Nothing waits for approval"
            actions={
              mayDraft === true && (
                <Button variant="default" onClick={() => usePayoutUi.getState().openNewPayout()}>
                  New payout
                </Button>
              )
            }
          >
            New drafts (from the payout form or a CSV import) appear here.
          </CenteredEmptyState>
        }
      >
        {(items) => (
          <SelectableTable
            rows={items}
            rowId={(i) => i.payout.id}
            columns={columns}
            selected={selected}
            onSelectedChange={setSelected}
            onOpen={(i) => openDrawer(i.payout.id)}
            label="Payouts awaiting approval"
            testId="approvals-table"
            rowTestId="approval-row"
          />
        )}
      </QueryState>
      <Group>
        <LoadMore pages={queue.query} />
      </Group>

      <ApproveConfirm flow={flow} payoutOf={(id) => byId.get(id)?.payout} payeeCheckOf={(id) => byId.get(id)?.payeeCheck} />
      <RejectModal
        ids={rejectIds}
        onClose={() => setRejectIds(null)}
        onDone={(result) => {
          setRejectIds(null);
          setResults({ title: 'Rejection results', result });
          setSelected(new Set());
        }}
      />
    </Stack>
  );
}
