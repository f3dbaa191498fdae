import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dotsCentsToMoney, moneyToDotsCents } from '../../../src-main/providers/dots/mapping';
import { ProviderError } from '../../../src-main/providers/http';

function kindOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof ProviderError) return error.kind;
    throw error;
  }
  return undefined;
}

describe('Dots amounts', () => {
  it('minor units → cents → minor units is exact for every positive safe integer', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (minor) => {
        const cents = moneyToDotsCents({ minor, currency: 'USD' });
        expect(Number.isSafeInteger(cents)).toBe(true);
        expect(dotsCentsToMoney(JSON.parse(JSON.stringify(cents)))).toEqual({ minor, currency: 'USD' });
      }),
    );
  });

  it('refuses to send zero or negative amounts', () => {
    fc.assert(
      fc.property(fc.integer({ min: Number.MIN_SAFE_INTEGER, max: 0 }), (minor) => {
        expect(kindOf(() => moneyToDotsCents({ minor, currency: 'USD' }))).toBe('validation');
      }),
    );
  });

  it('refuses to send non-integer or unsafe amounts', () => {
    const notWhole = fc.oneof(
      fc.double({ min: 0.001, max: 1e12, noNaN: true }).filter((d) => !Number.isInteger(d)),
      fc.constantFrom(Number.MAX_SAFE_INTEGER + 1, Number.POSITIVE_INFINITY, Number.NaN),
    );
    fc.assert(
      fc.property(notWhole, (minor) => {
        expect(kindOf(() => moneyToDotsCents({ minor, currency: 'USD' }))).toBe('validation');
      }),
    );
  });

  it('refuses currencies other than US dollars', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e9 }),
        fc.stringMatching(/^[A-Z]{3}$/).filter((c) => c !== 'USD'),
        (minor, code) => {
          expect(kindOf(() => moneyToDotsCents({ minor, currency: code }))).toBe('validation');
        },
      ),
    );
  });

  it('treats fractional, negative or non-numeric cents in replies as protocol errors', () => {
    const bad = fc.oneof(
      fc.double({ noNaN: false }).filter((d) => !Number.isSafeInteger(d) || d < 0),
      fc.integer({ min: Number.MIN_SAFE_INTEGER, max: -1 }),
      fc.string(),
      fc.constantFrom(null, undefined, true, {}, [], '100'),
    );
    fc.assert(
      fc.property(bad, (value) => {
        expect(kindOf(() => dotsCentsToMoney(value))).toBe('protocol');
      }),
    );
  });
});
