import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Badge, Button, Center, EmptyState, Group, Kbd, List, Stack, Tabs, Text, Tooltip } from '@mantine/core';
import { IconChecklist, IconCheck, IconRefresh, IconSend, IconX } from '@tabler/icons-react';
import { type ApprovalQueueItem, type BatchResult, type BatchSummary, type PayoutRow } from '@shared/contract';
import { providerName } from '../../stores/appStore';
import { api } from '../../api/client';
import { AmountTotals } from '../../components/AmountTotals';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RejectModal } from '../../components/RejectModal';
import { ScreenHeader } from '../../components/ScreenHeader';
import { SelectableTable, type SelectableColumn } from '../../components/SelectableTable';
import { NotReadyNotice, notReadyReason, recipientText, SendConfirmModal, useSendReadiness } from '../../components/SendFlow';
import { StatusBadge } from '../../components/StatusBadge';
import { TableSkeleton } from '../../components/TableSkeleton';
import { errorMessage } from '../../lib/errors';
import { formatAmount, formatTotals, totalsByCurrency } from '../../lib/formatAmount';
import { formatDateTime } from '../../lib/time';
import { useDataChanged } from '../../lib/useDataChanged';
import { useAppStore } from '../../stores/appStore';
import { useNavigation } from '../../stores/navigationStore';
import { usePayoutUi } from '../../stores/payoutUiStore';

const pageSize = 200;

