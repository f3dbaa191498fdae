/**
 * Helpers of the approval policy (second approver above a threshold, daily send caps per connection): the policy
 * itself is kept by the workflow store (storage/workflow-store.ts) and every change to it is audited there.
 */
import dayjs from 'dayjs';
import { toDecimalString } from '@shared/money';

/** Start of the operator's local calendar day: a "daily" cap resets at local midnight, not UTC. */
export function startOfLocalDay(now: Date): string {
  return dayjs(now).startOf('day').toDate().toISOString();
}

export const formatAmount = (minor: number, currency: string) => `${toDecimalString({ minor, currency })} ${currency}`;
