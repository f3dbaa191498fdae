import { useState } from 'react';
import { Badge, Button, Stack, Tooltip } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import type { PayoutRow } from '@shared/contract';
import { useConnections } from '../../api/appData';
import { usePermission } from '../../api/session';
import { CenteredEmptyState } from '../../components/CenteredEmptyState';
import { QueryState } from '../../components/QueryState';
import { type Column } from '../../components/DataTable';
import { SelectableTable } from '../../components/SelectableTable';
import { NotReadyNotice, notReadyReason } from '../../components/send/NotReadyNotice';
import { SendConfirmModal } from '../../components/send/SendConfirmModal';
import { useSendReadiness } from '../../components/send/useSendReadiness';
import { StatusBadge } from '../../components/StatusBadge';
import { usePayoutUi } from '../../stores/payoutUiStore';
import { payoutColumns } from './columns';
import { SelectionBar } from './SelectionBar';
import { usePrunedSelection, type useReadyToSend } from './useApprovalData';

/** Approved payouts: select and send, once their connections answer. */
export function ReadyPanel({ ready }: { ready: ReturnType<typeof useReadyToSend> }) {
  const openDrawer = usePayoutUi((s) => s.openDrawer);
  const { connections } = useConnections();
  const [selected, setSelected] = usePrunedSelection(ready.rows.map((r) => r.id));
  const [sending, setSending] = useState<PayoutRow[] | null>(null);
  const readiness = useSendReadiness(ready.rows.map((r) => r.connectionId));
  const maySend = usePermission('payouts.send');

  const selectedRows = ready.rows.filter((r) => selected.has(r.id));
  const blockedSelected = readiness.notReady.filter((n) => selectedRows.some((r) => r.connectionId === n.connectionId));
  const sendBlocked =
    maySend !== true
      ? maySend
      : selected.size === 0
        ? 'Select approved payouts to send.'
        : readiness.pending
          ? 'Checking that the providers answer…'
          : blockedSelected.length
            ? notReadyReason(blockedSelected, connections)
            : null;

  const common = payoutColumns<PayoutRow>(
    (r) => r,
    (r) => {
      const state = readiness.notReady.find((n) => n.connectionId === r.connectionId);
      return state ? (
        <Tooltip label={state.message} multiline w={300}>
          <Badge size="xs" color="orange" variant="light" tt="none">
            Cannot send now
          </Badge>
        </Tooltip>
      ) : undefined;
    },
  );
  const columns: Array<Column<PayoutRow>> = [
    common.created,
    common.recipient,
    common.connection,
    common.amount,
    {
      key: 'status',
      label: 'Status',
      width: 120,
      render: (r) => <StatusBadge status={r.status} providerStatus={r.providerStatus} provider={r.provider} />,
    },
  ];

  return (
    <Stack gap="sm">
      <SelectionBar
        testId="ready-selection"
        selected={selectedRows}
        listed={`${ready.rows.length}${ready.more ? '+' : ''} approved`}
        onReload={() => {
          void ready.query.refetch();
          readiness.recheck();
        }}
        reloading={ready.query.isFetching}
      >
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
      </SelectionBar>
      <NotReadyNotice notReady={readiness.notReady} />
      <QueryState
        query={{ ...ready.query, data: ready.query.data?.rows }}
        what="approved payouts"
        empty={
          <CenteredEmptyState icon={IconSend} testId="ready-empty" title="No approved payouts to send">
            Approve drafts first; they appear here, ready to send.
          </CenteredEmptyState>
        }
      >
        {(rows) => (
          <SelectableTable
            rows={rows}
            rowId={(r) => r.id}
            columns={columns}
            selected={selected}
            onSelectedChange={setSelected}
            onOpen={(r) => openDrawer(r.id)}
            label="Approved payouts ready to send"
            testId="ready-table"
            rowTestId="ready-row"
          />
        )}
      </QueryState>
      <SendConfirmModal
        payouts={sending}
        onClose={() => {
          setSending(null);
          setSelected(new Set());
        }}
      />
    </Stack>
  );
}
