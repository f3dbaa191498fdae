/**
 * Token.io reply shapes and their mapping to Paydesk's model. Schemas are strict about what Paydesk relies on
 * (id, status, amount, timestamps) and tolerant elsewhere: Token.io's REST layer is a gRPC gateway, which omits
 * empty strings and empty lists, so every field we do not rely on is optional.
 */
import { z } from 'zod';
import { MoneyError, currencyExponent, parseDecimal, toDecimalString, type Money } from '@shared/money';
import { ProviderError } from '../http';
import { parseReply as parseProviderReply } from '../reply-parsing';
import type { BankDetails, PayeeCheckRequest, PayeeCheckResult, RemotePayout } from '../provider';
import { ACCEPT_EPOCH_MS_TIMESTAMPS, STATUS_MAP, VERIFICATION_STATUS_MAP } from './assumptions';

import { PROVIDER_NAME } from './info';

export { PROVIDER_NAME };

// ---------------------------------------------------------------------------------------------------------
// Amounts: { value: decimal string with at most 4 decimals, currency }
// ---------------------------------------------------------------------------------------------------------

const TOKENIO_DECIMAL = /^\d+(?:\.\d{1,4})?$/;
const CURRENCY = /^[A-Z]{3}$/;

export interface TokenioAmount {
  value: string;
  currency: string;
}

/** Provider → Paydesk. Anything that is not an exact amount in the currency's minor units is a protocol error. */
export function parseTokenioAmount(amount: TokenioAmount): Money {
  if (!CURRENCY.test(amount.currency)) {
    throw new ProviderError('protocol', `${PROVIDER_NAME} sent an amount with an invalid currency code.`, { provider: PROVIDER_NAME });
  }
  if (!TOKENIO_DECIMAL.test(amount.value)) {
    throw new ProviderError(
      'protocol',
      `${PROVIDER_NAME} sent the amount "${amount.value.slice(0, 40)}", which is not a decimal with at most 4 decimals.`,
      { provider: PROVIDER_NAME },
    );
  }
  try {
    return parseDecimal(amount.value, amount.currency);
  } catch (error) {
    if (error instanceof MoneyError) {
      throw new ProviderError('protocol', `${PROVIDER_NAME} sent an amount Paydesk cannot hold exactly: ${error.message}`, {
        provider: PROVIDER_NAME,
      });
    }
    throw error;
  }
}

/** Paydesk → provider. Amounts Token.io cannot express are refused before anything is sent. */
export function formatTokenioAmount(amount: Money): TokenioAmount {
  if (!Number.isSafeInteger(amount.minor) || amount.minor <= 0) {
    throw new ProviderError('validation', 'Token.io payouts need a positive amount.', { provider: PROVIDER_NAME });
  }
  let exponent: number;
  try {
    exponent = currencyExponent(amount.currency);
  } catch (error) {
    throw new ProviderError('validation', error instanceof Error ? error.message : 'Invalid currency.', { provider: PROVIDER_NAME });
  }
  if (exponent > 4) {
    throw new ProviderError('validation', `Token.io amounts have at most 4 decimals; ${amount.currency} has ${exponent}.`, {
      provider: PROVIDER_NAME,
    });
  }
  return { value: toDecimalString(amount), currency: amount.currency };
}

// ---------------------------------------------------------------------------------------------------------
// Reply schemas
// ---------------------------------------------------------------------------------------------------------

const optionalText = z.string().optional();

const amountSchema = z.object({ value: z.string(), currency: z.string() });

const creditorSchema = z.object({
  name: optionalText,
  ultimateCreditorName: optionalText,
  bankName: optionalText,
  iban: optionalText,
  bic: optionalText,
  accountNumber: optionalText,
  sortCode: z.union([z.string(), z.number()]).optional(),
  accountVerificationId: optionalText,
});

const initiationSchema = z.object({
  description: optionalText,
  refId: optionalText,
  onBehalfOfId: optionalText,
  amount: amountSchema,
  debtor: z.object({ accountId: optionalText }).optional(),
  creditor: creditorSchema.optional(),
});

export const payoutSchema = z.object({
  id: z.string().min(1),
  memberId: optionalText,
  status: z.string().min(1),
  createdDateTime: z.string().min(1),
  updatedDateTime: optionalText,
  bankTransactionId: optionalText,
  bankPaymentStatus: optionalText,
  statusReasonInformation: optionalText,
  initiation: initiationSchema,
});
export type TokenioPayout = z.infer<typeof payoutSchema>;

export const payoutResponseSchema = z.object({ payout: z.unknown() });

export const payoutsResponseSchema = z.object({
  // Omitted by the gateway when empty.
  payouts: z.array(z.unknown()).optional(),
  paging: z.object({ limit: z.number().int().positive().optional(), offset: optionalText }).optional(),
});

/** GET /virtual-accounts item, only what the debtor-account discovery needs (see assumptions.ts). */
export const settlementAccountSchema = z.object({ id: z.string().min(1), currency: optionalText, status: optionalText });

/** Parses a reply or throws a protocol error that names field paths but never echoes values. */
export const parseReply = <T>(schema: z.ZodType<T>, body: unknown, what: string): T =>
  parseProviderReply(schema, body, what, PROVIDER_NAME);

