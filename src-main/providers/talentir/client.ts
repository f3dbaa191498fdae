/**
 * Talentir API client: static team key as a Bearer token, payouts only (no creator or campaign resources).
 * Sources: docs/providers/talentir.md; everything the docs leave open is in assumptions.ts.
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
import { DUPLICATE_CUSTOM_ID_STATUS, LIST_CURSOR_QUERY_PARAM, LIST_ORDER_DIRECTION, LIST_PAGE_SIZE } from './assumptions';
import { buildCreatePayoutBody, describeTeam, mapTalentirPayout, parseTalentirPayoutList, PROVIDER_NAME } from './mapping';

export const capabilities: ProviderCapabilities = {
  listCreators:
    'Talentir has no creator resource: each payout names its recipient by e-mail or social handle, so Paydesk derives creators from payout recipients.',
  listCampaigns: "Talentir has no campaigns. Use Paydesk campaign tags instead; a payout's tags are sent to Talentir with it.",
  listPayouts: true,
  getPayout: true,
  findByReference: true,
  createPayout: true,
  initiatePayout:
    'Talentir has no approve call in its API: approve new payouts in the Talentir dashboard. (Only a key with the payout.api_approve permission may pre-approve on create, which Paydesk does not assume.)',
  cancelPayout: 'Talentir documents no API call to cancel or delete a payout; delete it in the Talentir dashboard.',
};

const unsupported = (capability: string) => new ProviderError('validation', capability, { provider: PROVIDER_NAME });

export class TalentirClient implements ProviderClient {
  readonly provider = 'talentir' as const;
  readonly capabilities = capabilities;
  private readonly http: HttpClient;
  private readonly authHeaders: Record<string, string>;

  constructor(config: ClientConfig) {
    const apiKey = config.secrets.apiKey?.trim();
    if (!apiKey)
      throw new ProviderError('authentication', 'The Talentir connection has no API key. Edit the connection and enter it.', {
        provider: PROVIDER_NAME,
      });
    const redactor = connectionRedactor(config);
    redactor.addSecret(apiKey);
    this.http = new HttpClient(PROVIDER_NAME, config.baseUrl, redactor, config.http);
    this.authHeaders = { authorization: `Bearer ${apiKey}` };
  }

  async testConnection(): Promise<string> {
    const response = await this.http.request({ method: 'GET', path: '/team', headers: this.authHeaders });
    return describeTeam(response.body);
  }

  async listCreators(_options: ListOptions): Promise<Page<RemoteCreator>> {
    throw unsupported(capabilities.listCreators as string);
  }

  async listCampaigns(_options: ListOptions): Promise<Page<RemoteCampaign>> {
    throw unsupported(capabilities.listCampaigns as string);
  }

  async listPayouts(options: ListOptions): Promise<Page<RemotePayout>> {
    const response = await this.http.request({
      method: 'GET',
      path: '/payouts',
      headers: this.authHeaders,
      query: { limit: LIST_PAGE_SIZE, order_direction: LIST_ORDER_DIRECTION, [LIST_CURSOR_QUERY_PARAM]: options.cursor },
    });
    const page = parseTalentirPayoutList(response.body, LIST_PAGE_SIZE);
    // A server that ignores our (assumed) cursor parameter would hand back the same page forever.
    if (options.cursor && page.items.some((p) => p.remoteId === options.cursor)) {
      throw new ProviderError('protocol', `${PROVIDER_NAME} ignored the pagination cursor; the list cannot be read page by page.`, {
        provider: PROVIDER_NAME,
      });
    }
    if (page.nextCursor !== null && page.nextCursor === options.cursor) {
      throw new ProviderError('protocol', `${PROVIDER_NAME} returned the same pagination cursor twice.`, { provider: PROVIDER_NAME });
    }
    const empty = page.items.length === 0 && page.setAside.length === 0;
    return { items: page.items, setAside: page.setAside, nextCursor: empty ? null : page.nextCursor };
  }

  async getPayout(remoteId: string): Promise<RemotePayout> {
    const response = await this.http.request({ method: 'GET', path: `/payout/${encodeURIComponent(remoteId)}`, headers: this.authHeaders });
    return mapTalentirPayout(response.body);
  }

  async findByReference(clientReference: string, _shortReference: string): Promise<RemotePayout | null> {
    try {
      const response = await this.http.request({
        method: 'GET',
        path: `/payout/${encodeURIComponent(clientReference)}`,
        query: { id_type: 'custom_id' },
        headers: this.authHeaders,
      });
      return mapTalentirPayout(response.body);
    } catch (error) {
      if (error instanceof ProviderError && error.kind === 'not_found') return null;
      throw error;
    }
  }

  async createPayout(request: PayoutRequest): Promise<CreateResult> {
    const body = buildCreatePayoutBody(request);
    let response;
    try {
      // Talentir has no idempotency key: a resend could pay twice, so ambiguous outcomes must surface, never retry.
      response = await this.http.request({ method: 'POST', path: '/payout', headers: this.authHeaders, json: body, idempotent: false });
    } catch (error) {
      if (error instanceof ProviderError && error.status === DUPLICATE_CUSTOM_ID_STATUS) {
        // The customId is already taken: that payout is ours from an earlier attempt whose answer we lost.
        const existing = await this.findByReference(request.clientReference, request.shortReference);
        if (existing) return { payout: existing };
      }
      throw error;
    }
    try {
      return { payout: mapTalentirPayout(response.body) };
    } catch (error) {
      // The payout exists (2xx) but its reply is unreadable: a definite failure would be wrong, so reconcile instead.
      if (error instanceof ProviderError && error.kind === 'protocol') throw acceptedButUnreadable(PROVIDER_NAME, error);
      throw error;
    }
  }

  async initiatePayout(_remoteId: string): Promise<RemotePayout | null> {
    throw unsupported(capabilities.initiatePayout as string);
  }

  async cancelPayout(_remoteId: string): Promise<RemotePayout | null> {
    throw unsupported(capabilities.cancelPayout as string);
  }
}

export const createClient: ClientFactory = (config) => new TalentirClient(config);
