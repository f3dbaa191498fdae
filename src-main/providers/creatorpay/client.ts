/**
 * Creator Pay client. The API key is exchanged for a session token, and Creator Pay keeps only ONE live token per key:
 * every exchange logs out whoever held the previous one. So tokens are held per key in a process-wide cache shared by
 * every client instance, refreshed before they expire, exchanged by one caller at a time, and a rejected token is
 * re-exchanged once before the user is told someone else is using the same key.
 * Paths, shapes and statuses that the documentation lost are in ./assumptions.ts.
 */
import { createHash } from 'node:crypto';
import { HttpClient, ProviderError, type HttpResponse, type RequestSpec } from '../http';
import { connectionRedactor } from '../redaction';
import type {
  ClientConfig,
  CreateResult,
  ListOptions,
  Page,
  PayoutRequest,
  ProviderCapabilities,
  ProviderClient,
  RemoteCampaign,
  RemoteCreator,
  RemotePayout,
  SetAsideItem,
} from '../provider';
import { mapEachItem } from '../list-items';
import {
  AUTH_FAILURE_STATUSES,
  CAMPAIGNS_TYPE_QUERY,
  CAMPAIGN_LINK_FIELD,
  CREATE_PAYMENTS,
  DELETE_PAYMENTS,
  DRAFT_STATUS,
  GET_PAYMENT,
  LIST_CAMPAIGNS,
  LIST_CREATORS,
  LIST_PAYMENTS,
  LOOKUP_WINDOW_DAYS_AHEAD,
  LOOKUP_WINDOW_DAYS_BACK,
  PAYMENT_DATE_FILTER,
  REFERENCE_FIELD,
  REFERENCE_IN_MEMO,
  SEND_REFERENCE_AS_PAYMENT_ID,
  SESSION_KEY_QUERY,
  SESSION_METHOD,
  SESSION_PATH,
  SESSION_REFRESH_AFTER_MS,
  SESSION_TOKEN_HEADER,
} from './assumptions';
import {
  PROVIDER_NAME,
  campaignSchema,
  creatorSchema,
  mapCampaign,
  mapCreator,
  mapPayment,
  matchesReference,
  moneyToCents,
  parseList,
  parseListTolerant,
  parseOne,
  parseSessionToken,
  paymentSchema,
  referenceMarker,
  singleItem,
  stripSensitive,
  type PaymentContext,
  type PaymentWire,
} from './mapping';

export const capabilities: ProviderCapabilities = {
  listCreators: true,
  listCampaigns: true,
  listPayouts: true,
  getPayout: true,
  findByReference: true,
  createPayout: true,
  initiatePayout:
    "Creator Pay's API has no call that sends a payment: Paydesk creates it in Creator Pay as a draft. To send it, sign in " +
    'to the Creator Pay web app with an admin or owner account, open Payments, find the draft payment (same creator and ' +
    'amount, memo = the payout description) and send it from there. Paydesk shows the new status after the next sync.',
  cancelPayout:
    'Creator Pay lets Paydesk delete a payment only while it is still a draft (not yet sent from the Creator Pay web app). ' +
    'A payment that has been sent cannot be cancelled through the API: handle it in the Creator Pay web app or with ' +
    'Creator Pay support.',
};

/** Shown when a freshly exchanged token is refused at once: the usual cause is a second user of the same key. */
export const TOKEN_REPLACED_MESSAGE =
  'Creator Pay refused a session token that Paydesk had just obtained. Creator Pay allows only one live session per API ' +
  'key, so the token was probably replaced by another app or machine using the same API key (another Paydesk ' +
  'installation, a script, or a colleague). Give each app or machine its own API key (Creator Pay → Settings → API), ' +
  'then try again.';

// ---------------------------------------------------------------------------------------------------------------
// Process-wide session cache
// ---------------------------------------------------------------------------------------------------------------

interface SessionEntry {
  token: string | null;
  /** Our clock when the exchange that produced `token` started (conservative: the token is at least this old). */
  obtainedAt: number;
  /** The exchange in progress, shared by every caller so two never race (each would log the other out). */
  inflight: Promise<string> | null;
}

/** Keyed by a sha256 digest so this long-lived, process-wide map never holds the API key itself. */
const sessions = new Map<string, SessionEntry>();

function normalizeBaseUrl(baseUrl: string): string {
  // Paths in assumptions.ts start with /v1; tolerate a base URL pasted with it.
  return baseUrl.trim().replace(/\/+$/, '').replace(/\/v1$/, '');
}

/**
 * The base URL is part of the key because a key belongs to one environment (trial site vs production): two
 * simulators or environments must not share a token, while every client of one key at one host does.
 */
