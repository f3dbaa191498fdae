/**
 * Checks that several providers' draft rules share: e-mail, social handle, UUID, IBAN (with its mod-97 check digits),
 * BIC and international phone numbers. Each provider's rules.ts decides which of them apply and words its messages.
 */
import { socialPlatforms, type RecipientFieldRule, type RecipientModeRule, type SocialPlatform } from '@shared/contract/providers';

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const SOCIAL_HANDLE = /^@[A-Za-z0-9._-]{1,100}$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const IBAN = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/;
export const BIC = /^[A-Z0-9]{8}([A-Z0-9]{3})?$/;

/** The optional name a recipient form starts with (how the creator shows in Paydesk); `description` under it. */
export function optionalNameField(description?: string): RecipientFieldRule {
  return description ? { key: 'name', label: 'Name', required: false, description } : { key: 'name', label: 'Name', required: false };
}

/** Paying by e-mail, the creator optional: `name` (see optionalNameField), the e-mail, then the provider's `extraFields`. */
export function emailRecipientMode(name: RecipientFieldRule, ...extraFields: RecipientFieldRule[]): RecipientModeRule {
  return {
    mode: 'email',
    label: 'By e-mail',
    creator: 'optional',
    fillFromCreator: ['name', 'email'],
    fields: [name, { key: 'email', label: 'E-mail', required: true }, ...extraFields],
  };
}

/** Spaces and dashes removed, upper case: how IBANs and BICs are compared and sent. */
export const compact = (value: string) => value.replace(/[\s-]/g, '').toUpperCase();

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

/** ITU-T E.164 two-digit country calling codes; 1 and 7 are the one-digit ones, everything else has three. */
const TWO_DIGIT_CALLING_CODES = new Set([
  '20',
  '27',
  '30',
  '31',
  '32',
  '33',
  '34',
  '36',
  '39',
  '40',
  '41',
  '43',
  '44',
  '45',
  '46',
  '47',
  '48',
  '49',
  '51',
  '52',
  '53',
  '54',
  '55',
  '56',
  '57',
  '58',
  '60',
  '61',
  '62',
  '63',
  '64',
  '65',
  '66',
  '81',
  '82',
  '84',
  '86',
  '90',
  '91',
  '92',
  '93',
  '94',
  '95',
  '98',
]);

/** "+1 (202) 555-0139" → country code + national number; the code's length follows from its leading digits. */
export function parseInternationalPhone(text: string): { countryCode: string; number: string } | null {
  const digits = text.replace(/[\s().-]/g, '');
  if (!/^\+\d{5,18}$/.test(digits)) return null;
  const rest = digits.slice(1);
  const length = rest[0] === '1' || rest[0] === '7' ? 1 : TWO_DIGIT_CALLING_CODES.has(rest.slice(0, 2)) ? 2 : 3;
  return { countryCode: rest.slice(0, length), number: rest.slice(length) };
}

/** A phone number typed with a separate country code field, or as one international number. */
export function typedPhone(countryCode: string, number: string): { countryCode: string; number: string } | null {
  const country = countryCode.replace(/^\+/, '');
  return country ? { countryCode: country, number: number.replace(/[\s().-]/g, '') } : parseInternationalPhone(number);
}

export function isSocialPlatform(value: string): value is SocialPlatform {
  return (socialPlatforms as readonly string[]).includes(value);
}
