/**
 * The limits that hold whatever a screen shows: the most one payout may be (checked when it is drafted or imported,
 * approved and sent), and the daily caps per connection and per workspace (shown with what remains at approval, and
 * enforced at send). Caps count what was marked for sending today, local time: money that left or may have left.
 */
import { totalsByCurrency } from '@shared/money';
import type { DailyAllowance } from '@shared/contract/payouts-model';
import type { WorkflowRow, WorkflowStore } from '../storage/workflow-store';
import { formatAmount, startOfLocalDay } from './policy';

const ADMIN_HINT = 'An admin can change the limit in Settings → Policy.';

/** Why this amount may not be one payout, or null. */
export function maxPerPayoutProblem(store: Pick<WorkflowStore, 'maxPerPayout'>, minor: number, currency: string): string | null {
  const max = store.maxPerPayout(currency);
  if (max === null) return `No payout limit is set for ${currency}, so Paydesk does not pay out in it. ${ADMIN_HINT}`;
  if (minor > max)
    return `${formatAmount(minor, currency)} is above the most one payout may be, ${formatAmount(max, currency)}. ${ADMIN_HINT}`;
  return null;
}

/**
 * The store's per-payout limits, each currency read once: for checking the many rows of one import (a query per row was
 * 400 ms of a 50,000-row preview's 900 ms). A commit analyses its file again, so it reads them afresh; approval and sending
 * check every payout again.
 */
export function limitsReadOnce(store: Pick<WorkflowStore, 'maxPerPayout'>): Pick<WorkflowStore, 'maxPerPayout'> {
  const read = new Map<string, number | null>();
  return {
    maxPerPayout(currency) {
      if (!read.has(currency)) read.set(currency, store.maxPerPayout(currency));
      return read.get(currency)!;
    },
  };
}

/** Why sending this payout now would break a daily cap, or null. */
export function dailyCapProblem(store: WorkflowStore, row: WorkflowRow, now: Date): string | null {
  const since = startOfLocalDay(now);
  const connectionCap = store.dailyCap(row.connection_id, row.currency);
  if (connectionCap !== null) {
    const sentToday = store.sentSince(row.connection_id, row.currency, since);
    if (sentToday + row.amount_minor > connectionCap) {
      return (
        `Daily send cap for "${row.connection_label}" reached: ${formatAmount(sentToday, row.currency)} of ${formatAmount(connectionCap, row.currency)} ` +
        `already sent today, and this payout (${formatAmount(row.amount_minor, row.currency)}) would go above it. Raise the cap in Settings or send it tomorrow.`
      );
    }
  }
  const workspaceCap = store.workspaceDailyCap(row.currency);
  if (workspaceCap !== null) {
    const sentToday = store.sentSince(null, row.currency, since);
    if (sentToday + row.amount_minor > workspaceCap) {
      return (
        `The workspace's daily send cap is reached: ${formatAmount(sentToday, row.currency)} of ${formatAmount(workspaceCap, row.currency)} ` +
        `already sent today across all connections, and this payout (${formatAmount(row.amount_minor, row.currency)}) would go above it. Raise the cap in Settings or send it tomorrow.`
      );
    }
  }
  return null;
}

/** For a selection about to be approved (or sent): how much of each cap it touches is used today and what remains. */
export function dailyAllowances(store: WorkflowStore, rows: WorkflowRow[], now: Date): DailyAllowance[] {
  const since = startOfLocalDay(now);
  const out: DailyAllowance[] = [];
  const add = (
    scope: DailyAllowance['scope'],
    connectionId: string | null,
    label: string,
    currency: string,
    cap: number,
    selected: number,
  ) => {
    const used = store.sentSince(connectionId, currency, since);
    out.push({
      scope,
      connectionId,
      label,
      cap: { minor: cap, currency },
      used: { minor: used, currency },
      selected: { minor: selected, currency },
      remaining: { minor: cap - used, currency },
      fits: used + selected <= cap,
    });
  };
  const byConnection = new Map<string, WorkflowRow[]>();
  for (const r of rows) byConnection.set(r.connection_id, [...(byConnection.get(r.connection_id) ?? []), r]);
  for (const [connectionId, group] of byConnection) {
    for (const total of totalsByCurrency(group.map((r) => ({ minor: r.amount_minor, currency: r.currency })))) {
      const cap = store.dailyCap(connectionId, total.currency);
      if (cap !== null) add('connection', connectionId, group[0]!.connection_label, total.currency, cap, total.minor);
    }
  }
  for (const total of totalsByCurrency(rows.map((r) => ({ minor: r.amount_minor, currency: r.currency })))) {
    const cap = store.workspaceDailyCap(total.currency);
    if (cap !== null) add('workspace', null, 'All connections', total.currency, cap, total.minor);
  }
  return out;
}
