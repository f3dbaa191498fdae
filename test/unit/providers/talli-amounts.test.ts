import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../src-main/providers/http';
import { formatTalliAmount, parseTalliAmount } from '../../../src-main/providers/talli/mapping';

/** Up to 100 billion dollars: far beyond any payout, and every value in range is exactly representable. */
const cents = fc.integer({ min: 1, max: 10 ** 13 });

function kindOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError);
    return (error as ProviderError).kind;
  }
}

describe('Talli amounts (JSON number, major units, USD)', () => {
  it('sends cents as a number whose JSON text has at most two decimals and reads it back exactly', () => {
    fc.assert(
      fc.property(cents, (minor) => {
        const amount = formatTalliAmount({ minor, currency: 'USD' });
        const wire = JSON.stringify({ amount });
        expect(wire).toMatch(/^\{"amount":\d+(\.\d{1,2})?\}$/);
        const received = (JSON.parse(wire) as { amount: number }).amount;
        expect(parseTalliAmount(received)).toEqual({ minor, currency: 'USD' });
      }),
    );
  });

  it('either sends an amount exactly or refuses it, across all safe integers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (minor) => {
        let amount: number;
        try {
          amount = formatTalliAmount({ minor, currency: 'USD' });
        } catch (error) {
          expect((error as ProviderError).kind).toBe('validation');
          return;
        }
        expect(parseTalliAmount(amount).minor).toBe(minor);
      }),
    );
  });

  it('rejects received numbers that are not whole cents', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 9 }), fc.integer({ min: 1, max: 9 }), (c, extra) => {
        // A third decimal digit: 12.345 and friends.
        const value = Number(`${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}${extra}`);
        expect(kindOf(() => parseTalliAmount(value))).toBe('protocol');
      }),
    );
    for (const value of [0.1 + 0.2, 1e-7, 1e21, 5e-324, Number.NaN, Number.POSITIVE_INFINITY, -1, -0.01]) {
      expect(kindOf(() => parseTalliAmount(value))).toBe('protocol');
    }
  });

  it('accepts a received double exactly when its shortest printing is a whole number of cents', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e12, noNaN: true }), (value) => {
        const kind = kindOf(() => parseTalliAmount(value));
        const exact = /^\d+(\.\d{1,2})?$/.test(String(value));
        expect(kind === null).toBe(exact);
        if (exact) expect(parseTalliAmount(value).minor).toBe(Math.round(value * 100));
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses non-USD, zero, negative and fractional minor amounts before sending', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ max: 0 }), fc.double({ noInteger: true })), (minor) => {
        expect(kindOf(() => formatTalliAmount({ minor, currency: 'USD' }))).toBe('validation');
      }),
    );
    fc.assert(
      fc.property(fc.constantFrom('EUR', 'GBP', 'CAD', 'JPY'), cents, (currency, minor) => {
        expect(kindOf(() => formatTalliAmount({ minor, currency }))).toBe('validation');
      }),
    );
  });
});
