/**
 * A Talentir look-alike for tests, benchmarks and the demo workspace. It enforces what Talentir documents (Bearer
 * key, create-body rules, currencies, minimum, "@" handles, lookup by customId, status lifecycle) and fills the gaps
 * with the same assumptions the client makes (assumptions.ts), so client and simulator agree by construction
 * and a correction to an assumption moves both.
 */
import { parseDecimal, toDecimalString } from '@shared/money';
import {
  counterIds,
  fakeAmountMinor,
  fakePerson,
  pick,
  randomHex8,
  seededRandom,
  weightedPick,
  type FakePerson,
} from '../simulator/seed-data';
import { serveSimulator, type SimRequest, type SimResponse } from '../simulator/server';
import type { ProviderSimulator, SimulatorFactory } from '../simulator/types';
import {
  API_PATH_PREFIX,
  DUPLICATE_CUSTOM_ID_STATUS,
  LIFECYCLE,
  LIST_CURSOR_QUERY_PARAM,
  LIST_DEFAULT_LIMIT,
  LIST_MAX_LIMIT,
  MAX_AMOUNT_DECIMALS_ACCEPTED,
} from './assumptions';
import { HANDLE_TYPES, TALENTIR_CURRENCIES, TALENTIR_MINIMUM_MINOR } from './mapping';

/**
 * Where this simulator starts in the shared roster of fake people (seed-data.ts): the providers' people overlap, so
 * the demo pays some of the same people through several providers.
 */
const ROSTER_OFFSET = 3;

/** The payout as the simulator serves it: the field names are the first alias of each in PAYOUT_FIELD_ALIASES. */
interface SimPayout {
  uuid: string;
  customId: string | null;
  status: string;
  payoutAmount: string;
  currency: string;
  description: string;
  handleType: string;
  email: string | null;
  creatorHandle: string | null;
  tags: string[];
  notifications: string;
  payoutType: string;
  phone: string | null;
  url: string;
  message: string | null;
  createdAt: string;
  updatedAt: string;
}

const DESCRIPTIONS = [
  'Campaign payout',
  'Q1 royalty payment',
  'Sponsored video',
  'UGC bundle',
  'Affiliate commission',
  'Usage rights extension',
  'Story set',
  'Event appearance',
];
const TAGS = ['royalties', 'sponsorship', 'ugc', 'affiliate', 'q1', 'q2', 'launch'];
const SEEDED_STATUS_WEIGHTS: Array<[string, number]> = [
  ['completed', 0.58],
  ['approved', 0.1],
  ['requested', 0.07],
  ['created', 0.12],
  ['expired', 0.07],
  ['deleted', 0.06],
];
const DAY_MS = 86_400_000;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const AMOUNT_TEXT = new RegExp(`^\\d+(?:\\.\\d{1,${MAX_AMOUNT_DECIMALS_ACCEPTED}})?$`);

const error = (status: number, message: string): SimResponse => ({ status, body: { message } });

