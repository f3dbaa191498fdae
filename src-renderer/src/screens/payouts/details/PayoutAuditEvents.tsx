import { Code, Group, Skeleton, Stack, Text } from '@mantine/core';
import type { AuditEvent } from '@shared/contract';
import { useApiQuery } from '../../../api/queries';
import { QueryState } from '../../../components/QueryState';
import { formatDateTimeSeconds } from '../../../lib/time';

/** Everything the audit log holds about this payout (subject "payout:<id>"), newest first. */
export function PayoutAuditEvents({ id }: { id: number }) {
  const query = useApiQuery('audit.forSubject', { subject: `payout:${id}`, limit: 100 });
  return (
    <QueryState
      query={query}
      what="the audit events"
      loading={<Skeleton height={60} />}
      empty={
        <Text size="sm" c="dimmed" data-testid="payout-audit-empty">
          No audit events for this payout (payouts only synced from a provider have none).
        </Text>
      }
    >
      {(events) => <AuditEventList events={events} />}
    </QueryState>
  );
}

function AuditEventList({ events }: { events: AuditEvent[] }) {
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
