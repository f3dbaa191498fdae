/**
 * Per-provider draft rules, enforced here and published to the UI (payouts.formRules) so the form shows the same
 * rules the backend applies. Messages name the field and say what to type instead; they are shown inline.
 */
import type { ProviderId } from '../api/model';
import { MoneyError, parseDecimal, toDecimalString, type Money } from '../money/money';
import { capabilities as creatorPayCapabilities } from '../providers/creatorpay/client';
import { capabilities as talentirCapabilities } from '../providers/talentir/client';
import { NANP_PHONE_NUMBER, PHONE_COUNTRY_CODE, PHONE_NUMBER } from '../providers/dots/assumptions';
import { TALENTIR_CURRENCIES, TALENTIR_MINIMUM_MINOR } from '../providers/talentir/mapping';
import {
  DESCRIPTION_MAX_IBAN,
  DESCRIPTION_MAX_SCAN,
  DESCRIPTION_MIN_ALNUM,
  DESCRIPTION_PATTERN,
} from '../providers/tokenio/assumptions';
import { socialPlatforms, type PayoutRecipient, type ProviderDraftRules, type SocialPlatform } from './model';

/** A draft as typed: every value still text, so that each mistake gets its own message. */
export interface DraftInput {
  connectionId: string;
  creatorId?: number | null | undefined;
  recipient?: {
    name?: string | undefined;
    email?: string | undefined;
    handle?: string | undefined;
    platform?: string | undefined;
    phoneCountryCode?: string | undefined;
    phoneNumber?: string | undefined;
    userId?: string | undefined;
    bank?: {
      accountHolderName?: string | undefined;
      iban?: string | undefined;
      bic?: string | undefined;
      sortCode?: string | undefined;
      accountNumber?: string | undefined;
    } | undefined;
  } | undefined;
  amount: string;
  currency: string;
  description?: string | undefined;
  campaignId?: number | null | undefined;
  localCampaign?: string | null | undefined;
  tags?: string[] | undefined;
}

export interface CachedCreator {
  id: number;
  connectionId: string;
  remoteId: string;
  name: string | null;
  email: string | null;
  handle: string | null;
  platform: string | null;
  phone: string | null;
}

export interface CachedCampaign {
  id: number;
  connectionId: string;
  remoteId: string;
  name: string;
  status: string | null;
}

export interface DraftLookups {
  creator(id: number): CachedCreator | undefined;
  creatorByRemoteId(connectionId: string, remoteId: string): CachedCreator | undefined;
  campaign(id: number): CachedCampaign | undefined;
}

export interface ValidDraft {
  connectionId: string;
  provider: ProviderId;
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
  display: { name: string | null; email: string | null; handle: string | null };
}

export type FieldErrors = Record<string, string>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const HANDLE = /^@[A-Za-z0-9._-]{1,100}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IBAN = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/;
const BIC = /^[A-Z0-9]{8}([A-Z0-9]{3})?$/;
const MAX_TAGS = 20;
const MAX_TAG_LENGTH = 40;
const MAX_DESCRIPTION = 500;

export const PROVIDER_NAMES: Record<ProviderId, string> = {
  talentir: 'Talentir', tokenio: 'Token.io', creatorpay: 'Creator Pay', talli: 'Talli', dots: 'Dots',
};

const COMMON_COLUMNS = ['amount', 'currency', 'description', 'tags'];

/** The rules table; the CSV columns follow the draft fields each provider uses. */
export const draftRules: Record<ProviderId, ProviderDraftRules> = {
  talentir: {
    provider: 'talentir',
    currencies: [...TALENTIR_CURRENCIES],
    minimumMinor: TALENTIR_MINIMUM_MINOR,
    recipientModes: ['email', 'handle'],
    campaign: 'local',
    descriptionRequired: true,
    manualStep: talentirCapabilities.initiatePayout === true ? null : talentirCapabilities.initiatePayout,
    csvColumns: ['name', 'email', 'handle', 'platform', ...COMMON_COLUMNS, 'campaign'],
    csvRequiredColumns: ['amount', 'currency', 'description'],
  },
  tokenio: {
    provider: 'tokenio',
    currencies: ['GBP', 'EUR'],
    minimumMinor: 1,
    recipientModes: ['bank'],
    campaign: 'local',
    descriptionRequired: true,
    manualStep: null,
    csvColumns: ['account_holder', 'iban', 'bic', 'sort_code', 'account_number', ...COMMON_COLUMNS, 'campaign'],
    csvRequiredColumns: ['account_holder', 'amount', 'currency', 'description'],
  },
  creatorpay: {
    provider: 'creatorpay',
    currencies: ['USD'],
    minimumMinor: 1,
    recipientModes: ['user'],
    campaign: 'optional',
    descriptionRequired: false,
    manualStep: creatorPayCapabilities.initiatePayout === true ? null : creatorPayCapabilities.initiatePayout,
    csvColumns: ['creator_id', 'email', ...COMMON_COLUMNS, 'campaign'],
    csvRequiredColumns: ['amount', 'currency'],
  },
  talli: {
    provider: 'talli',
    currencies: ['USD'],
    minimumMinor: 1,
    recipientModes: ['email'],
    campaign: 'required',
    descriptionRequired: false,
    manualStep: null,
    csvColumns: ['name', 'email', 'phone_country_code', 'phone', ...COMMON_COLUMNS, 'campaign'],
    csvRequiredColumns: ['email', 'amount', 'currency', 'campaign'],
  },
  dots: {
    provider: 'dots',
    currencies: ['USD'],
    minimumMinor: 1,
    recipientModes: ['user', 'phone'],
    campaign: 'local',
    descriptionRequired: false,
    manualStep: null,
    csvColumns: ['name', 'user_id', 'phone_country_code', 'phone', ...COMMON_COLUMNS, 'campaign'],
    csvRequiredColumns: ['amount', 'currency'],
  },
};

