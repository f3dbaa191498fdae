/**
 * The generic half of the draft rules (amount, currency, description, campaign, tags, e-mail); each provider's module
 * adds its own (src-main/providers/<id>/rules.ts, ProviderModule.checkDraft). Published to the UI with the provider
 * catalog, so the form shows the same rules the backend applies. Messages name the field and say what to type
 * instead; they are shown inline.
 */
import type { PayoutRecipient } from '@shared/contract/payouts-model';
import type { ProviderDraftRules } from '@shared/contract/providers';
import { MoneyError, parseDecimal, toDecimalString, type Money } from '@shared/money';
import { EMAIL, isSocialPlatform } from '../providers/draft-checks';
import type { CachedCampaign, CachedCreator, DraftLookups, FieldErrors, ProviderModule, TypedRecipient } from '../providers/provider';

export type { CachedCampaign, CachedCreator, DraftLookups, FieldErrors };

/** A draft as typed: every value still text, so that each mistake gets its own message. */
export interface DraftInput {
  connectionId: string;
  creatorId?: number | null | undefined;
  recipient?:
    | {
        name?: string | undefined;
        email?: string | undefined;
        handle?: string | undefined;
        platform?: string | undefined;
        phoneCountryCode?: string | undefined;
        phoneNumber?: string | undefined;
        userId?: string | undefined;
        bank?:
          | {
              accountHolderName?: string | undefined;
              iban?: string | undefined;
              bic?: string | undefined;
              sortCode?: string | undefined;
              accountNumber?: string | undefined;
            }
          | undefined;
      }
    | undefined;
  amount: string;
  currency: string;
  description?: string | undefined;
  campaignId?: number | null | undefined;
  localCampaign?: string | null | undefined;
  tags?: string[] | undefined;
}

export interface ValidDraft {
  connectionId: string;
  provider: string;
  creatorId: number | null;
  recipient: PayoutRecipient;
  /** Normalised key of the recipient for the duplicate check (user:, email:, handle:, phone:, iban:, scan:). */
  recipientKeys: string[];
  amount: Money;
  description: string | null;
  campaignId: number | null;
  campaignRemoteId: string | null;
  localCampaign: string | null;
  tags: string[];
  display: { name: string | null; email: string | null; handle: string | null; phone: string | null };
}

const MAX_TAGS = 20;
const MAX_TAG_LENGTH = 40;
const MAX_DESCRIPTION = 500;

const clean = (value: string | null | undefined) => (typeof value === 'string' ? value.trim() : '');

export function listCurrencies(currencies: string[]): string {
  if (currencies.length === 1) return currencies[0]!;
  return `${currencies.slice(0, -1).join(', ')} or ${currencies[currencies.length - 1]}`;
}

/** Parses the typed amount into minor units with the precise money.ts messages, then applies provider limits. */
export function parseAmount(text: string, currency: string, module: ProviderModule, errors: FieldErrors): Money | null {
  const rules = module.info.draftRules;
  const parsingCurrency = /^[A-Z]{3}$/.test(currency) ? currency : 'USD';
  let amount: Money;
  try {
    amount = parseDecimal(text, parsingCurrency);
  } catch (error) {
    errors.amount = error instanceof MoneyError ? error.message : 'Enter an amount such as 125.50.';
    return null;
  }
  if (amount.minor === 0) {
    errors.amount = 'Enter an amount above zero.';
    return null;
  }
  if (rules.minimumMinor !== null && amount.minor < rules.minimumMinor && rules.currencies.includes(currency)) {
    errors.amount = `${module.info.name}'s minimum payout is ${toDecimalString({ minor: rules.minimumMinor, currency })} ${currency}.`;
    return null;
  }
  return amount;
}

