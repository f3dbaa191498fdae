/**
 * A Dots look-alike for tests, benchmarks and the demo workspace: Basic auth (+ optional Api-App-Id), v2 cursor
 * pagination, users, payout links, send-payout with its documented validation and idempotency_key behaviour,
 * 202 when the app wallet cannot fund a payout, cancel by DELETE. Gaps are filled with the client's assumptions.
 */
import { counterIds, fakeAmountMinor, fakePerson, pick, randomHex8, seededRandom, weightedPick } from '../simulator/seed-data';
import { serveSimulator, type SimRequest, type SimResponse } from '../simulator/server';
import type { ProviderSimulator, SimulatorFactory } from '../simulator/types';
import {
  API_PATH_PREFIX,
  CANCELLABLE_STATUSES,
  FUNDS_PENDING_HTTP_STATUS,
  FUNDS_PENDING_STATUS,
  IDEMPOTENCY_KEY_LIFETIME_MS,
  LIFECYCLE,
  LIST_DEFAULT_LIMIT,
  LIST_MAX_LIMIT,
  NANP_PHONE_NUMBER,
  PHONE_COUNTRY_CODE,
  PHONE_NUMBER,
  REFERENCE_METADATA_KEY,
} from './assumptions';

/**
 * Where this simulator starts in the shared roster of fake people (seed-data.ts): the providers' people overlap, so
 * the demo pays some of the same people through several providers.
 */
const ROSTER_OFFSET = 0;

interface SimUser {
  id: string;
  first_name: string;
  last_name: string;
  email: string;
  phone_number: { country_code: string; phone_number: string };
  status: string;
  default_payout_method: string | null;
  wallet: { amount: number; withdrawable_amount: number; credit_balance: number };
  metadata: Record<string, unknown> | string | null;
}

interface SimLink {
  id: string;
  created: string;
  link: string;
  amount: number;
  status: string;
  payee: {
    first_name: string | null;
    last_name: string | null;
    email: string | null;
    country_code: string | null;
    phone_number: string | null;
  };
  delivery: { method: string; email: string | null; country_code: string | null; phone_number: string | null };
  tax_exempt: boolean;
  claimed_user_id: string | null;
  flow_id: string;
  transfer_id: string | null;
  memo: string | null;
  description: string | null;
  metadata: Record<string, unknown> | string | null;
  accounting_data: { quickbooks_account_id: string | null };
  funding_source: string;
}

/** Target user of a link, kept beside the wire object (the spec's link has no user_id field). */
interface LinkState {
  userId: string | null;
}

const SEND_PAYOUT_FIELDS = new Set([
  'amount',
  'user_id',
  'payee',
  'delivery',
  'force_collect_compliance_information',
  'additional_steps',
  'tax_exempt',
  'metadata',
  'memo',
  'idempotency_key',
  'payout_fee_party',
]);
const ADDITIONAL_STEPS = new Set([
  'compliance',
  'id-verification',
  'background-check',
  'manage-payments',
  'manage-payouts',
  'payout',
  'redirect',
  'pdf-form-fill',
]);
const USER_STATUSES = ['verified', 'verified', 'verified', 'unverified', 'in_review', 'disabled'] as const;
const PAYOUT_METHODS = ['paypal', 'venmo', 'ach', 'cash_app', null] as const;
const MEMOS = ['March campaign', 'Sponsored post', 'UGC bundle', 'Affiliate payout', 'Event appearance', 'Usage rights', null];
const SEEDED_STATUS_WEIGHTS: Array<[string, number]> = [
  ['claimed', 0.6],
  ['delivered', 0.08],
  ['sent', 0.06],
  ['delivery_pending', 0.03],
  ['created', 0.03],
  ['expired', 0.08],
  ['canceled', 0.06],
  ['delivery_failed', 0.03],
  ['reversed', 0.02],
  ['failed', 0.01],
];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY_MS = 86_400_000;
/** Generous enough for any test or demo payout; larger amounts exercise the 202 "funds pending" path. */
const INITIAL_WALLET_CENTS = 100_000_000;

const fail = (status: number, errorCode: string, message: string): SimResponse => ({
  status,
  body: { success: false, error_code: errorCode, message },
});