const clean = (value: string | null | undefined) => (typeof value === 'string' ? value.trim() : '');
const compact = (value: string) => value.replace(/[\s-]/g, '').toUpperCase();

/** ISO 13616 mod-97 check, done on digit chunks so no big integers are needed. */
export function ibanChecksumValid(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch >= 'A' && ch <= 'Z' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of code) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

export function listCurrencies(currencies: string[]): string {
  if (currencies.length === 1) return currencies[0]!;
  return `${currencies.slice(0, -1).join(', ')} or ${currencies[currencies.length - 1]}`;
}

/** Parses the typed amount into minor units with the precise money.ts messages, then applies provider limits. */
export function parseAmount(text: string, currency: string, provider: ProviderId, errors: FieldErrors): Money | null {
  const rules = draftRules[provider];
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
    errors.amount = `${PROVIDER_NAMES[provider]}'s minimum payout is ${toDecimalString({ minor: rules.minimumMinor, currency })} ${currency}.`;
    return null;
  }
  return amount;
}

export function validateCurrency(text: string, provider: ProviderId, errors: FieldErrors): string {
  const currency = clean(text).toUpperCase();
  const rules = draftRules[provider];
  if (!currency) errors.currency = 'Choose a currency.';
  else if (!/^[A-Z]{3}$/.test(currency)) errors.currency = `"${text.trim().slice(0, 20)}" is not a currency code; use three letters such as ${rules.currencies[0]}.`;
  else if (!rules.currencies.includes(currency)) {
    errors.currency = `${PROVIDER_NAMES[provider]} pays only in ${listCurrencies(rules.currencies)}; ${currency} is not possible.`;
  }
  return currency;
}

/** ITU-T E.164 two-digit country calling codes; 1 and 7 are the one-digit ones, everything else has three. */
const TWO_DIGIT_CALLING_CODES = new Set([
  '20', '27', '30', '31', '32', '33', '34', '36', '39', '40', '41', '43', '44', '45', '46', '47', '48', '49', '51', '52', '53', '54',
  '55', '56', '57', '58', '60', '61', '62', '63', '64', '65', '66', '81', '82', '84', '86', '90', '91', '92', '93', '94', '95', '98',
]);

/** "+1 (202) 555-0139" → country code + national number; the code's length follows from its leading digits. */
function parsePhone(text: string): { countryCode: string; number: string } | null {
  const digits = text.replace(/[\s().-]/g, '');
  if (!/^\+\d{5,18}$/.test(digits)) return null;
  const rest = digits.slice(1);
  const length = rest[0] === '1' || rest[0] === '7' ? 1 : TWO_DIGIT_CALLING_CODES.has(rest.slice(0, 2)) ? 2 : 3;
  return { countryCode: rest.slice(0, length), number: rest.slice(length) };
}

