/** Talli's draft rules, CSV columns and status semantics. Sources: docs/providers/talli.md, ./assumptions.ts. */
import type { ProviderDraftRules } from '@shared/contract/providers';
import { emailRecipientMode, optionalNameField, typedPhone } from '../draft-checks';
import type { CsvExampleContext, DraftCheckContext, ProviderStatusSemantics } from '../provider';
import { STATUS_MAP } from './assumptions';
import { PROVIDER_ID, TALLI_CURRENCIES } from './info';

export const draftRules: ProviderDraftRules = {
  provider: PROVIDER_ID,
  currencies: TALLI_CURRENCIES,
  minimumMinor: 1,
  recipientModes: [
    emailRecipientMode(optionalNameField(), {
      key: 'phone',
      label: 'Phone',
      required: false,
      description: 'Optional. With the country code.',
      placeholder: '+1 202 555 0139',
    }),
  ],
  campaign: 'required',
  descriptionRequired: false,
  descriptionHint: null,
  manualStep: null,
  csvColumns: ['name', 'email', 'phone_country_code', 'phone', 'amount', 'currency', 'description', 'tags', 'campaign'],
  csvRequiredColumns: ['email', 'amount', 'currency', 'campaign'],
};

export function checkDraft(ctx: DraftCheckContext): void {
  const { typed, errors, recipient } = ctx;
  if (!typed.email && !errors['recipient.email'])
    errors['recipient.email'] = "Talli reaches beneficiaries by e-mail: enter the recipient's e-mail address.";
  if (typed.phoneNumber) {
    const phone = typedPhone(typed.phoneCountryCode, typed.phoneNumber);
    if (!phone || !/^\d{1,3}$/.test(phone.countryCode) || !/^\d{4,14}$/.test(phone.number)) {
      errors['recipient.phoneNumber'] =
        `"${typed.phoneNumber.slice(0, 30)}" is not a phone number; enter it with its country code, e.g. +1 202 555 0139.`;
    } else recipient.phone = phone;
  }
}

export function csvExample(ctx: CsvExampleContext): Record<string, string> {
  return {
    name: 'Jane Creator',
    email: 'jane.creator@example.com',
    amount: '50.00',
    currency: 'USD',
    description: 'March campaign fee',
    campaign: ctx.campaignName ?? 'name of a Talli campaign',
  };
}

export const statuses: ProviderStatusSemantics = {
  known: Object.keys(STATUS_MAP),
  pendingStep: () => null,
  cancellable: () => true,
  // Documented [seed]: POST …/{id}/:cancel; funds allocated to the instruction go back to the campaign budget.
  providerDraft: {
    action: 'cancel',
    line: "A draft made in Talli, not in Paydesk, so it is not approved or sent here: initiate it in Talli's dashboard, or cancel it at Talli.",
  },
};