export function validateCurrency(text: string, module: ProviderModule, errors: FieldErrors): string {
  const currency = clean(text).toUpperCase();
  const rules = module.info.draftRules;
  if (!currency) errors.currency = 'Choose a currency.';
  else if (!/^[A-Z]{3}$/.test(currency))
    errors.currency = `"${text.trim().slice(0, 20)}" is not a currency code; use three letters such as ${rules.currencies[0]}.`;
  else if (!rules.currencies.includes(currency)) {
    errors.currency = `${module.info.name} pays only in ${listCurrencies(rules.currencies)}; ${currency} is not possible.`;
  }
  return currency;
}

export function recipientKeys(recipient: PayoutRecipient): string[] {
  const keys: string[] = [];
  if (recipient.userId) keys.push(`user:${recipient.userId.toLowerCase()}`);
  if (recipient.email) keys.push(`email:${recipient.email.toLowerCase()}`);
  if (recipient.handle) keys.push(`handle:${recipient.handle.toLowerCase()}`);
  if (recipient.phone) keys.push(`phone:${recipient.phone.countryCode}${recipient.phone.number}`);
  if (recipient.bank?.iban) keys.push(`iban:${recipient.bank.iban}`);
  if (recipient.bank?.sortCode && recipient.bank.accountNumber) keys.push(`scan:${recipient.bank.sortCode}${recipient.bank.accountNumber}`);
  return keys;
}

/** Whether some recipient mode of the provider pays a provider-side user, whose id a picked creator supplies. */
function paysUsers(rules: ProviderDraftRules): boolean {
  return rules.recipientModes.some((m) => m.fillFromCreator.includes('userId'));
}

/**
 * Validates a draft against the generic rules and its provider's. Returns the normalised draft, or the field errors
 * (every field is checked, so the form can show all problems at once).
 */
