import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../src-main/providers/http';
import { centsToMoney, moneyToCents } from '../../../src-main/providers/creatorpay/mapping';

const kindOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof ProviderError ? error.kind : 'other';
  }
  return 'none';
};

describe('Creator Pay amounts (integer cents, USD)', () => {
  it('round-trips every positive safe integer exactly, as a number or a numeric string', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (cents) => {
        const money = centsToMoney(cents);
        expect(money).toEqual({ minor: cents, currency: 'USD' });
        expect(moneyToCents(money)).toBe(cents);
        expect(centsToMoney(String(cents))).toEqual(money);
        expect(centsToMoney({ int: cents, valid: true })).toEqual(money);
      }),
      { numRuns: 500 },
    );
  });

  it('accepts zero from the provider but never sends it', () => {
    expect(centsToMoney(0)).toEqual({ minor: 0, currency: 'USD' });
    expect(kindOf(() => moneyToCents({ minor: 0, currency: 'USD' }))).toBe('validation');
  });

  it('rejects fractions of a cent in either direction', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e12, max: 1e12, noNaN: true }).filter((x) => !Number.isInteger(x)),
        (value) => {
          expect(kindOf(() => centsToMoney(value))).toBe('protocol');
          expect(kindOf(() => centsToMoney(String(value)))).toBe('protocol');
          expect(kindOf(() => moneyToCents({ minor: value, currency: 'USD' }))).toBe('validation');
        },
      ),
    );
  });

  it('rejects negative amounts in either direction', () => {
    fc.assert(
      fc.property(fc.integer({ min: Number.MIN_SAFE_INTEGER, max: -1 }), (value) => {
        expect(kindOf(() => centsToMoney(value))).toBe('protocol');
        expect(kindOf(() => centsToMoney(String(value)))).toBe('protocol');
        expect(kindOf(() => moneyToCents({ minor: value, currency: 'USD' }))).toBe('validation');
      }),
    );
  });

  it('rejects integers beyond Number.MAX_SAFE_INTEGER', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: BigInt(Number.MAX_SAFE_INTEGER) + 1n, max: 10n ** 30n }), (big) => {
        expect(kindOf(() => centsToMoney(big.toString()))).toBe('protocol');
        expect(kindOf(() => centsToMoney(Number(big)))).toBe('protocol');
        expect(kindOf(() => moneyToCents({ minor: Number(big), currency: 'USD' }))).toBe('validation');
      }),
    );
  });

  it('rejects non-numbers and other currencies', () => {
    for (const value of [null, undefined, '', 'abc', '1e3', '10.00', '0x10', true, {}, [], Infinity, NaN, { int: 5, valid: false }]) {
      expect(kindOf(() => centsToMoney(value))).toBe('protocol');
    }
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Z]{3}$/).filter((c) => c !== 'USD'),
        fc.integer({ min: 1, max: 1e9 }),
        (currency, minor) => {
          expect(kindOf(() => moneyToCents({ minor, currency }))).toBe('validation');
        },
      ),
      { numRuns: 50 },
    );
  });
});
