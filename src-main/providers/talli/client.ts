/**
 * Talli Campaign Manager v2 client. Auth is OAuth2 client credentials against the tenant's Auth0 token URL; the
 * access token is cached, refreshed shortly before it expires and once after a 401, and only one token request is
 * ever in flight. A payout is a payout instruction: create (202, no body, so it is found again by externalId),
 * then `:initiate`, which is the step that allocates funds and notifies the beneficiary.
 */
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
} from '../provider';
import {
  CAMPAIGN_ID_FIELDS,
  CAMPAIGNS_PATH,
  CANCEL_ACTION,
  CANCEL_REASON,
  DEFAULT_TOKEN_LIFETIME_S,
  INITIATE_ACTION,
  INITIATE_CHANNEL,
  INSTRUCTIONS_PATH,
  PAGE_NUMBER_BASE,
  PAGE_SIZE,
  REFERENCE_LOOKUP_PAGE_SIZE,
  TOKEN_REFRESH_MARGIN_MAX_MS,
  TOKEN_REFRESH_MARGIN_RATIO,
  TOKEN_REQUEST_ENCODING,
} from './assumptions';
import {
  PROVIDER_NAME,
  formatPhone,
  formatTalliAmount,
  mapCampaign,
  mapInstruction,
  pageSchema,
  parseReply,
  splitName,
  tokenSchema,
  type TalliPage,
} from './mapping';
import { mapEachItem, rawId } from '../list-items';

export const capabilities: ProviderCapabilities = {
  listCreators: 'Talli has no beneficiary list: Paydesk derives creators from the e-mail addresses on payout instructions.',
  listCampaigns: true,
  listPayouts: true,
  getPayout: true,
  findByReference: true,
  createPayout: true,
  initiatePayout: true,
  cancelPayout: true,
};

interface CachedToken {
  value: string;
  /** Epoch ms after which the token is no longer used. */
  refreshAt: number;
}

export class TalliClient implements ProviderClient {
  readonly provider = 'talli' as const;
  readonly capabilities = capabilities;
  private readonly http: HttpClient;
  private token: CachedToken | null = null;
  private tokenRequest: Promise<CachedToken> | null = null;