function isPlatform(value: string): value is SocialPlatform {
  return (socialPlatforms as readonly string[]).includes(value);
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

/**
 * Validates a draft against its provider's rules. Returns the normalised draft, or the field errors (every field
 * is checked, so the form can show all problems at once).
 */
export function validateDraft(input: DraftInput, provider: ProviderId, lookups: DraftLookups): { ok: true; draft: ValidDraft } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const rules = draftRules[provider];
  const name = PROVIDER_NAMES[provider];
  const currency = validateCurrency(input.currency, provider, errors);
  const amount = parseAmount(input.amount, currency, provider, errors);

  const typed = input.recipient ?? {};
  let creator: CachedCreator | undefined;
  if (input.creatorId !== undefined && input.creatorId !== null) {
    creator = lookups.creator(input.creatorId);
    if (!creator) errors.creatorId = 'This creator is no longer in the cache; sync the connection or enter the recipient.';
    else if (creator.connectionId !== input.connectionId) {
      errors.creatorId = 'This creator belongs to another connection; choose one of this connection or enter the recipient.';
      creator = undefined;
    }
  }
  // A picked creator fills what was left empty; what the operator typed wins.
  const email = clean(typed.email) || (creator?.email ?? '');
  const handle = clean(typed.handle) || (creator?.handle ?? '');
  const platformText = clean(typed.platform).toLowerCase() || (creator?.platform && isPlatform(creator.platform) ? creator.platform : '');
  const recipientName = clean(typed.name) || (creator?.name ?? '');
  const phoneText = clean(typed.phoneNumber);
  const userIdText = clean(typed.userId) || (creator && (provider === 'dots' || provider === 'creatorpay') ? creator.remoteId : '');

  const recipient: PayoutRecipient = {};
  if (recipientName) recipient.name = recipientName.slice(0, 200);
  if (email) {
    if (!EMAIL.test(email)) errors['recipient.email'] = `"${email.slice(0, 80)}" is not an e-mail address.`;
    else recipient.email = email;
  }

  const description = clean(input.description);
  if (description.length > MAX_DESCRIPTION) errors.description = `Keep the description under ${MAX_DESCRIPTION} characters.`;
  else if (rules.descriptionRequired && !description) errors.description = `${name} needs a description (the reason shown to the recipient).`;

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
  if (rules.campaign === 'required' && !campaign && !errors.campaignId) errors.campaignId = `${name} pays through campaigns: choose a ${name} campaign.`;
  const localCampaign = clean(input.localCampaign) || null;
  if (localCampaign && localCampaign.length > 80) errors.localCampaign = 'Keep the campaign tag under 80 characters.';

  const tags = [...new Set((input.tags ?? []).map((t) => t.trim()).filter(Boolean))];
  if (tags.length > MAX_TAGS) errors.tags = `Use at most ${MAX_TAGS} tags.`;
  else if (tags.some((t) => t.length > MAX_TAG_LENGTH)) errors.tags = `Keep each tag under ${MAX_TAG_LENGTH} characters.`;

  switch (provider) {
    case 'talentir': {
      if (handle) {
        if (!HANDLE.test(handle)) errors['recipient.handle'] = `Social handles start with @ and contain no spaces, e.g. @jane.creates; "${handle.slice(0, 60)}" does not.`;
        else recipient.handle = handle;
        if (!platformText) errors['recipient.platform'] = `Choose the platform of ${handle.slice(0, 60)}: TikTok, Instagram or YouTube channel.`;
        else if (!isPlatform(platformText)) errors['recipient.platform'] = `"${platformText.slice(0, 40)}" is not a platform Talentir knows; use tiktok, instagram or youtube-channel.`;
        else recipient.platform = platformText;
      } else if (!email && !errors['recipient.email']) {
        errors['recipient.email'] = "Talentir pays by e-mail or social handle: enter the creator's e-mail, or an @handle with its platform.";
      }
      break;
    }
    case 'dots': {
      if (userIdText) {
        if (!UUID.test(userIdText)) errors['recipient.userId'] = `"${userIdText.slice(0, 60)}" is not a Dots user id (a UUID).`;
        else recipient.userId = userIdText;
      } else if (phoneText) {
        const country = clean(typed.phoneCountryCode).replace(/^\+/, '');
        const phone = country ? { countryCode: country, number: phoneText.replace(/[\s().-]/g, '') } : parsePhone(phoneText);
        if (!phone || !PHONE_COUNTRY_CODE.test(phone.countryCode) || !PHONE_NUMBER.test(phone.number) || (phone.countryCode === '1' && !NANP_PHONE_NUMBER.test(phone.number))) {
          errors['recipient.phoneNumber'] = `"${phoneText.slice(0, 30)}" is not a phone number Dots can text; enter the country code and number, e.g. +1 202 555 0139.`;
        } else recipient.phone = phone;
      } else {
        errors['recipient.phoneNumber'] = 'Dots pays a Dots user or a phone number: choose a Dots user or enter a phone number.';
      }
      break;
    }
    case 'talli': {
      if (!email && !errors['recipient.email']) errors['recipient.email'] = "Talli reaches beneficiaries by e-mail: enter the recipient's e-mail address.";
      if (phoneText) {
        const country = clean(typed.phoneCountryCode).replace(/^\+/, '');
        const phone = country ? { countryCode: country, number: phoneText.replace(/[\s().-]/g, '') } : parsePhone(phoneText);
        if (!phone || !/^\d{1,3}$/.test(phone.countryCode) || !/^\d{4,14}$/.test(phone.number)) {
          errors['recipient.phoneNumber'] = `"${phoneText.slice(0, 30)}" is not a phone number; enter it with its country code, e.g. +1 202 555 0139.`;
        } else recipient.phone = phone;
      }
      break;
    }
    case 'creatorpay': {
      let picked = creator;
      if (!picked && userIdText) picked = lookups.creatorByRemoteId(input.connectionId, userIdText);
      if (!picked && !userIdText && email) {
        errors['recipient.userId'] = 'Creator Pay pays only creators that exist in Creator Pay: choose a creator synced from this connection.';
      } else if (!picked) {
        errors['recipient.userId'] = userIdText
          ? `No Creator Pay creator with id "${userIdText.slice(0, 60)}" is in this connection's cache; sync the connection or choose another creator.`
          : 'Creator Pay pays only creators that exist in Creator Pay: choose a creator synced from this connection.';
      } else {
        recipient.userId = picked.remoteId;
        if (!recipient.name && picked.name) recipient.name = picked.name;
        if (!recipient.email && picked.email) recipient.email = picked.email;
        creator = picked;
      }
      break;
    }
    case 'tokenio': {
      const bank = typed.bank ?? {};
      const holder = clean(bank.accountHolderName) || recipientName;
      const iban = compact(clean(bank.iban));
      const sortCode = clean(bank.sortCode).replace(/[\s-]/g, '');
      const accountNumber = clean(bank.accountNumber).replace(/[\s-]/g, '');
      const bic = compact(clean(bank.bic));
      if (!holder) errors['recipient.bank.accountHolderName'] = "Enter the account holder's name as the bank knows it.";
      else if (holder.length > 140) errors['recipient.bank.accountHolderName'] = 'Keep the account holder name under 140 characters.';
      const details: NonNullable<PayoutRecipient['bank']> = { accountHolderName: holder };
      if (currency === 'GBP' || (!iban && (sortCode || accountNumber))) {
        if (!/^\d{6}$/.test(sortCode)) errors['recipient.bank.sortCode'] = sortCode ? `"${clean(bank.sortCode).slice(0, 20)}" is not a sort code; enter six digits, e.g. 12-34-56.` : 'Enter the UK sort code (six digits) for a GBP payout.';
        if (!/^\d{8}$/.test(accountNumber)) errors['recipient.bank.accountNumber'] = accountNumber ? `"${clean(bank.accountNumber).slice(0, 20)}" is not a UK account number; enter eight digits.` : 'Enter the UK account number (eight digits) for a GBP payout.';
        details.sortCode = sortCode;
        details.accountNumber = accountNumber;
      } else {
        if (!iban) errors['recipient.bank.iban'] = `Enter the recipient's IBAN for a ${currency || 'EUR'} payout.`;
        else if (!IBAN.test(iban)) errors['recipient.bank.iban'] = `"${clean(bank.iban).slice(0, 40)}" is not an IBAN; it starts with a country code and two check digits, e.g. DE89 3704 0044 0532 0130 00.`;
        else if (!ibanChecksumValid(iban)) errors['recipient.bank.iban'] = 'This IBAN has a typo: its check digits do not match. Compare it with the bank statement.';
        details.iban = iban;
        if (bic) {
          if (!BIC.test(bic)) errors['recipient.bank.bic'] = `"${clean(bank.bic).slice(0, 20)}" is not a BIC; it has 8 or 11 letters and digits.`;
          else details.bic = bic;
        }
      }
      recipient.bank = details;
      if (!recipient.name && holder) recipient.name = holder;
      if (description && !errors.description) {
        const alnum = description.replace(/[^A-Za-z0-9]/g, '');
        const max = currency === 'GBP' ? DESCRIPTION_MAX_SCAN : DESCRIPTION_MAX_IBAN;
        if (!DESCRIPTION_PATTERN.test(description)) errors.description = 'Token.io references may use only letters, digits, spaces and - . & /.';
        else if (alnum.length < DESCRIPTION_MIN_ALNUM || /^(.)\1*$/.test(alnum)) errors.description = `Token.io needs at least ${DESCRIPTION_MIN_ALNUM} letters or digits in the description, not all the same.`;
        else if (description.length > max) errors.description = `Token.io allows at most ${max} characters here for a ${currency} payout.`;
      }
      break;
    }
  }

  if (Object.keys(errors).length > 0 || !amount) return { ok: false, errors: Object.keys(errors).length ? errors : { amount: 'Enter an amount.' } };
  return {
    ok: true,
    draft: {
      connectionId: input.connectionId,
      provider,
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
