import { Anchor, Code, Group, Stack, Table, Text } from '@mantine/core';
import type { PayoutDetail } from '@shared/contract';
import { ArchivedBadge, useArchived } from '../../../components/cells';
import { FactRow as Row } from '../../../components/FactRow';
import { NameBadges } from '../../../components/NameBadges';
import { StatusBadge } from '../../../components/StatusBadge';
import { firstSeenExplanation } from '../../../components/payee';
import { formatDateTimeSeconds } from '../../../lib/time';
import { usePayoutUi } from '../../../stores/payoutUiStore';

/** Everything Paydesk knows about the payout, one row per fact. */
export function PayoutFacts({ detail, providerLabel }: { detail: PayoutDetail; providerLabel: string }) {
  const activeApprovals = detail.approvals.filter((r) => r.decision === 'approved' && !r.voidedAt).length;
  const openDrawer = usePayoutUi((s) => s.openDrawer);
  const archived = useArchived(detail.connectionId);
  return (
    <Table variant="vertical" withTableBorder layout="fixed">
      <Table.Tbody>
        {detail.possibleDuplicateOf && (
          <Row label="Possible duplicate">
            <Text size="sm" c="yellow.8" data-testid="payout-duplicate">
              Same recipient, amount, currency and campaign as {detail.possibleDuplicateOf}.
            </Text>
          </Row>
        )}
        {detail.redraftOf !== null && (
          <Row label="Drafted again from">
            <Anchor
              component="button"
              type="button"
              size="sm"
              onClick={() => openDrawer(detail.redraftOf!)}
              data-testid="payout-redraft-of"
            >
              Payout #{detail.redraftOf}
            </Anchor>
            <Text size="xs" c="dimmed">
              A new payout with a new reference; the earlier one stays as it was.
            </Text>
          </Row>
        )}
        {detail.dismissed && (
          <Row label="Dismissed">
            <Text size="sm" data-testid="payout-dismissed">
              {formatDateTimeSeconds(detail.dismissed.at)}: {detail.dismissed.reason}
            </Text>
          </Row>
        )}
        <Row label="Status">
          <Group gap={6}>
            <StatusBadge status={detail.status} providerStatus={detail.providerStatus} provider={detail.provider} />
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
        <Row label="Tags">{detail.tags.length ? <NameBadges names={detail.tags} size="sm" variant="outline" /> : '—'}</Row>
        <Row label="Connection">
          {detail.connectionLabel} ({providerLabel}) {archived && <ArchivedBadge />}
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
              {detail.approvalsRequired > 1 ? ' (above the threshold: two different operators, neither the one who drafted it)' : ''}
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
        <Row label={detail.createdAtFirstSeen ? 'First seen' : 'Created'}>
          {formatDateTimeSeconds(detail.createdAt)}
          {detail.createdAtFirstSeen && (
            <Text size="xs" c="dimmed" data-testid="payout-first-seen">
              {firstSeenExplanation}
            </Text>
          )}
          {detail.createdBy ? (
            <Text span size="sm" data-testid="payout-created-by">
              {' '}
              by {detail.createdBy}
            </Text>
          ) : (
            ''
          )}
        </Row>
        {detail.paidAt && <Row label="Paid">{formatDateTimeSeconds(detail.paidAt)}</Row>}
        <Row label="Updated">{formatDateTimeSeconds(detail.updatedAt)}</Row>
      </Table.Tbody>
    </Table>
  );
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
