/**
 * Talli reply shapes and their mapping to Paydesk's model. Strict about what Paydesk relies on (instruction id,
 * amount, status, the paging envelope); tolerant where the notes say shapes vary (status and cancellation reason as
 * name or integer, nullable contact fields, unknown campaign fields).
 */
import { z } from 'zod';
import { MoneyError, fromJsonNumber, toJsonNumber, type Money } from '@shared/money';
import { ProviderError } from '../http';
import { parseReply as parseProviderReply } from '../reply-parsing';
import type { RemoteCampaign, RemotePayout } from '../provider';
import {
  CAMPAIGN_ID_FIELDS,
  CANCELLATION_REASONS,
  CANCELLED_STATUS,
  CREATED_AT_FIELDS,
  CURRENCY,
  DOCUMENTED_STATUSES,
  EXPIRY_REQUESTED_STATUS,
  FULFILLED_STATUS,
  NAME_SPLIT,
  NO_CANCELLATION_REASON,
  PAID_AT_FIELD,
  PHONE_FORMAT,
  STATUS_MAP,
} from './assumptions';

import { PROVIDER_NAME } from './info';

export { PROVIDER_NAME };

// ---------------------------------------------------------------------------------------------------------
// Amounts: JSON number in major units, USD only
// ---------------------------------------------------------------------------------------------------------

/** Paydesk → Talli: a double whose shortest printing has at most two decimals and equals our cents exactly. */
export function formatTalliAmount(amount: Money): number {
  if (amount.currency !== CURRENCY) {
    throw new ProviderError('validation', `Talli pays in ${CURRENCY} only; this payout is in ${amount.currency}.`, {
      provider: PROVIDER_NAME,
    });
  }
  if (!Number.isSafeInteger(amount.minor) || amount.minor <= 0) {
    throw new ProviderError('validation', 'Talli payouts need a positive amount.', { provider: PROVIDER_NAME });
  }
  try {
    return toJsonNumber(amount);
  } catch (error) {
    throw new ProviderError('validation', error instanceof Error ? error.message : 'The amount cannot be sent to Talli exactly.', {
      provider: PROVIDER_NAME,
    });
  }
}

/** Talli → Paydesk: rejects anything that is not a whole number of cents (0.30000000000000004, 1e-7, 12.345). */
export function parseTalliAmount(value: number): Money {
  let parsed: Money;
  try {
    parsed = fromJsonNumber(value, CURRENCY);
  } catch (error) {
    if (error instanceof MoneyError) {
      throw new ProviderError('protocol', `Talli sent an amount Paydesk cannot hold exactly: ${error.message}`, {
        provider: PROVIDER_NAME,
      });
    }
    throw error;
  }
  if (parsed.minor < 0)
    throw new ProviderError('protocol', `Talli sent a negative amount (${String(value)}).`, { provider: PROVIDER_NAME });
  return parsed;
}

// ---------------------------------------------------------------------------------------------------------
// Reply schemas
// ---------------------------------------------------------------------------------------------------------

const nullableText = z.string().nullish();
const enumValue = z.union([z.string(), z.number().int()]);

export const instructionSchema = z.object({
  payoutInstructionId: z.string().min(1),
  campaignId: nullableText,
  // Nullable in the schema, but a payout without an amount is nothing Paydesk can show or reconcile.
  amount: z.number({ error: 'amount must be a number (Paydesk cannot hold an instruction without an amount)' }),
  firstName: nullableText,
  lastName: nullableText,
  email: nullableText,
  phoneNumber: nullableText,
  status: enumValue,
  cancellationReason: enumValue.nullish(),
  selectedPayoutMethodId: nullableText,
  fulfilledOn: nullableText,
  externalId: nullableText,
  nextReminderDate: nullableText,
});
export type TalliInstruction = z.infer<typeof instructionSchema>;

export const pageSchema = z.object({
  pageNumber: z.number().int().optional(),
  pageSize: z.number().int().optional(),
  totalPages: z.number().int().nonnegative().optional(),
  totalItems: z.number().int().nonnegative().optional(),
  data: z.array(z.unknown()),
});
export type TalliPage = z.infer<typeof pageSchema>;

export const campaignSchema = z
  .object({ campaignId: nullableText, id: nullableText, name: nullableText, status: enumValue.nullish() })
  .refine((c) => CAMPAIGN_ID_FIELDS.some((f) => typeof c[f] === 'string' && c[f] !== ''), {
    message: `a campaign needs one of ${CAMPAIGN_ID_FIELDS.join(', ')}`,
  });

export const tokenSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive().optional(),
  token_type: z.string().optional(),
});

/** Parses a reply or throws a protocol error that names field paths but never echoes values. */
export const parseReply = <T>(schema: z.ZodType<T>, body: unknown, what: string): T =>
  parseProviderReply(schema, body, what, PROVIDER_NAME);

// ---------------------------------------------------------------------------------------------------------
// Mapping
// ---------------------------------------------------------------------------------------------------------