export const startSimulator: SimulatorFactory = async (options) => {
  const random = seededRandom(options.seed);
  const nowMs = (options.now ?? new Date()).getTime();
  const generatedKey = `tlt_sim_${randomHex8(random)}${randomHex8(random)}`;
  const apiKey = options.secrets?.apiKey ?? generatedKey;
  const idPrefix = randomHex8(random);
  const nextPayoutId = counterIds(idPrefix, '0001');
  const nextWebhookId = counterIds(idPrefix, '0002');
  const payouts: SimPayout[] = [];
  const indexById = new Map<string, number>();
  const indexByCustomId = new Map<string, number>();
  const webhooks = new Map<string, { id: string; targetUrl: string; eventType: string; environment: string }>();

  const creatorCount = Math.max(5, options.creators ?? Math.floor(options.payouts / 20));
  const creators: FakePerson[] = [];
  for (let i = 0; i < creatorCount; i += 1) creators.push(fakePerson(random, i + ROSTER_OFFSET));

  const spanMs = 365 * DAY_MS;
  const total = options.payouts;
  for (let i = 0; i < total; i += 1) {
    const person = creators[Math.floor(random() * creators.length)]!;
    const byHandle = random() < 0.6;
    const currencyRoll = random();
    const currency = currencyRoll < 0.45 ? 'EUR' : currencyRoll < 0.8 ? 'USD' : currencyRoll < 0.92 ? 'GBP' : 'CHF';
    // Older payouts have mostly finished; the newest few percent are still moving.
    const status =
      i > total * 0.97
        ? pick(random, ['created', 'approved', 'requested'] as const)
        : weightedPick(random, SEEDED_STATUS_WEIGHTS, 'completed');
    const createdMs = nowMs - Math.floor((spanMs * (total - i)) / Math.max(total, 1));
    const created = new Date(createdMs).toISOString();
    const uuid = nextPayoutId();
    const customId = random() < 0.3 ? `seed-${options.seed}-${i}` : null;
    const payout: SimPayout = {
      uuid,
      customId,
      status,
      payoutAmount: toDecimalString({ minor: fakeAmountMinor(random), currency }),
      currency,
      description: pick(random, DESCRIPTIONS),
      handleType: byHandle ? person.platform : 'none',
      // Some handle payouts carry the creator's e-mail too (the API takes both), which links the two in the demo.
      email: byHandle && i % 3 !== 0 ? null : person.email,
      creatorHandle: byHandle ? person.handle : null,
      tags: random() < 0.5 ? [pick(random, TAGS)] : [],
      notifications: 'allowed',
      payoutType: 'manual',
      phone: null,
      url: `https://www.talentir.com/payout/${uuid}`,
      message: null,
      createdAt: created,
      updatedAt: status === 'created' ? created : new Date(Math.min(nowMs, createdMs + DAY_MS)).toISOString(),
    };
    indexById.set(uuid, payouts.length);
    if (customId) indexByCustomId.set(customId, payouts.length);
    payouts.push(payout);
  }

  function advance(steps = 1) {
    const stamp = new Date().toISOString();
    for (let step = 0; step < steps; step += 1) {
      for (const payout of payouts) {
        const at = (LIFECYCLE as readonly string[]).indexOf(payout.status);
        if (at < 0 || at === LIFECYCLE.length - 1) continue;
        payout.status = LIFECYCLE[at + 1]!;
        payout.updatedAt = stamp;
      }
    }
  }

  function authorised(request: SimRequest): boolean {
    return request.headers.authorization === `Bearer ${apiKey}`;
  }

  function listPayouts(request: SimRequest): SimResponse {
    const limitText = request.query.get('limit') ?? String(LIST_DEFAULT_LIMIT);
    if (!/^\d+$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > LIST_MAX_LIMIT) {
      return error(400, `limit must be a whole number between 1 and ${LIST_MAX_LIMIT}.`);
    }
    const limit = Number(limitText);
    const direction = request.query.get('order_direction') ?? 'desc';
    if (direction !== 'asc' && direction !== 'desc') return error(400, 'order_direction must be "asc" or "desc".');
    const cursor = request.query.get(LIST_CURSOR_QUERY_PARAM);
    let start = direction === 'desc' ? payouts.length - 1 : 0;
    if (cursor) {
      const at = indexById.get(cursor);
      if (at === undefined) return error(400, 'Invalid cursor.');
      start = direction === 'desc' ? at - 1 : at + 1;
    }
    const page: SimPayout[] = [];
    const stepBy = direction === 'desc' ? -1 : 1;
    let i = start;
    for (; i >= 0 && i < payouts.length && page.length < limit; i += stepBy) page.push(payouts[i]!);
    const more = i >= 0 && i < payouts.length;
    return { status: 200, body: { payouts: page, nextCursor: more && page.length ? page[page.length - 1]!.uuid : null } };
  }

  function getPayout(request: SimRequest, id: string): SimResponse {
    const idType = request.query.get('id_type') ?? 'id';
    if (idType !== 'id' && idType !== 'custom_id') return error(400, 'id_type must be "id" or "custom_id".');
    const at = idType === 'custom_id' ? indexByCustomId.get(id) : indexById.get(id);
    return at === undefined ? error(404, 'Payout not found.') : { status: 200, body: payouts[at] };
  }

  function createPayout(request: SimRequest): SimResponse {
    if (request.bodyInvalid) return error(400, 'Request body is not valid JSON.');
    const body = request.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) return error(400, 'Request body must be a JSON object.');
    const b = body as Record<string, unknown>;
    if (typeof b.description !== 'string' || !b.description.trim()) return error(400, 'description is required.');
    if (typeof b.payoutAmount !== 'string') return error(400, 'payoutAmount must be a string, e.g. "100.00".');
    if (!AMOUNT_TEXT.test(b.payoutAmount)) return error(400, `payoutAmount "${b.payoutAmount}" is not a valid amount, e.g. "100.00".`);
    if (typeof b.currency !== 'string' || !(TALENTIR_CURRENCIES as readonly string[]).includes(b.currency)) {
      return error(400, `currency must be one of ${TALENTIR_CURRENCIES.join(', ')}.`);
    }
    const minor = parseDecimal(b.payoutAmount, b.currency).minor;
    if (minor < TALENTIR_MINIMUM_MINOR) return error(400, 'payoutAmount must be at least "0.1".');
    const handleType = b.handleType ?? 'none';
    if (typeof handleType !== 'string' || !(HANDLE_TYPES as readonly string[]).includes(handleType)) {
      return error(400, `handleType must be one of ${HANDLE_TYPES.join(', ')}.`);
    }
    if (handleType === 'none') {
      if (typeof b.email !== 'string' || !EMAIL.test(b.email))
        return error(400, 'email must be a valid e-mail address when handleType is "none".');
    } else if (typeof b.creatorHandle !== 'string' || !b.creatorHandle.startsWith('@') || b.creatorHandle.length < 2) {
      return error(400, 'creatorHandle must start with @.');
    }
    if (b.tags !== undefined && (!Array.isArray(b.tags) || !b.tags.every((t) => typeof t === 'string')))
      return error(400, 'tags must be an array of strings.');
    if (b.customId !== undefined && b.customId !== null && (typeof b.customId !== 'string' || !b.customId))
      return error(400, 'customId must be a non-empty string.');
    const notifications = b.notifications ?? 'allowed';
    if (notifications !== 'allowed' && notifications !== 'not-allowed')
      return error(400, 'notifications must be "allowed" or "not-allowed".');
    if (b.preApproved !== undefined && typeof b.preApproved !== 'boolean') return error(400, 'preApproved must be a boolean.');
    const payoutType = b.payoutType ?? 'manual';
    if (payoutType !== 'manual' && payoutType !== 'advance') return error(400, 'payoutType must be "manual" or "advance".');
    if (payoutType === 'advance' && handleType !== 'youtube-channel')
      return error(400, 'payoutType "advance" is only possible for youtube-channel handles.');
    if (b.phone !== undefined && typeof b.phone !== 'string') return error(400, 'phone must be a string.');
    const customId = typeof b.customId === 'string' ? b.customId : null;
    if (customId && indexByCustomId.has(customId)) return error(DUPLICATE_CUSTOM_ID_STATUS, 'A payout with this customId already exists.');

    const stamp = new Date().toISOString();
    const uuid = nextPayoutId();
    const payout: SimPayout = {
      uuid,
      customId,
      status: b.preApproved === true ? 'approved' : 'created',
      payoutAmount: toDecimalString({ minor, currency: b.currency }),
      currency: b.currency,
      description: b.description,
      handleType,
      email: handleType === 'none' ? (b.email as string) : typeof b.email === 'string' ? b.email : null,
      creatorHandle: handleType === 'none' ? null : (b.creatorHandle as string),
      tags: (b.tags as string[] | undefined) ?? [],
      notifications,
      payoutType,
      phone: (b.phone as string | undefined) ?? null,
      url: `https://www.talentir.com/payout/${uuid}`,
      message: null,
      createdAt: stamp,
      updatedAt: stamp,
    };
    indexById.set(uuid, payouts.length);
    if (customId) indexByCustomId.set(customId, payouts.length);
    payouts.push(payout);
    return { status: 201, body: payout };
  }

  function createWebhook(request: SimRequest): SimResponse {
    const b = (request.body ?? {}) as Record<string, unknown>;
    if (typeof b.targetUrl !== 'string' || !/^https?:\/\//.test(b.targetUrl)) return error(400, 'targetUrl must be a URL.');
    if (b.eventType !== 'payout') return error(400, 'eventType must be "payout".');
    if (b.environment !== 'production' && b.environment !== 'sandbox')
      return error(400, 'environment is required ("production" or "sandbox").');
    const id = nextWebhookId();
    webhooks.set(id, { id, targetUrl: b.targetUrl, eventType: b.eventType, environment: b.environment });
    return {
      status: 201,
      body: {
        id,
        targetUrl: b.targetUrl,
        eventType: b.eventType,
        environment: b.environment,
        signingSecret: `whsec_${randomHex8(random)}${randomHex8(random)}`,
      },
    };
  }

  async function handle(request: SimRequest): Promise<SimResponse> {
    if (!request.path.startsWith(`${API_PATH_PREFIX}/`)) return error(404, 'Not found.');
    if (!authorised(request)) return error(401, 'Invalid or missing API key.');
    const path = request.path.slice(API_PATH_PREFIX.length);
    const method = request.method;
    if (path === '/team' && method === 'GET')
      return { status: 200, body: { id: `team_${options.seed}`, name: 'Simulated Talentir team', currency: 'EUR' } };
    if (path === '/payouts' && method === 'GET') return listPayouts(request);
    if (path === '/payout' && method === 'POST') return createPayout(request);
    const payoutMatch = /^\/payout\/([^/]+)$/.exec(path);
    if (payoutMatch && method === 'GET') return getPayout(request, decodeURIComponent(payoutMatch[1]!));
    if (path === '/webhook' && method === 'GET') return { status: 200, body: [...webhooks.values()] };
    if (path === '/webhook' && method === 'POST') return createWebhook(request);
    const webhookMatch = /^\/webhook\/([^/]+)$/.exec(path);
    if (webhookMatch && method === 'DELETE') {
      return webhooks.delete(decodeURIComponent(webhookMatch[1]!))
        ? { status: 200, body: { success: true } }
        : error(404, 'Webhook not found.');
    }
    return error(404, 'Not found.');
  }

  const server = await serveSimulator(handle, options, () => advance(1));

  const simulator: ProviderSimulator = {
    ...server,
    baseUrl: `${server.origin}${API_PATH_PREFIX}`,
    credentials: { authMode: 'bearer', publicFields: {}, secrets: { apiKey } },
    advance,
    payoutCount: () => payouts.length,
  };
  return simulator;
};
