/** Table cells shared by the payout lists: amount, connection with its provider, recipient with a second line. */
import type { ReactNode } from 'react';
import { Badge, Text } from '@mantine/core';
import type { PayoutRow, ProviderId } from '@shared/contract';
import { useConnections } from '../api/appData';
import { useProviders } from '../api/providers';
import { formatDate, formatTime } from '../lib/time';
import { AmountText } from './AmountText';
import { CellText } from './CellText';
import { firstSeenExplanation, payeeOf, payoutDateLines, type DatedFields, type PayeeFields } from './payee';
import classes from './table.module.css';

export function AmountCell({ amount, testId }: { amount: { minor: number; currency: string }; testId?: string }) {
  return (
    <CellText data-testid={testId}>
      <AmountText amount={amount} />
    </CellText>
  );
}

/** The connection's label, with the provider's name (or something more pressing) on a second line; archived ones say so. */
export function ConnectionCell({
  connectionId,
  label,
  provider,
  below,
}: {
  /** Absent where the row does not name its connection by id (campaign summaries): no archived mark then. */
  connectionId?: string;
  label: string;
  provider: ProviderId;
  below?: ReactNode;
}) {
  const providers = useProviders();
  const archived = useArchived(connectionId);
  return <ConnectionLines label={label} archived={archived} providerName={providers.name(provider)} below={below} />;
}

/**
 * ConnectionCell's lines from values its table looked up once: a long table's rows then do not each ask the cache
 * for the providers and the connections (bench/ui.ts, the filter change).
 */
export function ConnectionLines({
  label,
  archived,
  providerName,
  below,
}: {
  label: string;
  archived: boolean;
  providerName: string;
  below?: ReactNode;
}) {
  return (
    <>
      <CellText truncate title={archived ? `${label} (archived)` : label}>
        {label}
      </CellText>
      {archived && <ArchivedBadge />}
      {below ?? (
        <CellText size="xs" dimmed truncate>
          {providerName}
        </CellText>
      )}
    </>
  );
}

/** Who is paid: the name, else e-mail, handle or phone (components/payee.ts); a dash only when the provider told nothing. */
export const recipientText = (p: PayeeFields) => payeeOf(p) ?? '—';

/**
 * A bold first line with an optional dimmed one under it. `truncate`: cut the first line (or both) to the cell's
 * width; an uncut second line wraps to at most two lines.
 */
export function TwoLineCell({ primary, secondary, truncate }: { primary: ReactNode; secondary?: ReactNode; truncate?: 'first' | 'both' }) {
  return (
    <>
      <Text size="sm" fw={500} truncate={truncate ? 'end' : undefined} style={truncate ? undefined : { overflowWrap: 'anywhere' }}>
        {primary}
      </Text>
      {secondary && (
        <Text size="xs" c="dimmed" truncate={truncate === 'both' ? 'end' : undefined} lineClamp={truncate === 'both' ? undefined : 2}>
          {secondary}
        </Text>
      )}
    </>
  );
}

/**
 * Who is paid, with one dimmed line under it (the description, the reason it needs attention…). `wrap`: the name
 * is never cut (where an approver decides on it); otherwise it is cut to the column with an ellipsis.
 */
export function RecipientCell({
  payout,
  detail,
  clamp = false,
  wrap = false,
}: {
  payout: PayoutRow;
  detail?: string | null;
  clamp?: boolean;
  wrap?: boolean;
}) {
  return <TwoLineCell primary={recipientText(payout)} secondary={detail} truncate={wrap ? undefined : clamp ? 'first' : 'both'} />;
}

/** Whether the connection was removed (archived): its payouts stay readable, it is no longer synced or sent through. */
export function useArchived(connectionId: string | undefined): boolean {
  const { connections } = useConnections();
  return connectionId !== undefined && Boolean(connections.find((c) => c.id === connectionId)?.archivedAt);
}

export function ArchivedBadge() {
  return (
    <Badge
      size="xs"
      color="gray"
      variant="outline"
      tt="none"
      data-testid="archived-badge"
      title="Archived connection: no longer synced or sent through"
    >
      archived
    </Badge>
  );
}

/** A date over its time, for narrow columns (the date never wraps); a payout's "first seen" date says so. */
export function DateTimeCell({ iso, payout }: { iso?: string; payout?: DatedFields }) {
  const lines = payout ? payoutDateLines(payout) : { date: formatDate(iso), below: formatTime(iso) };
  const firstSeen = payout?.createdAtFirstSeen === true;
  return (
    <>
      <Text
        size="sm"
        className={classes.nowrap}
        title={firstSeen ? firstSeenExplanation : undefined}
        data-first-seen={firstSeen || undefined}
      >
        {lines.date}
      </Text>
      {/* One line: a wrapped "first seen" would make the row a line taller than the others. */}
      <Text size="xs" c="dimmed" fs={firstSeen ? 'italic' : undefined} className={classes.nowrap}>
        {lines.below}
      </Text>
    </>
  );
}