  constructor(private readonly config: ClientConfig) {
    this.http = new HttpClient(PROVIDER_NAME, config.baseUrl, connectionRedactor(config), config.http);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Auth
  // ---------------------------------------------------------------------------------------------------------

  private accessToken(): Promise<CachedToken> {
    if (this.token && Date.now() < this.token.refreshAt) return Promise.resolve(this.token);
    // Single flight: concurrent callers share one token request.
    this.tokenRequest ??= this.requestToken().finally(() => {
      this.tokenRequest = null;
    });
    return this.tokenRequest;
  }

  private async requestToken(): Promise<CachedToken> {
    const { clientId, tokenUrl, audience } = this.config.publicFields;
    const clientSecret = this.config.secrets.clientSecret;
    if (!clientId || !tokenUrl || !audience || !clientSecret) {
      throw new ProviderError(
        'authentication',
        'Talli needs a client id, client secret, token URL and audience (all issued by your Talli representative).',
        { provider: PROVIDER_NAME },
      );
    }
    const fields = { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, audience };
    const spec: RequestSpec = {
      method: 'POST',
      path: '',
      absoluteUrl: tokenUrl,
      ...(TOKEN_REQUEST_ENCODING === 'form' ? { form: fields } : { json: fields }),
      // Asking for a token twice is harmless, so transient failures are retried.
      idempotent: true,
    };
    let response: HttpResponse;
    try {
      response = await this.http.request(spec);
    } catch (error) {
      // A 4xx from the token endpoint means the credentials or the audience are wrong, whatever the code.
      if (error instanceof ProviderError && (error.kind === 'validation' || error.kind === 'not_found' || error.kind === 'conflict')) {
        throw new ProviderError(
          'authentication',
          `Talli's token endpoint refused the client credentials${error.details.providerMessage ? `: ${error.details.providerMessage}` : ''}. Check the client id, secret, token URL and audience.`,
          error.details,
        );
      }
      throw error;
    }
    const token = parseReply(tokenSchema, response.body, 'the token request');
    this.http.addDerived(token.access_token);
    if (token.token_type && token.token_type.toLowerCase() !== 'bearer') {
      throw new ProviderError('protocol', `Talli's token endpoint issued a "${token.token_type}" token; Paydesk expects a Bearer token.`, {
        provider: PROVIDER_NAME,
      });
    }
    const lifetimeMs = (token.expires_in ?? DEFAULT_TOKEN_LIFETIME_S) * 1000;
    const margin = Math.min(TOKEN_REFRESH_MARGIN_MAX_MS, lifetimeMs * TOKEN_REFRESH_MARGIN_RATIO);
    this.token = { value: token.access_token, refreshAt: Date.now() + lifetimeMs - margin };
    return this.token;
  }

  /** Sends with the current token; on a 401 fetches one new token and tries exactly once more. */
  private async call(spec: RequestSpec): Promise<HttpResponse> {
    const token = await this.accessToken();
    try {
      return await this.http.request(withBearer(spec, token.value));
    } catch (error) {
      if (!(error instanceof ProviderError) || error.status !== 401) throw error;
      // A 401 means the request was refused before it was handled, so even a create may be sent again.
      if (this.token?.value === token.value) this.token = null;
      const fresh = await this.accessToken();
      return this.http.request(withBearer(spec, fresh.value));
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Paging
  // ---------------------------------------------------------------------------------------------------------

  private async fetchPage(path: string, pageNumber: number, pageSize: number, filters: Record<string, string | undefined> = {}) {
    const spec: RequestSpec = { method: 'GET', path, query: { ...filters, pageNumber, pageSize } };
    const what = this.http.describe(spec);
    const response = await this.call(spec);
    return { page: parseReply(pageSchema, response.body, what), what };
  }

  private static pageFromCursor(cursor: string | null): number {
    if (cursor === null) return PAGE_NUMBER_BASE;
    if (!/^\d{1,9}$/.test(cursor) || Number(cursor) < PAGE_NUMBER_BASE) {
      throw new ProviderError('validation', 'The Talli sync position is not a page number; start the sync again.', {
        provider: PROVIDER_NAME,
      });
    }
    return Number(cursor);
  }

  private static nextCursor(page: TalliPage, pageNumber: number, pageSize: number): string | null {
    const seen = (pageNumber - PAGE_NUMBER_BASE + 1) * pageSize;
    const more =
      page.totalPages !== undefined
        ? pageNumber - PAGE_NUMBER_BASE + 1 < page.totalPages
        : page.totalItems !== undefined
          ? seen < page.totalItems
          : page.data.length === pageSize;
    return more && page.data.length > 0 ? String(pageNumber + 1) : null;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Operations
  // ---------------------------------------------------------------------------------------------------------

  async testConnection(): Promise<string> {
    const { page } = await this.fetchPage(CAMPAIGNS_PATH, PAGE_NUMBER_BASE, 1);
    const count = page.totalItems ?? page.data.length;
    return `Talli Campaign Manager: ${count} campaign${count === 1 ? '' : 's'}`;
  }

  async listCreators(): Promise<Page<RemoteCreator>> {
    return { items: [], nextCursor: null };
  }

  async listCampaigns(options: ListOptions): Promise<Page<RemoteCampaign>> {
    const pageNumber = TalliClient.pageFromCursor(options.cursor);
    const { page, what } = await this.fetchPage(CAMPAIGNS_PATH, pageNumber, PAGE_SIZE);
    const { items, setAside } = mapEachItem(
      page.data,
      (row, index) => mapCampaign(row, `${what} (data[${index}])`),
      (row) => rawId(row, CAMPAIGN_ID_FIELDS),
      PROVIDER_NAME,
    );
    return { items, setAside, nextCursor: TalliClient.nextCursor(page, pageNumber, PAGE_SIZE) };
  }

  async listPayouts(options: ListOptions): Promise<Page<RemotePayout>> {
    const pageNumber = TalliClient.pageFromCursor(options.cursor);
    const { page, what } = await this.fetchPage(INSTRUCTIONS_PATH, pageNumber, PAGE_SIZE);
    const observedAt = new Date();
    const { items, setAside } = mapEachItem(
      page.data,
      (row, index) => mapInstruction(row, `${what} (data[${index}])`, observedAt),
      (row) => rawId(row, ['payoutInstructionId']),
      PROVIDER_NAME,
    );
    return { items, setAside, nextCursor: TalliClient.nextCursor(page, pageNumber, PAGE_SIZE) };
  }

  async getPayout(remoteId: string): Promise<RemotePayout> {
    const spec: RequestSpec = { method: 'GET', path: `${INSTRUCTIONS_PATH}/${encodeURIComponent(remoteId)}` };
    const response = await this.call(spec);
    return mapInstruction(response.body, this.http.describe(spec));
  }

  async findByReference(clientReference: string): Promise<RemotePayout | null> {
    if (!clientReference)
      throw new ProviderError('validation', 'A Talli look-up needs our reference (externalId).', { provider: PROVIDER_NAME });
    const { page, what } = await this.fetchPage(INSTRUCTIONS_PATH, PAGE_NUMBER_BASE, REFERENCE_LOOKUP_PAGE_SIZE, {
      externalId: clientReference,
    });
    const matches = page.data.map((row, index) => mapInstruction(row, `${what} (data[${index}])`));
    // A reply that ignored the filter would turn "not found" into a resend.
    if (matches.some((p) => p.clientReference !== clientReference)) {
      throw new ProviderError(
        'protocol',
        `${PROVIDER_NAME} returned instructions with another externalId for ${what}; the reference could not be checked.`,
        { provider: PROVIDER_NAME },
      );
    }
    const total = Math.max(page.totalItems ?? 0, matches.length);
    if (total > 1) {
      throw new ProviderError(
        'conflict',
        `${PROVIDER_NAME} holds ${total} payout instructions with externalId ${clientReference}; check them in the Talli console before doing anything else.`,
        { provider: PROVIDER_NAME },
      );
    }
    return matches[0] ?? null;
  }

  async createPayout(request: PayoutRequest): Promise<CreateResult> {
    if (!request.campaignRemoteId) {
      throw new ProviderError('validation', 'Talli pays through campaigns: choose the Talli campaign for this payout.', {
        provider: PROVIDER_NAME,
      });
    }
    const email = request.recipient.email?.trim();
    if (!email)
      throw new ProviderError('validation', 'Talli reaches beneficiaries by e-mail: the recipient needs an e-mail address.', {
        provider: PROVIDER_NAME,
      });
    const amount = formatTalliAmount(request.amount);
    const { firstName, lastName } = splitName(request.recipient.name);
    const spec: RequestSpec = {
      method: 'POST',
      path: INSTRUCTIONS_PATH,
      json: {
        campaignId: request.campaignRemoteId,
        externalId: request.clientReference,
        firstName,
        lastName,
        amount,
        email,
        phoneNumber: formatPhone(request.recipient.phone),
      },
      idempotent: false,
    };
    await this.call(spec);
    // 202 with no body: the instruction exists, but its id must be looked up. If that read fails the create still
    // happened, so report it without an id and leave the look-up to reconciliation.
    try {
      return { payout: await this.findByReference(request.clientReference) };
    } catch {
      return { payout: null };
    }
  }

  initiatePayout(remoteId: string): Promise<RemotePayout | null> {
    return this.instructionAction(remoteId, INITIATE_ACTION, { channel: INITIATE_CHANNEL });
  }

  cancelPayout(remoteId: string): Promise<RemotePayout | null> {
    return this.instructionAction(remoteId, CANCEL_ACTION, { cancellationReason: CANCEL_REASON });
  }

  /**
   * An action on one instruction (202, no body), then its new state read back; a failed read does not undo the
   * action, so it reports no payout rather than an error.
   */
  private async instructionAction(remoteId: string, action: string, json: Record<string, unknown>): Promise<RemotePayout | null> {
    await this.call({
      method: 'POST',
      path: `${INSTRUCTIONS_PATH}/${encodeURIComponent(remoteId)}/${action}`,
      json,
      idempotent: false,
    });
    try {
      return await this.getPayout(remoteId);
    } catch {
      return null;
    }
  }
}

function withBearer(spec: RequestSpec, token: string): RequestSpec {
  return { ...spec, headers: { ...spec.headers, authorization: `Bearer ${token}` } };
}
