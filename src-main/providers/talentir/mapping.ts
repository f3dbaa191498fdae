/**
 * Talentir's wire format ↔ Paydesk's model. Amounts cross here and only here, always through money.ts.
 * Replies are checked with zod: tolerant about field names the docs do not fix (see assumptions.ts), strict about
 * what Paydesk relies on (id, status, amount, currency, creation time).
 */
import { z } from 'zod';
import { fromJsonNumber, money, MoneyError, parseDecimal, toDecimalString, type Money } from '@shared/money';
import { ProviderError } from '../http';
import { timestampWithOffset } from '../reply-parsing';
import { mapEachItem, rawId } from '../list-items';
import type { PayoutRequest, RemotePayout, SetAsideItem } from '../provider';
import {
  ACCEPT_NUMERIC_AMOUNTS_IN_REPLIES,
  AMOUNT_DECIMALS_SENT,
  BARE_ARRAY_CURSOR_IS_LAST_ID,
  LIST_ITEMS_FIELDS,
  LIST_NEXT_CURSOR_FIELDS,
  PAYOUT_FIELD_ALIASES,
  SEND_PRE_APPROVED,
  SINGLE_PAYOUT_WRAPPER_FIELDS,
  STATUS_MAP,
  TEAM_NAME_FIELDS,
  TIMESTAMP_WITHOUT_OFFSET_IS_UTC,
  UNRECOGNISED_STATUS,
} from './assumptions';

import { PROVIDER_NAME, TALENTIR_CURRENCIES, TALENTIR_MINIMUM_MINOR } from './info';

export { PROVIDER_NAME, TALENTIR_CURRENCIES, TALENTIR_MINIMUM_MINOR };
export type TalentirCurrency = (typeof TALENTIR_CURRENCIES)[number];
export const HANDLE_TYPES = ['tiktok', 'instagram', 'youtube-channel', 'none'] as const;

const protocol = (message: string) =>
  new ProviderError('protocol', `${PROVIDER_NAME} answered in an unexpected shape: ${message}`, { provider: PROVIDER_NAME });

export function isTalentirCurrency(currency: string): currency is TalentirCurrency {
  return (TALENTIR_CURRENCIES as readonly string[]).includes(currency);
}

/** Minor units → the `payoutAmount` string Talentir expects; refuses what Talentir cannot pay. */
export function moneyToTalentirAmount(amount: Money): string {
  if (!isTalentirCurrency(amount.currency)) {
    throw new ProviderError(
      'validation',
      `${PROVIDER_NAME} pays only in ${TALENTIR_CURRENCIES.join(', ')}; ${amount.currency} is not possible.`,
      { provider: PROVIDER_NAME },
    );
  }
  if (!Number.isSafeInteger(amount.minor)) {
    throw new ProviderError('validation', `${amount.minor} is not a whole number of minor units.`, { provider: PROVIDER_NAME });
  }
  if (amount.minor < TALENTIR_MINIMUM_MINOR) {
    throw new ProviderError(
      'validation',
      `${PROVIDER_NAME} pays at least 0.10 ${amount.currency}; ${toDecimalString(amount)} is too small.`,
      { provider: PROVIDER_NAME },
    );
  }
  return toDecimalString(amount, AMOUNT_DECIMALS_SENT);
}

/** An amount as Talentir writes it → minor units, exactly; anything inexact is a protocol error, never rounded. */
export function talentirAmountToMoney(value: unknown, currency: string): Money {
  try {
    if (typeof value === 'string') return money(parseDecimal(value, currency).minor, currency);
    if (typeof value === 'number' && ACCEPT_NUMERIC_AMOUNTS_IN_REPLIES) {
      const parsed = fromJsonNumber(value, currency);
      if (parsed.minor < 0) throw new MoneyError(`Amount ${value} is negative.`);
      return parsed;
    }
  } catch (error) {
    if (error instanceof MoneyError) throw protocol(`amount ${JSON.stringify(value)} ${currency}: ${error.message}`);
    throw error;
  }
  throw protocol(`amount ${JSON.stringify(value)} is not a decimal string.`);
}

/** ISO 8601 with an offset; a missing offset is read as UTC (assumption). */
export const normaliseTimestamp = (value: string): string => timestampWithOffset(value, TIMESTAMP_WITHOUT_OFFSET_IS_UTC, protocol);

const nullableText = z
  .string()
  .nullish()
  .transform((v) => v ?? null);

const normalisedPayoutSchema = z.object({
  id: z.string().min(1),
  customId: nullableText,
  status: z.string().min(1),
  amount: z.union([z.string(), z.number()]),
  currency: z
    .string()
    .transform((c) => c.toUpperCase())
    .pipe(z.string().regex(/^[A-Z]{3}$/)),
  description: nullableText,
  email: nullableText,
  creatorHandle: nullableText,
  handleType: nullableText,
  createdAt: z.string(),
  updatedAt: nullableText,
});

