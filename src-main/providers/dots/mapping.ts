/**
 * Dots' wire format ↔ Paydesk's model. Amounts are integer US cents on the wire; they cross here only, via money.ts.
 * Replies are checked with zod: tolerant where the spec says shapes vary (metadata string|object|null, nullable
 * payee fields), strict about what Paydesk relies on (id, amount, status, created, list paging).
 */
import { z } from 'zod';
import { money, MoneyError, type Money } from '@shared/money';
import { ProviderError } from '../http';
import { timestampWithOffset } from '../reply-parsing';
import { mapEachItem, rawId } from '../list-items';
import type { PayoutRequest, RemoteCreator, RemotePayout, SetAsideItem } from '../provider';
import {
  DOTS_CURRENCY,
  METADATA_STRING_MAY_BE_JSON,
  REFERENCE_METADATA_KEY,
  STATUS_MAP,
  TIMESTAMP_WITHOUT_OFFSET_IS_UTC,
  UNRECOGNISED_STATUS,
} from './assumptions';

import { PROVIDER_NAME } from './info';

export { PROVIDER_NAME };

const protocol = (message: string) =>
  new ProviderError('protocol', `${PROVIDER_NAME} answered in an unexpected shape: ${message}`, { provider: PROVIDER_NAME });
const invalid = (message: string) => new ProviderError('validation', message, { provider: PROVIDER_NAME });

/** Minor units → the integer cents Dots expects; refuses what Dots cannot pay (other currencies, ≤ 0). */
export function moneyToDotsCents(amount: Money): number {
  if (amount.currency !== DOTS_CURRENCY) throw invalid(`${PROVIDER_NAME} pays only in US dollars; ${amount.currency} is not possible.`);
  if (!Number.isSafeInteger(amount.minor)) throw invalid(`${amount.minor} is not a whole number of cents.`);
  if (amount.minor <= 0) throw invalid(`${PROVIDER_NAME} needs an amount above zero.`);
  return amount.minor;
}

/** Cents as Dots writes them (typed `number` in replies) → Money; fractions or negatives are protocol errors. */
export function dotsCentsToMoney(value: unknown): Money {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw protocol(`amount ${JSON.stringify(value)} is not a whole, non-negative number of cents.`);
  }
  try {
    return money(value, DOTS_CURRENCY);
  } catch (error) {
    if (error instanceof MoneyError) throw protocol(error.message);
    throw error;
  }
}

/** ISO 8601 with an offset; Dots' examples carry none, read as UTC (assumption). */
export const normaliseTimestamp = (value: string): string => timestampWithOffset(value, TIMESTAMP_WITHOUT_OFFSET_IS_UTC, protocol);

const text = z
  .string()
  .nullish()
  .transform((v) => v ?? null);
const metadataSchema = z
  .union([z.string(), z.record(z.string(), z.unknown())])
  .nullish()
  .transform((v) => v ?? null);

export const payoutLinkSchema = z.object({
  id: z.string().min(1),
  created: z.string(),
  link: text,
  amount: z.number(),
  status: z.string().min(1),
  payee: z
    .object({ first_name: text, last_name: text, email: text, country_code: text, phone_number: text })
    .nullish()
    .transform((v) => v ?? null),
  claimed_user_id: text,
  transfer_id: text,
  memo: text,
  description: text,
  metadata: metadataSchema,
});

export const userSchema = z.object({
  id: z.string().min(1),
  first_name: text,
  last_name: text,
  email: text,
  phone_number: z
    .object({ country_code: text, phone_number: text })
    .nullish()
    .transform((v) => v ?? null),
  status: text,
  metadata: metadataSchema,
});

const listSchema = z.object({ data: z.array(z.unknown()), has_more: z.boolean() });

function describeIssue(what: string, error: z.ZodError): ProviderError {
  const issue = error.issues[0];
  return protocol(`${what} field "${issue?.path.join('.') || '?'}" ${issue?.message ?? 'is invalid'}.`);
}

