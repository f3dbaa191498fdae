/** Dots' draft rules, CSV columns and status semantics. Sources: docs/providers/dots.md, ./assumptions.ts. */
import type { ProviderDraftRules } from '@shared/contract/providers';
import { UUID, optionalNameField, typedPhone } from '../draft-checks';
import type { DraftCheckContext, ProviderStatusSemantics } from '../provider';
import { CANCELLABLE_STATUSES, DOTS_CURRENCY, NANP_PHONE_NUMBER, PHONE_COUNTRY_CODE, PHONE_NUMBER, STATUS_MAP } from './assumptions';
import { PROVIDER_ID } from './info';

/** The North American Numbering Plan's country calling code: its national numbers have ten digits. */
const NANP_COUNTRY_CODE = '1';

export const draftRules: ProviderDraftRules = {
  provider: PROVIDER_ID,
  currencies: [DOTS_CURRENCY],
  minimumMinor: 1,
  recipientModes: [
    { mode: 'user', label: 'To a Dots user', creator: 'required', fillFromCreator: ['name', 'userId'], fields: [] },
    {
      mode: 'phone',
      label: 'By phone number',
      creator: 'hidden',
      fillFromCreator: [],
      fields: [
        optionalNameField(),
        {
          key: 'phone',
          label: 'Phone',
          required: true,
          description: 'With the country code. Dots texts the payout link to it.',
          placeholder: '+1 202 555 0139',
        },
      ],
    },
  ],
  campaign: 'local',
  descriptionRequired: false,
  descriptionHint: null,
  manualStep: null,
  csvColumns: ['name', 'user_id', 'phone_country_code', 'phone', 'amount', 'currency', 'description', 'tags', 'campaign'],
  csvRequiredColumns: ['amount', 'currency'],
};

export function checkDraft(ctx: DraftCheckContext): void {
  const { typed, errors, recipient } = ctx;
  if (typed.userId) {
    if (!UUID.test(typed.userId)) errors['recipient.userId'] = `"${typed.userId.slice(0, 60)}" is not a Dots user id (a UUID).`;
    else recipient.userId = typed.userId;
  } else if (typed.phoneNumber) {
    const phone = typedPhone(typed.phoneCountryCode, typed.phoneNumber);
    if (
      !phone ||
      !PHONE_COUNTRY_CODE.test(phone.countryCode) ||
      !PHONE_NUMBER.test(phone.number) ||
      (phone.countryCode === NANP_COUNTRY_CODE && !NANP_PHONE_NUMBER.test(phone.number))
    ) {
      errors['recipient.phoneNumber'] =
        `"${typed.phoneNumber.slice(0, 30)}" is not a phone number Dots can text; enter the country code and number, e.g. +1 202 555 0139.`;
    } else recipient.phone = phone;
  } else {
    errors['recipient.phoneNumber'] = 'Dots pays a Dots user or a phone number: choose a Dots user or enter a phone number.';
  }
}

export function csvExample(): Record<string, string> {
  return {
    name: 'Jane Creator',
    phone_country_code: '1',
    phone: '2025550139',
    amount: '25.00',
    currency: 'USD',
    description: 'March campaign fee',
    tags: 'spring',
  };
}

const cancellableStatuses: readonly string[] = CANCELLABLE_STATUSES;

export const statuses: ProviderStatusSemantics = {
  known: Object.keys(STATUS_MAP),
  pendingStep: () => null,
  cancellable: (providerStatus) =>
    providerStatus === null || cancellableStatuses.includes(providerStatus)
      ? true
      : `Dots no longer lets Paydesk cancel this payout link: it is "${providerStatus}".`,
};
