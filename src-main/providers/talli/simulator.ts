/**
 * Talli Campaign Manager v2 simulator: an Auth0-style token endpoint at origin + /oauth/token (client id, secret
 * and audience checked; tokens with a short configurable lifetime), and under baseUrl (origin + /talli) the
 * campaign and payout-instruction routes with required pageNumber/pageSize paging, externalId look-ups, create
 * (202, no body), :initiate and :cancel. Errors are RFC 7807 problem details (see assumptions.ts).
 *
 * Lifecycle on advance(): PushInitiated → Initiated → PayoutMethodSelected → Requested → Fulfilled.
 * Test hook: an e-mail containing "bounce" ends InitiationFailed instead of Initiated.
 */
import { randomBytes } from 'node:crypto';
import { money, toJsonNumber } from '@shared/money';
import { between, fakeAmountMinor, fakeCampaignName, fakePastTime, fakePerson, pick, seededRandom } from '../simulator/seed-data';
import { serveSimulator, type SimRequest, type SimResponse } from '../simulator/server';
import type { ProviderSimulator, SimulatorFactory, SimulatorOptions } from '../simulator/types';
import {
  AMOUNT_REQUIRED_ON_CREATE,
  CAMPAIGNS_PATH,
  CAMPAIGN_ACTIVE_STATUS,
  CAMPAIGN_CLOSED_STATUS,
  CANCELLED_STATUS,
  CANCEL_ACTION,
  CANCEL_REQUEST_REASONS,
  DOCUMENTED_STATUSES,
  EXPIRED_STATUS,
  EXTERNAL_ID_MAX_LENGTH,
  EXTERNAL_ID_UNIQUE,
  FULFILLED_STATUS,
  INITIATE_ACTION,
  INITIATE_CHANNELS,
  INSTRUCTIONS_PATH,
  LIST_ORDER_OLDEST_FIRST,
  MAX_PAGE_SIZE,
  NO_CANCELLATION_REASON,
  PAGE_NUMBER_BASE,
  PHONE_FORMAT,
  PROBLEM_CONTENT_TYPE,
  TERMINAL_STATUSES,
} from './assumptions';

/**
 * Where this simulator starts in the shared roster of fake people (seed-data.ts): the providers' people overlap, so
 * the demo pays some of the same people through several providers.
 */
const ROSTER_OFFSET = 9;

export const TOKEN_PATH = '/oauth/token';
export const API_BASE_PATH = '/talli';

export interface TalliSimulatorOptions extends SimulatorOptions {
  /** Lifetime of issued access tokens (default 3600 s); tests use a second or two to exercise refresh. */
  tokenLifetimeSeconds?: number;
}

export interface TalliSimulator extends ProviderSimulator {
  /** Makes every issued access token invalid (the next API call gets a 401). */
  revokeTokens(): void;
  /** Access tokens issued so far (tests: assert none leaks into messages). */
  issuedTokens(): string[];
  /** Campaign ids by status. */
  campaignIds(status?: string): string[];
  setTokenLifetime(seconds: number): void;
}

interface SimCampaign {
  campaignId: string;
  name: string;
  status: string;
}

