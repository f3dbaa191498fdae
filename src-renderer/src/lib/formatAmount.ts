/**
 * Amounts arrive as integer minor units. Dividing by 100 in floating point can print 0.30000000000000004 or
 * lose cents on large sums, so the decimal string is built from the digits and handed to Intl as a string,
 * which formats it exactly.
 */

/** ISO 4217 minor-unit exponents that differ from 2 (kept in step with src-main/money). */
const EXPONENT_OVERRIDES: Record<string, number> = {
  JPY: 0,
  KRW: 0,
  CLP: 0,
  ISK: 0,
  HUF: 2,
  VND: 0,
  XOF: 0,
  XAF: 0,
  UGX: 0,
  PYG: 0,
  RWF: 0,
  BHD: 3,
  JOD: 3,
  KWD: 3,
  OMR: 3,
  TND: 3,
  LYD: 3,
  IQD: 3,
};

export function currencyExponent(currency: string): number {
  return EXPONENT_OVERRIDES[currency] ?? 2;
}

/** "12345" minor units of a 2-decimal currency → "123.45"; negative amounts keep their sign. */
export function minorToDecimalString(minor: number | bigint, currency: string): string {
  const exponent = currencyExponent(currency);
  const text = BigInt(minor).toString();
  const negative = text.startsWith('-');
  const digits = (negative ? text.slice(1) : text).padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? '' : digits.slice(-exponent);
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

const formatters = new Map<string, Intl.NumberFormat | null>();

function formatterFor(currency: string, locale: string | undefined): Intl.NumberFormat | null {
  const key = `${locale ?? ''}|${currency}`;
  if (!formatters.has(key)) {
    let formatter: Intl.NumberFormat | null;
    try {
      const exponent = currencyExponent(currency);
      formatter = new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        minimumFractionDigits: exponent,
        maximumFractionDigits: exponent,
      });
    } catch {
      // A code Intl does not know must still show the exact amount rather than break the table.
      formatter = null;
    }
    formatters.set(key, formatter);
  }
  return formatters.get(key) ?? null;
}

export function formatAmount(minor: number | bigint, currency: string, locale?: string): string {
  const decimal = minorToDecimalString(minor, currency);
  const formatter = formatterFor(currency, locale);
  if (!formatter) return `${decimal} ${currency}`;
  return formatter.format(decimal as Intl.StringNumericLiteral);
}

/**
 * The same text as formatAmount, cut after each thousands separator: the places where a long amount may wrap onto
 * a second line in a narrow column ("£99,999,|999,999.00") instead of running over its neighbour. The pieces
 * joined are exactly formatAmount's text.
 */
export function formatAmountPieces(minor: number | bigint, currency: string, locale?: string): string[] {
  const decimal = minorToDecimalString(minor, currency);
  const formatter = formatterFor(currency, locale);
  if (!formatter) return [`${decimal} ${currency}`];
  const pieces: string[] = [''];
  for (const part of formatter.formatToParts(decimal as Intl.StringNumericLiteral)) {
    pieces[pieces.length - 1] += part.value;
    if (part.type === 'group') pieces.push('');
  }
  return pieces.filter((p) => p !== '');
}

/**
 * Text typed in Settings (thresholds, caps) → integer minor units, with digit-string arithmetic only. Payout
 * amounts are never parsed here: main parses those and answers with its own messages.
 */
export function parseDecimalToMinor(text: string, currency: string): { minor: number } | { error: string } {
  const trimmed = text.trim();
  if (!trimmed) return { error: 'Enter an amount.' };
  if (trimmed.includes(',')) return { error: 'Use a dot as the decimal mark and no thousands separators, e.g. 1000.00.' };
  const match = /^(\d+)(?:\.(\d+))?$/.exec(trimmed);
  if (!match) return { error: 'Use digits with an optional dot, e.g. 1000.00.' };
  const exponent = currencyExponent(currency);
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > exponent) return { error: `${currency} has ${exponent} decimal place${exponent === 1 ? '' : 's'} at most.` };
  const digits = `${match[1]}${fraction.padEnd(exponent, '0')}`;
  const minor = BigInt(digits);
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return { error: 'This amount is too large.' };
  return { minor: Number(minor) };
}

/** Totals per currency, summed as bigint so no total can lose a cent. Sorted by currency code. */
export function totalsByCurrency(amounts: Iterable<{ minor: number; currency: string }>): Array<{ minor: bigint; currency: string }> {
  const totals = new Map<string, bigint>();
  for (const a of amounts) totals.set(a.currency, (totals.get(a.currency) ?? 0n) + BigInt(a.minor));
  return [...totals.entries()].sort(([x], [y]) => x.localeCompare(y)).map(([currency, minor]) => ({ minor, currency }));
}

/** "€1,250.00 + $300.00" */
export function formatTotals(totals: Array<{ minor: number | bigint; currency: string }>): string {
  if (totals.length === 0) return '—';
  return totals.map((t) => formatAmount(t.minor, t.currency)).join(' + ');
}

/**
 * THE one place a money amount becomes a JavaScript float: chart libraries (recharts) need numbers to place bars.
 * The result is for plotting only: never display it, never add it up. Tooltips and labels show the exact
 * formatAmount(minor) of the same data point; axis ticks use formatChartTick, which only labels the scale.
 */
export function minorToChartNumber(minor: number | bigint, currency: string): number {
  return Number(minorToDecimalString(minor, currency));
}

const tickFormatters = new Map<string, Intl.NumberFormat>();

/** Axis scale labels ("€12K"): approximate by design, used only for chart ticks, never for an amount. */
export function formatChartTick(value: number, currency: string): string {
  let formatter = tickFormatters.get(currency);
  if (!formatter) {
    try {
      formatter = new Intl.NumberFormat(undefined, { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 });
    } catch {
      formatter = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });
    }
    tickFormatters.set(currency, formatter);
  }
  return formatter.format(value);
}