export function metadataObject(metadata: string | Record<string, unknown> | null): Record<string, unknown> | null {
  if (metadata === null) return null;
  if (typeof metadata !== 'string') return metadata;
  if (!METADATA_STRING_MAY_BE_JSON) return null;
  try {
    const parsed: unknown = JSON.parse(metadata);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Our reference as stored in the link's metadata, if this link was sent by Paydesk. */
export function referenceOf(metadata: string | Record<string, unknown> | null): string | null {
  const value = metadataObject(metadata)?.[REFERENCE_METADATA_KEY];
  return typeof value === 'string' && value ? value : null;
}

export function mapDotsStatus(providerStatus: string) {
  return STATUS_MAP[providerStatus.toLowerCase()] ?? UNRECOGNISED_STATUS;
}

const joinName = (first: string | null, last: string | null) => [first, last].filter(Boolean).join(' ') || null;

/** "+<country code><number>", the form Dots users' phones are cached in; null without a number. */
function payeePhone(countryCode: string | null, number: string | null): string | null {
  const digits = (number ?? '').replace(/\D/g, '');
  if (!digits) return null;
  const country = (countryCode ?? '').replace(/\D/g, '');
  return country ? `+${country}${digits}` : digits;
}

export function mapPayoutLink(body: unknown): RemotePayout {
  const parsed = payoutLinkSchema.safeParse(body);
  if (!parsed.success) throw describeIssue('payout link', parsed.error);
  const link = parsed.data;
  return {
    remoteId: link.id,
    clientReference: referenceOf(link.metadata),
    recipientName: joinName(link.payee?.first_name ?? null, link.payee?.last_name ?? null),
    recipientEmail: link.payee?.email ?? null,
    recipientHandle: null,
    recipientPhone: payeePhone(link.payee?.country_code ?? null, link.payee?.phone_number ?? null),
    creatorRemoteId: link.claimed_user_id,
    campaignRemoteId: null,
    amount: dotsCentsToMoney(link.amount),
    description: link.memo ?? link.description,
    status: mapDotsStatus(link.status),
    providerStatus: link.status,
    createdAt: normaliseTimestamp(link.created),
    updatedAt: null,
    raw: body,
  };
}

export function mapUser(body: unknown): RemoteCreator {
  const parsed = userSchema.safeParse(body);
  if (!parsed.success) throw describeIssue('user', parsed.error);
  const user = parsed.data;
  const number = user.phone_number?.phone_number ?? null;
  const countryCode = user.phone_number?.country_code ?? null;
  const phone = number ? (countryCode ? `+${countryCode}${number}` : number) : null;
  return {
    remoteId: user.id,
    name: joinName(user.first_name, user.last_name),
    email: user.email,
    handle: null,
    platform: null,
    phone,
    raw: body,
  };
}

export interface DotsListPage<T> {
  items: T[];
  /** Id of the last item when `has_more`, for `starting_after`. */
  nextCursor: string | null;
  /** Raw rows, for callers that need fields the mapped shape drops. */
  rawItems: unknown[];
  /** Items that could not be read (tolerant listings only). */
  setAside: SetAsideItem[];
}

/**
 * Reads a `{ data, has_more }` list. Strict by default: one unreadable item fails the page (look-ups must not skip
 * one). `tolerant` (the sync's listings) sets such an item aside and keeps the rest.
 */
export function parseList<T extends { remoteId: string | null }>(
  body: unknown,
  mapItem: (item: unknown) => T,
  what: string,
  tolerant = false,
): DotsListPage<T> {
  const parsed = listSchema.safeParse(body);
  if (!parsed.success) throw describeIssue(`${what} list`, parsed.error);
  const rows = parsed.data.data;
  const { items, setAside } = tolerant
    ? mapEachItem(
        rows,
        (row) => mapItem(row),
        (row) => rawId(row, ['id']),
        PROVIDER_NAME,
      )
    : { items: rows.map(mapItem), setAside: [] };
  // The cursor is the id of the last row as sent, even when that row was set aside.
  const lastId = rows.length ? (rawId(rows[rows.length - 1], ['id']) ?? items[items.length - 1]?.remoteId ?? null) : null;
  if (parsed.data.has_more && !lastId) throw protocol(`the ${what} list says it has more but returned nothing.`);
  return { items, nextCursor: parsed.data.has_more ? lastId : null, rawItems: rows, setAside };
}

export interface SendPayoutBody {
  amount: number;
  user_id?: string;
  payee?: { country_code: string; phone_number: string };
  memo: string;
  idempotency_key: string;
  metadata: Record<string, string>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Builds the `POST /v2/payouts/send-payout` body [seed]: a Dots user id when we have one, otherwise the payee's
 * phone. Our reference goes in twice: as `idempotency_key` (Dots dedupes on it for 24 h) and in metadata (the only
 * way to find the payout again afterwards).
 */
export function buildSendPayoutBody(request: PayoutRequest): SendPayoutBody {
  const amount = moneyToDotsCents(request.amount);
  if (!UUID.test(request.clientReference))
    throw invalid(`${PROVIDER_NAME} needs a UUID as idempotency key; "${request.clientReference}" is not one.`);
  const body: SendPayoutBody = {
    amount,
    memo: request.description,
    idempotency_key: request.clientReference,
    metadata: { [REFERENCE_METADATA_KEY]: request.clientReference },
  };
  const { remoteUserId, phone } = request.recipient;
  if (remoteUserId) body.user_id = remoteUserId;
  else if (phone) body.payee = { country_code: phone.countryCode.replace(/^\+/, ''), phone_number: phone.number.replace(/[\s().-]/g, '') };
  else throw invalid(`${PROVIDER_NAME} pays a Dots user or a phone number; this recipient has neither.`);
  return body;
}
