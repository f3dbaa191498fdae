import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../../src-main/providers/http';
import {
  moneyToTalentirAmount,
  talentirAmountToMoney,
  TALENTIR_CURRENCIES,
  TALENTIR_MINIMUM_MINOR,
} from '../../../src-main/providers/talentir/mapping';

const currency = fc.constantFrom(...TALENTIR_CURRENCIES);
const payable = fc.integer({ min: TALENTIR_MINIMUM_MINOR, max: Number.MAX_SAFE_INTEGER });

function kindOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof ProviderError) return error.kind;
    throw error;
  }
  return undefined;
}

describe('Talentir amounts', () => {
  it('minor units → "payoutAmount" → minor units is exact, always with two decimals', () => {
    fc.assert(
      fc.property(payable, currency, (minor, code) => {
        const text = moneyToTalentirAmount({ minor, currency: code });
        expect(text).toMatch(/^(0|[1-9]\d*)\.\d{2}$/);
        expect(talentirAmountToMoney(text, code)).toEqual({ minor, currency: code });
      }),
    );
  });

  it('any decimal string with up to two decimals reads exactly and prints back canonically', () => {
    const whole = fc.bigInt({ min: 0n, max: 10n ** 13n });
    const fraction = fc.oneof(fc.constant(''), fc.stringMatching(/^\d{1,2}$/));
    fc.assert(
      fc.property(whole, fraction, currency, (w, f, code) => {
        const text = f ? `${w}.${f}` : `${w}`;
        const expected = w * 100n + BigInt(f.padEnd(2, '0') || '0');
        const read = talentirAmountToMoney(text, code);
        expect(BigInt(read.minor)).toBe(expected);
        if (read.minor >= TALENTIR_MINIMUM_MINOR) expect(moneyToTalentirAmount(read)).toBe(`${w}.${f.padEnd(2, '0')}`);
      }),
    );
  });

  it('refuses to send less than 0.10', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: TALENTIR_MINIMUM_MINOR - 1 }), currency, (minor, code) => {
        expect(kindOf(() => moneyToTalentirAmount({ minor, currency: code }))).toBe('validation');
      }),
    );
    expect(moneyToTalentirAmount({ minor: 10, currency: 'EUR' })).toBe('0.10');
  });

  it('refuses currencies Talentir does not pay in', () => {
    const otherCurrency = fc.stringMatching(/^[A-Z]{3}$/).filter((c) => !(TALENTIR_CURRENCIES as readonly string[]).includes(c));
    fc.assert(
      fc.property(payable, otherCurrency, (minor, code) => {
        expect(kindOf(() => moneyToTalentirAmount({ minor, currency: code }))).toBe('validation');
      }),
    );
  });

  it('refuses fractional minor units instead of rounding them', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 10, max: 1e12, noNaN: true }).filter((d) => !Number.isInteger(d)),
        currency,
        (minor, code) => {
          expect(kindOf(() => moneyToTalentirAmount({ minor, currency: code }))).toBe('validation');
        },
      ),
    );
  });

  it('treats replies with more than two significant decimals as protocol errors, never rounding', () => {
    const whole = fc.integer({ min: 0, max: 1_000_000 });
    const longFraction = fc.stringMatching(/^\d{2,6}[1-9]$/);
    fc.assert(
      fc.property(whole, longFraction, currency, (w, f, code) => {
        expect(kindOf(() => talentirAmountToMoney(`${w}.${f}`, code))).toBe('protocol');
      }),
    );
  });

  it('treats non-decimal texts and inexact numbers as protocol errors', () => {
    for (const bad of ['1e3', '1,50', '-5.00', '', ' ', '12.', '.5x', 'NaN', '0x10', null, true, 0.30000000000000004, Number.NaN, -1]) {
      expect(kindOf(() => talentirAmountToMoney(bad, 'EUR'))).toBe('protocol');
    }
    expect(talentirAmountToMoney('1.230', 'EUR').minor).toBe(123);
    expect(talentirAmountToMoney(12.5, 'USD').minor).toBe(1250);
  });
});
