import { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Code,
  Collapse,
  Divider,
  Drawer,
  Group,
  List,
  Loader,
  ScrollArea,
  Skeleton,
  Stack,
  Table,
  Text,
  Timeline,
  Title,
  Tooltip,
} from '@mantine/core';
import {
  IconBan,
  IconCheck,
  IconChevronDown,
  IconChevronRight,
  IconEdit,
  IconInfoCircle,
  IconRefresh,
  IconSend,
  IconTrash,
  IconX,
  IconZoomCheck,
} from '@tabler/icons-react';
import { type PayoutActions, type PayoutDetail, type SendItemResult, type TimelineEntry } from '@shared/contract';
import { providerName } from '../../stores/appStore';
import { api, ApiError } from '../../api/client';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RejectModal } from '../../components/RejectModal';
import { NotReadyNotice, notReadyReason, SendConfirmModal, useSendReadiness } from '../../components/SendFlow';
import { StatusBadge, statusLabels } from '../../components/StatusBadge';
import { errorMessage } from '../../lib/errors';
import { formatAmount } from '../../lib/formatAmount';
import { formatDateTimeSeconds } from '../../lib/time';
import { useDataChanged } from '../../lib/useDataChanged';
import { useQuery } from '../../lib/useQuery';
import { useInertBackground } from '../../lib/useInertBackground';
import { useAppStore } from '../../stores/appStore';
import { usePayoutUi } from '../../stores/payoutUiStore';

type Overlay = 'send' | 'cancel' | 'reject' | 'delete' | null;

/** The payout drawer, rendered once by the app shell; any screen opens it with usePayoutUi().openDrawer(id). */
export function PayoutDetails() {
  const id = usePayoutUi((s) => s.drawerId);
  const close = usePayoutUi((s) => s.closeDrawer);
  const [overlay, setOverlay] = useState<Overlay>(null);
  const [title, setTitle] = useState('Payout');
  useInertBackground(id !== null);
  useEffect(() => {
    if (id === null) setOverlay(null);
  }, [id]);
  return (
    <Drawer
      opened={id !== null}
      onClose={close}
      position="right"
      size="xl"
      title={title}
      // While a confirmation is open above the drawer, Escape and focus belong to the confirmation.
      closeOnEscape={overlay === null}
      trapFocus={overlay === null}
      scrollAreaComponent={ScrollArea.Autosize}
    >
      {id !== null && <PayoutBody key={id} id={id} overlay={overlay} setOverlay={setOverlay} setTitle={setTitle} />}
    </Drawer>
  );
}

type Notice = { color: 'green' | 'red' | 'blue' | 'orange'; title: string; lines: string[] };

// The payee-check actions (usePayeeName, checkPayee) belong beside the payee check, not in this list of unavailable ones.
const actionNames: Partial<Record<keyof PayoutActions, string>> = {
  edit: 'Edit',
  delete: 'Delete draft',
  approve: 'Approve',
  reject: 'Reject',
  send: 'Send',
  cancel: 'Cancel payout',
  check: 'Check again',
};

