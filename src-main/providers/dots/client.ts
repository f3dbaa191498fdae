/**
 * Dots API v2 client: HTTP Basic with client id + API key (org keys add Api-App-Id), users as creators, payout links
 * as payouts, send-payout to create. Sources: docs/providers/dots.md; open points are in assumptions.ts.
 */
import { HttpClient, ProviderError } from '../http';
import { connectionRedactor } from '../redaction';
import { acceptedButUnreadable } from '../reply-parsing';
import type {
  ClientConfig,
  ClientFactory,
  CreateResult,
  ListOptions,
  Page,
  PayoutRequest,
  ProviderCapabilities,
  ProviderClient,
  RemoteCampaign,
  RemoteCreator,
  RemotePayout,
} from '../provider';
import { FIND_BY_REFERENCE_MAX_PAGES, FUNDS_PENDING_HTTP_STATUS, LIST_PAGE_SIZE } from './assumptions';
import { buildSendPayoutBody, mapPayoutLink, mapUser, parseList, PROVIDER_NAME } from './mapping';

export const capabilities: ProviderCapabilities = {
  listCreators: true,
  listCampaigns: 'Dots has no campaigns. Use Paydesk campaign tags instead.',
  listPayouts: true,
  getPayout: true,
  findByReference: true,
  createPayout: true,
  initiatePayout: 'Dots sends a payout as soon as it is created; there is no separate approve or initiate step.',
  cancelPayout: true,
};

export class DotsClient implements ProviderClient {
  readonly provider = 'dots' as const;
  readonly capabilities = capabilities;
  private readonly http: HttpClient;
  private readonly headers: Record<string, string>;

  constructor(config: ClientConfig) {
    const clientId = config.publicFields.clientId?.trim();
    const apiKey = config.secrets.apiKey?.trim();
    if (!clientId || !apiKey) {
      throw new ProviderError(
        'authentication',
        'The Dots connection needs both a client id and an API key. Edit the connection and enter them.',
        { provider: PROVIDER_NAME },
      );
    }
    const basic = Buffer.from(`${clientId}:${apiKey}`, 'utf8').toString('base64');
    // The encoded header value reveals the key as surely as the key itself, and so does "id:key" before encoding.
    const redactor = connectionRedactor(config);
    redactor.addSecrets([apiKey, `${clientId}:${apiKey}`, basic]);
    this.http = new HttpClient(PROVIDER_NAME, config.baseUrl, redactor, config.http);
    this.headers = { authorization: `Basic ${basic}` };
    const appId = config.publicFields.appId?.trim();
    if (appId) this.headers['api-app-id'] = appId;
  }

  async testConnection(): Promise<string> {
    const response = await this.http.request({ method: 'GET', path: '/v2/users', query: { limit: 1 }, headers: this.headers });
    parseList(response.body, mapUser, 'user');
    return 'Connected to Dots: the client id and API key were accepted.';
  }

  async listCreators(options: ListOptions): Promise<Page<RemoteCreator>> {
    const response = await this.http.request({
      method: 'GET',
      path: '/v2/users',
      headers: this.headers,
      query: { limit: LIST_PAGE_SIZE, starting_after: options.cursor },
    });
    const page = parseList(response.body, mapUser, 'user', true);
    return { items: page.items, nextCursor: page.nextCursor, setAside: page.setAside };
  }

  async listCampaigns(_options: ListOptions): Promise<Page<RemoteCampaign>> {
    throw new ProviderError('validation', capabilities.listCampaigns as string, { provider: PROVIDER_NAME });
  }

  async listPayouts(options: ListOptions): Promise<Page<RemotePayout>> {
    const page = await this.payoutLinkPage(options.cursor, true);
    return { items: page.items, nextCursor: page.nextCursor, setAside: page.setAside };
  }

  async getPayout(remoteId: string): Promise<RemotePayout> {
    const response = await this.http.request({
      method: 'GET',
      path: `/v2/payout-links/${encodeURIComponent(remoteId)}`,
      headers: this.headers,
    });
    return mapPayoutLink(response.body);
  }

  /**
   * Dots cannot search by metadata, so this walks the newest payout links (bounded, see assumptions.ts). null only
   * when the whole list was read: a bounded scan that runs out proves nothing.
   */
  async findByReference(clientReference: string, _shortReference: string): Promise<RemotePayout | null> {
    let cursor: string | null = null;
    for (let pageNumber = 0; pageNumber < FIND_BY_REFERENCE_MAX_PAGES; pageNumber += 1) {
      const page = await this.payoutLinkPage(cursor);
      const found = page.items.find((payout) => payout.clientReference === clientReference);
      if (found) return found;
      if (page.nextCursor === null) return null;
      cursor = page.nextCursor;
    }
    throw new ProviderError(
      'unavailable',
      `${PROVIDER_NAME} has no search by reference, and the newest ${FIND_BY_REFERENCE_MAX_PAGES * LIST_PAGE_SIZE} payout links do not include this payout, so its absence could not be confirmed. Check the Dots dashboard.`,
      { provider: PROVIDER_NAME },
    );
  }

  async createPayout(request: PayoutRequest): Promise<CreateResult> {
    const body = buildSendPayoutBody(request);
    // Not retried by the HTTP layer even though Dots dedupes on idempotency_key: see IDEMPOTENCY_KEY_LIFETIME_MS.
    const response = await this.http.request({
      method: 'POST',
      path: '/v2/payouts/send-payout',
      headers: this.headers,
      json: body,
      idempotent: false,
    });
    try {
      return { payout: mapPayoutLink(response.body) };
    } catch (error) {
      if (!(error instanceof ProviderError) || error.kind !== 'protocol') throw error;
      // Waiting for funds: accepted, but the reply may not be a link; the sender finds it by reference.
      if (response.status === FUNDS_PENDING_HTTP_STATUS) return { payout: null };
      // Accepted (2xx) yet unreadable: calling it failed could lead to a second payment, so reconcile instead.
      throw acceptedButUnreadable(PROVIDER_NAME, error);
    }
  }

  async initiatePayout(_remoteId: string): Promise<RemotePayout | null> {
    throw new ProviderError('validation', capabilities.initiatePayout as string, { provider: PROVIDER_NAME });
  }

  async cancelPayout(remoteId: string): Promise<RemotePayout | null> {
    // Not retried blindly: an unclear cancel surfaces as 'ambiguous' and the caller re-reads the payout.
    const response = await this.http.request({
      method: 'DELETE',
      path: `/v2/payout-links/${encodeURIComponent(remoteId)}`,
      headers: this.headers,
      idempotent: false,
    });
    return mapPayoutLink(response.body);
  }

  private async payoutLinkPage(cursor: string | null, tolerant = false) {
    const response = await this.http.request({
      method: 'GET',
      path: '/v2/payout-links',
      headers: this.headers,
      query: { limit: LIST_PAGE_SIZE, starting_after: cursor },
    });
    return parseList(response.body, mapPayoutLink, 'payout link', tolerant);
  }
}

export const createClient: ClientFactory = (config) => new DotsClient(config);
