/**
 * Creator Pay wire format → Paydesk model. Tolerant where the documentation shows the API is loose (Go sql.Null*
 * wrappers, booleans and numbers as strings, Python-style pseudo-JSON strings, non-padded dates), strict where
 * money or identity is concerned: a reply we cannot read with certainty becomes a 'protocol' error, never a guess.
 */
import { z } from 'zod';
import type { PayoutStatus } from '@shared/contract/model';
import { type Money } from '@shared/money';
import { ProviderError } from '../http';
import { rawId } from '../list-items';
import type { RemoteCampaign, RemoteCreator, RemotePayout, SetAsideItem } from '../provider';
import {
  CAMPAIGN_LINK_FIELD,
  CURRENCY,
  DELETED_MEANS_CANCELLED,
  GO_ZERO_TIME_PREFIX,
  MAX_LIST_ITEMS,
  NULL_WRAPPER_VALUE_KEYS,
  REFERENCE_FIELD,
  REFERENCE_PREFIX,
  SESSION_TOKEN_FIELDS,
  STATUS_MAP,
  TIMESTAMPS_WITHOUT_OFFSET_ARE_UTC,
} from './assumptions';

import { PROVIDER_NAME } from './info';

export { PROVIDER_NAME };

// ---------------------------------------------------------------------------------------------------------------
// Tolerant scalars
// ---------------------------------------------------------------------------------------------------------------

const INVALID = Symbol('invalid');
type Coerced<T> = T | null | typeof INVALID;

const WRAPPER_KEYS = new Set<string>(NULL_WRAPPER_VALUE_KEYS);

/**
 * Unwraps Go `sql.Null*` JSON (`{"int": 5, "valid": true}`, `{"String": "x", "Valid": true}`) to the plain value, or
 * null when `valid` is false. Anything else is returned unchanged.
 */
export function unwrapNull(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length < 1 || entries.length > 2) return value;
  let valid: unknown;
  let inner: unknown;
  let innerFound = false;
  for (const [key, v] of entries) {
    const lower = key.toLowerCase();
    if (lower === 'valid') valid = v;
    else if (WRAPPER_KEYS.has(lower)) {
      inner = v;
      innerFound = true;
    } else return value;
  }
  if (typeof valid !== 'boolean') return value;
  if (!valid) return null;
  return innerFound ? inner : null;
}

function coerceString(value: unknown): Coerced<string> {
  const v = unwrapNull(value);
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return String(v);
  return INVALID;
}

function coerceInteger(value: unknown): Coerced<number> {
  const v = unwrapNull(value);
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : INVALID;
  if (typeof v === 'string') {
    const t = v.trim();
    if (t === '') return null;
    if (!/^-?\d+$/.test(t)) return INVALID;
    const n = Number(t);
    return Number.isSafeInteger(n) ? n : INVALID;
  }
  return INVALID;
}

function coerceNumber(value: unknown): Coerced<number> {
  const v = unwrapNull(value);
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : INVALID;
  if (typeof v === 'string') {
    const t = v.trim();
    if (t === '') return null;
    if (!/^-?\d+(\.\d+)?$/.test(t)) return INVALID;
    return Number(t);
  }
  return INVALID;
}

const TRUE_STRINGS = new Set(['true', 't', '1', 'yes', 'y']);
const FALSE_STRINGS = new Set(['false', 'f', '0', 'no', 'n']);

function coerceBoolean(value: unknown): Coerced<boolean> {
  const v = unwrapNull(value);
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v;
  if (v === 1 || v === 0) return v === 1;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (t === '') return null;
    if (TRUE_STRINGS.has(t)) return true;
    if (FALSE_STRINGS.has(t)) return false;
  }
  return INVALID;
}

const CALENDAR_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