function PayoutBody({
  id,
  overlay,
  setOverlay,
  setTitle,
}: {
  id: number;
  overlay: Overlay;
  setOverlay: (o: Overlay) => void;
  setTitle: (t: string) => void;
}) {
  const openEdit = usePayoutUi((s) => s.openEdit);
  const closeDrawer = usePayoutUi((s) => s.closeDrawer);
  const connections = useAppStore((s) => s.connections);
  const [detail, setDetail] = useState<PayoutDetail | null>(null);
  const [timeline, setTimeline] = useState<TimelineEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [gone, setGone] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [overlayError, setOverlayError] = useState<string | null>(null);
  const [rawOpen, setRawOpen] = useState(false);

  const load = useCallback(async () => {
    try {
      const [d, t] = await Promise.all([api.call('payouts.get', { id }), api.call('payouts.timeline', { id })]);
      setDetail(d);
      setTimeline(t);
      setError(null);
      setTitle(`Payout ${d.shortReference ?? d.clientReference}`);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'NOT_FOUND') setGone(true);
      else setError(errorMessage(e));
    }
  }, [id, setTitle]);

  useEffect(() => {
    setTitle('Payout');
    void load();
  }, [load, setTitle]);
  useDataChanged(['payouts'], () => void load());
  useEffect(() => api.on('payoutStatusChanged', (change) => change.payoutId === id && void load()), [id, load]);

  const sendPossible = detail?.actions.send === true;
  const readiness = useSendReadiness(sendPossible && detail ? [detail.connectionId] : []);

  if (gone) return <Text data-testid="payout-gone">This payout no longer exists (a deleted draft).</Text>;
  if (error && !detail) return <ErrorAlert title="Could not load the payout" message={error} onRetry={() => void load()} />;
  if (!detail) {
    return (
      <Stack gap="sm" aria-busy="true" aria-label="Loading">
        <Skeleton height={40} width="40%" />
        <Skeleton height={120} />
        <Skeleton height={200} />
      </Stack>
    );
  }

  const a = detail.actions;
  const run = async (name: string, task: () => Promise<Notice | null>) => {
    setBusy(name);
    setNotice(null);
    try {
      const result = await task();
      if (result) setNotice(result);
      await load();
    } catch (e) {
      useAppStore.getState().noteError(e);
      setNotice({ color: 'red', title: `${name} did not work`, lines: [errorMessage(e)] });
    } finally {
      setBusy(null);
    }
  };
  const resultLines = (results: SendItemResult[]) => results.map((r) => `${statusLabels[r.status]}: ${r.message}`);

  const approve = () =>
    run('Approve', async () => {
      const { results } = await api.call('approvals.approve', { ids: [id] });
      const r = results[0];
      return {
        color: r?.outcome === 'skipped' ? 'orange' : 'green',
        title: r?.outcome === 'awaiting_second_approval' ? 'Approval recorded' : r?.outcome === 'approved' ? 'Approved' : 'Not approved',
        lines: r ? [r.message] : [],
      };
    });
  const check = () =>
    run('Check again', async () => {
      const { results } = await api.call('payouts.reconcile', { ids: [id] });
      return { color: 'blue', title: 'Checked with the provider', lines: resultLines(results) };
    });
  const refresh = () =>
    run('Refresh status', async () => {
      const d = await api.call('payouts.refreshStatus', { id });
      return {
        color: 'blue',
        title: 'Status read from the provider',
        lines: [`${statusLabels[d.status]}${d.providerStatus ? ` (provider: ${d.providerStatus})` : ''}.`],
      };
    });

  const confirmCancel = async () => {
    setBusy('Cancel payout');
    setOverlayError(null);
    try {
      const d = await api.call('payouts.cancel', { id, confirm: true });
      setOverlay(null);
      setNotice({
        color: d.status === 'cancelled' ? 'green' : 'blue',
        title: d.status === 'cancelled' ? 'Payout cancelled' : 'Cancel requested',
        lines: [d.statusMessage ?? `The payout is ${statusLabels[d.status].toLowerCase()}.`],
      });
      await load();
    } catch (e) {
      setOverlayError(errorMessage(e));
      void load();
    } finally {
      setBusy(null);
    }
  };

  const confirmDelete = async () => {
    setBusy('Delete draft');
    setOverlayError(null);
    try {
      await api.call('payouts.deleteDraft', { id });
      setOverlay(null);
      closeDrawer();
    } catch (e) {
      setOverlayError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const sendBlocked = sendPossible
    ? readiness.pending
      ? 'Checking that the provider answers…'
      : notReadyReason(readiness.notReady, connections)
    : null;
  const canRefresh = detail.send !== null;
  const unavailable = (Object.keys(actionNames) as Array<keyof PayoutActions>)
    .filter((k) => a[k] !== true)
    .map((k) => ({ action: actionNames[k]!, reason: a[k] as string }));
  if (!canRefresh)
    unavailable.push({ action: 'Refresh status', reason: 'Paydesk did not send this payout; the next sync of its connection updates it.' });
  const rawDetail = detail.raw;
  const providerLabel = providerName(detail.provider);
  const activeApprovals = detail.approvals.filter((r) => r.decision === 'approved' && !r.voidedAt).length;

  return (
    <Stack gap="md" data-testid="payout-drawer" data-payout-id={detail.id} data-status={detail.status}>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Text size="xl" fw={700} data-testid="payout-drawer-amount">
            {formatAmount(detail.amount.minor, detail.amount.currency)}
          </Text>
          <Text size="sm" c="dimmed">
            to {detail.creatorName ?? detail.creatorEmail ?? detail.creatorHandle ?? 'the recipient'} · {detail.connectionLabel} (
            {providerLabel})
          </Text>
        </Stack>
        <Stack gap={4} align="flex-end">
          <span data-testid="payout-drawer-status" data-status={detail.status}>
            <StatusBadge status={detail.status} providerStatus={detail.providerStatus} />
          </span>
          <Text size="xs" c="dimmed" data-testid="payout-drawer-provider-status">
            {providerLabel}: {detail.providerStatus ?? 'not known yet'}
          </Text>
        </Stack>
      </Group>

      {detail.statusMessage && (
        <Alert
          color={detail.status === 'failed' || detail.status === 'returned' ? 'red' : detail.status === 'unknown' ? 'yellow' : 'blue'}
          variant="light"
          icon={<IconInfoCircle size={18} />}
          data-testid="payout-status-message"
        >
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {detail.statusMessage}
          </Text>
        </Alert>
      )}

      {notice && (
        <Alert
          color={notice.color}
          variant="light"
          title={notice.title}
          withCloseButton
          onClose={() => setNotice(null)}
          data-testid="payout-action-result"
          role="status"
        >
          <Stack gap={2}>
            {notice.lines.map((l, i) => (
              <Text key={i} size="sm" style={{ overflowWrap: 'anywhere' }}>
                {l}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
      {error && <ErrorAlert title="Could not refresh the payout" message={error} onRetry={() => void load()} />}

      <Stack gap="xs">
        <Title order={5}>Actions</Title>
        <Group gap="xs" data-testid="payout-actions">
          {a.edit === true && (
            <Button variant="default" leftSection={<IconEdit size={16} />} onClick={() => openEdit(id)} disabled={busy !== null}>
              Edit
            </Button>
          )}
          {a.approve === true && (
            <Button
              leftSection={<IconCheck size={16} />}
              onClick={() => void approve()}
              loading={busy === 'Approve'}
              disabled={busy !== null && busy !== 'Approve'}
            >
              Approve
            </Button>
          )}
          {a.reject === true && (
            <Button
              variant="default"
              color="red"
              leftSection={<IconX size={16} />}
              onClick={() => setOverlay('reject')}
              disabled={busy !== null}
            >
              Reject
            </Button>
          )}
          {a.send === true && (
            <Tooltip label={sendBlocked ?? 'Send this payout to the provider'} multiline w={320}>
              <span>
                <Button
                  color="green"
                  leftSection={<IconSend size={16} />}
                  onClick={() => setOverlay('send')}
                  disabled={busy !== null || sendBlocked !== null}
                  data-testid="payout-send"
                >
                  Send
                </Button>
              </span>
            </Tooltip>
          )}
          {a.check === true && (
            <Button
              variant="default"
              leftSection={<IconZoomCheck size={16} />}
              onClick={() => void check()}
              loading={busy === 'Check again'}
              disabled={busy !== null && busy !== 'Check again'}
            >
              Check again
            </Button>
          )}
          {canRefresh && (
            <Button
              variant="default"
              leftSection={<IconRefresh size={16} />}
              onClick={() => void refresh()}
              loading={busy === 'Refresh status'}
              disabled={busy !== null && busy !== 'Refresh status'}
            >
              Refresh status
            </Button>
          )}
          {a.cancel === true && (
            <Button
              variant="light"
              color="red"
              leftSection={<IconBan size={16} />}
              onClick={() => setOverlay('cancel')}
              disabled={busy !== null}
            >
              Cancel payout
            </Button>
          )}
          {a.delete === true && (
            <Button
              variant="subtle"
              color="red"
              leftSection={<IconTrash size={16} />}
              onClick={() => setOverlay('delete')}
              disabled={busy !== null}
            >
              Delete draft
            </Button>
          )}
        </Group>
        {sendPossible && readiness.notReady.length > 0 && <NotReadyNotice notReady={readiness.notReady} />}
        {unavailable.length > 0 && (
          <Stack gap={2} data-testid="payout-unavailable-actions">
            <Text size="xs" c="dimmed" fw={600}>
              Not offered now
            </Text>
            <List size="xs" c="dimmed" spacing={2}>
              {unavailable.map((u) => (
                <List.Item key={u.action} data-action={u.action}>
                  <b>{u.action}</b>: {u.reason}
                </List.Item>
              ))}
            </List>
          </Stack>
        )}
      </Stack>

      <Divider />

      <Table variant="vertical" withTableBorder layout="fixed">
        <Table.Tbody>
          <Row label="Status">
            <Group gap={6}>
              <StatusBadge status={detail.status} providerStatus={detail.providerStatus} />
              <Text size="sm" c="dimmed">
                {providerLabel}: {detail.providerStatus ?? '—'}
              </Text>
            </Group>
          </Row>
          <Row label="Recipient">
            <RecipientText detail={detail} />
          </Row>
          <Row label="Campaign">{detail.campaignName ?? detail.localCampaign ?? '—'}</Row>
          <Row label="Description">{detail.description ?? '—'}</Row>
          <Row label="Tags">
            {detail.tags.length ? (
              <Group gap={4}>
                {detail.tags.map((t) => (
                  <Badge key={t} variant="outline" size="sm" tt="none">
                    {t}
                  </Badge>
                ))}
              </Group>
            ) : (
              '—'
            )}
          </Row>
          <Row label="Connection">
            {detail.connectionLabel} ({providerLabel})
          </Row>
          <Row label="Reference">
            <Code>{detail.clientReference}</Code>
            {detail.shortReference && (
              <Text size="xs" c="dimmed">
                Short reference <Code>{detail.shortReference}</Code>
              </Text>
            )}
          </Row>
          <Row label="Provider id">{detail.remoteId ? <Code>{detail.remoteId}</Code> : '—'}</Row>
          <Row label="Approvals">
            <Stack gap={2} data-testid="payout-approvals">
              <Text size="sm">
                {activeApprovals} of {detail.approvalsRequired} required
              </Text>
              {detail.approvals.map((r, i) => (
                <Text key={i} size="xs" c={r.voidedAt ? 'dimmed' : undefined} td={r.voidedAt ? 'line-through' : undefined}>
                  {r.decision === 'approved' ? 'Approved' : 'Rejected'} by {r.operator}, {formatDateTimeSeconds(r.at)}
                  {r.reason ? ` — “${r.reason}”` : ''}
                  {r.voidedAt ? ' (no longer counts: the draft changed)' : ''}
                </Text>
              ))}
            </Stack>
          </Row>
          {detail.send && (
            <Row label="Sending">
              <Stack gap={2} data-testid="payout-send-progress">
                <Text size="sm">
                  Create: {detail.send.create} ({detail.send.createAttempts} attempt{detail.send.createAttempts === 1 ? '' : 's'})
                </Text>
                {detail.send.initiate !== 'none' && (
                  <Text size="sm">
                    Initiate: {detail.send.initiate} ({detail.send.initiateAttempts} attempt{detail.send.initiateAttempts === 1 ? '' : 's'})
                  </Text>
                )}
                <Text size="xs" c="dimmed">
                  Marked for sending {formatDateTimeSeconds(detail.send.markedAt)}
                  {detail.send.open ? ' · still being confirmed' : ''}
                </Text>
                {detail.send.lastError && (
                  <Text size="xs" c="red">
                    Last error: {detail.send.lastError}
                  </Text>
                )}
              </Stack>
            </Row>
          )}
          {detail.expiresAt && <Row label="Expires">{formatDateTimeSeconds(detail.expiresAt)}</Row>}
          <Row label="Created">
            {formatDateTimeSeconds(detail.createdAt)}
            {detail.createdBy ? ` by ${detail.createdBy}` : ''}
          </Row>
          <Row label="Updated">{formatDateTimeSeconds(detail.updatedAt)}</Row>
        </Table.Tbody>
      </Table>

      <Stack gap="xs">
        <Title order={5}>Timeline</Title>
        <PayoutTimeline entries={timeline} />
      </Stack>

      <Stack gap="xs">
        <Title order={5}>Audit events</Title>
        <PayoutAuditEvents id={id} />
      </Stack>

      <Stack gap="xs">
        <Button
          variant="subtle"
          size="compact-sm"
          leftSection={rawOpen ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
          onClick={() => setRawOpen((o) => !o)}
          aria-expanded={rawOpen}
          w="fit-content"
        >
          Provider data (JSON)
        </Button>
        <Collapse expanded={rawOpen}>
          {rawDetail === null || rawDetail === undefined ? (
            <Text size="sm" c="dimmed" data-testid="payout-raw" data-empty="true">
              {providerLabel} has not answered for this payout yet
              {detail.status === 'draft' || detail.status === 'approved' ? ' — it has not been sent' : ''}, so there is no provider data.
            </Text>
          ) : (
            <>
              <Code block data-testid="payout-raw" style={{ maxHeight: 320, overflow: 'auto', whiteSpace: 'pre' }}>
                {JSON.stringify(rawDetail, null, 2)}
              </Code>
              <Text size="xs" c="dimmed" mt={4}>
                {providerLabel}'s own record of this payout as last seen; bank and tax fields are left out.
              </Text>
            </>
          )}
        </Collapse>
      </Stack>

      {busy && !overlay && (
        <Group gap="xs" role="status">
          <Loader size="xs" />
          <Text size="sm" c="dimmed">
            {busy}…
          </Text>
        </Group>
      )}

      <SendConfirmModal
        payouts={overlay === 'send' ? [detail] : null}
        onClose={() => {
          setOverlay(null);
          void load();
        }}
      />
      <RejectModal
        ids={overlay === 'reject' ? [id] : null}
        onClose={() => setOverlay(null)}
        onDone={(result) => {
          setOverlay(null);
          setNotice({ color: 'orange', title: 'Rejected', lines: result.results.map((r) => r.message) });
          void load();
        }}
      />
      <ConfirmModal
        opened={overlay === 'cancel'}
        title="Cancel this payout?"
        confirmLabel="Cancel payout"
        confirmColor="red"
        cancelLabel="Keep payout"
        busy={busy === 'Cancel payout'}
        error={overlayError}
        onConfirm={() => void confirmCancel()}
        onClose={() => {
          setOverlay(null);
          setOverlayError(null);
        }}
      >
        <Text size="sm">
          {detail.remoteId
            ? `Paydesk asks ${providerLabel} to cancel ${formatAmount(detail.amount.minor, detail.amount.currency)} to ${detail.creatorName ?? detail.creatorEmail ?? 'the recipient'}. If the recipient has already been paid, ${providerLabel} refuses and nothing changes.`
            : `The approved payout of ${formatAmount(detail.amount.minor, detail.amount.currency)} is cancelled before it was sent; it will never be sent.`}
        </Text>
      </ConfirmModal>
      <ConfirmModal
        opened={overlay === 'delete'}
        title="Delete draft"
        confirmLabel="Delete draft"
        confirmColor="red"
        cancelLabel="Keep draft"
        busy={busy === 'Delete draft'}
        error={overlayError}
        onConfirm={() => void confirmDelete()}
        onClose={() => {
          setOverlay(null);
          setOverlayError(null);
        }}
      >
        <Text size="sm">The draft is removed. It was never sent; the audit log keeps a record of it.</Text>
      </ConfirmModal>
    </Stack>
  );
}

/** Everything the audit log holds about this payout (subject "payout:<id>"), newest first. */
function PayoutAuditEvents({ id }: { id: number }) {
  const query = useQuery(`payout-audit:${id}`, () => api.call('audit.forSubject', { subject: `payout:${id}`, limit: 100 }), [
    'payouts',
    'audit',
  ]);
  const events = query.data;
  if (events === undefined) {
    return query.error ? (
      <ErrorAlert title="Could not load the audit events" message={query.error} onRetry={query.reload} />
    ) : (
      <Skeleton height={60} />
    );
  }
  if (events.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="payout-audit-empty">
        No audit events for this payout (payouts only synced from a provider have none).
      </Text>
    );
  return (
    <Stack gap={6} data-testid="payout-audit">
      {events.map((e) => (
        <Stack key={e.seq} gap={0} data-testid="payout-audit-event" data-action={e.action}>
          <Group gap={6} wrap="wrap">
            <Code>{e.action}</Code>
            <Text size="sm">by {e.actor}</Text>
          </Group>
          <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {formatDateTimeSeconds(e.at)} · #{e.seq}
            {detailSummary(e.details) ? ` · ${detailSummary(e.details)}` : ''}
          </Text>
        </Stack>
      ))}
    </Stack>
  );
}

/** The short, flat part of an audit event's details ("reason: …, status: paid"); nested objects stay in the Audit log. */
function detailSummary(details: Record<string, unknown>): string {
  return Object.entries(details)
    .filter(([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    .slice(0, 4)
    .map(([k, v]) => `${k}: ${String(v).length > 60 ? `${String(v).slice(0, 57)}…` : String(v)}`)
    .join(', ');
}

function RecipientText({ detail }: { detail: PayoutDetail }) {
  const r = detail.recipient;
  const mask = (v: string | undefined) => (v ? `••••${v.slice(-4)}` : null);
  const lines = [
    r?.name ?? detail.creatorName,
    r?.email ?? detail.creatorEmail,
    r?.handle ? `${r.handle}${r.platform ? ` (${r.platform})` : ''}` : detail.creatorHandle,
    r?.phone ? `+${r.phone.countryCode} ${mask(r.phone.number)}` : null,
    r?.userId ? `User ${r.userId}` : null,
    r?.bank
      ? `${r.bank.accountHolderName === (r.name ?? detail.creatorName) ? 'Bank account' : r.bank.accountHolderName}${r.bank.sortCode ? ` · sort code ${r.bank.sortCode}` : ''}${r.bank.accountNumber ? ` · account ${mask(r.bank.accountNumber)}` : ''}${r.bank.iban ? ` · IBAN ${mask(r.bank.iban)}` : ''}`
      : null,
  ].filter((l, i, all): l is string => Boolean(l) && all.indexOf(l) === i);
  if (lines.length === 0) return <>—</>;
  return (
    <Stack gap={0}>
      {lines.map((l) => (
        <Text key={l} size="sm">
          {l}
        </Text>
      ))}
    </Stack>
  );
}

function PayoutTimeline({ entries }: { entries: TimelineEntry[] | null }) {
  if (entries === null) return <Skeleton height={80} />;
  if (entries.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No history recorded.
      </Text>
    );
  return (
    <Timeline active={entries.length - 1} bulletSize={14} lineWidth={2} data-testid="payout-timeline">
      {entries.map((e, i) => (
        <Timeline.Item
          key={i}
          data-testid="timeline-entry"
          data-kind={e.kind}
          data-status={e.status ?? undefined}
          title={
            <Group gap={6} wrap="wrap">
              {e.kind === 'status' && e.status ? (
                <StatusBadge status={e.status} providerStatus={null} />
              ) : (
                <Badge variant="outline" size="sm" tt="none">
                  {e.kind === 'approval' ? 'Approval' : 'Attempt'}
                </Badge>
              )}
              {e.providerStatus && (
                <Text size="xs" c="dimmed">
                  provider: {e.providerStatus}
                </Text>
              )}
            </Group>
          }
        >
          {e.message && (
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {e.message}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            {formatDateTimeSeconds(e.at)} · {e.source}
          </Text>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th w={130}>{label}</Table.Th>
      <Table.Td style={{ overflowWrap: 'anywhere' }}>{children}</Table.Td>
    </Table.Tr>
  );
}
