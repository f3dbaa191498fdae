import { Badge, Group, Text, Timeline } from '@mantine/core';
import type { TimelineEntry } from '@shared/contract';
import { StatusBadge } from '../../../components/StatusBadge';
import { formatDateTimeSeconds } from '../../../lib/time';

/** Status changes, approvals and send attempts, oldest first. */
export function PayoutTimeline({ entries }: { entries: TimelineEntry[] }) {
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
