/**
 * Amounts arrive as integer minor units. Dividing by 100 in floating point can print 0.30000000000000004 or
 * lose cents on large sums, so the decimal string is built from the digits and handed to Intl as a string,
 * which formats it exactly.
 */

/** ISO 4217 minor-unit exponents that differ from 2 (kept in step with src-main/money). */
const EXPONENT_OVERRIDES: Record<string, number> = {
  JPY: 0, KRW: 0, CLP: 0, ISK: 0, HUF: 2, VND: 0, XOF: 0, XAF: 0, UGX: 0, PYG: 0, RWF: 0,
  BHD: 3, JOD: 3, KWD: 3, OMR: 3, TND: 3, LYD: 3, IQD: 3,
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
        style: 'currency', currency, minimumFractionDigits: exponent, maximumFractionDigits: exponent,
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
