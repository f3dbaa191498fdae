/** The approval policy form's values and checks, kept apart from the JSX. Amounts stay text until checked here. */
import type { OperationInput, PayoutPolicy } from '@shared/contract';
import { minorToDecimalString, parseDecimalToMinor } from '../../lib/formatAmount';

export interface ThresholdRow {
  currency: string;
  amount: string;
}
export interface CapRow {
  connectionId: string;
  currency: string;
  amount: string;
}
export interface PolicyValues {
  thresholds: ThresholdRow[];
  /** The most one payout may be, per currency (a currency without one cannot be paid out). */
  maxes: ThresholdRow[];
  caps: CapRow[];
  /** Daily send caps of the whole workspace, per currency. */
  workspaceCaps: ThresholdRow[];
  makerMayApproveOwn: boolean;
  duplicateWindowDays: string;
  stuckAfterDays: string;
  expiringWithinDays: string;
  /** Hours a payee check stays good for before sending checks again (0: at every send). */
  payeeCheckMaxAgeHours: string;
  /** A payee check with no match blocks approving and sending. */
  payeeNoMatchBlocks: boolean;
}

export type Errors = Record<string, string>;

/** The per-currency lists of the form and the contract path of each (main's field errors use these paths). */
export const perCurrencyLists = {
  thresholds: 'approvalThresholds',
  maxes: 'maxPerPayout',
  workspaceCaps: 'workspaceDailyCaps',
} as const;
export type PerCurrencyList = keyof typeof perCurrencyLists;

/** As main allows (src-shared/contract/payouts.ts): a limit is above zero and not absurd. */
const LIMIT_CEILING_MINOR = 100_000_000_000;

const toRows = (list: Array<{ minor: number; currency: string }>): ThresholdRow[] =>
  list.map((t) => ({ currency: t.currency, amount: minorToDecimalString(t.minor, t.currency) }));

export const dayFields = [
  {
    key: 'duplicateWindowDays',
    label: 'Duplicate window (days)',
    min: 0,
    help: 'A payout to the same recipient with the same amount, currency and campaign within this many days is flagged as a possible duplicate.',
  },
  {
    key: 'stuckAfterDays',
    label: 'Stuck after (days)',
    min: 1,
    help: 'A sent payout still not finished after this many days is listed under Attention.',
  },
  {
    key: 'expiringWithinDays',
    label: 'Expiring soon (days)',
    min: 0,
    help: 'A payout that expires within this many days is listed under Attention.',
  },
] as const;

export function toValues(policy: PayoutPolicy): PolicyValues {
  return {
    thresholds: toRows(policy.approvalThresholds),
    maxes: toRows(policy.maxPerPayout),
    workspaceCaps: toRows(policy.workspaceDailyCaps),
    makerMayApproveOwn: policy.makerMayApproveOwn,
    caps: policy.dailyCaps.map((c) => ({
      connectionId: c.connectionId,
      currency: c.cap.currency,
      amount: minorToDecimalString(c.cap.minor, c.cap.currency),
    })),
    duplicateWindowDays: String(policy.duplicateWindowDays),
    stuckAfterDays: String(policy.stuckAfterDays),
    expiringWithinDays: String(policy.expiringWithinDays),
    payeeCheckMaxAgeHours: String(policy.payeeCheckMaxAgeHours),
    payeeNoMatchBlocks: policy.payeeNoMatchBlocks,
  };
}

