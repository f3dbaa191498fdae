import { useMemo, useState } from 'react';
import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconCheck, IconChecklist, IconX } from '@tabler/icons-react';
import type { ApprovalQueueItem, BatchResult } from '@shared/contract';
import { useApiMutation } from '../../api/queries';
import { CenteredEmptyState } from '../../components/CenteredEmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { QueryState } from '../../components/QueryState';
import { RejectModal } from '../../components/RejectModal';
import { type Column } from '../../components/DataTable';
import { SelectableTable } from '../../components/SelectableTable';
import { errorMessage } from '../../lib/errors';
import { usePayoutUi } from '../../stores/payoutUiStore';
import { ApproveConfirm } from './ApproveConfirm';
import { BatchResults } from './BatchResults';
import { payoutColumns } from './columns';
import { SelectionBar } from './SelectionBar';
import { usePrunedSelection, type useApprovalQueue } from './useApprovalData';

function approvalsText(item: ApprovalQueueItem): string {
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
    width: 230,
    render: (i) => (
      <Stack gap={2}>
        <Text size="sm" data-testid="approvals-text">
          {approvalsText(i)}
        </Text>
        {i.approvalsRequired > 1 && (
          <Badge size="xs" color="grape" variant="light" tt="none" w="fit-content">
            Needs a second approver
          </Badge>
        )}
        {i.canApprove !== true && (
          <Text size="xs" c="orange">
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
  const summarize = useApiMutation('approvals.summary');
  const approve = useApiMutation('approvals.approve', { invalidates: ['payouts'] });
  const [summaryIds, setSummaryIds] = useState<number[]>([]);

  const byId = useMemo(() => new Map(queue.items.map((i) => [i.payout.id, i])), [queue.items]);
  const selectedItems = queue.items.filter((i) => selected.has(i.payout.id));
  const summary = summarize.data ?? null;
  const actionError = summarize.error ?? approve.error;

  const askApprove = () => {
    const ids = selectedItems.map((i) => i.payout.id);
    if (ids.length === 0) return;
    approve.reset();
    setSummaryIds(ids);
    summarize.mutate({ ids });
  };

  const confirmApprove = async () => {
    if (!summary) return;
    const blocked = new Set(summary.blocked.map((b) => b.id));
    try {
      const result = await approve.mutateAsync({ ids: summaryIds.filter((id) => !blocked.has(id)) });
      setResults({ title: 'Approval results', result });
      summarize.reset();
      setSelected(new Set());
    } catch {
      // Shown in the confirmation.
    }
  };

  return (
    <Stack gap="sm">
      <SelectionBar
        testId="approvals-selection"
        selected={selectedItems.map((i) => i.payout)}
        listed={`${queue.items.length}${queue.more ? '+' : ''} awaiting approval`}
        onReload={() => void queue.query.refetch()}
        reloading={queue.query.isFetching}
      >
        <Button
          variant="default"
          color="red"
          leftSection={<IconX size={16} />}
          disabled={selected.size === 0}
          onClick={() => setRejectIds(selectedItems.map((i) => i.payout.id))}
        >
          Reject{selected.size ? ` (${selected.size})` : ''}
        </Button>
        <Button
          leftSection={<IconCheck size={16} />}
          disabled={selected.size === 0}
          loading={summarize.isPending}
          onClick={askApprove}
          data-testid="approve-selected"
        >
          Approve{selected.size ? ` (${selected.size})` : ''}
        </Button>
      </SelectionBar>
      {actionError && !summary && <ErrorAlert message={errorMessage(actionError)} />}
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
              <Button variant="default" onClick={() => usePayoutUi.getState().openNewPayout()}>
                New payout
              </Button>
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

      <ApproveConfirm
        summary={summary}
        byId={byId}
        busy={approve.isPending}
        error={approve.error ? errorMessage(approve.error) : null}
        onConfirm={() => void confirmApprove()}
        onClose={() => {
          summarize.reset();
          approve.reset();
        }}
      />
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