interface SimInstruction {
  seq: number;
  id: string;
  campaignId: string;
  externalId: string;
  firstName: string | null;
  lastName: string | null;
  email: string;
  phoneNumber: string | null;
  minor: number;
  status: string;
  cancellationReason: string;
  selectedPayoutMethodId: string | null;
  fulfilledOn: string | null;
  nextReminderDate: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const uuidFrom = (random: () => number) => {
  const hex = (n: number) =>
    Math.floor(random() * 16 ** n)
      .toString(16)
      .padStart(n, '0');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + Math.floor(random() * 4)).toString(16)}${hex(3)}-${hex(6)}${hex(6)}`;
};

export async function startTalliSimulator(options: TalliSimulatorOptions): Promise<TalliSimulator> {
  const random = seededRandom(options.seed);
  const now = options.now ?? new Date();
  let tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 3600;
  const clientId = `talli-${uuidFrom(random).slice(0, 8)}`;
  const generatedSecret = `secret-${uuidFrom(random)}${uuidFrom(random).slice(0, 8)}`;
  const clientSecret = options.secrets?.clientSecret ?? generatedSecret;
  const audience = 'https://api.talli.simulator';
  const tokens = new Map<string, number>();
  const issued: string[] = [];

  const campaigns: SimCampaign[] = [];
  const campaignById = new Map<string, SimCampaign>();
  const instructions: SimInstruction[] = [];
  const byId = new Map<string, SimInstruction>();
  const byExternalId = new Map<string, SimInstruction[]>();
  const inFlight = new Set<SimInstruction>();
  let seq = 0;

  const addInstruction = (i: SimInstruction) => {
    instructions.push(i);
    byId.set(i.id, i);
    const list = byExternalId.get(i.externalId);
    if (list) list.push(i);
    else byExternalId.set(i.externalId, [i]);
    if (
      ['PushInitiated', 'Initiated', 'Reinitiated', 'Restored', 'PayoutMethodSelected', 'Requested', 'ExpiryRequested'].includes(i.status)
    )
      inFlight.add(i);
  };

  seed();

  function seed() {
    const campaignCount = Math.max(1, options.campaigns ?? 8);
    for (let c = 0; c < campaignCount; c += 1) {
      // The last campaign is closed when there are several, so validation against closed campaigns is testable.
      const campaign = {
        campaignId: uuidFrom(random),
        name: fakeCampaignName(random, c),
        status: c === campaignCount - 1 && c > 0 ? CAMPAIGN_CLOSED_STATUS : CAMPAIGN_ACTIVE_STATUS,
      };
      campaigns.push(campaign);
      campaignById.set(campaign.campaignId, campaign);
    }
    const count = options.payouts;
    const peopleCount = Math.max(5, options.creators ?? Math.floor(count / 20));
    const people = Array.from({ length: peopleCount }, (_, i) => fakePerson(random, i + ROSTER_OFFSET));
    const times = new Float64Array(count);
    for (let i = 0; i < count; i += 1) times[i] = fakePastTime(random, now, 365).getTime();
    times.sort();
    const nowMs = now.getTime();
    const recent = DOCUMENTED_STATUSES;
    for (let i = 0; i < count; i += 1) {
      const person = people[between(random, 0, peopleCount - 1)]!;
      const createdAt = times[i]!;
      const old = nowMs - createdAt > 30 * 86_400_000;
      const roll = random();
      const status = old
        ? roll < 0.8
          ? FULFILLED_STATUS
          : roll < 0.9
            ? CANCELLED_STATUS
            : roll < 0.97
              ? EXPIRED_STATUS
              : 'InitiationFailed'
        : roll < 0.15
          ? FULFILLED_STATUS
          : roll < 0.2
            ? CANCELLED_STATUS
            : pick(random, recent);
      const methodChosen = ['PayoutMethodSelected', 'Requested', FULFILLED_STATUS].includes(status);
      addInstruction({
        seq: seq++,
        id: uuidFrom(random),
        campaignId: campaigns[i % campaigns.length]!.campaignId,
        externalId: `seed-${i.toString(36).padStart(6, '0')}`,
        firstName: person.firstName,
        lastName: person.lastName,
        email: person.email,
        phoneNumber: random() < 0.5 ? `+1${person.phone}` : null,
        minor: fakeAmountMinor(random),
        status,
        cancellationReason: status === CANCELLED_STATUS ? pick(random, CANCEL_REQUEST_REASONS) : NO_CANCELLATION_REASON,
        selectedPayoutMethodId: methodChosen ? uuidFrom(random) : null,
        fulfilledOn: status === FULFILLED_STATUS ? new Date(Math.min(createdAt + 3 * 86_400_000, nowMs)).toISOString() : null,
        nextReminderDate: null,
      });
    }
  }

  const toJson = (i: SimInstruction) => ({
    payoutInstructionId: i.id,
    campaignId: i.campaignId,
    amount: toJsonNumber(money(i.minor, 'USD')),
    firstName: i.firstName,
    lastName: i.lastName,
    email: i.email,
    phoneNumber: i.phoneNumber,
    status: i.status,
    cancellationReason: i.cancellationReason,
    selectedPayoutMethodId: i.selectedPayoutMethodId,
    fulfilledOn: i.fulfilledOn,
    externalId: i.externalId,
    nextReminderDate: i.nextReminderDate,
  });

  // -------------------------------------------------------------------------------------------------------
  // Errors: RFC 7807 problem details (ASP.NET style); the token endpoint uses Auth0's { error, error_description }.
  // -------------------------------------------------------------------------------------------------------
  const problem = (status: number, title: string, detail?: string, errors?: Record<string, string[]>): SimResponse => ({
    status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE },
    body: {
      type: `https://tools.ietf.org/html/rfc9110#section-15.${status >= 500 ? 6 : 5}.${(status % 100) + 1}`,
      title,
      status,
      ...(detail ? { detail } : {}),
      ...(errors ? { errors } : {}),
    },
  });
  const invalid = (field: string, message: string) =>
    problem(400, 'One or more validation errors occurred.', message, { [field]: [message] });
  const notFound = (what: string) => problem(404, 'Not Found', `${what} was not found.`);

  function issueToken(req: SimRequest): SimResponse {
    if (req.method !== 'POST') return { status: 405, body: { error: 'invalid_request', error_description: 'Use POST.' } };
    const body = typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>) : {};
    if (body.grant_type !== 'client_credentials')
      return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'Only client_credentials is supported.' } };
    if (body.client_id !== clientId || body.client_secret !== clientSecret)
      return { status: 401, body: { error: 'access_denied', error_description: 'Unauthorized' } };
    if (body.audience !== audience)
      return { status: 403, body: { error: 'access_denied', error_description: 'Service not found for the requested audience.' } };
    const token = `tk_${randomBytes(24).toString('base64url')}`;
    tokens.set(token, Date.now() + tokenLifetimeSeconds * 1000);
    issued.push(token);
    return {
      status: 200,
      body: {
        access_token: token,
        token_type: 'Bearer',
        expires_in: tokenLifetimeSeconds,
        scope: 'payoutInstructions:view payoutInstructions:create payoutInstructions:initiate payoutInstructions:cancel',
      },
    };
  }

  function authenticate(req: SimRequest): SimResponse | null {
    const match = /^Bearer (\S+)$/.exec(String(req.headers.authorization ?? ''));
    const expiresAt = match ? tokens.get(match[1]!) : undefined;
    if (expiresAt !== undefined && expiresAt > Date.now()) return null;
    return { status: 401, headers: { 'www-authenticate': `Bearer error="${match ? 'invalid_token' : 'invalid_request'}"` } };
  }

  /** Required, integer paging parameters; returns [start, pageNumber, pageSize] or an error. */
  function paging(req: SimRequest): SimResponse | { pageNumber: number; pageSize: number } {
    const errors: Record<string, string[]> = {};
    const read = (name: string) => {
      const raw = req.query.get(name);
      if (raw === null || raw === '') errors[name] = [`The ${name} field is required.`];
      else if (!/^-?\d+$/.test(raw)) errors[name] = [`The value '${raw.slice(0, 20)}' is not valid for ${name}.`];
      return Number(raw);
    };
    const pageNumber = read('pageNumber');
    const pageSize = read('pageSize');
    if (!errors.pageNumber && pageNumber < PAGE_NUMBER_BASE) errors.pageNumber = [`pageNumber must be at least ${PAGE_NUMBER_BASE}.`];
    if (!errors.pageSize && (pageSize < 1 || pageSize > MAX_PAGE_SIZE))
      errors.pageSize = [`pageSize must be between 1 and ${MAX_PAGE_SIZE}.`];
    const first = Object.values(errors)[0]?.[0];
    return first ? problem(400, 'One or more validation errors occurred.', first, errors) : { pageNumber, pageSize };
  }

  /** Items are held oldest first; a newest-first API is served by slicing from the end without copying. */
  function pageOf<T, J>(items: T[], pageNumber: number, pageSize: number, toItem: (item: T) => J, oldestFirst = true) {
    const start = (pageNumber - PAGE_NUMBER_BASE) * pageSize;
    const data = oldestFirst
      ? items.slice(start, start + pageSize)
      : items.slice(Math.max(0, items.length - start - pageSize), Math.max(0, items.length - start)).reverse();
    return { pageNumber, pageSize, totalPages: Math.ceil(items.length / pageSize), totalItems: items.length, data: data.map(toItem) };
  }

  function listInstructions(req: SimRequest): SimResponse {
    const p = paging(req);
    if ('status' in p) return p;
    const q = req.query;
    const campaignId = q.get('campaignId');
    if (campaignId !== null && !UUID.test(campaignId))
      return invalid('campaignId', `The value '${campaignId.slice(0, 40)}' is not valid for campaignId.`);
    let status = q.get('status');
    if (status !== null) {
      if (/^\d+$/.test(status)) status = DOCUMENTED_STATUSES[Number(status)] ?? null;
      if (status === null || !(DOCUMENTED_STATUSES as readonly string[]).includes(status))
        return invalid('status', 'The status value is not valid.');
    }
    const externalId = q.get('externalId');
    const email = q.get('email')?.toLowerCase() ?? null;
    let items = externalId !== null ? [...(byExternalId.get(externalId) ?? [])] : instructions;
    if (campaignId !== null || status !== null || email !== null) {
      items = items.filter(
        (i) =>
          (campaignId === null || i.campaignId === campaignId) &&
          (status === null || i.status === status) &&
          (email === null || i.email.toLowerCase() === email),
      );
    }
    return { status: 200, body: pageOf(items, p.pageNumber, p.pageSize, toJson, LIST_ORDER_OLDEST_FIRST) };
  }

  function createInstruction(req: SimRequest): SimResponse {
    if (req.bodyInvalid || typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
      return problem(400, 'One or more validation errors occurred.', 'A non-empty JSON request body is required.');
    }
    const b = req.body as Record<string, unknown>;
    if (typeof b.campaignId !== 'string' || !UUID.test(b.campaignId))
      return invalid('campaignId', 'The campaignId field is required and must be a UUID.');
    const campaign = campaignById.get(b.campaignId);
    if (!campaign) return invalid('campaignId', 'Campaign does not exist.');
    if (campaign.status !== CAMPAIGN_ACTIVE_STATUS)
      return invalid('campaignId', 'Payout instructions cannot be added to a closed campaign.');
    if (typeof b.externalId !== 'string' || b.externalId.trim() === '') return invalid('externalId', 'The externalId field is required.');
    if (b.externalId.length > EXTERNAL_ID_MAX_LENGTH)
      return invalid('externalId', `The externalId must be at most ${EXTERNAL_ID_MAX_LENGTH} characters.`);
    if (EXTERNAL_ID_UNIQUE && byExternalId.has(b.externalId))
      return problem(409, 'Conflict', 'A payout instruction with this externalId already exists.');
    if (typeof b.email !== 'string' || !EMAIL.test(b.email)) return invalid('email', 'The Email field is not a valid e-mail address.');
    for (const field of ['firstName', 'lastName', 'phoneNumber'] as const) {
      if (b[field] !== undefined && b[field] !== null && typeof b[field] !== 'string')
        return invalid(field, `The ${field} field must be a string.`);
    }
    if (typeof b.phoneNumber === 'string' && !(PHONE_FORMAT === 'e164' ? /^\+\d{7,15}$/ : /^\d{6,15}$/).test(b.phoneNumber)) {
      return invalid(
        'phoneNumber',
        PHONE_FORMAT === 'e164' ? 'The phoneNumber must be in E.164 format.' : 'The phoneNumber must contain digits only.',
      );
    }
    if (b.amount === null || b.amount === undefined) {
      if (AMOUNT_REQUIRED_ON_CREATE) return invalid('amount', 'The amount field is required.');
    } else if (typeof b.amount !== 'number' || !Number.isFinite(b.amount)) return invalid('amount', 'The amount must be a number.');
    let minor = 0;
    if (typeof b.amount === 'number') {
      // Two decimals at most, judged on the shortest printing of the double (what the JSON carried).
      const text = String(b.amount);
      if (!/^\d+(\.\d{1,2})?$/.test(text)) return invalid('amount', 'The amount must be positive with at most two decimal places.');
      const [whole = '0', fraction = ''] = text.split('.');
      minor = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
      if (minor <= 0) return invalid('amount', 'The amount must be greater than zero.');
      if (!Number.isSafeInteger(minor)) return invalid('amount', 'The amount is too large.');
    }
    addInstruction({
      seq: seq++,
      id: uuidFrom(random),
      campaignId: campaign.campaignId,
      externalId: b.externalId,
      firstName: typeof b.firstName === 'string' ? b.firstName : null,
      lastName: typeof b.lastName === 'string' ? b.lastName : null,
      email: b.email,
      phoneNumber: typeof b.phoneNumber === 'string' ? b.phoneNumber : null,
      minor,
      status: 'Draft',
      cancellationReason: NO_CANCELLATION_REASON,
      selectedPayoutMethodId: null,
      fulfilledOn: null,
      nextReminderDate: null,
    });
    return { status: 202 };
  }

  function initiate(i: SimInstruction, body: unknown): SimResponse {
    const channel = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).channel : undefined;
    if (typeof channel !== 'string' || !(INITIATE_CHANNELS as readonly string[]).includes(channel))
      return invalid('channel', "Valid values are 'email' and 'none'.");
    if (!['Draft', 'Ready'].includes(i.status))
      return problem(400, 'Bad Request', `A payout instruction in status ${i.status} cannot be initiated.`);
    if (channel === 'none') return { status: 202 };
    i.status = 'PushInitiated';
    inFlight.add(i);
    return { status: 202 };
  }

  function cancel(i: SimInstruction, body: unknown): SimResponse {
    const reason = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).cancellationReason : undefined;
    if (typeof reason !== 'string' || !(CANCEL_REQUEST_REASONS as readonly string[]).includes(reason)) {
      return invalid('cancellationReason', `Valid values are: ${CANCEL_REQUEST_REASONS.join(', ')}.`);
    }
    if (TERMINAL_STATUSES.has(i.status) && i.status !== 'InitiationFailed')
      return problem(400, 'Bad Request', `A payout instruction in status ${i.status} cannot be cancelled.`);
    if (i.status === 'Requested')
      return problem(400, 'Bad Request', 'The payout has been requested from the payout method; use :try-restore first.');
    i.status = CANCELLED_STATUS;
    i.cancellationReason = reason;
    inFlight.delete(i);
    return { status: 202 };
  }

  async function handle(req: SimRequest): Promise<SimResponse> {
    if (req.path === TOKEN_PATH) return issueToken(req);
    if (!req.path.startsWith(`${API_BASE_PATH}/`)) return notFound('The resource');
    const denied = authenticate(req);
    if (denied) return denied;
    const path = req.path.slice(API_BASE_PATH.length);
    if (path === CAMPAIGNS_PATH && req.method === 'GET') {
      const p = paging(req);
      if ('status' in p) return p;
      return { status: 200, body: pageOf(campaigns, p.pageNumber, p.pageSize, (c) => ({ ...c })) };
    }
    if (path === INSTRUCTIONS_PATH) {
      if (req.method === 'GET') return listInstructions(req);
      if (req.method === 'POST') return createInstruction(req);
    }
    if (path.startsWith(`${INSTRUCTIONS_PATH}/`)) {
      const [rawId = '', action, ...rest] = path.slice(INSTRUCTIONS_PATH.length + 1).split('/');
      const id = decodeURIComponent(rawId);
      const instruction = UUID.test(id) ? byId.get(id) : undefined;
      if (rest.length === 0 && instruction) {
        if (action === undefined && req.method === 'GET') return { status: 200, body: toJson(instruction) };
        if (action === INITIATE_ACTION && req.method === 'POST') return initiate(instruction, req.body);
        if (action === CANCEL_ACTION && req.method === 'POST') return cancel(instruction, req.body);
      }
      if (!instruction) return notFound(`Payout instruction ${id.slice(0, 40)}`);
    }
    return notFound('The resource');
  }

  function advance(steps = 1) {
    for (let step = 0; step < steps; step += 1) {
      for (const i of [...inFlight]) {
        switch (i.status) {
          case 'PushInitiated':
            i.status = /bounce/i.test(i.email) ? 'InitiationFailed' : 'Initiated';
            break;
          case 'Initiated':
          case 'Reinitiated':
          case 'Restored':
            i.status = 'PayoutMethodSelected';
            i.selectedPayoutMethodId = uuidFrom(random);
            break;
          case 'PayoutMethodSelected':
            i.status = 'Requested';
            break;
          case 'Requested':
            i.status = FULFILLED_STATUS;
            i.fulfilledOn = new Date().toISOString();
            break;
          case 'ExpiryRequested':
            i.status = EXPIRED_STATUS;
            break;
        }
        if (TERMINAL_STATUSES.has(i.status)) inFlight.delete(i);
      }
    }
  }

  const server = await serveSimulator(handle, options, () => advance());

  return {
    ...server,
    baseUrl: `${server.origin}${API_BASE_PATH}`,
    credentials: {
      authMode: 'oauth2',
      publicFields: { clientId, tokenUrl: `${server.origin}${TOKEN_PATH}`, audience },
      secrets: { clientSecret },
    },
    advance,
    payoutCount: () => instructions.length,
    revokeTokens: () => tokens.clear(),
    issuedTokens: () => [...issued],
    campaignIds: (status) => campaigns.filter((c) => !status || c.status === status).map((c) => c.campaignId),
    setTokenLifetime: (seconds) => {
      tokenLifetimeSeconds = seconds;
    },
  };
}

export const startSimulator: SimulatorFactory = startTalliSimulator;