/** "2021-1-1" → "2021-01-01"; null when it is not a real calendar date. */
export function normalizeCalendarDate(text: string): string | null {
  const m = CALENDAR_DATE.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d] = m as unknown as [string, string, string, string];
  const iso = `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  // Date rolls 2021-2-30 over to March; a real date survives the round trip.
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : null;
}

const OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;

/** Timestamp → ISO 8601 with an offset; null for empty / Go zero time. */
function coerceTimestamp(value: unknown): Coerced<string> {
  const v = unwrapNull(value);
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string') return INVALID;
  const t = v.trim();
  if (t === '' || t.startsWith(GO_ZERO_TIME_PREFIX)) return null;
  const date = normalizeCalendarDate(t);
  if (date) return `${date}T00:00:00Z`;
  let iso = t.replace(' ', 'T');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(iso)) return INVALID;
  if (!OFFSET.test(iso)) {
    if (!TIMESTAMPS_WITHOUT_OFFSET_ARE_UTC) return INVALID;
    iso += 'Z';
  }
  return Number.isNaN(Date.parse(iso)) ? INVALID : iso;
}

function coerceCalendarDate(value: unknown): Coerced<string> {
  const v = unwrapNull(value);
  if (v === null || v === undefined || v === '') return null;
  if (typeof v !== 'string') return INVALID;
  const date = normalizeCalendarDate(v);
  if (date) return date;
  // Some rows may carry full timestamps; keep their date part.
  const ts = coerceTimestamp(v);
  return typeof ts === 'string' ? ts.slice(0, 10) : INVALID;
}

function tolerant<T>(coerce: (v: unknown) => Coerced<T>, expected: string) {
  return z.unknown().transform((value, ctx): T | null => {
    const out = coerce(value);
    if (out === INVALID) {
      ctx.issues.push({ code: 'custom', message: `expected ${expected}`, input: value });
      return z.NEVER;
    }
    return out;
  });
}

function required<T>(coerce: (v: unknown) => Coerced<T>, expected: string) {
  return z.unknown().transform((value, ctx): T => {
    const out = coerce(value);
    if (out === INVALID || out === null) {
      ctx.issues.push({ code: 'custom', message: `expected ${expected}`, input: value });
      return z.NEVER;
    }
    return out;
  });
}

const str = tolerant(coerceString, 'a string');
const int = tolerant(coerceInteger, 'a whole number');
const num = tolerant(coerceNumber, 'a number');
const bool = tolerant(coerceBoolean, 'a boolean');
const timestamp = tolerant(coerceTimestamp, 'a timestamp');
const calendarDate = tolerant(coerceCalendarDate, 'a date');
const id = required(coerceString, 'an id');

// ---------------------------------------------------------------------------------------------------------------
// Schemas (loose: unknown fields pass through into raw)
// ---------------------------------------------------------------------------------------------------------------

/**
 * Python-style pseudo-JSON fields (platforms, affiliated_persons, qb_acct, qb_vendor) stay as the strings they are:
 * parsing single-quoted "JSON" would be guesswork, and Paydesk does not need their contents.
 */
export const creatorSchema = z.looseObject({
  id,
  first_name: str.optional(),
  last_name: str.optional(),
  business_name: str.optional(),
  email: str.optional(),
  entity_type: str.optional(),
  phone_number: str.optional(),
  selected_payment_method: str.optional(),
  is_active: bool.optional(),
  is_shipping_same_as_home: bool.optional(),
  manager_id: str.optional(),
  manager_split: num.optional(),
  split: num.optional(),
  platforms: z.unknown().optional(),
  affiliated_persons: z.unknown().optional(),
  qb_acct: z.unknown().optional(),
  qb_vendor: z.unknown().optional(),
  created_at: timestamp.optional(),
});
export type CreatorWire = z.output<typeof creatorSchema>;

export const campaignSchema = z.looseObject({
  id,
  title: str.optional(),
  description: str.optional(),
  campaign_status: str.optional(),
  campaign_start_date: calendarDate.optional(),
  campaign_end_date: calendarDate.optional(),
  campaign_ref_id: str.optional(),
  payment_group_id: str.optional(),
  is_archived: bool.optional(),
  deal_size: int.optional(),
  created_at: timestamp.optional(),
  updated_at: timestamp.optional(),
});
export type CampaignWire = z.output<typeof campaignSchema>;

export const paymentSchema = z.looseObject({
  id,
  org_id: str.optional(),
  recipient: str.optional(),
  recipient_role: str.optional(),
  managed_creator_id: str.optional(),
  amount: required(coerceInteger, 'whole cents'),
  earnings: int.optional(),
  fee: int.optional(),
  federal_withholdings: int.optional(),
  state_withholdings: int.optional(),
  split: num.optional(),
  memo: str.optional(),
  audit: str.optional(),
  method: str.optional(),
  status: required(coerceString, 'a status'),
  payment_group_id: str.optional(),
  reference_id: str.optional(),
  fee_reference_id: str.optional(),
  is_deleted: bool.optional(),
  created_at: required(coerceTimestamp, 'a timestamp'),
  updated_at: timestamp.optional(),
  date_initiated: timestamp.optional(),
  date_posted: timestamp.optional(),
  date_failed: timestamp.optional(),
  expected_arrival_date: timestamp.optional(),
});
export type PaymentWire = z.output<typeof paymentSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Sensitive fields
// ---------------------------------------------------------------------------------------------------------------

/**
 * Bank, tax, identity and address data Creator Pay returns in clear. Paydesk never needs them and its cache is not
 * the place for them, so they are removed (at any depth) before anything is returned. Payment destinations
 * (PayPal e-mail, Venmo phone) go too: they identify where money lands.
 */
const SENSITIVE_KEYS = new Set([
  'account_number',
  'routing_number',
  'tax_id',
  'state_tax_id',
  'date_of_birth',
  'ssn',
  'paypal_email',
  'venmo_phone_number',
  'address',
  'shipping_address',
]);
const isSensitiveKey = (key: string) => SENSITIVE_KEYS.has(key.toLowerCase()) || /^address_|^shipping_address/i.test(key);

export function stripSensitive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripSensitive);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (isSensitiveKey(key)) continue;
    out[key] = v !== null && typeof v === 'object' ? stripSensitive(v) : v;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing helpers
// ---------------------------------------------------------------------------------------------------------------

/** Issue paths and our messages only: Zod's input values could carry bank data and must not reach an error. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.code === 'custom' ? issue.message : issue.code}`)
    .join('; ');
}

