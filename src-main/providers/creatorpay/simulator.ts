/**
 * Creator Pay simulator: follows the seed documentation where it is explicit (session exchange with one live token
 * per key and a 7-day lifetime, session-token header, bare arrays, integer cents, array bodies for create/delete,
 * draft-only delete, Null-wrapper encoding on create responses, strings for booleans/numbers on creator reads,
 * non-padded campaign dates, `{message, status}` errors) and ./assumptions.ts everywhere else.
 *
 * The lifecycle draft → initiated → posted | failed moves only through advance() / autoAdvanceMs: it stands for an
 * operator sending drafts from the Creator Pay web app and the payment rail settling them, which the API cannot do.
 */
import { randomBytes } from 'node:crypto';
import {
  between,
  fakeAmountMinor,
  fakeCampaignName,
  fakePastTime,
  fakePerson,
  pick,
  randomHex8,
  seededRandom,
} from '../simulator/seed-data';
import { serveSimulator, type SimRequest, type SimResponse } from '../simulator/server';
import type { ProviderSimulator, SimulatorFactory, SimulatorOptions } from '../simulator/types';
import {
  CAMPAIGNS_TYPE_QUERY,
  CONFLICT_STATUS,
  CREATE_CAMPAIGN,
  CREATE_CREATORS,
  CREATE_PAYMENTS,
  DELETE_NON_DRAFT_STATUS,
  DELETE_PAYMENTS,
  DRAFT_STATUS,
  GET_CAMPAIGN,
  GET_PAYMENT,
  INVALID_KEY_STATUS,
  INVALID_TOKEN_STATUS,
  LIST_CAMPAIGNS,
  LIST_CREATORS,
  LIST_PAYMENTS,
  PAYMENT_DATE_FILTER,
  SESSION_KEY_QUERY,
  SESSION_PATH,
  SESSION_TOKEN_FIELDS,
  SESSION_TOKEN_HEADER,
  SESSION_TOKEN_LIFETIME_MS,
  SIMULATED_LIFECYCLE,
  UPDATE_PAYMENTS,
  VALIDATION_STATUS,
} from './assumptions';
import { normalizeCalendarDate } from './mapping';

/**
 * Where this simulator starts in the shared roster of fake people (seed-data.ts): the providers' people overlap, so
 * the demo pays some of the same people through several providers.
 */
const ROSTER_OFFSET = 6;

export interface CreatorPaySimulator extends ProviderSimulator {
  /** Moves the simulator's clock forward (token expiry) without touching the host clock. */
  advanceClock(ms: number): void;
  now(): Date;
  /** How many successful key → token exchanges happened. */
  exchangeCount(): number;
  /** The one live token, if any (tests: prove tokens are redacted). */
  currentSessionToken(): string | null;
}

type Status = typeof DRAFT_STATUS | (typeof SIMULATED_LIFECYCLE)[keyof typeof SIMULATED_LIFECYCLE];

interface Creator {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  business_name: string;
  entity_type: 'individual' | 'business';
  phone_number: string;
  venmo_phone_number: string;
  selected_payment_method: string;
  account_number: string;
  routing_number: string;
  tax_id: string;
  state_tax_id: string;
  date_of_birth: string;
  address_line_1: string;
  address_city: string;
  address_state: string;
  address_zip: string;
  is_active: boolean;
  is_shipping_same_as_home: boolean;
  manager_id: string;
  manager_split: number;
  split: number;
  bio: string;
  notes: string;
  pronouns: string;
  platforms: string;
  created_at: string;
}

interface Campaign {
  id: string;
  org_id: string;
  title: string;
  description: string;
  campaign_status: string;
  campaign_start_date: string;
  campaign_end_date: string;
  campaign_ref_id: string;
  payment_group_id: string;
  is_archived: boolean;
  deal_size: number;
  created_at: string;
  updated_at: string;
}

