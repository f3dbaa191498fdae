/**
 * Money inside Paydesk is always an integer number of minor units (bigint-safe integers held as
 * `number` only while they stay within Number.MAX_SAFE_INTEGER) plus an ISO 4217 currency code.
 * Conversions to and from the providers' formats live here so that no client does decimal maths itself.
 */

export type CurrencyCode = string;

export interface Money {
  /** Integer amount in the currency's minor unit (cents for USD). */
  readonly minor: number;
  readonly currency: CurrencyCode;
}

export class MoneyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MoneyError';
  }
}

/** Minor-unit exponents that differ from 2. Source: ISO 4217. */
const EXPONENT_OVERRIDES: Record<string, number> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

export function currencyExponent(currency: CurrencyCode): number {
  assertCurrencyCode(currency);
  return EXPONENT_OVERRIDES[currency] ?? 2;
}

export function assertCurrencyCode(currency: string): asserts currency is CurrencyCode {
  if (!/^[A-Z]{3}$/.test(currency)) throw new MoneyError(`"${currency}" is not an ISO 4217 currency code (three capital letters).`);
}

export function money(minor: number, currency: CurrencyCode): Money {
  assertCurrencyCode(currency);
  if (!Number.isSafeInteger(minor)) throw new MoneyError(`Amount ${minor} is not a whole number of minor units.`);
  return { minor, currency };
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * Parses a plain decimal string ("1234.5", "0.10") into minor units without floating point.
 * Rejects exponents, thousands separators, commas as decimal mark, and more decimals than the currency has
 * (unless they are trailing zeros), because each of those is ambiguous money.
 */
export function parseDecimal(text: string, currency: CurrencyCode, options: { allowNegative?: boolean } = {}): Money {
  const exponent = currencyExponent(currency);
  const trimmed = text.trim();
  if (trimmed === '') throw new MoneyError('Enter an amount.');
  if (/[eE]/.test(trimmed)) throw new MoneyError(`"${text}" uses exponent notation; write the amount out in full, e.g. 1000.00.`);
  if (trimmed.includes(',')) throw new MoneyError(`"${text}" contains a comma; use a dot as the decimal mark and no thousands separators.`);
  const match = DECIMAL.exec(trimmed);
  if (!match) throw new MoneyError(`"${text}" is not an amount; use digits with an optional dot, e.g. 125.50.`);
  const [, sign, whole = '0', fractionRaw = ''] = match;
  if (sign && !options.allowNegative) throw new MoneyError(`"${text}" is negative; amounts must be positive.`);
  const fraction = fractionRaw.replace(/0+$/, '');
  if (fraction.length > exponent) {
    throw new MoneyError(
      `"${text}" has more than ${exponent} decimal place${exponent === 1 ? '' : 's'}, which ${currency} does not allow.`,
    );
  }
  const digits = (whole.replace(/^0+(?=\d)/, '') + fraction.padEnd(exponent, '0')).replace(/^0+(?=\d)/, '');
  const minor = Number(digits);
  if (!Number.isSafeInteger(minor)) throw new MoneyError(`"${text}" is too large.`);
  return { minor: sign && minor !== 0 ? -minor : minor, currency };
}

/** Formats minor units as a plain decimal string with exactly the currency's number of decimals ("100.00"). */
export function toDecimalString(amount: Money, decimals = currencyExponent(amount.currency)): string {
  const exponent = currencyExponent(amount.currency);
  if (!Number.isSafeInteger(amount.minor)) throw new MoneyError(`Amount ${amount.minor} is not a whole number of minor units.`);
  if (decimals < exponent) throw new MoneyError(`Cannot show ${amount.currency} with fewer than ${exponent} decimals.`);
  const negative = amount.minor < 0;
  const digits = String(Math.abs(amount.minor)).padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = (exponent === 0 ? '' : digits.slice(-exponent)).padEnd(decimals, '0');
  return `${negative ? '-' : ''}${whole}${decimals > 0 ? `.${fraction}` : ''}`;
}

/**
 * Converts a JSON number in major units (as some providers write amounts) to minor units. The number is first printed by JavaScript's
 * shortest round-trip algorithm and then parsed as a decimal string, so 0.1 + 0.2 style artefacts
 * (0.30000000000000004) are rejected instead of being silently rounded.
 */
export function fromJsonNumber(value: number, currency: CurrencyCode): Money {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new MoneyError(`Amount ${String(value)} is not a finite number.`);
  const text = String(value);
  if (/e/i.test(text)) {
    // Very small or very large doubles print in exponent form; none is a representable amount of money.
    throw new MoneyError(`Amount ${text} cannot be represented exactly in ${currency}.`);
  }
  return parseDecimal(text, currency, { allowNegative: true });
}

/** Converts minor units to a JSON number in major units whose decimal printing is exact ("12.5" for 1250 cents). */
export function toJsonNumber(amount: Money): number {
  const asNumber = Number(toDecimalString(amount));
  // Guard: the shortest printing of the double must parse back to the same minor units.
  if (parseDecimal(String(asNumber), amount.currency, { allowNegative: true }).minor !== amount.minor) {
    throw new MoneyError(`Amount ${toDecimalString(amount)} ${amount.currency} cannot be sent as a JSON number exactly.`);
  }
  return asNumber;
}

export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new MoneyError(`Cannot add ${a.currency} and ${b.currency}.`);
  return money(a.minor + b.minor, a.currency);
}

/** Sums amounts per currency; the result is ordered by currency code. */
export function totalsByCurrency(amounts: Iterable<Money>): Money[] {
  const totals = new Map<string, number>();
  for (const a of amounts) {
    const next = (totals.get(a.currency) ?? 0) + a.minor;
    if (!Number.isSafeInteger(next)) throw new MoneyError(`Total in ${a.currency} is too large.`);
    totals.set(a.currency, next);
  }
  return [...totals.entries()].sort(([x], [y]) => x.localeCompare(y)).map(([currency, minor]) => ({ minor, currency }));
}

/** Human display (locale-aware) built from the exact decimal string, never from a float division. */
export function formatMoney(amount: Money, locale = 'en-US'): string {
  const exponent = currencyExponent(amount.currency);
  const decimal = toDecimalString(amount);
  // Intl accepts decimal strings exactly (ES2023 "string as exact decimal" behaviour).
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: amount.currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  }).format(decimal as unknown as number);
}
