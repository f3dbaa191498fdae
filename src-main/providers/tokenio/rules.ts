/** Token.io's draft rules, CSV columns and status semantics. Sources: docs/providers/tokenio.md, ./assumptions.ts. */
import type { PayoutRecipient } from '@shared/contract/payouts-model';
import type { ProviderDraftRules } from '@shared/contract/providers';
import { BIC, IBAN, compact, ibanChecksumValid } from '../draft-checks';
import type { DraftCheckContext, PayeeCheckRule, ProviderStatusSemantics } from '../provider';
import {
  DESCRIPTION_MAX_IBAN,
  DESCRIPTION_MAX_SCAN,
  DESCRIPTION_MIN_ALNUM,
  DESCRIPTION_PATTERN,
  EUR_REQUIRES_ACCOUNT_VERIFICATION,
  STATUS_MAP,
  VERIFICATION_CURRENCIES,
} from './assumptions';
import { capabilities } from './client';
import { DOMESTIC_ACCOUNT_CURRENCIES, PROVIDER_ID, TOKENIO_CURRENCIES } from './info';

export const draftRules: ProviderDraftRules = {
  provider: PROVIDER_ID,
  currencies: [...TOKENIO_CURRENCIES],
  minimumMinor: 1,
  recipientModes: [
    {
      mode: 'bank',
      label: 'To a bank account',
      creator: 'optional',
      fillFromCreator: ['name'],
      fields: [
        { key: 'accountHolderName', label: 'Account holder', required: true, description: 'As the bank knows it.' },
        { key: 'sortCode', label: 'Sort code', required: true, placeholder: '12-34-56', currencies: DOMESTIC_ACCOUNT_CURRENCIES },
        { key: 'accountNumber', label: 'Account number', required: true, placeholder: '12345678', currencies: DOMESTIC_ACCOUNT_CURRENCIES },
        {
          key: 'iban',
          label: 'IBAN',
          required: true,
          placeholder: 'DE89 3704 0044 0532 0130 00',
          excludeCurrencies: DOMESTIC_ACCOUNT_CURRENCIES,
        },
        { key: 'bic', label: 'BIC', required: false, description: 'Optional.', excludeCurrencies: DOMESTIC_ACCOUNT_CURRENCIES },
      ],
    },
  ],
  campaign: 'local',
  descriptionRequired: true,
  descriptionHint: `The reference the recipient's bank shows: at least ${DESCRIPTION_MIN_ALNUM} letters or digits; at most ${DESCRIPTION_MAX_SCAN} characters for GBP, ${DESCRIPTION_MAX_IBAN} for EUR.`,
  manualStep: null,
  csvColumns: ['account_holder', 'iban', 'bic', 'sort_code', 'account_number', 'amount', 'currency', 'description', 'tags', 'campaign'],
  csvRequiredColumns: ['account_holder', 'amount', 'currency', 'description'],
};

export function checkDraft(ctx: DraftCheckContext): void {
  const { typed, errors, recipient, currency, description } = ctx;
  const bank = typed.bank;
  const holder = bank.accountHolderName || typed.name;
  const iban = compact(bank.iban);
  const sortCode = bank.sortCode.replace(/[\s-]/g, '');
  const accountNumber = bank.accountNumber.replace(/[\s-]/g, '');
  const bic = compact(bank.bic);
  if (!holder) errors['recipient.bank.accountHolderName'] = "Enter the account holder's name as the bank knows it.";
  else if (holder.length > 140) errors['recipient.bank.accountHolderName'] = 'Keep the account holder name under 140 characters.';
  const details: NonNullable<PayoutRecipient['bank']> = { accountHolderName: holder };
  if (DOMESTIC_ACCOUNT_CURRENCIES.includes(currency) || (!iban && (sortCode || accountNumber))) {
    if (!/^\d{6}$/.test(sortCode))
      errors['recipient.bank.sortCode'] = sortCode
        ? `"${bank.sortCode.slice(0, 20)}" is not a sort code; enter six digits, e.g. 12-34-56.`
        : 'Enter the UK sort code (six digits) for a GBP payout.';
    if (!/^\d{8}$/.test(accountNumber))
      errors['recipient.bank.accountNumber'] = accountNumber
        ? `"${bank.accountNumber.slice(0, 20)}" is not a UK account number; enter eight digits.`
        : 'Enter the UK account number (eight digits) for a GBP payout.';
    details.sortCode = sortCode;
    details.accountNumber = accountNumber;
  } else {
    if (!iban) errors['recipient.bank.iban'] = `Enter the recipient's IBAN for a ${currency || 'EUR'} payout.`;
    else if (!IBAN.test(iban))
      errors['recipient.bank.iban'] =
        `"${bank.iban.slice(0, 40)}" is not an IBAN; it starts with a country code and two check digits, e.g. DE89 3704 0044 0532 0130 00.`;
    else if (!ibanChecksumValid(iban))
      errors['recipient.bank.iban'] = 'This IBAN has a typo: its check digits do not match. Compare it with the bank statement.';
    details.iban = iban;
    if (bic) {
      if (!BIC.test(bic)) errors['recipient.bank.bic'] = `"${bank.bic.slice(0, 20)}" is not a BIC; it has 8 or 11 letters and digits.`;
      else details.bic = bic;
    }
  }
  recipient.bank = details;
  if (!recipient.name && holder) recipient.name = holder;
  if (description && !errors.description) {
    const alnum = description.replace(/[^A-Za-z0-9]/g, '');
    const max = DOMESTIC_ACCOUNT_CURRENCIES.includes(currency) ? DESCRIPTION_MAX_SCAN : DESCRIPTION_MAX_IBAN;
    if (!DESCRIPTION_PATTERN.test(description))
      errors.description = 'Token.io references may use only letters, digits, spaces and - . & /.';
    else if (alnum.length < DESCRIPTION_MIN_ALNUM || /^(.)\1*$/.test(alnum))
      errors.description = `Token.io needs at least ${DESCRIPTION_MIN_ALNUM} letters or digits in the description, not all the same.`;
    else if (description.length > max) errors.description = `Token.io allows at most ${max} characters here for a ${currency} payout.`;
  }
}

export function csvExample(): Record<string, string> {
  return {
    account_holder: 'Jane Creator',
    sort_code: '20-00-00',
    account_number: '55779911',
    amount: '250.00',
    currency: 'GBP',
    description: 'Creator fee March',
    tags: 'fees',
    campaign: 'Spring launch',
  };
}

/**
 * Euro payouts go to a checked payee [T1][V1]: the account holder's name against the IBAN, asked of the payee's bank
 * before the payout is sent (and shown to whoever approves it).
 */
export const payeeCheck: PayeeCheckRule = {
  requestFor: ({ currency, recipient }) => {
    if (!EUR_REQUIRES_ACCOUNT_VERIFICATION || !VERIFICATION_CURRENCIES.includes(currency)) return null;
    const iban = recipient.bank?.iban;
    const name = recipient.bank?.accountHolderName ?? recipient.name;
    return iban && name ? { name, currency, iban } : null;
  },
};

export const statuses: ProviderStatusSemantics = {
  known: Object.keys(STATUS_MAP),
  pendingStep: () => null,
  cancellable: () => capabilities.cancelPayout,
};