interface Payment {
  id: string;
  org_id: string;
  recipient: string;
  recipient_role: string | null;
  managed_creator_id: string | null;
  amount: number;
  earnings: number;
  fee: number | null;
  federal_withholdings: number | null;
  state_withholdings: number | null;
  split: number;
  memo: string;
  audit: string | null;
  method: string | null;
  status: Status;
  payment_group_id: string | null;
  reference_id: string | null;
  fee_reference_id: string | null;
  paypal_payout_batch_id: string | null;
  paypal_payout_item_id: string | null;
  is_deleted: boolean;
  created_at: string;
  updated_at: string;
  date_initiated: string | null;
  date_posted: string | null;
  date_failed: string | null;
  expected_arrival_date: string | null;
}

const GO_ZERO_TIME = '0001-01-01T00:00:00Z';
const DAY = 86_400_000;

/** Go prints RFC 3339 with microseconds; so does Creator Pay's sample ("2022-03-30T20:41:44.483039Z"). */
const goTime = (ms: number) => new Date(ms).toISOString().replace('Z', '000Z');

function uuidFrom(random: () => number): string {
  const a = randomHex8(random);
  const b = randomHex8(random);
  const c = randomHex8(random);
  const d = randomHex8(random);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-a${c.slice(1, 4)}-${c.slice(4, 8)}${d}`;
}

const error = (status: number, message: string): SimResponse => ({ status, body: { message, status } });

const nullString = (v: string | null) => ({ string: v ?? '', valid: v !== null });
const nullInt = (v: number | null) => ({ int: v ?? 0, valid: v !== null });

/** How one of Creator Pay's two payment shapes writes a nullable or boolean column. */
interface GoEncoding {
  string(v: string | null): unknown;
  int(v: number | null): unknown;
  time(v: string | null): unknown;
  bool(v: boolean): unknown;
}
const readEncoding: GoEncoding = { string: (v) => v ?? '', int: (v) => v ?? 0, time: (v) => v ?? GO_ZERO_TIME, bool: String };
const createEncoding: GoEncoding = { string: nullString, int: nullInt, time: (v) => v ?? '', bool: (v) => ({ bool: v, valid: true }) };

export async function startCreatorPaySimulator(options: SimulatorOptions): Promise<CreatorPaySimulator> {
  const random = seededRandom(options.seed);
  const baseNow = (options.now ?? new Date()).getTime();
  let clockOffset = 0;
  const now = () => Date.now() + clockOffset;

  const orgId = uuidFrom(random);
  const generatedKey = `cpk_sim_${Array.from({ length: 4 }, () => randomHex8(random)).join('')}`;
  const apiKey = options.secrets?.apiKey ?? generatedKey;
  let liveToken: string | null = null;
  let liveTokenIssuedAt = 0;
  let exchanges = 0;

  // --- seed data -------------------------------------------------------------------------------------------------
  const creatorCount = options.creators ?? Math.max(5, Math.floor(options.payouts / 20));
  const creators: Creator[] = [];
  const creatorsById = new Map<string, Creator>();
  for (let i = 0; i < creatorCount; i += 1) {
    const person = fakePerson(random, i + ROSTER_OFFSET);
    const business = random() < 0.25;
    const creator: Creator = {
      id: uuidFrom(random),
      email: person.email,
      first_name: person.firstName,
      last_name: person.lastName,
      business_name: business ? `${person.lastName} Media` : '',
      entity_type: business ? 'business' : 'individual',
      phone_number: `+1${person.phone}`,
      venmo_phone_number: `1${person.phone}`,
      selected_payment_method: pick(random, ['paypal', 'ach', 'venmo']),
      account_number: String(between(random, 100000000, 999999999)),
      routing_number: '021000021',
      tax_id: String(between(random, 100000000, 999999999)),
      state_tax_id: String(between(random, 100000000, 999999999)),
      date_of_birth: `19${between(random, 70, 99)}-0${between(random, 1, 9)}-1${between(random, 0, 9)}`,
      address_line_1: `${between(random, 1, 999)} Main St`,
      address_city: 'New York City',
      address_state: 'NY',
      address_zip: '10001',
      is_active: random() < 0.9,
      is_shipping_same_as_home: true,
      manager_id: '00000000-0000-0000-0000-000000000000',
      manager_split: 10,
      split: 80,
      bio: `Creator who ${person.handle.slice(1)}`,
      notes: '',
      pronouns: pick(random, ['She', 'He', 'They']),
      platforms: `['https://www.${person.platform === 'youtube-channel' ? 'youtube' : person.platform}.com/${person.handle}']`,
      created_at: goTime(fakePastTime(random, new Date(baseNow), 720).getTime()),
    };
    creators.push(creator);
    creatorsById.set(creator.id, creator);
  }

  const campaignCount = options.campaigns ?? 8;
  const campaigns: Campaign[] = [];
  const campaignsById = new Map<string, Campaign>();
  const groups = new Set<string>();
  for (let i = 0; i < campaignCount; i += 1) {
    const start = new Date(fakePastTime(random, new Date(baseNow), 365).getTime());
    const end = new Date(start.getTime() + between(random, 14, 120) * DAY);
    const created = goTime(start.getTime() - DAY);
    const campaign: Campaign = {
      id: uuidFrom(random),
      org_id: orgId,
      title: fakeCampaignName(random, i),
      description: 'Sponsored content for a partner brand',
      campaign_status: end.getTime() < baseNow ? 'completed' : 'active',
      // KNOWN (seed): campaign dates are not zero-padded ("2021-1-1").
      campaign_start_date: `${start.getUTCFullYear()}-${start.getUTCMonth() + 1}-${start.getUTCDate()}`,
      campaign_end_date: `${end.getUTCFullYear()}-${end.getUTCMonth() + 1}-${end.getUTCDate()}`,
      campaign_ref_id: `campaign_${i + 1}`,
      payment_group_id: uuidFrom(random),
      is_archived: i % 7 === 6,
      deal_size: between(random, 100, 5000) * 1000,
      created_at: created,
      updated_at: created,
    };
    campaigns.push(campaign);
    campaignsById.set(campaign.id, campaign);
    groups.add(campaign.payment_group_id);
  }

  const payments: Payment[] = [];
  const paymentsById = new Map<string, Payment>();
  const nowDate = new Date(baseNow);
  for (let i = 0; i < options.payouts; i += 1) {
    const createdMs = fakePastTime(random, nowDate, 180).getTime();
    const ageDays = (baseNow - createdMs) / DAY;
    const roll = random();
    const status: Status =
      ageDays < 2
        ? roll < 0.5
          ? DRAFT_STATUS
          : SIMULATED_LIFECYCLE.initiated
        : roll < 0.04
          ? SIMULATED_LIFECYCLE.failed
          : roll < 0.07
            ? DRAFT_STATUS
            : SIMULATED_LIFECYCLE.posted;
    const amount = fakeAmountMinor(random);
    const campaign = random() < 0.7 && campaigns.length ? campaigns[i % campaigns.length]! : null;
    const payment: Payment = {
      id: uuidFrom(random),
      org_id: orgId,
      recipient: creators[i % creators.length]!.id,
      recipient_role: null,
      managed_creator_id: null,
      amount,
      earnings: amount,
      fee: null,
      federal_withholdings: 0,
      state_withholdings: 0,
      split: 100,
      memo: campaign ? `${campaign.title}: deliverable ${1 + (i % 5)}` : `Payment ${i + 1}`,
      audit: '',
      method: creators[i % creators.length]!.selected_payment_method,
      status: DRAFT_STATUS,
      payment_group_id: campaign?.payment_group_id ?? null,
      reference_id: null,
      fee_reference_id: null,
      paypal_payout_batch_id: null,
      paypal_payout_item_id: null,
      is_deleted: false,
      created_at: goTime(createdMs),
      updated_at: goTime(createdMs),
      date_initiated: null,
      date_posted: null,
      date_failed: null,
      expected_arrival_date: null,
    };
    if (status !== DRAFT_STATUS) moveTo(payment, SIMULATED_LIFECYCLE.initiated, createdMs + 3_600_000);
    if (status === SIMULATED_LIFECYCLE.posted || status === SIMULATED_LIFECYCLE.failed) moveTo(payment, status, createdMs + DAY);
    payments.push(payment);
    paymentsById.set(payment.id, payment);
  }

  function moveTo(payment: Payment, status: Status, atMs: number) {
    payment.status = status;
    payment.updated_at = goTime(atMs);
    if (status === SIMULATED_LIFECYCLE.initiated) {
      payment.date_initiated = goTime(atMs);
      payment.expected_arrival_date = goTime(atMs + 3 * DAY);
      payment.reference_id = `po_${payment.id.replace(/-/g, '').slice(0, 20)}`;
      payment.fee = Math.min(2000, Math.round(payment.amount * 0.02));
      payment.fee_reference_id = `outp_${payment.id.replace(/-/g, '').slice(8, 32)}`;
      if (payment.method === 'paypal') {
        payment.paypal_payout_batch_id = payment.id.replace(/-/g, '').slice(0, 13).toUpperCase();
        payment.paypal_payout_item_id = payment.id.replace(/-/g, '').slice(13, 26).toUpperCase();
      }
    } else if (status === SIMULATED_LIFECYCLE.posted) payment.date_posted = goTime(atMs);
    else if (status === SIMULATED_LIFECYCLE.failed) payment.date_failed = goTime(atMs);
  }

  /** Deterministic: about one payment in twelve fails, by id. */
  const willFail = (payment: Payment) => parseInt(payment.id.slice(0, 8), 16) % 12 === 0;

  function advance(steps = 1) {
    for (let step = 0; step < steps; step += 1) {
      const at = now();
      for (const payment of payments) {
        if (payment.is_deleted) continue;
        if (payment.status === DRAFT_STATUS) moveTo(payment, SIMULATED_LIFECYCLE.initiated, at);
        else if (payment.status === SIMULATED_LIFECYCLE.initiated)
          moveTo(payment, willFail(payment) ? SIMULATED_LIFECYCLE.failed : SIMULATED_LIFECYCLE.posted, at);
      }
    }
  }

  // --- wire encodings --------------------------------------------------------------------------------------------

  /** Creator reads carry booleans as strings and, on every other creator, `split` as a string (both in the seed). */
  function creatorWire(c: Creator, index: number) {
    return {
      account_number: c.account_number,
      address_city: c.address_city,
      address_line_1: c.address_line_1,
      address_line_2: '',
      address_shipping_city: c.address_city,
      address_shipping_line_1: c.address_line_1,
      address_shipping_line_2: '',
      address_shipping_state: c.address_state,
      address_shipping_zip: c.address_zip,
      address_state: c.address_state,
      address_zip: c.address_zip,
      affiliated_persons: '[]',
      bio: c.bio,
      business_name: c.business_name,
      created_at: c.created_at,
      date_of_birth: c.date_of_birth,
      entity_type: c.entity_type,
      first_name: c.first_name,
      id: c.id,
      is_active: String(c.is_active),
      is_shipping_same_as_home: String(c.is_shipping_same_as_home),
      last_name: c.last_name,
      manager_id: c.manager_id,
      manager_split: c.manager_split,
      notes: c.notes,
      phone_number: c.phone_number,
      platforms: c.platforms,
      pronouns: c.pronouns,
      qb_acct: "{'Name':'Creator Payouts', 'Id':'1234'}",
      qb_vendor: `{'DisplayName':'${c.first_name} ${c.last_name}', 'Id':'${index + 1}'}`,
      routing_number: c.routing_number,
      selected_payment_method: c.selected_payment_method,
      split: index % 2 === 0 ? String(c.split) : c.split,
      state_tax_id: c.state_tax_id,
      tax_id: c.tax_id,
      venmo_phone_number: c.venmo_phone_number,
    };
  }

  const campaignWire = (c: Campaign) => ({
    campaign_end_date: c.campaign_end_date,
    campaign_ref_id: c.campaign_ref_id,
    campaign_start_date: c.campaign_start_date,
    campaign_status: c.campaign_status,
    created_at: c.created_at,
    description: c.description,
    id: c.id,
    ignored_rows: '',
    is_archived: c.is_archived,
    org_id: c.org_id,
    payment_group_id: c.payment_group_id,
    title: c.title,
    type: 'campaigns',
    updated_at: c.updated_at,
  });

  /**
   * A payment as Go marshals it: the same columns in both shapes, only how a nullable value is written differs
   * (see `readEncoding` and `createEncoding`).
   */
  const paymentWire = (p: Payment, go: GoEncoding) => ({
    amount: p.amount,
    audit: go.string(p.audit),
    created_at: p.created_at,
    date_failed: go.time(p.date_failed),
    date_initiated: go.time(p.date_initiated),
    date_posted: go.time(p.date_posted),
    earnings: p.earnings,
    expected_arrival_date: go.time(p.expected_arrival_date),
    federal_withholdings: go.int(p.federal_withholdings),
    fee: go.int(p.fee),
    fee_reference_id: go.string(p.fee_reference_id),
    id: p.id,
    is_deleted: go.bool(p.is_deleted),
    memo: p.memo,
    method: go.string(p.method),
    org_id: p.org_id,
    payment_group_id: go.string(p.payment_group_id),
    paypal_payout_batch_id: go.string(p.paypal_payout_batch_id),
    paypal_payout_item_id: go.string(p.paypal_payout_item_id),
    recipient: p.recipient,
    reference_id: go.string(p.reference_id),
    split: p.split,
    state_withholdings: go.int(p.state_withholdings),
    status: p.status,
    updated_at: p.updated_at,
  });

  /** GET shape (seed): plain values, is_deleted as a string; unset values as Go zero values. */
  const paymentReadWire = (p: Payment) => paymentWire(p, readEncoding);

  /** Create (201) shape (seed): Go sql.Null* wrappers for nullable columns, and three columns GET leaves out. */
  const paymentCreateWire = (p: Payment) => ({
    ...paymentWire(p, createEncoding),
    funding_invoice_id: nullString(null),
    managed_creator_id: nullString(p.managed_creator_id),
    recipient_role: nullString(p.recipient_role),
  });

  // --- validation helpers ------------------------------------------------------------------------------------------

  const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
  const optionalInt = (v: unknown) => v === undefined || v === null || Number.isSafeInteger(v);
  const optionalString = (v: unknown) => v === undefined || v === null || typeof v === 'string';

  function validatePayment(item: unknown, index: number, batchIds: Set<string>): string | null {
    if (!isRecord(item)) return `payment ${index}: must be an object`;
    const { amount, recipient, payment_group_id, id } = item;
    if (typeof recipient !== 'string' || !recipient) return `payment ${index}: recipient is required`;
    if (!creatorsById.has(recipient)) return `payment ${index}: recipient ${recipient} is not a creator of this organization`;
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0)
      return `payment ${index}: amount must be a positive integer number of cents`;
    for (const field of ['earnings', 'federal_withholdings', 'state_withholdings'] as const) {
      if (!optionalInt(item[field])) return `payment ${index}: ${field} must be an integer number of cents`;
    }
    if (item.split !== undefined && (typeof item.split !== 'number' || item.split < 0 || item.split > 100))
      return `payment ${index}: split must be a number between 0 and 100`;
    for (const field of ['memo', 'audit', 'recipient_role', 'managed_creator_id', 'id'] as const) {
      if (!optionalString(item[field])) return `payment ${index}: ${field} must be a string`;
    }
    if (payment_group_id !== undefined && payment_group_id !== null && payment_group_id !== '' && !groups.has(String(payment_group_id))) {
      return `payment ${index}: payment_group_id ${String(payment_group_id)} does not exist`;
    }
    if (typeof id === 'string' && id) {
      if (batchIds.has(id)) return `payment ${index}: duplicate id ${id}`;
      batchIds.add(id);
    }
    return null;
  }

  // --- routes ------------------------------------------------------------------------------------------------------

  function authorised(request: SimRequest): boolean {
    const token = request.headers[SESSION_TOKEN_HEADER];
    return typeof token === 'string' && liveToken !== null && token === liveToken && now() - liveTokenIssuedAt < SESSION_TOKEN_LIFETIME_MS;
  }

  function handle(request: SimRequest): SimResponse {
    const { method, path } = request;
    if (path === SESSION_PATH) {
      if (method !== 'GET') return error(404, 'not found');
      if (request.query.get(SESSION_KEY_QUERY) !== apiKey) return error(INVALID_KEY_STATUS, 'invalid API key');
      // One live token per key (KNOWN): issuing a new one ends the old one.
      liveToken = `cpst_${randomBytes(24).toString('hex')}`;
      liveTokenIssuedAt = now();
      exchanges += 1;
      return { status: 200, body: { [SESSION_TOKEN_FIELDS[0]]: liveToken } };
    }
    if (!authorised(request)) return error(INVALID_TOKEN_STATUS, 'invalid or expired session token');
    if (request.bodyInvalid) return error(VALIDATION_STATUS, 'request body is not valid JSON');

    if (path === LIST_CREATORS.path && method === LIST_CREATORS.method) return { status: 200, body: creators.map(creatorWire) };
    if (path === CREATE_CREATORS.path && method === CREATE_CREATORS.method) return createCreators(request.body);

    if (path === LIST_CAMPAIGNS.path && method === LIST_CAMPAIGNS.method) {
      if (request.query.get('type') !== CAMPAIGNS_TYPE_QUERY.type)
        return error(VALIDATION_STATUS, 'type is required and must be "campaigns"');
      return { status: 200, body: campaigns.map(campaignWire) };
    }
    if (path === CREATE_CAMPAIGN.path && method === CREATE_CAMPAIGN.method) return createCampaign(request.body);
    if (path.startsWith(GET_CAMPAIGN.pathPrefix) && method === GET_CAMPAIGN.method) {
      const campaign = campaignsById.get(decodeURIComponent(path.slice(GET_CAMPAIGN.pathPrefix.length)));
      return campaign ? { status: 200, body: [campaignWire(campaign)] } : error(404, 'campaign not found');
    }

    if (path === LIST_PAYMENTS.path && method === LIST_PAYMENTS.method) return listPayments(request.query);
    if (path === CREATE_PAYMENTS.path && method === CREATE_PAYMENTS.method) return createPayments(request.body);
    if (path === UPDATE_PAYMENTS.path && method === UPDATE_PAYMENTS.method) return updatePayments(request.body);
    if (path === DELETE_PAYMENTS.path && method === DELETE_PAYMENTS.method) return deletePayments(request.body);
    if (path.startsWith(GET_PAYMENT.pathPrefix) && method === GET_PAYMENT.method) {
      const id = decodeURIComponent(path.slice(GET_PAYMENT.pathPrefix.length));
      if (!id) return error(VALIDATION_STATUS, 'payment id is required');
      const payment = paymentsById.get(id);
      return payment ? { status: 200, body: paymentReadWire(payment) } : error(404, 'payment not found');
    }
    return error(404, 'not found');
  }

  function createCreators(body: unknown): SimResponse {
    if (!Array.isArray(body) || body.length === 0) return error(VALIDATION_STATUS, 'body must be a non-empty array of creators');
    const emails = new Set(creators.map((c) => c.email.toLowerCase()));
    for (const [i, item] of body.entries()) {
      if (!isRecord(item)) return error(VALIDATION_STATUS, `creator ${i}: must be an object`);
      if (typeof item.email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(item.email))
        return error(VALIDATION_STATUS, `creator ${i}: email is required`);
      if (item.entity_type !== undefined && item.entity_type !== 'individual' && item.entity_type !== 'business') {
        return error(VALIDATION_STATUS, `creator ${i}: entity_type must be "individual" or "business"`);
      }
      if (emails.has(item.email.toLowerCase())) return error(CONFLICT_STATUS, `creator ${i}: a creator with this email already exists`);
      emails.add(item.email.toLowerCase());
    }
    const created = body.map((item: Record<string, unknown>) => {
      const s = (v: unknown) => (typeof v === 'string' ? v : '');
      const creator: Creator = {
        id: uuidFrom(random),
        email: s(item.email),
        first_name: s(item.first_name),
        last_name: s(item.last_name),
        business_name: s(item.business_name),
        entity_type: item.entity_type === 'business' ? 'business' : 'individual',
        phone_number: s(item.phone_number),
        venmo_phone_number: '',
        selected_payment_method: 'paypal',
        account_number: s(item.account_number),
        routing_number: s(item.routing_number),
        tax_id: '',
        state_tax_id: '',
        date_of_birth: '',
        address_line_1: '',
        address_city: '',
        address_state: '',
        address_zip: '',
        is_active: true,
        is_shipping_same_as_home: true,
        manager_id: s(item.manager_id) || '00000000-0000-0000-0000-000000000000',
        manager_split: 0,
        split: 100,
        bio: '',
        notes: '',
        pronouns: '',
        platforms: '[]',
        created_at: goTime(now()),
      };
      creators.push(creator);
      creatorsById.set(creator.id, creator);
      return creatorWire(creator, creators.length - 1);
    });
    return { status: 202, body: created };
  }

  function createCampaign(body: unknown): SimResponse {
    if (!isRecord(body)) return error(VALIDATION_STATUS, 'body must be a campaign object');
    if (typeof body.title !== 'string' || !body.title.trim()) return error(VALIDATION_STATUS, 'title is required');
    for (const field of ['campaign_start_date', 'campaign_end_date'] as const) {
      const v = body[field];
      if (v !== undefined && (typeof v !== 'string' || !normalizeCalendarDate(v)))
        return error(VALIDATION_STATUS, `${field} must be a date such as 2021-1-1`);
    }
    if (body.deal_size !== undefined && !Number.isSafeInteger(body.deal_size))
      return error(VALIDATION_STATUS, 'deal_size must be an integer');
    const ref = typeof body.campaign_ref_id === 'string' ? body.campaign_ref_id : '';
    if (ref && campaigns.some((c) => c.campaign_ref_id === ref))
      return error(CONFLICT_STATUS, 'a campaign with this campaign_ref_id already exists');
    const at = goTime(now());
    const campaign: Campaign = {
      id: uuidFrom(random),
      org_id: orgId,
      title: body.title,
      description: typeof body.description === 'string' ? body.description : '',
      campaign_status: typeof body.campaign_status === 'string' ? body.campaign_status : 'active',
      campaign_start_date: typeof body.campaign_start_date === 'string' ? body.campaign_start_date : '',
      campaign_end_date: typeof body.campaign_end_date === 'string' ? body.campaign_end_date : '',
      campaign_ref_id: ref,
      payment_group_id: uuidFrom(random),
      is_archived: body.is_archived === true,
      deal_size: typeof body.deal_size === 'number' ? body.deal_size : 0,
      created_at: at,
      updated_at: at,
    };
    campaigns.push(campaign);
    campaignsById.set(campaign.id, campaign);
    groups.add(campaign.payment_group_id);
    return { status: 201, body: campaignWire(campaign) };
  }

  function listPayments(query: URLSearchParams): SimResponse {
    const bounds: Record<'start' | 'end', string | null> = { start: null, end: null };
    for (const which of ['start', 'end'] as const) {
      const raw = query.get(PAYMENT_DATE_FILTER[which]);
      if (raw === null || raw === '') continue;
      const date = normalizeCalendarDate(raw);
      if (!date) return error(VALIDATION_STATUS, `${PAYMENT_DATE_FILTER[which]} must be a date (YYYY-MM-DD)`);
      bounds[which] = date;
    }
    const status = query.get(PAYMENT_DATE_FILTER.status) || null;
    const out: ReturnType<typeof paymentReadWire>[] = [];
    for (const p of payments) {
      if (p.is_deleted) continue;
      const day = p.created_at.slice(0, 10);
      if (bounds.start && day < bounds.start) continue;
      if (bounds.end && day > bounds.end) continue;
      if (status && p.status !== status) continue;
      out.push(paymentReadWire(p));
    }
    return { status: 200, body: out };
  }

  function createPayments(body: unknown): SimResponse {
    if (!Array.isArray(body) || body.length === 0) return error(VALIDATION_STATUS, 'body must be a non-empty array of payments');
    const batchIds = new Set<string>();
    for (const [i, item] of body.entries()) {
      const problem = validatePayment(item, i, batchIds);
      if (problem) return error(VALIDATION_STATUS, problem);
    }
    for (const id of batchIds) if (paymentsById.has(id)) return error(CONFLICT_STATUS, `payment ${id} already exists`);
    const at = goTime(now());
    const created = (body as Array<Record<string, unknown>>).map((item) => {
      const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
      const payment: Payment = {
        id: str(item.id) ?? uuidFrom(random),
        org_id: orgId,
        recipient: item.recipient as string,
        recipient_role: str(item.recipient_role),
        managed_creator_id: str(item.managed_creator_id),
        amount: item.amount as number,
        earnings: typeof item.earnings === 'number' ? item.earnings : (item.amount as number),
        fee: null,
        federal_withholdings: typeof item.federal_withholdings === 'number' ? item.federal_withholdings : null,
        state_withholdings: typeof item.state_withholdings === 'number' ? item.state_withholdings : null,
        split: typeof item.split === 'number' ? item.split : 100,
        memo: typeof item.memo === 'string' ? item.memo : '',
        audit: str(item.audit),
        method: creatorsById.get(item.recipient as string)?.selected_payment_method ?? null,
        status: DRAFT_STATUS,
        payment_group_id: str(item.payment_group_id),
        reference_id: null,
        fee_reference_id: null,
        paypal_payout_batch_id: null,
        paypal_payout_item_id: null,
        is_deleted: false,
        created_at: at,
        updated_at: at,
        date_initiated: null,
        date_posted: null,
        date_failed: null,
        expected_arrival_date: null,
      };
      payments.push(payment);
      paymentsById.set(payment.id, payment);
      return paymentCreateWire(payment);
    });
    return { status: 201, body: created };
  }

  function updatePayments(body: unknown): SimResponse {
    if (!Array.isArray(body) || body.length === 0) return error(VALIDATION_STATUS, 'body must be a non-empty array of payments');
    const targets: Array<[Payment, Record<string, unknown>]> = [];
    for (const [i, item] of body.entries()) {
      if (!isRecord(item) || typeof item.id !== 'string') return error(VALIDATION_STATUS, `payment ${i}: id is required`);
      const payment = paymentsById.get(item.id);
      if (!payment || payment.is_deleted) return error(VALIDATION_STATUS, `payment ${i}: no such payment`);
      if (payment.status !== DRAFT_STATUS) return error(VALIDATION_STATUS, `payment ${i}: only draft payments can be updated`);
      if (item.amount !== undefined && (!Number.isSafeInteger(item.amount) || (item.amount as number) <= 0))
        return error(VALIDATION_STATUS, `payment ${i}: amount must be a positive integer number of cents`);
      if (item.recipient !== undefined && !creatorsById.has(String(item.recipient)))
        return error(VALIDATION_STATUS, `payment ${i}: recipient is not a creator of this organization`);
      targets.push([payment, item]);
    }
    const at = goTime(now());
    for (const [payment, item] of targets) {
      if (typeof item.amount === 'number') payment.amount = item.amount;
      if (typeof item.memo === 'string') payment.memo = item.memo;
      if (typeof item.audit === 'string') payment.audit = item.audit;
      if (typeof item.recipient === 'string') payment.recipient = item.recipient;
      payment.updated_at = at;
    }
    return { status: 200, body: paymentReadWire(targets[targets.length - 1]![0]) };
  }

  function deletePayments(body: unknown): SimResponse {
    if (!Array.isArray(body) || body.length === 0 || !body.every((id) => typeof id === 'string')) {
      return error(VALIDATION_STATUS, 'body must be a non-empty array of payment ids');
    }
    const targets: Payment[] = [];
    for (const id of body as string[]) {
      const payment = paymentsById.get(id);
      if (!payment || payment.is_deleted) return error(404, `payment ${id} not found`);
      if (payment.status !== DRAFT_STATUS)
        return error(DELETE_NON_DRAFT_STATUS, `payment ${id} is ${payment.status}: only draft payments can be deleted`);
      targets.push(payment);
    }
    const at = goTime(now());
    for (const payment of targets) {
      payment.is_deleted = true;
      payment.updated_at = at;
    }
    return { status: 200, body: { message: `${targets.length} payment(s) deleted`, status: 200 } };
  }

  const running = await serveSimulator(handle, options, () => advance(1));

  return {
    ...running,
    baseUrl: running.origin,
    credentials: { authMode: 'apiKey', publicFields: {}, secrets: { apiKey } },
    advance,
    payoutCount: () => payments.length,
    advanceClock: (ms: number) => {
      clockOffset += ms;
    },
    now: () => new Date(now()),
    exchangeCount: () => exchanges,
    currentSessionToken: () => liveToken,
  };
}

export const startSimulator: SimulatorFactory = startCreatorPaySimulator;