export function validateDraft(
  input: DraftInput,
  module: ProviderModule,
  lookups: DraftLookups,
): { ok: true; draft: ValidDraft } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const rules = module.info.draftRules;
  const name = module.info.name;
  const currency = validateCurrency(input.currency, module, errors);
  const amount = parseAmount(input.amount, currency, module, errors);

  const typedInput = input.recipient ?? {};
  let creator: CachedCreator | undefined;
  if (input.creatorId !== undefined && input.creatorId !== null) {
    creator = lookups.creator(input.creatorId);
    if (!creator) errors.creatorId = 'This creator is no longer in the cache; sync the connection or enter the recipient.';
    else if (creator.connectionId !== input.connectionId) {
      errors.creatorId = 'This creator belongs to another connection; choose one of this connection or enter the recipient.';
      creator = undefined;
    }
  }
  // A picked creator fills what was left empty; what the operator typed wins. A typed e-mail means "pay by e-mail"
  // (the creator's handle is not slipped in), a typed handle "pay this handle"; and the creator's platform goes only
  // with the creator's own handle, never with another one the operator typed.
  const bank = typedInput.bank ?? {};
  const typedEmail = clean(typedInput.email);
  const typedHandle = clean(typedInput.handle);
  const handle = typedHandle || (typedEmail ? '' : (creator?.handle ?? ''));
  const creatorsHandle = Boolean(creator?.handle) && handle.toLowerCase() === creator!.handle!.toLowerCase();
  const typed: TypedRecipient = {
    name: clean(typedInput.name) || (creator?.name ?? ''),
    email: typedEmail || (typedHandle ? '' : (creator?.email ?? '')),
    handle,
    platform:
      clean(typedInput.platform).toLowerCase() ||
      (creatorsHandle && creator?.platform && isSocialPlatform(creator.platform) ? creator.platform : ''),
    phoneCountryCode: clean(typedInput.phoneCountryCode),
    phoneNumber: clean(typedInput.phoneNumber),
    userId: clean(typedInput.userId) || (creator && paysUsers(rules) ? creator.remoteId : ''),
    bank: {
      accountHolderName: clean(bank.accountHolderName),
      iban: clean(bank.iban),
      bic: clean(bank.bic),
      sortCode: clean(bank.sortCode),
      accountNumber: clean(bank.accountNumber),
    },
  };

  const recipient: PayoutRecipient = {};
  if (typed.name) recipient.name = typed.name.slice(0, 200);
  if (typed.email) {
    if (!EMAIL.test(typed.email)) errors['recipient.email'] = `"${typed.email.slice(0, 80)}" is not an e-mail address.`;
    else recipient.email = typed.email;
  }

  const description = clean(input.description);
  if (description.length > MAX_DESCRIPTION) errors.description = `Keep the description under ${MAX_DESCRIPTION} characters.`;
  else if (rules.descriptionRequired && !description)
    errors.description = `${name} needs a description (the reason shown to the recipient).`;

  let campaign: CachedCampaign | undefined;
  if (input.campaignId !== undefined && input.campaignId !== null) {
    campaign = lookups.campaign(input.campaignId);
    if (!campaign) errors.campaignId = 'This campaign is no longer in the cache; sync the connection.';
    else if (campaign.connectionId !== input.connectionId) {
      errors.campaignId = `This campaign belongs to another connection; choose a ${name} campaign of this connection.`;
      campaign = undefined;
    } else if (rules.campaign === 'local') {
      errors.campaignId = `${name} has no campaigns; use a local campaign tag instead.`;
      campaign = undefined;
    }
  }
  if (rules.campaign === 'required' && !campaign && !errors.campaignId)
    errors.campaignId = `${name} pays through campaigns: choose a ${name} campaign.`;
  const localCampaign = clean(input.localCampaign) || null;
  if (localCampaign && localCampaign.length > 80) errors.localCampaign = 'Keep the campaign tag under 80 characters.';

  const tags = [...new Set((input.tags ?? []).map((t) => t.trim()).filter(Boolean))];
  if (tags.length > MAX_TAGS) errors.tags = `Use at most ${MAX_TAGS} tags.`;
  else if (tags.some((t) => t.length > MAX_TAG_LENGTH)) errors.tags = `Keep each tag under ${MAX_TAG_LENGTH} characters.`;

  const checked = module.checkDraft({
    connectionId: input.connectionId,
    typed,
    creator,
    lookups,
    currency,
    description,
    recipient,
    errors,
  });
  if (checked?.creator) creator = checked.creator;

  if (Object.keys(errors).length > 0 || !amount)
    return { ok: false, errors: Object.keys(errors).length ? errors : { amount: 'Enter an amount.' } };
  return {
    ok: true,
    draft: {
      connectionId: input.connectionId,
      provider: module.info.id,
      creatorId: creator?.id ?? null,
      recipient,
      recipientKeys: recipientKeys(recipient),
      amount,
      description: description || null,
      campaignId: campaign?.id ?? null,
      campaignRemoteId: campaign?.remoteId ?? null,
      localCampaign,
      tags,
      display: {
        name: recipient.name ?? recipient.bank?.accountHolderName ?? null,
        email: recipient.email ?? null,
        handle: recipient.handle ?? null,
        // A payout to a phone names its payee by that number when nobody typed a name.
        phone: recipient.phone ? `+${recipient.phone.countryCode}${recipient.phone.number}` : null,
      },
    },
  };
}

/** Bank numbers in audit details and messages: enough to recognise the account, not to copy it. */
export function maskRecipient(recipient: PayoutRecipient | null): Record<string, unknown> | null {
  if (!recipient) return null;
  const mask = (v: string | undefined) => (v ? `••••${v.slice(-4)}` : undefined);
  const out: Record<string, unknown> = { ...recipient };
  if (recipient.bank) {
    out.bank = {
      accountHolderName: recipient.bank.accountHolderName,
      iban: mask(recipient.bank.iban),
      sortCode: recipient.bank.sortCode,
      accountNumber: mask(recipient.bank.accountNumber),
      bic: recipient.bank.bic,
    };
  }
  if (recipient.phone) out.phone = { countryCode: recipient.phone.countryCode, number: mask(recipient.phone.number) };
  return out;
}
