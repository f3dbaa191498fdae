/** Renderer logic of the controls screens: the policy form's new limits, Verify's wording, huge amounts, filters. */
import { describe, expect, it } from 'vitest';
import type { AuditVerification, PayoutPolicy } from '../../../src-shared/contract';
import { policyInput } from '../../../src-shared/contract/payouts';
import { toValues, validate } from '../../../src-renderer/src/screens/settings/policyForm';
import { describeVerification } from '../../../src-renderer/src/screens/audit/verification';
import { formatAmount, formatAmountPieces } from '../../../src-renderer/src/lib/formatAmount';
import { moreFiltersSet } from '../../../src-renderer/src/screens/payouts/filterGroups';
import { emptyPayoutFilters } from '../../../src-renderer/src/stores/payoutsViewStore';

const policy: PayoutPolicy = {
  approvalThresholds: [{ minor: 100_000, currency: 'EUR' }],
  maxPerPayout: [
    { minor: 1_000_000, currency: 'EUR' },
    { minor: 1_000_000, currency: 'GBP' },
  ],
  dailyCaps: [{ connectionId: 'c1', cap: { minor: 500_000, currency: 'EUR' } }],
  workspaceDailyCaps: [{ minor: 2_000_000, currency: 'EUR' }],
  makerMayApproveOwn: false,
  payeeCheckMaxAgeHours: 24,
  payeeNoMatchBlocks: true,
  duplicateWindowDays: 30,
  stuckAfterDays: 7,
  expiringWithinDays: 3,
};
const currencies = () => ['EUR', 'GBP'];

describe('policy form', () => {
  it('round-trips every field of the policy, the new limits included, into what the contract accepts', () => {
    const checked = validate(toValues(policy), currencies);
    expect(checked.errors).toEqual({});
    expect(checked.input).toEqual(policy);
    expect(policyInput.safeParse(checked.input).success).toBe(true);
  });

  it('refuses a zero or absurd limit and a second maximum for one currency, at the field main would name', () => {
    const values = toValues(policy);
    values.maxes = [
      { currency: 'EUR', amount: '0.00' },
      { currency: 'EUR', amount: '10.00' },
    ];
    values.workspaceCaps = [{ currency: 'GBP', amount: '1000000000.01' }];
    values.makerMayApproveOwn = true;
    const { errors, input } = validate(values, currencies);
    expect(input).toBeNull();
    expect(errors).toEqual({
      'maxPerPayout.0.minor': 'A limit must be above zero.',
      'maxPerPayout.1.currency': 'EUR already has a maximum.',
      'workspaceDailyCaps.0.minor': 'That limit is too large to mean anything; enter what one payout or one day may really be.',
    });
    // The same limits are refused by the contract, so the form never sends what main would refuse.
    expect(policyInput.safeParse({ ...policy, maxPerPayout: [{ minor: 0, currency: 'EUR' }] }).success).toBe(false);
    expect(policyInput.safeParse({ ...policy, workspaceDailyCaps: [{ minor: 100_000_000_001, currency: 'GBP' }] }).success).toBe(false);
  });

  it('keeps the maker switch', () => {
    const values = { ...toValues(policy), makerMayApproveOwn: true };
    expect(validate(values, currencies).input?.makerMayApproveOwn).toBe(true);
  });
});

describe('Verify in words', () => {
  it('is green only when intact and anchored; intact but unanchored is yellow with the reason; broken is red and named', () => {
    const anchored: AuditVerification = { intact: true, anchored: true, checked: 12, anchoredThrough: 12 };
    const unanchored: AuditVerification = { intact: true, anchored: false, checked: 12, reason: 'This computer has no keychain.' };
    const broken: AuditVerification = {
      intact: false,
      anchored: true,
      checked: 4,
      brokenSeq: 5,
      kind: 'forged',
      reason: 'Its MAC does not match.',
    };
    expect(describeVerification(anchored)).toMatchObject({ tone: 'green', title: 'Audit trail intact and anchored — 12 events checked' });
    const u = describeVerification(unanchored);
    expect(u.tone).toBe('yellow');
    expect(u.title).not.toMatch(/^Audit trail intact/);
    expect(u.detail).toContain('This computer has no keychain.');
    expect(describeVerification(broken)).toEqual({
      tone: 'red',
      title: 'Audit trail broken at event #5: an event was forged',
      detail: 'Its MAC does not match.',
    });
  });
});

describe('huge amounts', () => {
  it('are cut only after thousands separators, and the pieces are exactly the formatted amount', () => {
    for (const [minor, currency] of [
      [9_999_999_999_900, 'GBP'],
      [5, 'EUR'],
      [123_456_789, 'JPY'],
      [100_000, 'XYZ'],
    ] as const) {
      const pieces = formatAmountPieces(minor, currency, 'en-GB');
      expect(pieces.join('')).toBe(formatAmount(minor, currency, 'en-GB'));
    }
    expect(formatAmountPieces(9_999_999_999_900, 'GBP', 'en-GB')).toEqual(['£99,', '999,', '999,', '999.00']);
  });
});

describe('payout filters', () => {
  it('count the folded-away filters that are set', () => {
    expect(moreFiltersSet(emptyPayoutFilters)).toBe(0);
    expect(moreFiltersSet({ ...emptyPayoutFilters, search: 'x', connectionId: 'c', statuses: ['paid'] })).toBe(0);
    expect(moreFiltersSet({ ...emptyPayoutFilters, currency: 'EUR', minAmount: '5', campaign: { id: 1, label: 'A' } })).toBe(3);
  });
});