function firstPresent(record: Record<string, unknown>, keys: readonly string[]): unknown {
  for (const key of keys) if (record[key] !== undefined) return record[key];
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Unwraps `{ payout: {...} }` style envelopes when the reply is not itself a payout. */
export function unwrapSinglePayout(body: unknown): unknown {
  if (!isRecord(body)) return body;
  if (firstPresent(body, PAYOUT_FIELD_ALIASES.status) !== undefined) return body;
  for (const key of SINGLE_PAYOUT_WRAPPER_FIELDS) if (isRecord(body[key])) return body[key];
  return body;
}

export function mapTalentirStatus(providerStatus: string) {
  return STATUS_MAP[providerStatus.toLowerCase()] ?? UNRECOGNISED_STATUS;
}

/**
 * Talentir has no creator resource: a payout's recipient is the creator. This key groups payouts to the same person
 * (same platform handle, or same e-mail) into one derived creator.
 */
export function derivedCreatorKey(handleType: string | null, handle: string | null, email: string | null): string | null {
  if (handle && handleType && handleType !== 'none') return `${handleType}:${handle.toLowerCase()}`;
  if (email) return `email:${email.trim().toLowerCase()}`;
  return null;
}

export function mapTalentirPayout(body: unknown): RemotePayout {
  const raw = unwrapSinglePayout(body);
  if (!isRecord(raw)) throw protocol('a payout is not a JSON object.');
  const normalised = Object.fromEntries(
    Object.entries(PAYOUT_FIELD_ALIASES).map(([field, aliases]) => [field, firstPresent(raw, aliases)]),
  );
  const parsed = normalisedPayoutSchema.safeParse(normalised);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw protocol(`payout field "${issue?.path.join('.') ?? '?'}" ${issue?.message ?? 'is invalid'}.`);
  }
  const p = parsed.data;
  const handleType = p.handleType ?? (p.creatorHandle ? null : 'none');
  return {
    remoteId: p.id,
    clientReference: p.customId,
    recipientName: null,
    recipientEmail: p.email,
    recipientHandle: p.creatorHandle,
    recipientPlatform: p.creatorHandle && handleType && handleType !== 'none' ? handleType : null,
    creatorRemoteId: derivedCreatorKey(handleType, p.creatorHandle, p.email),
    campaignRemoteId: null,
    amount: talentirAmountToMoney(p.amount, p.currency),
    description: p.description,
    status: mapTalentirStatus(p.status),
    providerStatus: p.status,
    createdAt: normaliseTimestamp(p.createdAt),
    updatedAt: p.updatedAt ? normaliseTimestamp(p.updatedAt) : null,
    raw,
  };
}

export interface TalentirListPage {
  items: RemotePayout[];
  nextCursor: string | null;
  /** Payouts of the page that could not be read; the others are kept. */
  setAside: SetAsideItem[];
}

/** Reads a `GET /payouts` reply whatever envelope it uses (see assumptions.ts), and finds the next cursor. */
export function parseTalentirPayoutList(body: unknown, requestedLimit: number): TalentirListPage {
  let rawItems: unknown;
  let nextCursor: string | null = null;
  if (Array.isArray(body)) {
    rawItems = body;
  } else if (isRecord(body)) {
    const key = LIST_ITEMS_FIELDS.find((k) => Array.isArray(body[k]));
    if (!key) throw protocol(`the payout list has none of the fields ${LIST_ITEMS_FIELDS.join(', ')}.`);
    rawItems = body[key];
    const cursor = firstPresent(body, LIST_NEXT_CURSOR_FIELDS);
    if (cursor !== undefined && cursor !== null && cursor !== '') {
      if (typeof cursor !== 'string' && typeof cursor !== 'number') throw protocol('the next-page cursor is neither text nor a number.');
      nextCursor = String(cursor);
    }
  } else {
    throw protocol('the payout list is neither an array nor an object.');
  }
  const rows = rawItems as unknown[];
  const idOf = (row: unknown) => rawId(unwrapSinglePayout(row), PAYOUT_FIELD_ALIASES.id);
  const { items, setAside } = mapEachItem(rows, mapTalentirPayout, idOf, PROVIDER_NAME);
  if (Array.isArray(body) && BARE_ARRAY_CURSOR_IS_LAST_ID && rows.length >= requestedLimit) {
    nextCursor = idOf(rows[rows.length - 1]);
  }
  return { items, nextCursor, setAside };
}

export function describeTeam(body: unknown): string {
  if (isRecord(body)) {
    const name = firstPresent(body, TEAM_NAME_FIELDS);
    if (typeof name === 'string' && name.trim()) return `Connected to Talentir team "${name.trim()}".`;
  }
  return 'Connected to Talentir: the team API key was accepted.';
}

export interface TalentirCreateBody {
  description: string;
  payoutAmount: string;
  currency: string;
  handleType: (typeof HANDLE_TYPES)[number];
  email?: string;
  creatorHandle?: string;
  tags?: string[];
  customId: string;
  preApproved?: boolean;
}

/**
 * Builds the `POST /payout` body. Handle payouts need the platform (it becomes `handleType`); e-mail payouts use
 * `handleType: "none"` [seed]. Format rules the provider checks itself (e-mail syntax, leading "@") are left to it,
 * so its own wording reaches the user.
 */
export function buildCreatePayoutBody(request: PayoutRequest): TalentirCreateBody {
  const payoutAmount = moneyToTalentirAmount(request.amount);
  const { handle, platform, email } = request.recipient;
  const body: TalentirCreateBody = {
    description: request.description,
    payoutAmount,
    currency: request.amount.currency,
    handleType: 'none',
    customId: request.clientReference,
  };
  if (handle) {
    if (!platform) {
      throw new ProviderError('validation', `${PROVIDER_NAME} needs the platform (TikTok, Instagram or YouTube channel) to pay a handle.`, {
        provider: PROVIDER_NAME,
      });
    }
    body.handleType = platform;
    body.creatorHandle = handle;
  } else if (email) {
    body.email = email;
  } else {
    throw new ProviderError('validation', `${PROVIDER_NAME} pays creators by e-mail or social handle; this recipient has neither.`, {
      provider: PROVIDER_NAME,
    });
  }
  if (request.tags?.length) body.tags = [...request.tags];
  if (SEND_PRE_APPROVED) body.preApproved = true;
  return body;
}