/** Integer enum values are read as ordinals of the documented list; unknown integers stay visible as numbers. */
export function statusName(status: string | number): string {
  return typeof status === 'number' ? (DOCUMENTED_STATUSES[status] ?? String(status)) : status;
}

export function cancellationReasonName(reason: string | number | null | undefined): string | null {
  if (reason === null || reason === undefined) return null;
  return typeof reason === 'number' ? (CANCELLATION_REASONS[reason] ?? String(reason)) : reason;
}

export function unifiedStatus(instruction: Pick<TalliInstruction, 'status' | 'fulfilledOn' | 'cancellationReason'>): {
  status: RemotePayout['status'];
  providerStatus: string;
} {
  const providerStatus = statusName(instruction.status);
  const known = STATUS_MAP[providerStatus];
  // The enum has no terminal values, so the fields that only terminal instructions carry decide first.
  if (known === 'paid' || known === 'cancelled' || known === 'expired') return { status: known, providerStatus };
  if (instruction.fulfilledOn) return { status: STATUS_MAP[FULFILLED_STATUS] ?? 'paid', providerStatus };
  const reason = cancellationReasonName(instruction.cancellationReason);
  if (reason && reason !== NO_CANCELLATION_REASON) return { status: STATUS_MAP[CANCELLED_STATUS] ?? 'cancelled', providerStatus };
  return { status: known ?? 'unknown', providerStatus };
}

const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** The instruction's creation time where it carries one, else when Paydesk first saw it (marked as such). */
function createdAtOf(raw: unknown, observedAt: Date): { createdAt: string; firstSeen: boolean } {
  if (raw && typeof raw === 'object') {
    for (const field of CREATED_AT_FIELDS) {
      const value = (raw as Record<string, unknown>)[field];
      if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && Number.isFinite(Date.parse(value)))
        return { createdAt: new Date(value).toISOString(), firstSeen: false };
    }
  }
  return { createdAt: observedAt.toISOString(), firstSeen: true };
}

export function toRemotePayout(instruction: TalliInstruction, raw: unknown, observedAt = new Date()): RemotePayout {
  const { status, providerStatus } = unifiedStatus(instruction);
  const created = createdAtOf(raw, observedAt);
  const fulfilledOn = instruction[PAID_AT_FIELD];
  const paidAt = fulfilledOn && Number.isFinite(Date.parse(fulfilledOn)) ? new Date(fulfilledOn).toISOString() : null;
  const name = [instruction.firstName, instruction.lastName].filter((part): part is string => !!part && part.trim() !== '').join(' ');
  return {
    remoteId: instruction.payoutInstructionId,
    clientReference: instruction.externalId || null,
    recipientName: name || null,
    recipientEmail: instruction.email || null,
    recipientHandle: null,
    recipientPhone: instruction.phoneNumber || null,
    // Talli has no beneficiary resource; the e-mail is the beneficiary's identity there.
    creatorRemoteId: instruction.email ? `email:${normaliseEmail(instruction.email)}` : null,
    campaignRemoteId: instruction.campaignId || null,
    amount: parseTalliAmount(instruction.amount),
    description: null,
    status,
    providerStatus,
    createdAt: created.createdAt,
    createdAtFirstSeen: created.firstSeen,
    paidAt,
    updatedAt: paidAt,
    expiryPending: providerStatus === EXPIRY_REQUESTED_STATUS,
    raw,
  };
}

export function mapInstruction(body: unknown, what: string, observedAt?: Date): RemotePayout {
  return toRemotePayout(parseReply(instructionSchema, body, what), body, observedAt);
}

export function mapCampaign(body: unknown, what: string): RemoteCampaign {
  const campaign = parseReply(campaignSchema, body, what);
  const remoteId = CAMPAIGN_ID_FIELDS.map((f) => campaign[f]).find((v): v is string => typeof v === 'string' && v !== '')!;
  return {
    remoteId,
    name: campaign.name || remoteId,
    status: campaign.status === null || campaign.status === undefined ? null : String(campaign.status),
    raw: body,
  };
}

/** firstName / lastName from one display name (see assumptions.ts). */
export function splitName(name: string | undefined): { firstName: string | null; lastName: string | null } {
  const trimmed = (name ?? '').trim().replace(/\s+/g, ' ');
  if (!trimmed) return { firstName: null, lastName: null };
  const space = NAME_SPLIT === 'first-space' ? trimmed.indexOf(' ') : trimmed.lastIndexOf(' ');
  return space < 0 ? { firstName: trimmed, lastName: null } : { firstName: trimmed.slice(0, space), lastName: trimmed.slice(space + 1) };
}

export function formatPhone(phone: { countryCode: string; number: string } | undefined): string | null {
  if (!phone) return null;
  const cc = phone.countryCode.replace(/\D/g, '');
  const number = phone.number.replace(/\D/g, '');
  if (!number) return null;
  return PHONE_FORMAT === 'e164' ? `+${cc}${number}` : number;
}