export function protocolError(message: string): ProviderError {
  return new ProviderError('protocol', `${PROVIDER_NAME} sent a reply Paydesk cannot read: ${message}.`, { provider: PROVIDER_NAME });
}

export function parseOne<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> {
  const result = schema.safeParse(body);
  if (!result.success) throw protocolError(`${what}: ${describeIssues(result.error)}`);
  return result.data;
}

/**
 * A bare JSON array of items, each parsed; `raw` is the stripped original. Strict: one unreadable item fails the
 * whole reply (look-ups by reference must never skip one); the sync's listings use parseListTolerant.
 */
export function parseList<S extends z.ZodType>(schema: S, body: unknown, what: string): Array<{ wire: z.output<S>; raw: unknown }> {
  const { items, setAside } = parseListTolerant(schema, body, what);
  if (setAside.length) throw protocolError(setAside[0]!.detail);
  return items;
}

/** Like parseList, but an item that cannot be read is set aside (with its id where readable) and the rest is kept. */
export function parseListTolerant<S extends z.ZodType>(
  schema: S,
  body: unknown,
  what: string,
): { items: Array<{ wire: z.output<S>; raw: unknown }>; setAside: Array<SetAsideItem & { detail: string }> } {
  if (!Array.isArray(body)) throw protocolError(`expected a list of ${what}, got ${body === null ? 'nothing' : typeof body}`);
  if (body.length > MAX_LIST_ITEMS) {
    throw new ProviderError(
      'protocol',
      `${PROVIDER_NAME} returned ${body.length} ${what} in one response, more than Paydesk accepts (${MAX_LIST_ITEMS}). Creator Pay documents no pagination; ask them how to page through large lists.`,
      { provider: PROVIDER_NAME },
    );
  }
  const items: Array<{ wire: z.output<S>; raw: unknown }> = [];
  const setAside: Array<SetAsideItem & { detail: string }> = [];
  for (let i = 0; i < body.length; i += 1) {
    const result = schema.safeParse(body[i]);
    if (result.success) {
      items.push({ wire: result.data, raw: stripSensitive(body[i]) });
      continue;
    }
    const detail = `${what} #${i + 1}: ${describeIssues(result.error)}`;
    setAside.push({ remoteId: rawId(body[i], ['id']), reason: protocolError(detail).message, detail });
  }
  return { items, setAside };
}