export function validate(
  values: PolicyValues,
  currenciesFor: (connectionId: string) => string[],
): { errors: Errors; input: OperationInput<'policy.update'> | null } {
  const errors: Errors = {};
  /** One amount per currency; a limit (not a threshold) must be above zero and below the ceiling. */
  const perCurrency = (list: PerCurrencyList, what: string, isLimit: boolean) => {
    const path = perCurrencyLists[list];
    const out: Array<{ minor: number; currency: string }> = [];
    const seen = new Set<string>();
    values[list].forEach((t, i) => {
      if (!/^[A-Z]{3}$/.test(t.currency)) errors[`${path}.${i}.currency`] = 'Choose a currency.';
      else if (seen.has(t.currency)) errors[`${path}.${i}.currency`] = `${t.currency} already has a ${what}.`;
      seen.add(t.currency);
      const parsed = parseDecimalToMinor(t.amount, /^[A-Z]{3}$/.test(t.currency) ? t.currency : 'USD');
      if ('error' in parsed) errors[`${path}.${i}.minor`] = parsed.error;
      else if (isLimit && parsed.minor < 1) errors[`${path}.${i}.minor`] = 'A limit must be above zero.';
      else if (isLimit && parsed.minor > LIMIT_CEILING_MINOR)
        errors[`${path}.${i}.minor`] = 'That limit is too large to mean anything; enter what one payout or one day may really be.';
      else out.push({ minor: parsed.minor, currency: t.currency });
    });
    return out;
  };
  const thresholds = perCurrency('thresholds', 'threshold', false);
  const maxPerPayout = perCurrency('maxes', 'maximum', true);
  const workspaceDailyCaps = perCurrency('workspaceCaps', 'daily cap', true);
  const caps: Array<{ connectionId: string; cap: { minor: number; currency: string } }> = [];
  const seenCaps = new Set<string>();
  values.caps.forEach((c, i) => {
    if (!c.connectionId) errors[`dailyCaps.${i}.connectionId`] = 'Choose a connection.';
    const allowed = c.connectionId ? currenciesFor(c.connectionId) : [];
    if (!/^[A-Z]{3}$/.test(c.currency)) errors[`dailyCaps.${i}.cap.currency`] = 'Choose a currency.';
    else if (c.connectionId && allowed.length && !allowed.includes(c.currency))
      errors[`dailyCaps.${i}.cap.currency`] = `This connection pays only in ${allowed.join(', ')}.`;
    const key = `${c.connectionId}/${c.currency}`;
    if (c.connectionId && seenCaps.has(key)) errors[`dailyCaps.${i}.cap.currency`] = 'This connection already has a cap in this currency.';
    seenCaps.add(key);
    const parsed = parseDecimalToMinor(c.amount, /^[A-Z]{3}$/.test(c.currency) ? c.currency : 'USD');
    if ('error' in parsed) errors[`dailyCaps.${i}.cap.minor`] = parsed.error;
    else if (parsed.minor < 1) errors[`dailyCaps.${i}.cap.minor`] = 'A limit must be above zero.';
    else if (parsed.minor > LIMIT_CEILING_MINOR)
      errors[`dailyCaps.${i}.cap.minor`] = 'That limit is too large to mean anything; enter what one day may really be.';
    else caps.push({ connectionId: c.connectionId, cap: { minor: parsed.minor, currency: c.currency } });
  });
  const days: Record<string, number> = {};
  for (const f of dayFields) {
    const text = values[f.key].trim();
    if (!/^\d+$/.test(text)) errors[f.key] = 'Enter a whole number of days.';
    else if (Number(text) < f.min) errors[f.key] = `Use at least ${f.min} day${f.min === 1 ? '' : 's'}.`;
    else if (Number(text) > 3650) errors[f.key] = 'Use at most 3650 days.';
    else days[f.key] = Number(text);
  }
  const hoursText = values.payeeCheckMaxAgeHours.trim();
  if (!/^\d+$/.test(hoursText)) errors.payeeCheckMaxAgeHours = 'Enter a whole number of hours.';
  else if (Number(hoursText) > 24 * 365) errors.payeeCheckMaxAgeHours = 'Use at most 8,760 hours (a year).';
  if (Object.keys(errors).length) return { errors, input: null };
  return {
    errors,
    input: {
      approvalThresholds: thresholds,
      maxPerPayout,
      dailyCaps: caps,
      workspaceDailyCaps,
      makerMayApproveOwn: values.makerMayApproveOwn,
      duplicateWindowDays: days.duplicateWindowDays!,
      stuckAfterDays: days.stuckAfterDays!,
      expiringWithinDays: days.expiringWithinDays!,
      payeeCheckMaxAgeHours: Number(hoursText),
      payeeNoMatchBlocks: values.payeeNoMatchBlocks,
    },
  };
}
