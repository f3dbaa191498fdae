import { useEffect } from 'react';
import { Alert, Divider, Group, Loader, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import type { PayoutDetail } from '@shared/contract';
import { ApiError } from '../../../api/client';
import { useProviders } from '../../../api/providers';
import { useApiQuery } from '../../../api/queries';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { IconAlert } from '../../../components/IconAlert';
import { payeeOf } from '../../../components/payee';
import { PayeeCheckCard } from '../../../components/PayeeCheckCard';
import { QueryState } from '../../../components/QueryState';
import { StatusBadge } from '../../../components/StatusBadge';
import { errorMessage } from '../../../lib/errors';
import { formatAmount } from '../../../lib/formatAmount';
import { ApproveConfirm } from '../../approvals/ApproveConfirm';
import { regressionText } from '../../attention/regressionText';
import { useApproveFlow } from '../../approvals/useApproveFlow';
import { usePayoutUi } from '../../../stores/payoutUiStore';
import { PayoutActions } from './PayoutActions';
import { PayoutAuditEvents } from './PayoutAuditEvents';
import { PayoutDialogs } from './PayoutDialogs';
import { PayoutFacts } from './PayoutFacts';
import { PayoutTimeline } from './PayoutTimeline';
import { ProviderData } from './ProviderData';
import { usePayoutActions, type Notice } from './usePayoutActions';

export type Overlay = 'approve' | 'send' | 'cancel' | 'reject' | 'delete' | 'dismiss' | null;

const loading = (
  <Stack gap="sm" aria-busy="true" aria-label="Loading">
    <Skeleton height={40} width="40%" />
    <Skeleton height={120} />
    <Skeleton height={200} />
  </Stack>
);

export function PayoutBody({ id, overlay, setOverlay }: { id: number; overlay: Overlay; setOverlay: (o: Overlay) => void }) {
  const query = useApiQuery('payouts.get', { id });
  if (query.error instanceof ApiError && query.error.code === 'NOT_FOUND')
    return <Text data-testid="payout-gone">This payout no longer exists (a deleted draft).</Text>;
  return (
    <QueryState query={query} what="the payout" loading={loading}>
      {(detail) => <PayoutSections detail={detail} overlay={overlay} setOverlay={setOverlay} />}
    </QueryState>
  );
}

function PayoutSections({ detail, overlay, setOverlay }: { detail: PayoutDetail; overlay: Overlay; setOverlay: (o: Overlay) => void }) {
  const closeDrawer = usePayoutUi((s) => s.closeDrawer);
  const openDrawer = usePayoutUi((s) => s.openDrawer);
  const providers = useProviders();
  const timeline = useApiQuery('payouts.timeline', { id: detail.id });
  const actions = usePayoutActions(detail.id, closeDrawer, openDrawer);
  const providerLabel = providers.name(detail.provider);
  const flow = useApproveFlow((result) => {
    setOverlay(null);
    const r = result.results[0];
    actions.setNotice({
      color: r?.outcome === 'skipped' ? 'orange' : 'green',
      title: r?.outcome === 'awaiting_second_approval' ? 'Approval recorded' : r?.outcome === 'approved' ? 'Approved' : 'Not approved',
      lines: r ? [r.message] : [],
    });
  });
  // A summary that could not be read opens no confirmation: the drawer takes Escape and focus back.
  const summaryFailed = flow.summaryError !== null;
  useEffect(() => {
    if (summaryFailed) setOverlay(null);
  }, [summaryFailed, setOverlay]);
  const approveFlow = {
    ...flow,
    close: () => {
      flow.close();
      setOverlay(null);
    },
  };

  return (
    <Stack gap="md" data-testid="payout-drawer" data-payout-id={detail.id} data-status={detail.status}>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Text size="xl" fw={700} data-testid="payout-drawer-amount">
            {formatAmount(detail.amount.minor, detail.amount.currency)}
          </Text>
          <Text size="sm" c="dimmed">
            to {payeeOf(detail) ?? 'the recipient'} · {detail.connectionLabel} ({providerLabel})
          </Text>
        </Stack>
        <Stack gap={4} align="flex-end">
          <span data-testid="payout-drawer-status" data-status={detail.status}>
            <StatusBadge status={detail.status} providerStatus={detail.providerStatus} provider={detail.provider} />
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

      {detail.statusRegression && (
        <IconAlert color="cyan" icon={IconInfoCircle} title="Status went back at the provider" testId="payout-regression">
          <Text size="sm">{regressionText(detail.statusRegression, providerLabel)}</Text>
        </IconAlert>
      )}

      {actions.notice && <NoticeAlert notice={actions.notice} onClose={() => actions.setNotice(null)} />}

      {flow.summaryError && <ErrorAlert title="Could not prepare the approval" message={errorMessage(flow.summaryError)} />}

      <PayoutActions
        detail={detail}
        actions={actions}
        onOpen={setOverlay}
        onApprove={() => {
          setOverlay('approve');
          flow.ask([detail.id]);
        }}
      />

      {detail.payeeCheck && (
        <Stack gap="xs" data-testid="payout-payee-check">
          <Title order={5}>Payee check</Title>
          <PayeeCheckCard check={detail.payeeCheck} />
        </Stack>
      )}

      <Divider />
      <PayoutFacts detail={detail} providerLabel={providerLabel} />

      <Stack gap="xs">
        <Title order={5}>Timeline</Title>
        <QueryState query={timeline} what="the timeline" loading={<Skeleton height={80} />}>
          {(entries) => <PayoutTimeline entries={entries} />}
        </QueryState>
      </Stack>

      <Stack gap="xs">
        <Title order={5}>Audit events</Title>
        <PayoutAuditEvents id={detail.id} />
      </Stack>

      <ProviderData detail={detail} providerLabel={providerLabel} />

      {actions.busy && !overlay && (
        <Group gap="xs" role="status">
          <Loader size="xs" />
          <Text size="sm" c="dimmed">
            {actions.busy}…
          </Text>
        </Group>
      )}

      <PayoutDialogs detail={detail} overlay={overlay} setOverlay={setOverlay} actions={actions} providerLabel={providerLabel} />
      <ApproveConfirm
        flow={approveFlow}
        payoutOf={(id) => (id === detail.id ? detail : undefined)}
        payeeCheckOf={(id) => (id === detail.id ? detail.payeeCheck : undefined)}
      />
    </Stack>
  );
}

function NoticeAlert({ notice, onClose }: { notice: Notice; onClose: () => void }) {
  return (
    <Alert
      color={notice.color}
      variant="light"
      title={notice.title}
      withCloseButton
      onClose={onClose}
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
  );
}