function sessionId(baseUrl: string, apiKey: string): string {
  return createHash('sha256').update(normalizeBaseUrl(baseUrl)).update('\0').update(apiKey).digest('hex');
}

/** Drops the cached token for a key (connection deleted or key replaced). */
export function forgetSession(baseUrl: string, apiKey: string): void {
  sessions.delete(sessionId(baseUrl, apiKey));
}

export function sessionRequestSpec(apiKey: string): RequestSpec {
  return { method: SESSION_METHOD, path: SESSION_PATH, query: { [SESSION_KEY_QUERY]: apiKey } };
}

function isTokenRejection(error: unknown): error is ProviderError {
  return error instanceof ProviderError && error.kind === 'authentication' && AUTH_FAILURE_STATUSES.includes(error.status ?? -1);
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

// ---------------------------------------------------------------------------------------------------------------
// Client
// ---------------------------------------------------------------------------------------------------------------

export interface CreatorPayClientOptions {
  /** Clock for token age (tests advance it to exercise the proactive refresh). */
  now?: () => number;
}

/** The set-aside items as the sync records them (without the parser's detail, already part of the reason). */
const plainSetAside = (items: Array<SetAsideItem & { detail: string }>): SetAsideItem[] =>
  items.map(({ remoteId, reason }) => ({ remoteId, reason }));

export class CreatorPayClient implements ProviderClient {
  readonly provider = 'creatorpay' as const;
  readonly capabilities = capabilities;
  private readonly http: HttpClient;
  private readonly apiKey: string;
  private readonly session: SessionEntry;
  private readonly now: () => number;
  private campaignIdByGroup: Map<string, string> | null = null;

  constructor(config: ClientConfig, options: CreatorPayClientOptions = {}) {
    const apiKey = config.secrets.apiKey?.trim();
    if (!apiKey)
      throw new ProviderError('authentication', `${PROVIDER_NAME} needs an API key (Creator Pay → Settings → API).`, {
        provider: PROVIDER_NAME,
      });
    this.apiKey = apiKey;
    const baseUrl = normalizeBaseUrl(config.baseUrl);
    const redactor = connectionRedactor(config);
    redactor.addSecret(apiKey);
    this.http = new HttpClient(PROVIDER_NAME, baseUrl, redactor, config.http);
    this.now = options.now ?? Date.now;
    const id = sessionId(baseUrl, apiKey);
    let entry = sessions.get(id);
    if (!entry) {
      entry = { token: null, obtainedAt: 0, inflight: null };
      sessions.set(id, entry);
    }
    this.session = entry;
  }

  // --- session ---------------------------------------------------------------------------------------------------

  private async token(): Promise<string> {
    const s = this.session;
    if (s.inflight) return s.inflight;
    if (s.token && this.now() - s.obtainedAt < SESSION_REFRESH_AFTER_MS) return s.token;
    return this.exchange();
  }

  /** After `rejected` was refused: use a token someone else in this process already got, or exchange once. */
  private async renewAfter(rejected: string): Promise<string> {
    const s = this.session;
    if (s.inflight) return s.inflight;
    if (s.token && s.token !== rejected) return s.token;
    return this.exchange();
  }

  private exchange(): Promise<string> {
    const s = this.session;
    if (s.inflight) return s.inflight;
    const startedAt = this.now();
    const promise = (async () => {
      let response: HttpResponse;
      try {
        response = await this.http.request(sessionRequestSpec(this.apiKey));
      } catch (error) {
        if (error instanceof ProviderError && error.kind === 'authentication') {
          throw new ProviderError(
            'authentication',
            `${PROVIDER_NAME} did not accept the API key (HTTP ${error.status ?? '?'}). Check it in Creator Pay → Settings → API ` +
              '(admin or owner account) and that it belongs to this environment: trial-site keys work only with the sandbox.',
            { ...error.details },
          );
        }
        throw error;
      }
      const token = parseSessionToken(response.body);
      this.http.addDerived(token);
      s.token = token;
      s.obtainedAt = startedAt;
      return token;
    })();
    s.inflight = promise;
    const clear = () => {
      if (s.inflight === promise) s.inflight = null;
    };
    promise.then(clear, clear);
    return promise;
  }

  private withToken(spec: RequestSpec, token: string): RequestSpec {
    // Tokens may come from another client instance's exchange; this instance must redact them too.
    this.http.addDerived(token);
    return { ...spec, headers: { ...spec.headers, [SESSION_TOKEN_HEADER]: token } };
  }

  /**
   * A refused token never reached the handler, so retrying even a create is safe. One retry only: a second refusal
   * of a fresh token means someone else keeps exchanging the same key, and looping would just fight them.
   */
  private async send(spec: RequestSpec): Promise<HttpResponse> {
    const token = await this.token();
    try {
      return await this.http.request(this.withToken(spec, token));
    } catch (error) {
      if (!isTokenRejection(error)) throw error;
    }
    const fresh = await this.renewAfter(token);
    try {
      return await this.http.request(this.withToken(spec, fresh));
    } catch (error) {
      if (!isTokenRejection(error)) throw error;
      throw new ProviderError('authentication', TOKEN_REPLACED_MESSAGE, { ...error.details });
    }
  }

  // --- reads -----------------------------------------------------------------------------------------------------

  async testConnection(): Promise<string> {
    const page = await this.listCreators({ cursor: null });
    return `Creator Pay organisation with ${page.items.length} creator${page.items.length === 1 ? '' : 's'}`;
  }

  /** Bare array, no pagination (KNOWN): one page, no cursor. A cursor we never issued is ignored. */
  async listCreators(_options: ListOptions): Promise<Page<RemoteCreator>> {
    const response = await this.send({ method: LIST_CREATORS.method, path: LIST_CREATORS.path });
    const { items, setAside } = parseListTolerant(creatorSchema, response.body, 'creators');
    return { items: items.map(({ wire, raw }) => mapCreator(wire, raw)), setAside: plainSetAside(setAside), nextCursor: null };
  }

  async listCampaigns(_options: ListOptions): Promise<Page<RemoteCampaign>> {
    const { items, setAside } = await this.fetchCampaigns();
    return { items: items.map(({ wire, raw }) => mapCampaign(wire, raw)), setAside: plainSetAside(setAside), nextCursor: null };
  }

  private async fetchCampaigns() {
    const response = await this.send({ method: LIST_CAMPAIGNS.method, path: LIST_CAMPAIGNS.path, query: { ...CAMPAIGNS_TYPE_QUERY } });
    const parsed = parseListTolerant(campaignSchema, response.body, 'campaigns');
    const map = new Map<string, string>();
    for (const { wire } of parsed.items) {
      const group = wire[CAMPAIGN_LINK_FIELD];
      if (group) map.set(group, wire.id);
    }
    this.campaignIdByGroup = map;
    return parsed;
  }

  private async paymentContext(refresh: boolean): Promise<PaymentContext> {
    if (refresh || !this.campaignIdByGroup) await this.fetchCampaigns();
    return { campaignIdByGroup: this.campaignIdByGroup ?? new Map() };
  }

  private async fetchPayments(query: RequestSpec['query']): Promise<Array<{ wire: PaymentWire; raw: unknown }>> {
    const response = await this.send({ method: LIST_PAYMENTS.method, path: LIST_PAYMENTS.path, query });
    return parseList(paymentSchema, response.body, 'payments');
  }

  /**
   * Always the full list in one page. start_date/end_date are not used as a cursor: they most likely filter on
   * creation date (assumptions.ts), so a window-based incremental sync would miss status changes on older payments.
   * `updatedSince` is ignored for the same reason.
   */
  async listPayouts(_options: ListOptions): Promise<Page<RemotePayout>> {
    const context = await this.paymentContext(true);
    const response = await this.send({ method: LIST_PAYMENTS.method, path: LIST_PAYMENTS.path });
    const { items, setAside } = parseListTolerant(paymentSchema, response.body, 'payments');
    const mapped = mapEachItem(
      items,
      ({ wire, raw }) => mapPayment(wire, raw, context),
      ({ wire }) => wire.id,
      PROVIDER_NAME,
    );
    return { items: mapped.items, setAside: [...plainSetAside(setAside), ...mapped.setAside], nextCursor: null };
  }

  async getPayout(remoteId: string): Promise<RemotePayout> {
    const response = await this.send({ method: GET_PAYMENT.method, path: GET_PAYMENT.pathPrefix + encodeURIComponent(remoteId) });
    const item = singleItem(response.body, 'payment');
    const wire = parseOne(paymentSchema, item, 'payment');
    return mapPayment(wire, stripSensitive(item), await this.paymentContext(false));
  }

  /**
   * No lookup endpoint exists, so this scans payments: first a narrow creation-date window around today (a payment
   * we just sent is there), then, only if absent, the full list, because "null" must mean Creator Pay confirmed it
   * has no such payment. A 422 on the window (date format guessed wrong) falls through to the full scan.
   */
  async findByReference(clientReference: string, _shortReference: string): Promise<RemotePayout | null> {
    const today = this.now();
    const window = {
      [PAYMENT_DATE_FILTER.start]: isoDate(today - LOOKUP_WINDOW_DAYS_BACK * 86_400_000),
      [PAYMENT_DATE_FILTER.end]: isoDate(today + LOOKUP_WINDOW_DAYS_AHEAD * 86_400_000),
    };
    let found: { wire: PaymentWire; raw: unknown } | undefined;
    try {
      found = pickEarliest((await this.fetchPayments(window)).filter(({ wire }) => matchesReference(wire, clientReference)));
    } catch (error) {
      if (!(error instanceof ProviderError && error.kind === 'validation')) throw error;
    }
    found ??= pickEarliest((await this.fetchPayments(undefined)).filter(({ wire }) => matchesReference(wire, clientReference)));
    if (!found) return null;
    return mapPayment(found.wire, found.raw, await this.paymentContext(false));
  }

  // --- writes ----------------------------------------------------------------------------------------------------

  async createPayout(request: PayoutRequest): Promise<CreateResult> {
    const amount = moneyToCents(request.amount);
    const recipient = request.recipient.remoteUserId;
    if (!recipient) {
      throw new ProviderError(
        'validation',
        `${PROVIDER_NAME} pays only creators that exist in Creator Pay. Choose a creator synced from this connection.`,
        { provider: PROVIDER_NAME },
      );
    }
    let paymentGroupId: string | undefined;
    if (request.campaignRemoteId) {
      const context = await this.paymentContext(true);
      for (const [group, campaignId] of context.campaignIdByGroup) if (campaignId === request.campaignRemoteId) paymentGroupId = group;
      if (!paymentGroupId) {
        throw new ProviderError('validation', `${PROVIDER_NAME} has no campaign ${request.campaignRemoteId} with a payment group.`, {
          provider: PROVIDER_NAME,
        });
      }
    }
    const marker = referenceMarker(request.clientReference);
    const payment: Record<string, unknown> = {
      recipient,
      amount,
      memo: REFERENCE_IN_MEMO ? `${request.description} [${marker}]` : request.description,
      [REFERENCE_FIELD]: marker,
    };
    if (paymentGroupId) payment.payment_group_id = paymentGroupId;
    if (SEND_REFERENCE_AS_PAYMENT_ID) payment.id = request.clientReference;

    const response = await this.send({ method: CREATE_PAYMENTS.method, path: CREATE_PAYMENTS.path, json: [payment], idempotent: false });
    // The payment almost certainly exists once Creator Pay answered 2xx, so an unreadable reply is ambiguous, not a
    // rejection: the sender must look the reference up rather than mark it failed and let someone resend.
    try {
      const [created] = parseList(paymentSchema, response.body, 'created payments');
      if (!created || (Array.isArray(response.body) && response.body.length !== 1)) throw new Error('expected exactly one created payment');
      // No extra request here: a failure after a successful create must not read as "did not happen".
      return { payout: mapPayment(created.wire, created.raw, { campaignIdByGroup: this.campaignIdByGroup ?? new Map() }) };
    } catch {
      throw new ProviderError(
        'ambiguous',
        `${PROVIDER_NAME} answered the create request with a reply Paydesk cannot read. The payment may exist; Paydesk will look it up before sending again.`,
        { provider: PROVIDER_NAME, status: response.status },
      );
    }
  }

  async initiatePayout(_remoteId: string): Promise<RemotePayout | null> {
    throw new ProviderError('validation', capabilities.initiatePayout as string, { provider: PROVIDER_NAME });
  }

  /** Drafts only (KNOWN). Checked first so the user gets our explanation rather than a bare 422. */
  async cancelPayout(remoteId: string): Promise<RemotePayout | null> {
    const current = await this.getPayout(remoteId);
    if (current.status === 'cancelled') return current;
    if (current.providerStatus.trim().toLowerCase() !== DRAFT_STATUS) {
      throw new ProviderError(
        'validation',
        `This payment is "${current.providerStatus}", not a draft. ${capabilities.cancelPayout as string}`,
        { provider: PROVIDER_NAME },
      );
    }
    await this.send({ method: DELETE_PAYMENTS.method, path: DELETE_PAYMENTS.path, json: [remoteId], idempotent: false });
    try {
      return await this.getPayout(remoteId);
    } catch (error) {
      if (error instanceof ProviderError && error.kind === 'not_found') return null;
      throw error;
    }
  }
}

function pickEarliest<T extends { wire: PaymentWire }>(items: T[]): T | undefined {
  let best: T | undefined;
  for (const item of items) if (!best || Date.parse(item.wire.created_at) < Date.parse(best.wire.created_at)) best = item;
  return best;
}

export function createCreatorPayClient(config: ClientConfig, options: CreatorPayClientOptions = {}): CreatorPayClient {
  return new CreatorPayClient(config, options);
}