// ---------------------------------------------------------------------------------------------------------
// Mapping
// ---------------------------------------------------------------------------------------------------------

/** ISO 8601 with an offset (normalised to UTC), or epoch milliseconds when allowed (see assumptions.ts). */
export function parseTokenioTime(text: string, field: string): string {
  let ms = Number.NaN;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) ms = Date.parse(text);
  else if (ACCEPT_EPOCH_MS_TIMESTAMPS && /^\d{10,16}$/.test(text)) ms = Number(text);
  if (!Number.isFinite(ms)) {
    throw new ProviderError('protocol', `${PROVIDER_NAME} sent ${field} "${text.slice(0, 40)}", which is not a timestamp.`, {
      provider: PROVIDER_NAME,
    });
  }
  return new Date(ms).toISOString();
}

const compact = (value: string | number | undefined) => (value === undefined ? '' : String(value).replace(/[\s-]/g, '').toUpperCase());

/**
 * Token.io has no recipient resource, so a creator is the creditor bank account: IBAN, else sort code + account
 * number. Normalised so that "12-34-56" and "123456" are the same person.
 */
export function creatorKeyFromCreditor(
  creditor: { iban?: string; sortCode?: string | number; accountNumber?: string } | undefined,
): string | null {
  if (!creditor) return null;
  const iban = compact(creditor.iban);
  if (iban) return `iban:${iban}`;
  const sortCode = compact(creditor.sortCode);
  const accountNumber = compact(creditor.accountNumber);
  if (sortCode && accountNumber) return `scan:${sortCode}:${accountNumber}`;
  return null;
}

export function toRemotePayout(payout: TokenioPayout, raw: unknown): RemotePayout {
  const initiation = payout.initiation;
  return {
    remoteId: payout.id,
    clientReference: initiation.refId ?? null,
    recipientName: initiation.creditor?.name ?? initiation.creditor?.ultimateCreditorName ?? null,
    recipientEmail: null,
    recipientHandle: null,
    creatorRemoteId: creatorKeyFromCreditor(initiation.creditor),
    campaignRemoteId: null,
    amount: parseTokenioAmount(initiation.amount),
    description: initiation.description ?? null,
    status: STATUS_MAP[payout.status] ?? 'unknown',
    providerStatus: payout.status,
    createdAt: parseTokenioTime(payout.createdDateTime, 'createdDateTime'),
    updatedAt: payout.updatedDateTime ? parseTokenioTime(payout.updatedDateTime, 'updatedDateTime') : null,
    statusReason: payout.statusReasonInformation ?? null,
    raw,
  };
}

export function mapPayoutReply(body: unknown, what: string): RemotePayout {
  const payout = parseReply(payoutSchema, body, what);
  return toRemotePayout(payout, body);
}

/**
 * The creditor block of POST /payouts, from our bank details; spaces and dashes are dropped as banks ignore them.
 * An EUR payout carries the id of its account verification [T1][V1].
 */
export function creditorFromBank(bank: BankDetails, accountVerificationId?: string): Record<string, string> {
  const creditor: Record<string, string> = { name: bank.accountHolderName.trim() };
  if (bank.iban) {
    creditor.iban = compact(bank.iban);
    if (bank.bic) creditor.bic = compact(bank.bic);
  } else if (bank.sortCode && bank.accountNumber) {
    creditor.sortCode = compact(bank.sortCode);
    creditor.accountNumber = compact(bank.accountNumber);
  }
  if (accountVerificationId) creditor.accountVerificationId = accountVerificationId;
  return creditor;
}

// ---------------------------------------------------------------------------------------------------------
// Account verification [V1]
// ---------------------------------------------------------------------------------------------------------

export interface AccountVerificationBody {
  account: { name: string; currency: string; iban: string };
  virtualAccountId?: string;
}

/** The POST /account-verifications body: the payee's name, EUR and the IBAN (compacted), and the settlement account. */
export function accountVerificationBody(request: PayeeCheckRequest, virtualAccountId: string | undefined): AccountVerificationBody {
  return {
    account: { name: request.name.trim(), currency: request.currency, iban: compact(request.iban) },
    ...(virtualAccountId ? { virtualAccountId } : {}),
  };
}

const verificationStatus = z.enum(Object.keys(VERIFICATION_STATUS_MAP) as [keyof typeof VERIFICATION_STATUS_MAP]);

export const accountVerificationSchema = z.object({
  id: z.string().min(1),
  result: z.object({
    status: verificationStatus,
    // Omitted by the gateway when empty, like every list.
    reasons: z.array(z.string()).optional(),
    details: optionalText,
    matched: z.object({ name: optionalText }).optional(),
  }),
});

export function mapAccountVerification(body: unknown, what: string): PayeeCheckResult {
  const parsed = parseReply(accountVerificationSchema, body, what);
  return {
    checkId: parsed.id,
    outcome: VERIFICATION_STATUS_MAP[parsed.result.status],
    providerStatus: parsed.result.status,
    matchedName: parsed.result.matched?.name?.trim() || null,
    details: parsed.result.details ?? null,
    reasons: parsed.result.reasons ?? [],
  };
}
