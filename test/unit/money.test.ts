import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MoneyError,
  addMoney,
  currencyExponent,
  formatMoney,
  fromJsonNumber,
  money,
  parseDecimal,
  toDecimalString,
  toJsonNumber,
  totalsByCurrency,
  type Money,
} from '@shared/money';

const MAX = Number.MAX_SAFE_INTEGER;
/** One currency per exponent: 0 (JPY), 2 (USD, EUR), 3 (KWD, BHD). */
const currencies = fc.constantFrom('JPY', 'USD', 'EUR', 'KWD', 'BHD');
/** Uniform safe integers rarely hit the edges, so mix them in explicitly. */
const safeMinor = fc.oneof(
  fc.maxSafeInteger(),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.constantFrom(0, 1, -1, 9, 10, 99, 100, 101, 999, 1000, MAX, -MAX, MAX - 1, 2 ** 53 - 100),
);

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(MoneyError);
    return (error as Error).message;
  }
  throw new Error('expected a MoneyError');
}

/** Exact reference implementation on bigint, to compare parseDecimal against. */
function referenceMinor(whole: string, fraction: string, exponent: number): bigint {
  return BigInt(whole) * 10n ** BigInt(exponent) + BigInt(fraction.padEnd(exponent, '0') || '0');
}

describe('parseDecimal / toDecimalString', () => {
  it('round-trips every safe minor amount exactly in currencies with 0, 2 and 3 decimals', () => {
    fc.assert(
      fc.property(safeMinor, currencies, (minor, currency) => {
        const text = toDecimalString({ minor, currency });
        const exponent = currencyExponent(currency);
        expect(text).toMatch(exponent === 0 ? /^-?\d+$/ : new RegExp(`^-?\\d+\\.\\d{${exponent}}$`));
        expect(parseDecimal(text, currency, { allowNegative: true })).toEqual({ minor, currency });
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with exact bigint arithmetic on arbitrary decimal strings', () => {
    const digits = (max: number) => fc.stringMatching(new RegExp(`^\\d{1,${max}}$`));
    fc.assert(
      fc.property(digits(18), fc.option(digits(4), { nil: undefined }), currencies, (whole, fraction, currency) => {
        const exponent = currencyExponent(currency);
        const text = fraction === undefined ? whole : `${whole}.${fraction}`;
        const significantFraction = (fraction ?? '').replace(/0+$/, '');
        const expected = significantFraction.length <= exponent ? referenceMinor(whole, significantFraction, exponent) : null;
        if (expected === null) {
          expect(messageOf(() => parseDecimal(text, currency))).toContain(`more than ${exponent} decimal place`);
        } else if (expected > BigInt(MAX)) {
          expect(messageOf(() => parseDecimal(text, currency))).toBe(`"${text}" is too large.`);
        } else {
          expect(BigInt(parseDecimal(text, currency).minor)).toBe(expected);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('ignores surrounding spaces, leading zeros and trailing zero decimals', () => {
    expect(parseDecimal('  0012.50 ', 'USD')).toEqual({ minor: 1250, currency: 'USD' });
    expect(parseDecimal('1.000', 'JPY')).toEqual({ minor: 1, currency: 'JPY' });
    expect(parseDecimal('0.10', 'USD').minor).toBe(10);
    expect(parseDecimal('1.5', 'KWD').minor).toBe(1500);
    expect(parseDecimal('-0.00', 'USD', { allowNegative: true }).minor).toBe(0);
    expect(Object.is(parseDecimal('-0', 'USD', { allowNegative: true }).minor, 0)).toBe(true);
    expect(parseDecimal('90071992547409.91', 'USD').minor).toBe(MAX);
  });

  it('rejects ambiguous or invalid input with a precise message', () => {
    expect(messageOf(() => parseDecimal('1e3', 'USD'))).toBe('"1e3" uses exponent notation; write the amount out in full, e.g. 1000.00.');
    expect(messageOf(() => parseDecimal('0.001', 'USD'))).toBe('"0.001" has more than 2 decimal places, which USD does not allow.');
    expect(messageOf(() => parseDecimal('1.5', 'JPY'))).toBe('"1.5" has more than 0 decimal places, which JPY does not allow.');
    expect(messageOf(() => parseDecimal('-5', 'USD'))).toBe('"-5" is negative; amounts must be positive.');
    expect(messageOf(() => parseDecimal('10,00', 'EUR'))).toBe(
      '"10,00" contains a comma; use a dot as the decimal mark and no thousands separators.',
    );
    expect(messageOf(() => parseDecimal('1,000.00', 'USD'))).toContain('contains a comma');
    expect(messageOf(() => parseDecimal('', 'USD'))).toBe('Enter an amount.');
    expect(messageOf(() => parseDecimal('   ', 'USD'))).toBe('Enter an amount.');
    expect(messageOf(() => parseDecimal('abc', 'USD'))).toBe('"abc" is not an amount; use digits with an optional dot, e.g. 125.50.');
    expect(messageOf(() => parseDecimal('1.2.3', 'USD'))).toBe('"1.2.3" is not an amount; use digits with an optional dot, e.g. 125.50.');
    for (const text of ['.5', '5.', '+5', '$5', '5 00', '١٢', 'Infinity', 'NaN', '0x10']) {
      expect(messageOf(() => parseDecimal(text, 'USD'))).toContain('is not an amount');
    }
    expect(messageOf(() => parseDecimal('90071992547409.92', 'USD'))).toBe('"90071992547409.92" is too large.');
    expect(messageOf(() => parseDecimal('1', 'usd'))).toBe('"usd" is not an ISO 4217 currency code (three capital letters).');
  });

  it('pads with extra decimals on request and refuses fewer than the currency has', () => {
    expect(toDecimalString({ minor: 5, currency: 'JPY' }, 2)).toBe('5.00');
    expect(toDecimalString({ minor: -5, currency: 'USD' })).toBe('-0.05');
    expect(toDecimalString({ minor: 1234, currency: 'USD' }, 4)).toBe('12.3400');
    expect(toDecimalString({ minor: 7, currency: 'KWD' })).toBe('0.007');
    expect(messageOf(() => toDecimalString({ minor: 1, currency: 'USD' }, 1))).toBe('Cannot show USD with fewer than 2 decimals.');
  });
});

describe('fromJsonNumber / toJsonNumber', () => {
  it('round-trips every 2-decimal amount up to 15 significant digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 15 - 1), max: 10 ** 15 - 1 }), fc.constantFrom('USD', 'EUR'), (minor, currency) => {
        const json = toJsonNumber({ minor, currency });
        expect(json).toBe(Number(toDecimalString({ minor, currency })));
        expect(fromJsonNumber(json, currency)).toEqual({ minor, currency });
        // What actually goes over the wire must parse back too.
        expect(fromJsonNumber(JSON.parse(JSON.stringify(json)) as number, currency).minor).toBe(minor);
      }),
      { numRuns: 2000 },
    );
  });

  it('never returns a wrong number for larger amounts: exact or a MoneyError', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (minor) => {
        let json: number;
        try {
          json = toJsonNumber({ minor, currency: 'USD' });
        } catch (error) {
          expect(error).toBeInstanceOf(MoneyError);
          return;
        }
        expect(fromJsonNumber(json, 'USD').minor).toBe(minor);
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects floating-point artefacts, exponent forms and non-finite numbers', () => {
    expect(fromJsonNumber(12.5, 'USD')).toEqual({ minor: 1250, currency: 'USD' });
    expect(fromJsonNumber(-3, 'USD').minor).toBe(-300);
    expect(messageOf(() => fromJsonNumber(0.1 + 0.2, 'USD'))).toBe(
      '"0.30000000000000004" has more than 2 decimal places, which USD does not allow.',
    );
    expect(messageOf(() => fromJsonNumber(1e21, 'USD'))).toBe('Amount 1e+21 cannot be represented exactly in USD.');
    expect(messageOf(() => fromJsonNumber(1e-7, 'USD'))).toBe('Amount 1e-7 cannot be represented exactly in USD.');
    expect(messageOf(() => fromJsonNumber(Number.NaN, 'USD'))).toBe('Amount NaN is not a finite number.');
    expect(messageOf(() => fromJsonNumber(Infinity, 'USD'))).toBe('Amount Infinity is not a finite number.');
    expect(messageOf(() => fromJsonNumber(1e20, 'USD'))).toBe('"100000000000000000000" is too large.');
  });
});

describe('currencyExponent', () => {
  it('knows the common exponents', () => {
    expect(['USD', 'EUR', 'GBP', 'CHF', 'HUF'].map(currencyExponent)).toEqual([2, 2, 2, 2, 2]);
    expect(['JPY', 'KRW', 'CLP', 'ISK', 'VND', 'XOF', 'XAF'].map(currencyExponent)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(['BHD', 'JOD', 'KWD', 'OMR', 'TND', 'LYD', 'IQD'].map(currencyExponent)).toEqual([3, 3, 3, 3, 3, 3, 3]);
  });
  it('uses the ISO 4217 exponent for BIF, DJF, GNF, KMF, VUV, XPF, UYI (0) and CLF, UYW (4)', () => {
    expect(['BIF', 'DJF', 'GNF', 'KMF', 'VUV', 'XPF', 'UYI'].map(currencyExponent)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(['CLF', 'UYW'].map(currencyExponent)).toEqual([4, 4]);
  });

  it('refuses to print a fractional or unsafe minor amount', () => {
    expect(messageOf(() => toDecimalString({ minor: 1.5, currency: 'USD' }))).toContain('not a whole number');
    expect(messageOf(() => toDecimalString({ minor: MAX + 2, currency: 'USD' }))).toContain('not a whole number');
  });
});

describe('money, addMoney, totalsByCurrency', () => {
  it('builds only whole amounts with valid codes', () => {
    expect(money(5, 'USD')).toEqual({ minor: 5, currency: 'USD' });
    expect(messageOf(() => money(1.5, 'USD'))).toBe('Amount 1.5 is not a whole number of minor units.');
    expect(messageOf(() => money(MAX + 1, 'USD'))).toContain('not a whole number');
    expect(messageOf(() => money(1, 'US'))).toContain('not an ISO 4217 currency code');
    expect(messageOf(() => addMoney(money(1, 'USD'), money(1, 'EUR')))).toBe('Cannot add USD and EUR.');
    expect(messageOf(() => addMoney(money(MAX, 'USD'), money(1, 'USD')))).toContain('not a whole number');
  });

  it('sums per currency exactly, ordered by code', () => {
    const amount = fc.record({
      minor: fc.integer({ min: -1e12, max: 1e12 }),
      currency: fc.constantFrom('USD', 'EUR', 'GBP', 'JPY', 'KWD'),
    });
    fc.assert(
      fc.property(fc.array(amount, { maxLength: 60 }), (amounts) => {
        const totals = totalsByCurrency(amounts);
        const expected = new Map<string, bigint>();
        for (const a of amounts) expected.set(a.currency, (expected.get(a.currency) ?? 0n) + BigInt(a.minor));
        expect(totals.map((t) => t.currency)).toEqual([...expected.keys()].sort());
        for (const t of totals) expect(BigInt(t.minor)).toBe(expected.get(t.currency));
      }),
    );
  });

  it('handles the empty list and refuses totals beyond safe integers', () => {
    expect(totalsByCurrency([])).toEqual([]);
    expect(totalsByCurrency(new Set<Money>([money(1, 'USD')]))).toEqual([{ minor: 1, currency: 'USD' }]);
    expect(messageOf(() => totalsByCurrency([money(MAX, 'USD'), money(1, 'USD')]))).toBe('Total in USD is too large.');
  });
});

describe('formatMoney', () => {
  const nbsp = '\u00a0';
  it('formats with the currency symbol and exactly its decimals', () => {
    expect(formatMoney(money(123456, 'USD'))).toBe('$1,234.56');
    expect(formatMoney(money(-5, 'USD'))).toBe('-$0.05');
    expect(formatMoney(money(0, 'USD'))).toBe('$0.00');
    expect(formatMoney(money(1234, 'JPY'))).toBe('¥1,234');
    expect(formatMoney(money(1234, 'KWD'))).toBe(`KWD${nbsp}1.234`);
    expect(formatMoney(money(123456, 'EUR'), 'de-DE')).toBe(`1.234,56${nbsp}€`);
  });

  it('stays exact beyond double precision of the major amount', () => {
    expect(formatMoney(money(MAX, 'USD'))).toBe('$90,071,992,547,409.91');
    expect(formatMoney(money(MAX, 'JPY'))).toBe('¥9,007,199,254,740,991');
    expect(formatMoney(money(MAX, 'KWD'))).toBe(`KWD${nbsp}9,007,199,254,740.991`);
  });

  it('prints the same digits as toDecimalString for every safe amount', () => {
    fc.assert(
      fc.property(safeMinor, currencies, (minor, currency) => {
        const digitsOnly = (s: string) => s.replace(/[^\d]/g, '');
        const formatted = formatMoney({ minor, currency });
        expect(digitsOnly(formatted)).toBe(digitsOnly(toDecimalString({ minor, currency })));
        expect(formatted.includes('-')).toBe(minor < 0);
      }),
      { numRuns: 500 },
    );
  });
});
