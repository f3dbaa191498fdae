import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../src-main/providers/http';
import { formatTokenioAmount, parseTokenioAmount } from '../../../src-main/providers/tokenio/mapping';

const EXPONENT: Record<string, number> = { GBP: 2, EUR: 2, USD: 2, JPY: 0, KWD: 3 };
const currency = fc.constantFrom(...Object.keys(EXPONENT));
const minor = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });
const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });

function kindOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError);
    return (error as ProviderError).kind;
  }
}

describe('Token.io amounts { value: decimal string ≤ 4 dp, currency }', () => {
  it('formats minor units as a plain decimal with the currency’s decimals and parses them back exactly', () => {
    fc.assert(
      fc.property(minor, currency, (m, c) => {
        const formatted = formatTokenioAmount({ minor: m, currency: c });
        expect(formatted.currency).toBe(c);
        expect(formatted.value).toMatch(EXPONENT[c] ? new RegExp(`^\\d+\\.\\d{${EXPONENT[c]}}$`) : /^\d+$/);
        expect(parseTokenioAmount(formatted)).toEqual({ minor: m, currency: c });
      }),
    );
  });

  it('reads the same amount whatever trailing zeros Token.io adds, up to four decimals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), fc.constantFrom('GBP', 'EUR', 'KWD'), (m, c) => {
        const { value } = formatTokenioAmount({ minor: m + 1, currency: c });
        const padded = value + '0'.repeat(4 - (value.split('.')[1]?.length ?? 0));
        expect(padded).toMatch(/^\d+\.\d{4}$/);
        expect(parseTokenioAmount({ value: padded, currency: c })).toEqual({ minor: m + 1, currency: c });
      }),
    );
  });

  it('rejects more than four decimals, even when they are zeros', () => {
    fc.assert(
      fc.property(digits(1, 12), digits(5, 10), currency, (whole, fraction, c) => {
        expect(kindOf(() => parseTokenioAmount({ value: `${whole}.${fraction}`, currency: c }))).toBe('protocol');
      }),
    );
  });

  it('rejects sub-minor-unit amounts the currency cannot hold', () => {
    fc.assert(
      fc.property(digits(1, 9), fc.integer({ min: 1, max: 9 }), fc.constantFrom('GBP', 'EUR', 'JPY'), (whole, last, c) => {
        // One non-zero digit just past the currency's exponent (and still within Token.io's 4 decimals).
        const fraction = '0'.repeat(EXPONENT[c]!) + String(last);
        expect(kindOf(() => parseTokenioAmount({ value: `${whole}.${fraction}`, currency: c }))).toBe('protocol');
      }),
    );
  });

  it('accepts only exact decimal strings: anything else is a protocol error', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.constantFrom('1e3', '-1.00', '+1.00', ' 1.00', '1,00', '1.', '.5', '0x10', 'NaN', '', '1 000.00')),
        (value) => {
          const kind = kindOf(() => parseTokenioAmount({ value, currency: 'GBP' }));
          if (kind === null) {
            expect(value).toMatch(/^\d+(\.\d{1,2}0{0,2})?$/);
          } else {
            expect(kind).toBe('protocol');
          }
        },
      ),
      { numRuns: 500 },
    );
    expect(kindOf(() => parseTokenioAmount({ value: '1.00', currency: 'gbp' }))).toBe('protocol');
    expect(kindOf(() => parseTokenioAmount({ value: '99999999999999999.99', currency: 'GBP' }))).toBe('protocol');
  });

  it('refuses to send amounts Token.io cannot take', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ max: 0 }), fc.double({ noInteger: true }), fc.constant(2 ** 53)), (m) => {
        expect(kindOf(() => formatTokenioAmount({ minor: m, currency: 'GBP' }))).toBe('validation');
      }),
    );
    expect(kindOf(() => formatTokenioAmount({ minor: 100, currency: 'pounds' }))).toBe('validation');
  });
});