/** Single resources may arrive as an object or as an array of one (the seed's "Retrieve a Campaign" does). */
export function singleItem(body: unknown, what: string): unknown {
  if (Array.isArray(body)) {
    if (body.length !== 1) throw protocolError(`expected one ${what}, got ${body.length}`);
    return body[0];
  }
  if (!body || typeof body !== 'object') throw protocolError(`expected one ${what}`);
  return body;
}

// ---------------------------------------------------------------------------------------------------------------
// Money
// ---------------------------------------------------------------------------------------------------------------

/** Creator Pay cents → Money. Whole, non-negative, safe integers only (a fraction of a cent is not a payment). */
export function centsToMoney(cents: unknown): Money {
  const value = coerceInteger(cents);
  if (value === INVALID || value === null || value < 0) {
    throw protocolError('an amount is not a whole, non-negative number of cents');
  }
  return { minor: value, currency: CURRENCY };
}

/** Money → Creator Pay cents, refusing anything the API cannot carry exactly. */
export function moneyToCents(amount: Money): number {
  if (amount.currency !== CURRENCY) {
    throw new ProviderError('validation', `${PROVIDER_NAME} pays in ${CURRENCY} only; this payout is in ${amount.currency}.`, {
      provider: PROVIDER_NAME,
    });
  }
  if (!Number.isSafeInteger(amount.minor) || amount.minor <= 0) {
    throw new ProviderError('validation', `${PROVIDER_NAME} needs a positive whole number of cents; got ${String(amount.minor)}.`, {
      provider: PROVIDER_NAME,
    });
  }
  return amount.minor;
}

// ---------------------------------------------------------------------------------------------------------------
// Status and reference
// ---------------------------------------------------------------------------------------------------------------

export function mapStatus(providerStatus: string, isDeleted: boolean | null | undefined): PayoutStatus {
  if (isDeleted && DELETED_MEANS_CANCELLED) return 'cancelled';
  const key = providerStatus
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return STATUS_MAP[key] ?? 'unknown';
}

export const referenceMarker = (clientReference: string) => `${REFERENCE_PREFIX}${clientReference}`;

const MARKER = new RegExp(`${REFERENCE_PREFIX.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([A-Za-z0-9_-]+)`);

/** Our reference as the payment carries it, wherever assumptions.ts says it may be. */
export function extractReference(payment: PaymentWire): string | null {
  for (const text of [payment[REFERENCE_FIELD], payment.memo]) {
    const m = text ? MARKER.exec(text) : null;
    if (m) return m[1]!;
  }
  return null;
}

/** True when this payment carries `clientReference` in any of the places it may travel. */
export function matchesReference(payment: PaymentWire, clientReference: string): boolean {
  return extractReference(payment) === clientReference || payment.id === clientReference || payment.reference_id === clientReference;
}

// ---------------------------------------------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------------------------------------------

const PLATFORM_HOSTS: Array<[RegExp, string]> = [
  [/youtube\.com|youtu\.be/i, 'youtube'],
  [/tiktok\.com/i, 'tiktok'],
  [/instagram\.com/i, 'instagram'],
  [/twitch\.tv/i, 'twitch'],
  [/facebook\.com/i, 'facebook'],
  [/(twitter|x)\.com/i, 'x'],
];