/** Dots' examples show microseconds and no offset: "2024-07-11T12:31:33.479437". */
function dotsTimestamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}000`;
}

export const startSimulator: SimulatorFactory = async (options) => {
  const random = seededRandom(options.seed);
  const nowMs = (options.now ?? new Date()).getTime();
  const clientId = `sim_client_${randomHex8(random)}`;
  const generatedKey = `sim_sk_${randomHex8(random)}${randomHex8(random)}${randomHex8(random)}`;
  const apiKey = options.secrets?.apiKey ?? generatedKey;
  const idPrefix = randomHex8(random);
  const appId = `${idPrefix}-0a00-4000-8000-000000000000`;
  const nextUserId = counterIds(idPrefix, '0001');
  const nextLinkId = counterIds(idPrefix, '0002');
  const nextFlowId = counterIds(idPrefix, '0003');
  const nextTransferId = counterIds(idPrefix, '0004');
  const nextSeededReference = counterIds(idPrefix, '0005');
  const expectedAuthorization = `Basic ${Buffer.from(`${clientId}:${apiKey}`).toString('base64')}`;
  let walletCents = INITIAL_WALLET_CENTS;

  const users: SimUser[] = [];
  const userIndex = new Map<string, number>();
  const links: SimLink[] = [];
  const linkStates: LinkState[] = [];
  const linkIndex = new Map<string, number>();
  const idempotency = new Map<string, { index: number; atMs: number }>();

  const userCount = Math.max(5, options.creators ?? Math.floor(options.payouts / 20));
  for (let i = 0; i < userCount; i += 1) {
    const person = fakePerson(random, i + ROSTER_OFFSET);
    const user: SimUser = {
      id: nextUserId(),
      first_name: person.firstName,
      last_name: person.lastName,
      email: person.email,
      phone_number: { country_code: '1', phone_number: person.phone },
      status: pick(random, USER_STATUSES),
      default_payout_method: pick(random, PAYOUT_METHODS),
      wallet: { amount: 0, withdrawable_amount: 0, credit_balance: 0 },
      metadata: null,
    };
    userIndex.set(user.id, users.length);
    users.push(user);
  }

  function addLink(link: SimLink, state: LinkState): number {
    linkIndex.set(link.id, links.length);
    links.push(link);
    linkStates.push(state);
    return links.length - 1;
  }

  const total = options.payouts;
  const spanMs = 365 * DAY_MS;
  for (let i = 0; i < total; i += 1) {
    const user = users[Math.floor(random() * users.length)]!;
    const status =
      i > total * 0.97
        ? pick(random, ['created', 'delivery_pending', 'sent', 'delivered'] as const)
        : weightedPick(random, SEEDED_STATUS_WEIGHTS, 'claimed');
    const flowId = nextFlowId();
    const id = nextLinkId();
    const reference = random() < 0.2 ? nextSeededReference() : null;
    const phone = user.phone_number.phone_number;
    addLink(
      {
        id,
        created: dotsTimestamp(nowMs - Math.floor((spanMs * (total - i)) / Math.max(total, 1))),
        link: `https://my-sandbox.dots.dev/flow/${flowId}`,
        amount: fakeAmountMinor(random),
        status,
        payee: { first_name: null, last_name: null, email: null, country_code: '1', phone_number: phone },
        delivery: { method: 'sms', email: null, country_code: '1', phone_number: phone },
        tax_exempt: false,
        claimed_user_id: status === 'claimed' ? user.id : null,
        flow_id: flowId,
        transfer_id: status === 'claimed' || status === 'reversed' ? nextTransferId() : null,
        memo: pick(random, MEMOS),
        description: null,
        metadata: reference ? { [REFERENCE_METADATA_KEY]: reference } : null,
        accounting_data: { quickbooks_account_id: null },
        funding_source: 'dots_balance',
      },
      { userId: user.id },
    );
  }

  function advanceLink(index: number) {
    const link = links[index]!;
    const at = (LIFECYCLE as readonly string[]).indexOf(link.status);
    if (at < 0 || at === LIFECYCLE.length - 1) return;
    if (link.status === FUNDS_PENDING_STATUS) {
      if (walletCents < link.amount) return;
      walletCents -= link.amount;
    }
    link.status = LIFECYCLE[at + 1]!;
    if (link.status === 'claimed') {
      link.claimed_user_id = linkStates[index]!.userId;
      link.transfer_id = nextTransferId();
    }
  }

  function advance(steps = 1) {
    for (let step = 0; step < steps; step += 1) for (let i = 0; i < links.length; i += 1) advanceLink(i);
  }

  /** Stripe-style cursor page over an oldest-first array, served newest first. */
  function listPage<T extends { id: string }>(
    request: SimRequest,
    items: T[],
    index: Map<string, number>,
    keep: (item: T) => boolean,
  ): SimResponse {
    const limitText = request.query.get('limit') ?? String(LIST_DEFAULT_LIMIT);
    if (!/^\d+$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > LIST_MAX_LIMIT) {
      return fail(400, 'invalid-input', `limit must be between 1 and ${LIST_MAX_LIMIT}.`);
    }
    const limit = Number(limitText);
    const after = request.query.get('starting_after');
    const before = request.query.get('ending_before');
    if (after && before) return fail(400, 'invalid-input', 'Use starting_after or ending_before, not both.');
    const cursor = after ?? before;
    let cursorAt: number | undefined;
    if (cursor) {
      cursorAt = index.get(cursor);
      if (cursorAt === undefined)
        return fail(400, 'invalid-input', `No object with id ${cursor} for ${after ? 'starting_after' : 'ending_before'}.`);
    }
    const data: T[] = [];
    let hasMore = false;
    if (before && cursorAt !== undefined) {
      // The `limit` items just newer than the cursor, still returned newest first.
      for (let i = cursorAt + 1; i < items.length; i += 1) {
        if (!keep(items[i]!)) continue;
        if (data.length === limit) {
          hasMore = true;
          break;
        }
        data.push(items[i]!);
      }
      data.reverse();
    } else {
      for (let i = (cursorAt ?? items.length) - 1; i >= 0; i -= 1) {
        if (!keep(items[i]!)) continue;
        if (data.length === limit) {
          hasMore = true;
          break;
        }
        data.push(items[i]!);
      }
    }
    return { status: 200, body: { data, has_more: hasMore } };
  }

  function sendPayout(request: SimRequest): SimResponse {
    if (request.bodyInvalid) return fail(400, 'invalid-input', 'Request body is not valid JSON.');
    const body = request.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) return fail(400, 'invalid-input', 'Request body must be a JSON object.');
    const b = body as Record<string, unknown>;
    const unknownField = Object.keys(b).find((key) => !SEND_PAYOUT_FIELDS.has(key));
    if (unknownField) return fail(400, 'invalid-input', `Unknown field "${unknownField}".`);
    if (typeof b.amount !== 'number' || !Number.isSafeInteger(b.amount) || b.amount <= 0) {
      return fail(400, 'invalid-input', 'amount must be a positive integer number of cents.');
    }
    if (b.user_id === undefined && b.payee === undefined) return fail(400, 'invalid-input', 'user_id or payee is required.');
    let userId: string | null = null;
    if (b.user_id !== undefined) {
      if (typeof b.user_id !== 'string' || !UUID.test(b.user_id)) return fail(400, 'invalid-input', 'user_id must be a UUID.');
      if (!userIndex.has(b.user_id)) return fail(400, 'invalid-input', 'No user exists with this user_id.');
      userId = b.user_id;
    }
    let payee: { country_code: string; phone_number: string } | null = null;
    if (b.payee !== undefined) {
      const p = b.payee as Record<string, unknown> | null;
      if (!p || typeof p !== 'object' || typeof p.country_code !== 'string' || typeof p.phone_number !== 'string') {
        return fail(400, 'invalid-input', 'payee needs country_code and phone_number.');
      }
      const validNumber =
        PHONE_COUNTRY_CODE.test(p.country_code) &&
        PHONE_NUMBER.test(p.phone_number) &&
        (p.country_code !== '1' || NANP_PHONE_NUMBER.test(p.phone_number));
      if (!validNumber) return fail(400, 'invalid-phone-number', `+${p.country_code} ${p.phone_number} is not a valid phone number.`);
      payee = { country_code: p.country_code, phone_number: p.phone_number };
    }
    if (b.delivery !== undefined) {
      const d = b.delivery as Record<string, unknown> | null;
      if (!d || typeof d !== 'object' || Array.isArray(d) || (d.message !== undefined && typeof d.message !== 'string')) {
        return fail(400, 'invalid-input', 'delivery must be an object with an optional message.');
      }
    }
    for (const flag of ['force_collect_compliance_information', 'tax_exempt'] as const) {
      if (b[flag] !== undefined && typeof b[flag] !== 'boolean') return fail(400, 'invalid-input', `${flag} must be a boolean.`);
    }
    if (
      b.additional_steps !== undefined &&
      (!Array.isArray(b.additional_steps) || !b.additional_steps.every((s) => typeof s === 'string' && ADDITIONAL_STEPS.has(s)))
    ) {
      return fail(400, 'invalid-input', 'additional_steps contains an unknown step.');
    }
    if (
      b.metadata !== undefined &&
      b.metadata !== null &&
      typeof b.metadata !== 'string' &&
      (typeof b.metadata !== 'object' || Array.isArray(b.metadata))
    ) {
      return fail(400, 'invalid-input', 'metadata must be an object or a string.');
    }
    if (b.memo !== undefined && typeof b.memo !== 'string') return fail(400, 'invalid-input', 'memo must be a string.');
    if (
      b.idempotency_key !== undefined &&
      b.idempotency_key !== null &&
      (typeof b.idempotency_key !== 'string' || !UUID.test(b.idempotency_key))
    ) {
      return fail(400, 'invalid-input', 'idempotency_key must be a UUID.');
    }
    if (
      b.payout_fee_party !== undefined &&
      b.payout_fee_party !== null &&
      b.payout_fee_party !== 'user' &&
      b.payout_fee_party !== 'platform'
    ) {
      return fail(400, 'invalid-input', 'payout_fee_party must be "user" or "platform".');
    }

    const key = typeof b.idempotency_key === 'string' ? b.idempotency_key.toLowerCase() : null;
    const nowStamp = Date.now();
    if (key) {
      const previous = idempotency.get(key);
      if (previous && nowStamp - previous.atMs < IDEMPOTENCY_KEY_LIFETIME_MS) return { status: 201, body: links[previous.index] };
    }

    const funded = walletCents >= b.amount;
    if (funded) walletCents -= b.amount;
    const flowId = nextFlowId();
    const index = addLink(
      {
        id: nextLinkId(),
        created: dotsTimestamp(nowStamp),
        link: `https://my-sandbox.dots.dev/flow/${flowId}`,
        amount: b.amount,
        status: funded ? 'created' : FUNDS_PENDING_STATUS,
        payee: {
          first_name: null,
          last_name: null,
          email: null,
          country_code: payee?.country_code ?? null,
          phone_number: payee?.phone_number ?? null,
        },
        delivery: {
          method: payee ? 'sms' : 'link',
          email: null,
          country_code: payee?.country_code ?? null,
          phone_number: payee?.phone_number ?? null,
        },
        tax_exempt: b.tax_exempt === true,
        claimed_user_id: null,
        flow_id: flowId,
        transfer_id: null,
        memo: typeof b.memo === 'string' ? b.memo : null,
        description: null,
        metadata: (b.metadata as SimLink['metadata'] | undefined) ?? null,
        accounting_data: { quickbooks_account_id: null },
        funding_source: 'dots_balance',
      },
      { userId },
    );
    if (key) idempotency.set(key, { index, atMs: nowStamp });
    return { status: funded ? 201 : FUNDS_PENDING_HTTP_STATUS, body: links[index] };
  }

  function cancelLink(id: string): SimResponse {
    const at = linkIndex.get(id);
    if (at === undefined) return fail(404, 'not-found', 'Payout link not found.');
    const link = links[at]!;
    if (link.status === 'canceled') return { status: 200, body: link };
    if (!(CANCELLABLE_STATUSES as readonly string[]).includes(link.status)) {
      return fail(400, 'invalid-input', `A payout link in status ${link.status} cannot be canceled.`);
    }
    if (link.status !== FUNDS_PENDING_STATUS) walletCents += link.amount;
    link.status = 'canceled';
    return { status: 200, body: link };
  }

  async function handle(request: SimRequest): Promise<SimResponse> {
    if (!request.path.startsWith(`${API_PATH_PREFIX}/`)) return fail(404, 'not-found', 'Not found.');
    if (request.headers.authorization !== expectedAuthorization) return fail(401, 'unauthorized', 'Invalid client id or API key.');
    const appHeader = request.headers['api-app-id'];
    if (appHeader !== undefined && appHeader !== appId)
      return fail(403, 'forbidden', 'Api-App-Id does not name an app of this organization.');
    const path = request.path.slice(API_PATH_PREFIX.length);
    const method = request.method;
    if (path === '/v2/users' && method === 'GET') {
      const status = request.query.get('status');
      return listPage(request, users, userIndex, status ? (u) => u.status === status : () => true);
    }
    const userMatch = /^\/v2\/users\/([^/]+)$/.exec(path);
    if (userMatch && method === 'GET') {
      const at = userIndex.get(decodeURIComponent(userMatch[1]!));
      return at === undefined ? fail(404, 'not-found', 'User not found.') : { status: 200, body: users[at] };
    }
    if (path === '/v2/payout-links' && method === 'GET') return listPage(request, links, linkIndex, () => true);
    const linkMatch = /^\/v2\/payout-links\/([^/]+)$/.exec(path);
    if (linkMatch && method === 'GET') {
      const at = linkIndex.get(decodeURIComponent(linkMatch[1]!));
      return at === undefined ? fail(404, 'not-found', 'Payout link not found.') : { status: 200, body: links[at] };
    }
    if (linkMatch && method === 'DELETE') return cancelLink(decodeURIComponent(linkMatch[1]!));
    if (path === '/v2/payouts/send-payout' && method === 'POST') return sendPayout(request);
    return fail(404, 'not-found', 'Not found.');
  }

  const server = await serveSimulator(handle, options, () => advance(1));

  const simulator: ProviderSimulator = {
    ...server,
    baseUrl: `${server.origin}${API_PATH_PREFIX}`,
    credentials: { authMode: 'basic', publicFields: { clientId, appId }, secrets: { apiKey } },
    advance,
    payoutCount: () => links.length,
  };
  return simulator;
};