export function ApprovalsScreen() {
  // Overview's "Approved, not sent" card opens the Ready to send tab.
  const [tab, setTab] = useState<string | null>(() => {
    const intent = useNavigation.getState().intent;
    return intent?.kind === 'approvalsTab' ? intent.tab : 'queue';
  });
  useEffect(() => {
    if (useNavigation.getState().intent?.kind === 'approvalsTab') useNavigation.getState().consumeIntent();
  }, []);
  const queue = useApprovalQueue();
  const ready = useReadyToSend();
  return (
    <Stack gap="md">
      <ScreenHeader
        title="Approvals"
        description={
          <>
            Approve drafts before they can be sent; send approved payouts. Keyboard: <Kbd>↑</Kbd> <Kbd>↓</Kbd> move, <Kbd>Space</Kbd>{' '}
            selects, <Kbd>A</Kbd> selects all, <Kbd>Enter</Kbd> opens.
          </>
        }
      />
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="queue" rightSection={<CountBadge count={queue.items.length} more={queue.nextCursor !== null} />}>
            Awaiting approval
          </Tabs.Tab>
          <Tabs.Tab value="send" rightSection={<CountBadge count={ready.rows.length} more={ready.more} />}>
            Ready to send
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="queue" pt="md">
          <QueuePanel queue={queue} />
        </Tabs.Panel>
        <Tabs.Panel value="send" pt="md">
          <ReadyPanel ready={ready} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function CountBadge({ count, more }: { count: number; more: boolean }) {
  return (
    <Badge size="sm" variant="light" circle={count < 10 && !more}>
      {count}
      {more ? '+' : ''}
    </Badge>
  );
}

// --- data ----------------------------------------------------------------------------------------------------------

function useApprovalQueue() {
  const [items, setItems] = useState<ApprovalQueueItem[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const request = useRef(0);

  const reload = useCallback(async () => {
    const mine = ++request.current;
    setLoading(true);
    try {
      const page = await api.call('approvals.queue', { limit: pageSize });
      if (mine !== request.current) return;
      setItems(page.rows);
      setNextCursor(page.nextCursor);
      setError(null);
    } catch (e) {
      if (mine !== request.current) return;
      useAppStore.getState().noteError(e);
      setError(errorMessage(e));
    } finally {
      if (mine === request.current) {
        setLoading(false);
        setLoaded(true);
      }
    }
  }, []);

  const loadMore = useCallback(async () => {
    if (!nextCursor) return;
    const mine = request.current;
    try {
      const page = await api.call('approvals.queue', { limit: pageSize, cursor: nextCursor });
      if (mine !== request.current) return;
      setItems((current) => [...current, ...page.rows.filter((r) => !current.some((c) => c.payout.id === r.payout.id))]);
      setNextCursor(page.nextCursor);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [nextCursor]);

  useEffect(() => {
    void reload();
  }, [reload]);
  useDataChanged(['payouts', 'settings'], () => void reload());
  return { items, nextCursor, loading, loaded, error, reload, loadMore };
}

function useReadyToSend() {
  const [rows, setRows] = useState<PayoutRow[]>([]);
  const [more, setMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const request = useRef(0);

  const reload = useCallback(async () => {
    const mine = ++request.current;
    setLoading(true);
    try {
      const page = await api.call('payouts.list', {
        limit: 500,
        sort: { column: 'createdAt', direction: 'asc' },
        filters: { statuses: ['approved'] },
      });
      if (mine !== request.current) return;
      setRows(page.rows);
      setMore(page.nextCursor !== null);
      setError(null);
    } catch (e) {
      if (mine !== request.current) return;
      useAppStore.getState().noteError(e);
      setError(errorMessage(e));
    } finally {
      if (mine === request.current) {
        setLoading(false);
        setLoaded(true);
      }
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);
  useDataChanged(['payouts'], () => void reload());
  return { rows, more, loading, loaded, error, reload };
}

/** Keeps only the ids that are still listed (rows leave the list when approved, sent or deleted). */
function usePrunedSelection(ids: number[]) {
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const key = ids.join(',');
  useEffect(() => {
    const present = new Set(key ? key.split(',').map(Number) : []);
    setSelected((current) => {
      const next = new Set([...current].filter((id) => present.has(id)));
      return next.size === current.size ? current : next;
    });
  }, [key]);
  return [selected, setSelected] as const;
}

// --- approval queue ------------------------------------------------------------------------------------------------

function approvalsText(item: ApprovalQueueItem): string {
  const active = item.approvals.filter((a) => a.decision === 'approved' && !a.voidedAt);
  const who = active.length ? ` — approved by ${active.map((a) => a.operator).join(', ')}` : '';
  return `${active.length} of ${item.approvalsRequired}${who}`;
}

function QueuePanel({ queue }: { queue: ReturnType<typeof useApprovalQueue> }) {
  const openDrawer = usePayoutUi((s) => s.openDrawer);
  const [selected, setSelected] = usePrunedSelection(queue.items.map((i) => i.payout.id));
  const [summary, setSummary] = useState<BatchSummary | null>(null);
  const [summaryIds, setSummaryIds] = useState<number[]>([]);
  const [summaryLoading, setSummaryLoading] = useState(false);
  const [approving, setApproving] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [rejectIds, setRejectIds] = useState<number[] | null>(null);
  const [results, setResults] = useState<{ title: string; result: BatchResult } | null>(null);

  const byId = useMemo(() => new Map(queue.items.map((i) => [i.payout.id, i])), [queue.items]);
  const selectedItems = queue.items.filter((i) => selected.has(i.payout.id));
  const selectedTotals = totalsByCurrency(selectedItems.map((i) => i.payout.amount));

  const askApprove = async () => {
    const ids = selectedItems.map((i) => i.payout.id);
    if (ids.length === 0) return;
    setSummaryLoading(true);
    setActionError(null);
    try {
      setSummary(await api.call('approvals.summary', { ids }));
      setSummaryIds(ids);
    } catch (e) {
      setActionError(errorMessage(e));
    } finally {
      setSummaryLoading(false);
    }
  };

  const approve = async () => {
    if (!summary) return;
    const blocked = new Set(summary.blocked.map((b) => b.id));
    const ids = summaryIds.filter((id) => !blocked.has(id));
    setApproving(true);
    setActionError(null);
    try {
      const result = await api.call('approvals.approve', { ids });
      setResults({ title: 'Approval results', result });
      setSummary(null);
      setSelected(new Set());
      void queue.reload();
    } catch (e) {
      setActionError(errorMessage(e));
    } finally {
      setApproving(false);
    }
  };

  const columns: Array<SelectableColumn<ApprovalQueueItem>> = [
    { key: 'created', label: 'Created', width: 140, render: (i) => <Text size="sm">{formatDateTime(i.payout.createdAt)}</Text> },
    {
      key: 'recipient',
      label: 'Recipient',
      render: (i) => (
        <>
          <Text size="sm" fw={500} truncate="end">
            {recipientText(i.payout)}
          </Text>
          {i.payout.description && (
            <Text size="xs" c="dimmed" truncate="end">
              {i.payout.description}
            </Text>
          )}
        </>
      ),
    },
    {
      key: 'connection',
      label: 'Connection',
      width: 170,
      render: (i) => (
        <>
          <Text size="sm" truncate="end">
            {i.payout.connectionLabel}
          </Text>
          <Text size="xs" c="dimmed">
            {providerName(i.payout.provider)}
          </Text>
        </>
      ),
    },
    {
      key: 'amount',
      label: 'Amount',
      width: 130,
      align: 'right',
      render: (i) => (
        <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }} data-testid="payout-amount">
          {formatAmount(i.payout.amount.minor, i.payout.amount.currency)}
        </Text>
      ),
    },
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

  let body: React.ReactNode;
  if (queue.loading && !queue.loaded) body = <TableSkeleton />;
  else if (queue.error && queue.items.length === 0)
    body = <ErrorAlert title="Could not load the approval queue" message={queue.error} onRetry={() => void queue.reload()} />;
  else if (queue.items.length === 0)
    body = (
      <Center py="xl">
        <EmptyState
          icon={<IconChecklist size={32} />}
          withIndicatorBackground
          title="Nothing waits for approval"
          description="New drafts (from the payout form or a CSV import) appear here."
          data-testid="approvals-empty"
        >
          <EmptyState.Actions>
            <Button variant="default" onClick={() => usePayoutUi.getState().openNewPayout()}>
              New payout
            </Button>
          </EmptyState.Actions>
        </EmptyState>
      </Center>
    );
  else
    body = (
      <SelectableTable
        rows={queue.items}
        rowId={(i) => i.payout.id}
        columns={columns}
        selected={selected}
        onSelectedChange={setSelected}
        onOpen={(i) => openDrawer(i.payout.id)}
        label="Payouts awaiting approval"
        testId="approvals-table"
        rowTestId="approval-row"
      />
    );

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap">
        <Text size="sm" c="dimmed" role="status" data-testid="approvals-selection">
          {selected.size
            ? `${selected.size} selected · ${formatTotals(selectedTotals)}`
            : `${queue.items.length}${queue.nextCursor ? '+' : ''} awaiting approval`}
        </Text>
        <Group gap="xs">
          <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={() => void queue.reload()} aria-busy={queue.loading}>
            Reload
          </Button>
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
            loading={summaryLoading}
            onClick={() => void askApprove()}
            data-testid="approve-selected"
          >
            Approve{selected.size ? ` (${selected.size})` : ''}
          </Button>
        </Group>
      </Group>
      {actionError && !summary && <ErrorAlert message={actionError} />}
      {results && <BatchResults title={results.title} result={results.result} byId={byId} onClose={() => setResults(null)} />}
      {body}
      {queue.nextCursor && (
        <Group>
          <Button variant="default" size="xs" onClick={() => void queue.loadMore()}>
            Load more
          </Button>
        </Group>
      )}

      <ConfirmModal
        opened={summary !== null}
        title={summary ? `Approve ${summary.count} payout${summary.count === 1 ? '' : 's'}` : 'Approve'}
        confirmLabel="Approve"
        busy={approving}
        confirmDisabled={!summary || summary.count === 0}
        error={actionError}
        onConfirm={() => void approve()}
        onClose={() => {
          setSummary(null);
          setActionError(null);
        }}
      >
        {summary && (
          <Stack gap="sm" data-testid="approve-summary">
            <Text size="sm" data-testid="approve-count">
              {summary.count} payout{summary.count === 1 ? '' : 's'} will be approved by you.
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
                title={`${summary.blocked.length} cannot be approved now`}
                data-testid="approve-blocked"
              >
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
      <RejectModal
        ids={rejectIds}
        onClose={() => setRejectIds(null)}
        onDone={(result) => {
          setRejectIds(null);
          setResults({ title: 'Rejection results', result });
          setSelected(new Set());
          void queue.reload();
        }}
      />
    </Stack>
  );
}

function BatchResults({
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

// --- ready to send -------------------------------------------------------------------------------------------------

function ReadyPanel({ ready }: { ready: ReturnType<typeof useReadyToSend> }) {
  const openDrawer = usePayoutUi((s) => s.openDrawer);
  const connections = useAppStore((s) => s.connections);
  const [selected, setSelected] = usePrunedSelection(ready.rows.map((r) => r.id));
  const [sending, setSending] = useState<PayoutRow[] | null>(null);
  const readiness = useSendReadiness(ready.rows.map((r) => r.connectionId));

  const selectedRows = ready.rows.filter((r) => selected.has(r.id));
  const selectedTotals = totalsByCurrency(selectedRows.map((r) => r.amount));
  const blockedSelected = readiness.notReady.filter((n) => selectedRows.some((r) => r.connectionId === n.connectionId));
  const sendBlocked =
    selected.size === 0
      ? 'Select approved payouts to send.'
      : readiness.pending
        ? 'Checking that the providers answer…'
        : blockedSelected.length
          ? notReadyReason(blockedSelected, connections)
          : null;

  const columns: Array<SelectableColumn<PayoutRow>> = [
    { key: 'created', label: 'Created', width: 140, render: (r) => <Text size="sm">{formatDateTime(r.createdAt)}</Text> },
    {
      key: 'recipient',
      label: 'Recipient',
      render: (r) => (
        <>
          <Text size="sm" fw={500} truncate="end">
            {recipientText(r)}
          </Text>
          {r.description && (
            <Text size="xs" c="dimmed" truncate="end">
              {r.description}
            </Text>
          )}
        </>
      ),
    },
    {
      key: 'connection',
      label: 'Connection',
      width: 190,
      render: (r) => {
        const state = readiness.notReady.find((n) => n.connectionId === r.connectionId);
        return (
          <>
            <Text size="sm" truncate="end">
              {r.connectionLabel}
            </Text>
            {state ? (
              <Tooltip label={state.message} multiline w={300}>
                <Badge size="xs" color="orange" variant="light" tt="none">
                  Cannot send now
                </Badge>
              </Tooltip>
            ) : (
              <Text size="xs" c="dimmed">
                {providerName(r.provider)}
              </Text>
            )}
          </>
        );
      },
    },
    {
      key: 'amount',
      label: 'Amount',
      width: 130,
      align: 'right',
      render: (r) => (
        <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
          {formatAmount(r.amount.minor, r.amount.currency)}
        </Text>
      ),
    },
    { key: 'status', label: 'Status', width: 120, render: (r) => <StatusBadge status={r.status} providerStatus={r.providerStatus} /> },
  ];

  let body: React.ReactNode;
  if (ready.loading && !ready.loaded) body = <TableSkeleton />;
  else if (ready.error && ready.rows.length === 0)
    body = <ErrorAlert title="Could not load approved payouts" message={ready.error} onRetry={() => void ready.reload()} />;
  else if (ready.rows.length === 0)
    body = (
      <Center py="xl">
        <EmptyState
          icon={<IconSend size={32} />}
          withIndicatorBackground
          title="No approved payouts to send"
          description="Approve drafts first; they appear here, ready to send."
          data-testid="ready-empty"
        />
      </Center>
    );
  else
    body = (
      <SelectableTable
        rows={ready.rows}
        rowId={(r) => r.id}
        columns={columns}
        selected={selected}
        onSelectedChange={setSelected}
        onOpen={(r) => openDrawer(r.id)}
        label="Approved payouts ready to send"
        testId="ready-table"
        rowTestId="ready-row"
      />
    );

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap">
        <Text size="sm" c="dimmed" role="status" data-testid="ready-selection">
          {selected.size
            ? `${selected.size} selected · ${formatTotals(selectedTotals)}`
            : `${ready.rows.length}${ready.more ? '+' : ''} approved`}
        </Text>
        <Group gap="xs">
          <Button
            variant="default"
            leftSection={<IconRefresh size={16} />}
            onClick={() => {
              void ready.reload();
              readiness.recheck();
            }}
            aria-busy={ready.loading}
          >
            Reload
          </Button>
          <Tooltip label={sendBlocked ?? `Send ${selected.size} payout${selected.size === 1 ? '' : 's'}`} multiline w={320}>
            <span>
              <Button
                color="green"
                leftSection={<IconSend size={16} />}
                disabled={sendBlocked !== null}
                onClick={() => setSending(selectedRows)}
                data-testid="send-selected"
              >
                Send{selected.size ? ` (${selected.size})` : ''}
              </Button>
            </span>
          </Tooltip>
        </Group>
      </Group>
      <NotReadyNotice notReady={readiness.notReady} />
      {body}
      <SendConfirmModal
        payouts={sending}
        onClose={() => {
          setSending(null);
          setSelected(new Set());
          void ready.reload();
        }}
      />
    </Stack>
  );
}
