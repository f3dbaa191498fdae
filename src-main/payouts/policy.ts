/**
 * The approval policy (second approver above a threshold), daily send caps per connection, and the day counts the
 * duplicate check and the Attention list use. Stored in their own tables; every change is audited by the caller.
 */
import dayjs from 'dayjs';
import { toDecimalString } from '@shared/money';
import type { Db } from '../storage/database';
import type { PayoutPolicy } from '@shared/contract/payouts-model';

type WindowKey = 'duplicateWindowDays' | 'stuckAfterDays' | 'expiringWithinDays';
const DEFAULT_WINDOWS: Record<WindowKey, number> = { duplicateWindowDays: 30, stuckAfterDays: 7, expiringWithinDays: 3 };

export class PolicyRepository {
  constructor(private readonly db: Db) {}

  get(): PayoutPolicy {
    const thresholds = this.db.prepare('SELECT currency, threshold_minor FROM approval_thresholds ORDER BY currency').all() as Array<{
      currency: string;
      threshold_minor: number;
    }>;
    const caps = this.db
      .prepare('SELECT connection_id, currency, cap_minor FROM daily_send_caps ORDER BY connection_id, currency')
      .all() as Array<{ connection_id: string; currency: string; cap_minor: number }>;
    const windows = new Map(
      (this.db.prepare('SELECT key, value FROM workflow_settings').all() as Array<{ key: string; value: number }>).map((r) => [
        r.key,
        r.value,
      ]),
    );
    const windowValue = (key: WindowKey) => windows.get(key) ?? DEFAULT_WINDOWS[key];
    return {
      approvalThresholds: thresholds.map((t) => ({ minor: t.threshold_minor, currency: t.currency })),
      dailyCaps: caps.map((c) => ({ connectionId: c.connection_id, cap: { minor: c.cap_minor, currency: c.currency } })),
      duplicateWindowDays: windowValue('duplicateWindowDays'),
      stuckAfterDays: windowValue('stuckAfterDays'),
      expiringWithinDays: windowValue('expiringWithinDays'),
    };
  }

  /** Replaces the whole policy. Caps of connections that no longer exist are ignored by the foreign key. */
  set(policy: PayoutPolicy): void {
    this.db.prepare('DELETE FROM approval_thresholds').run();
    const threshold = this.db.prepare('INSERT INTO approval_thresholds (currency, threshold_minor) VALUES (?, ?)');
    for (const t of policy.approvalThresholds) threshold.run(t.currency, t.minor);
    this.db.prepare('DELETE FROM daily_send_caps').run();
    const cap = this.db.prepare('INSERT INTO daily_send_caps (connection_id, currency, cap_minor) VALUES (?, ?, ?)');
    for (const c of policy.dailyCaps) cap.run(c.connectionId, c.cap.currency, c.cap.minor);
    const window = this.db.prepare(
      'INSERT INTO workflow_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    for (const key of Object.keys(DEFAULT_WINDOWS) as WindowKey[]) window.run(key, policy[key]);
  }

  /** 2 when the amount is above the currency's threshold, else 1. */
  approvalsRequired(amountMinor: number, currency: string): number {
    const row = this.db.prepare('SELECT threshold_minor FROM approval_thresholds WHERE currency = ?').get(currency) as
      { threshold_minor: number } | undefined;
    return row && amountMinor > row.threshold_minor ? 2 : 1;
  }

  dailyCap(connectionId: string, currency: string): number | null {
    const row = this.db
      .prepare('SELECT cap_minor FROM daily_send_caps WHERE connection_id = ? AND currency = ?')
      .get(connectionId, currency) as { cap_minor: number } | undefined;
    return row?.cap_minor ?? null;
  }
}

/** Start of the operator's local calendar day: a "daily" cap resets at local midnight, not UTC. */
export function startOfLocalDay(now: Date): string {
  return dayjs(now).startOf('day').toDate().toISOString();
}

export const formatAmount = (minor: number, currency: string) => `${toDecimalString({ minor, currency })} ${currency}`;