/** First recognisable platform in the pseudo-JSON `platforms` string; no parsing of the string itself. */
function firstPlatform(platforms: unknown): string | null {
  const text = platformsText(platforms);
  let best: { index: number; name: string } | null = null;
  for (const [pattern, name] of PLATFORM_HOSTS) {
    const m = pattern.exec(text);
    if (m && (!best || m.index < best.index)) best = { index: m.index, name };
  }
  return best?.name ?? null;
}

const platformsText = (platforms: unknown) =>
  typeof platforms === 'string' ? platforms : Array.isArray(platforms) ? platforms.join(' ') : '';

/**
 * ASSUMPTION: a profile URL in `platforms` names the creator's handle as its first path segment ("…tiktok.com/@jane",
 * "…instagram.com/jane", "…youtube.com/@jane"); that handle links the creator to payouts at other providers.
 */
function firstHandle(platforms: unknown): string | null {
  const m = /(?:tiktok|instagram|youtube|twitch|x|twitter)\.(?:com|tv)\/(@?[A-Za-z0-9._-]{1,100})/i.exec(platformsText(platforms));
  if (!m) return null;
  const handle = m[1]!.replace(/^@/, '');
  return ['channel', 'c', 'user', 'watch'].includes(handle.toLowerCase()) ? null : `@${handle}`;
}

export function mapCreator(wire: CreatorWire, raw: unknown): RemoteCreator {
  const person = [wire.first_name, wire.last_name]
    .filter((s): s is string => !!s && s.trim() !== '')
    .join(' ')
    .trim();
  return {
    remoteId: wire.id,
    name: person || wire.business_name || null,
    email: wire.email || null,
    handle: firstHandle(wire.platforms),
    platform: firstPlatform(wire.platforms),
    phone: wire.phone_number || null,
    raw,
  };
}

export function mapCampaign(wire: CampaignWire, raw: unknown): RemoteCampaign {
  return {
    remoteId: wire.id,
    name: wire.title || wire.campaign_ref_id || wire.id,
    status: wire.is_archived ? 'archived' : (wire.campaign_status ?? null),
    raw,
  };
}

export interface PaymentContext {
  /** Campaign `payment_group_id` → campaign `id`, so payouts link to the campaigns we expose. */
  campaignIdByGroup: ReadonlyMap<string, string>;
}

export function mapPayment(wire: PaymentWire, raw: unknown, context: PaymentContext): RemotePayout {
  const group = wire[CAMPAIGN_LINK_FIELD];
  return {
    remoteId: wire.id,
    clientReference: extractReference(wire),
    recipientName: null,
    recipientEmail: null,
    recipientHandle: null,
    creatorRemoteId: wire.recipient || null,
    campaignRemoteId: group ? (context.campaignIdByGroup.get(group) ?? null) : null,
    amount: centsToMoney(wire.amount),
    description: wire.memo || null,
    status: mapStatus(wire.status, wire.is_deleted),
    providerStatus: wire.status,
    createdAt: wire.created_at,
    updatedAt: wire.updated_at ?? null,
    raw,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Session token
// ---------------------------------------------------------------------------------------------------------------

const HEADER_SAFE = /^[\x21-\x7e]{8,4096}$/;

/** The token out of whatever shape the session endpoint uses (see SESSION_TOKEN_FIELDS). Never echoes the body. */
export function parseSessionToken(body: unknown): string {
  let candidate: unknown = body;
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const record = body as Record<string, unknown>;
    const nested = record.data && typeof record.data === 'object' ? (record.data as Record<string, unknown>) : undefined;
    candidate = undefined;
    for (const source of [record, nested]) {
      if (!source) continue;
      for (const field of SESSION_TOKEN_FIELDS) {
        const v = unwrapNull(source[field]);
        if (typeof v === 'string') {
          candidate = v;
          break;
        }
      }
      if (candidate !== undefined) break;
    }
  }
  const token = typeof candidate === 'string' ? candidate.trim() : '';
  if (!HEADER_SAFE.test(token)) {
    throw new ProviderError('protocol', `${PROVIDER_NAME}'s session endpoint answered with something that is not a session token.`, {
      provider: PROVIDER_NAME,
    });
  }
  return token;
}
