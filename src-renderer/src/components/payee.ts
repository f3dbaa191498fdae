/**
 * Who a payout pays and when it is dated, in words every list shares: the name, else the e-mail, handle or phone
 * (issue 9, item 4: every row shows who is paid); a date the provider does not give is "first seen", never the
 * payout's own date (item 3).
 */
import type { PayoutRow } from '@shared/contract';
import { formatDate, formatDateTime, formatTime } from '../lib/time';

export type PayeeFields = Pick<PayoutRow, 'creatorName' | 'creatorEmail' | 'creatorHandle' | 'creatorPhone'>;

/** The payee's best name, or null when the provider told nothing about them. */
export function payeeOf(p: PayeeFields): string | null {
  return p.creatorName ?? p.creatorEmail ?? p.creatorHandle ?? p.creatorPhone ?? null;
}

/** The other ways the payee is known, after the first (for a dimmed second line). */
export function payeeDetails(p: PayeeFields): string[] {
  const first = payeeOf(p);
  return [p.creatorEmail, p.creatorHandle, p.creatorPhone].filter((v): v is string => Boolean(v) && v !== first);
}

export type DatedFields = Pick<PayoutRow, 'createdAt' | 'createdAtFirstSeen'>;

/** The date and time, with "first seen" before it where the provider gives no date of its own. */
export function payoutDateParts(p: DatedFields): { firstSeen: string | null; dateTime: string } {
  return { firstSeen: p.createdAtFirstSeen ? 'first seen' : null, dateTime: formatDateTime(p.createdAt) };
}

/** "2026-11-03 14:02", or "first seen 2026-11-03 14:02" where the provider gives no date of its own. */
export function payoutDateText(p: DatedFields): string {
  const { firstSeen, dateTime } = payoutDateParts(p);
  return firstSeen ? `${firstSeen} ${dateTime}` : dateTime;
}

/** A date over its time for narrow columns; a "first seen" date says so in place of the time. */
export function payoutDateLines(p: DatedFields): { date: string; below: string } {
  return { date: formatDate(p.createdAt), below: p.createdAtFirstSeen ? `first seen ${formatTime(p.createdAt)}` : formatTime(p.createdAt) };
}

export const firstSeenExplanation =
  'The provider gives no date for this payout: this is when Paydesk first saw it. It is kept out of per-month charts.';
