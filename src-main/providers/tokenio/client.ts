/**
 * Token.io Payouts client. Every request carries its own Ed25519-signed JWT bound to host, method, path and body
 * (or the sandbox Basic key). POST /payouts sends money at once and has no idempotency key, so creates are never
 * retried by the HTTP layer: an unclear outcome surfaces as 'ambiguous' and the caller looks the refId up.
 */
import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { HttpClient, ProviderError, type HttpResponse, type RequestSpec } from '../http';
import { connectionRedactor } from '../redaction';
import type {
  ClientConfig,
  CreateResult,
  ListOptions,
  Page,
  PayeeCheckRequest,
  PayeeCheckResult,
  PayoutRequest,
  ProviderCapabilities,
  ProviderClient,
  RemoteCampaign,
  RemoteCreator,
  RemotePayout,
} from '../provider';
import {
  ACCOUNT_VERIFICATIONS_PATH,
  BASIC_KEY_IS_PRE_ENCODED,
  EUR_REQUIRES_ACCOUNT_VERIFICATION,
  JWT_ALG,
  JWT_LIFETIME_MS,
  JWT_PATH_INCLUDES_QUERY,
  JWT_SIGNS_BODY,
  LIST_PAGE_LIMIT,
  ON_BEHALF_OF_FIELD,
  PAYMENT_TYPE,
  REFERENCE_LOOKUP_LIMIT,
  REF_ID_MAX_LENGTH,
  REF_ID_PATTERN,
  SETTLEMENT_ACCOUNTS_LIST_KEY,
  SETTLEMENT_ACCOUNTS_PATH,
  SETTLEMENT_ACCOUNT_ACTIVE_STATUS,
  SETTLEMENT_ACCOUNT_FIELD,
  VERIFICATION_CURRENCIES,
  VERIFICATION_IS_SAFE_TO_REPEAT,
  VERIFY_AGAINST_SETTLEMENT_ACCOUNT,
} from './assumptions';
import {
  PROVIDER_NAME,
  accountVerificationBody,
  creditorFromBank,
  mapAccountVerification,
  formatTokenioAmount,
  mapPayoutReply,
  parseReply,
  payoutResponseSchema,
  payoutsResponseSchema,
  settlementAccountSchema,
} from './mapping';
import { mapEachItem, rawId } from '../list-items';

export const capabilities: ProviderCapabilities = {
  listCreators: 'Token.io has no recipient list: Paydesk derives creators from the bank accounts (creditors) of synced payouts.',
  listCampaigns: 'Token.io has no campaigns: use local campaign tags.',
  listPayouts: true,
  getPayout: true,
  findByReference: true,
  createPayout: true,
  initiatePayout: 'Not needed: Token.io sends a payout as soon as it is created.',
  cancelPayout: 'Token.io payouts cannot be cancelled once created.',
};

/** base64url of a string or bytes, the JWS encoding. */
export const base64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

export interface TokenioJwtHeader {
  alg: string;
  kid: string;
  mid: string;
  host: string;
  method: string;
  path: string;
  exp: number;
}

/** Detached-payload JWS: `<header>..<signature>`; the body is signed but not carried in the token. */
export function signDetachedJwt(header: TokenioJwtHeader, body: string, key: KeyObject): string {
  const encodedHeader = base64url(JSON.stringify(header));
  const signingInput = `${encodedHeader}.${JWT_SIGNS_BODY ? base64url(body) : ''}`;
  const signature = sign(null, Buffer.from(signingInput), key);
  return `${encodedHeader}..${signature.toString('base64url')}`;
}

export class TokenioClient implements ProviderClient {
  readonly provider = 'tokenio' as const;
  readonly capabilities = capabilities;
  private readonly http: HttpClient;
  private privateKey: KeyObject | null = null;
  private readonly settlementAccounts = new Map<string, string>();

  constructor(private readonly config: ClientConfig) {
    const redactor = connectionRedactor(config);
    // The Basic header carries the key as it is sent (pre-encoded, or base64 of it); register that form too.
    if ((config.secrets.apiKey ?? '').trim().replace(/^Basic\s+/i, '')) redactor.addSecret(this.basicCredential());
    this.http = new HttpClient(PROVIDER_NAME, config.baseUrl, redactor, config.http);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Auth
  // ---------------------------------------------------------------------------------------------------------

  private basicCredential(): string {
    const raw = (this.config.secrets.apiKey ?? '').trim().replace(/^Basic\s+/i, '');
    if (!raw)
      throw new ProviderError('authentication', 'The Token.io API key is missing. Add it to the connection.', { provider: PROVIDER_NAME });
    return BASIC_KEY_IS_PRE_ENCODED && !raw.includes(':') ? raw : Buffer.from(raw).toString('base64');
  }

  private key(): KeyObject {
    if (this.privateKey) return this.privateKey;
    // Keys pasted into a single-line field arrive with literal "\n" sequences.
    const pem = (this.config.secrets.privateKey ?? '').replace(/\\n/g, '\n').trim();
    if (!pem)
      throw new ProviderError('authentication', 'The Token.io private key is missing. Add it to the connection.', {
        provider: PROVIDER_NAME,
      });
    let key: KeyObject;
    try {
      key = createPrivateKey(pem);
    } catch {
      throw new ProviderError(
        'authentication',
        'The Token.io private key could not be read: paste the whole PEM block, including its BEGIN and END lines.',
        { provider: PROVIDER_NAME },
      );
    }
    if (key.asymmetricKeyType !== 'ed25519') {
      throw new ProviderError(
        'authentication',
        `The Token.io private key is a ${key.asymmetricKeyType ?? 'unknown'} key; Paydesk signs with Ed25519 (EdDSA).`,
        { provider: PROVIDER_NAME },
      );
    }
    this.privateKey = key;
    return key;
  }

  private authorization(spec: RequestSpec): string {
    if (this.config.authMode === 'basic') return `Basic ${this.basicCredential()}`;
    if (this.config.authMode !== 'jwt') {
      throw new ProviderError('authentication', `Token.io has no auth mode "${this.config.authMode}".`, { provider: PROVIDER_NAME });
    }
    const memberId = this.config.publicFields.memberId?.trim();
    const keyId = this.config.publicFields.keyId?.trim();
    if (!memberId || !keyId) {
      throw new ProviderError('authentication', 'Token.io JWT signing needs the member id and the key id.', { provider: PROVIDER_NAME });
    }
    const url = this.http.buildUrl(spec);
    const header: TokenioJwtHeader = {
      alg: JWT_ALG,
      kid: keyId,
      mid: memberId,
      host: url.host,
      method: spec.method,
      path: JWT_PATH_INCLUDES_QUERY ? url.pathname + url.search : url.pathname,
      exp: Date.now() + JWT_LIFETIME_MS,
    };
    // HttpClient serialises spec.json with the same JSON.stringify call, so the signed bytes are the sent bytes.
    const body = spec.json === undefined ? '' : JSON.stringify(spec.json);
    const jwt = signDetachedJwt(header, body, this.key());
    // One JWT per request: the redactor keeps the newest of them (an expired JWT is worthless).
    this.http.addDerived(jwt);
    return `Bearer ${jwt}`;
  }

  private send(spec: RequestSpec): Promise<HttpResponse> {
    const authorization = this.authorization(spec);
    return this.http.request({ ...spec, headers: { ...spec.headers, authorization } });
  }

  private get onBehalfOfId(): string | undefined {
    return this.config.publicFields[ON_BEHALF_OF_FIELD]?.trim() || undefined;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Operations
  // ---------------------------------------------------------------------------------------------------------

  async testConnection(): Promise<string> {
    const spec: RequestSpec = { method: 'GET', path: '/payouts', query: { limit: 1, onBehalfOfId: this.onBehalfOfId } };
    const response = await this.send(spec);
    parseReply(payoutsResponseSchema, response.body, this.http.describe(spec));
    return this.config.authMode === 'basic'
      ? 'Token.io sandbox (dashboard API key)'
      : `Token.io member ${this.config.publicFields.memberId ?? ''}`.trim();
  }

  async listCreators(): Promise<Page<RemoteCreator>> {
    return { items: [], nextCursor: null };
  }

  async listCampaigns(): Promise<Page<RemoteCampaign>> {
    return { items: [], nextCursor: null };
  }

  async listPayouts(options: ListOptions): Promise<Page<RemotePayout>> {
    const spec: RequestSpec = {
      method: 'GET',
      path: '/payouts',
      query: { limit: LIST_PAGE_LIMIT, offset: options.cursor ?? undefined, onBehalfOfId: this.onBehalfOfId },
    };
    const what = this.http.describe(spec);
    const response = await this.send(spec);
    const page = parseReply(payoutsResponseSchema, response.body, what);
    const rows = page.payouts ?? [];
    const { items, setAside } = mapEachItem(
      rows,
      (row, index) => mapPayoutReply(row, `${what} (payouts[${index}])`),
      (row) => rawId(row, ['id']),
      PROVIDER_NAME,
    );
    // Token.io may clamp the limit; the documented end-of-list signal is "fewer rows than the limit it applied".
    const limit = page.paging?.limit ?? LIST_PAGE_LIMIT;
    if (rows.length < limit) return { items, setAside, nextCursor: null };
    const next = page.paging?.offset;
    if (!next || next === options.cursor) {
      throw new ProviderError(
        'protocol',
        `${PROVIDER_NAME} returned a full page without a new offset on ${what}; stopping to avoid skipping or repeating payouts.`,
        { provider: PROVIDER_NAME },
      );
    }
    return { items, setAside, nextCursor: next };
  }

  async getPayout(remoteId: string): Promise<RemotePayout> {
    const spec: RequestSpec = { method: 'GET', path: `/payouts/${encodeId(remoteId)}`, query: { onBehalfOfId: this.onBehalfOfId } };
    const response = await this.send(spec);
    const what = this.http.describe(spec);
    return mapPayoutReply(parseReply(payoutResponseSchema, response.body, what).payout, what);
  }

  async findByReference(_clientReference: string, shortReference: string): Promise<RemotePayout | null> {
    assertRefId(shortReference);
    const spec: RequestSpec = {
      method: 'GET',
      path: '/payouts',
      query: { limit: REFERENCE_LOOKUP_LIMIT, refIds: [shortReference], onBehalfOfId: this.onBehalfOfId },
    };
    const what = this.http.describe(spec);
    const response = await this.send(spec);
    const rows = parseReply(payoutsResponseSchema, response.body, what).payouts ?? [];
    const matches = rows.map((row, index) => mapPayoutReply(row, `${what} (payouts[${index}])`));
    // A reply that ignored the filter would make "not found" a lie, and "not found" leads to a resend.
    if (matches.some((p) => p.clientReference !== shortReference)) {
      throw new ProviderError(
        'protocol',
        `${PROVIDER_NAME} returned payouts with another refId for ${what}; the reference could not be checked.`,
        { provider: PROVIDER_NAME },
      );
    }
    if (matches.length > 1) {
      throw new ProviderError(
        'conflict',
        `${PROVIDER_NAME} holds ${matches.length} payouts with refId ${shortReference}; check them in the Token.io dashboard before doing anything else.`,
        { provider: PROVIDER_NAME },
      );
    }
    return matches[0] ?? null;
  }

  async createPayout(request: PayoutRequest): Promise<CreateResult> {
    assertRefId(request.shortReference);
    const bank = request.recipient.bank;
    if (!bank || !bank.accountHolderName?.trim()) {
      throw new ProviderError('validation', 'Token.io pays bank accounts: the recipient needs an account holder name and bank details.', {
        provider: PROVIDER_NAME,
      });
    }
    if (!bank.iban && !(bank.sortCode && bank.accountNumber)) {
      throw new ProviderError('validation', 'Token.io needs either an IBAN or a UK sort code and account number for the recipient.', {
        provider: PROVIDER_NAME,
      });
    }
    const amount = formatTokenioAmount(request.amount);
    if (EUR_REQUIRES_ACCOUNT_VERIFICATION && VERIFICATION_CURRENCIES.includes(amount.currency) && !request.payeeCheckId) {
      throw new ProviderError(
        'validation',
        `Token.io pays ${amount.currency} only to a checked payee: check the payee (account verification) before sending.`,
        { provider: PROVIDER_NAME },
      );
    }
    const accountId = await this.debtorAccountId(amount.currency);
    const initiation: Record<string, unknown> = {
      refId: request.shortReference,
      description: request.description,
      amount,
      debtor: { accountId },
      creditor: creditorFromBank(bank, request.payeeCheckId),
    };
    if (PAYMENT_TYPE !== undefined) initiation.paymentType = PAYMENT_TYPE;
    if (this.onBehalfOfId) initiation.onBehalfOfId = this.onBehalfOfId;
    const spec: RequestSpec = { method: 'POST', path: '/payouts', json: { initiation }, idempotent: false };
    const response = await this.send(spec);
    const what = this.http.describe(spec);
    return { payout: mapPayoutReply(parseReply(payoutResponseSchema, response.body, what).payout, what) };
  }

  /**
   * Verification of payee [V1]: asks the payee's bank, through Token.io, whether the IBAN belongs to the name. The
   * check is made against the settlement account the payout will leave from (assumptions.ts).
   */
  async checkPayee(request: PayeeCheckRequest): Promise<PayeeCheckResult> {
    if (!VERIFICATION_CURRENCIES.includes(request.currency)) {
      throw new ProviderError('validation', `Token.io verifies payees for ${VERIFICATION_CURRENCIES.join(', ')} payouts only.`, {
        provider: PROVIDER_NAME,
      });
    }
    const virtualAccountId = VERIFY_AGAINST_SETTLEMENT_ACCOUNT ? await this.debtorAccountId(request.currency) : undefined;
    const spec: RequestSpec = {
      method: 'POST',
      path: ACCOUNT_VERIFICATIONS_PATH,
      json: accountVerificationBody(request, virtualAccountId),
      idempotent: VERIFICATION_IS_SAFE_TO_REPEAT,
    };
    const response = await this.send(spec);
    return mapAccountVerification(response.body, this.http.describe(spec));
  }

  /** Token.io initiates on create; this only reads the payout back so callers get its current state. */
  async initiatePayout(remoteId: string): Promise<RemotePayout | null> {
    return this.getPayout(remoteId);
  }

  async cancelPayout(): Promise<RemotePayout | null> {
    throw new ProviderError('validation', capabilities.cancelPayout as string, { provider: PROVIDER_NAME });
  }

  /** The settlement account to pay from: configured, else the single active one in that currency. */
  private async debtorAccountId(currency: string): Promise<string> {
    const configured = this.config.publicFields[SETTLEMENT_ACCOUNT_FIELD]?.trim();
    if (configured) return configured;
    const cached = this.settlementAccounts.get(currency);
    if (cached) return cached;
    const spec: RequestSpec = {
      method: 'GET',
      path: SETTLEMENT_ACCOUNTS_PATH,
      query: { currency, limit: LIST_PAGE_LIMIT, onBehalfOfId: this.onBehalfOfId },
    };
    const what = this.http.describe(spec);
    const response = await this.send(spec);
    const list = parseReply(z.object({ [SETTLEMENT_ACCOUNTS_LIST_KEY]: z.array(settlementAccountSchema).optional() }), response.body, what);
    const accounts = (list[SETTLEMENT_ACCOUNTS_LIST_KEY] ?? []).filter(
      (a) =>
        (a.currency === undefined || a.currency === currency) && (a.status === undefined || a.status === SETTLEMENT_ACCOUNT_ACTIVE_STATUS),
    );
    const [only] = accounts;
    if (!only || accounts.length > 1) {
      throw new ProviderError(
        'validation',
        accounts.length === 0
          ? `Token.io has no active settlement account in ${currency} for this member, so it cannot pay out ${currency}.`
          : `Token.io has ${accounts.length} active settlement accounts in ${currency}; set the connection's settlement account id to choose one.`,
        { provider: PROVIDER_NAME },
      );
    }
    this.settlementAccounts.set(currency, only.id);
    return only.id;
  }
}

function assertRefId(refId: string): void {
  if (!refId || refId.length > REF_ID_MAX_LENGTH || !REF_ID_PATTERN.test(refId)) {
    throw new ProviderError('validation', `Token.io references (refId) must be 1–${REF_ID_MAX_LENGTH} letters, digits or "-".`, {
      provider: PROVIDER_NAME,
    });
  }
}

/** Ids look like "po:abc:def"; ":" is legal in a path segment, and keeping it makes the signed path the readable one. */
export function encodeId(id: string): string {
  return encodeURIComponent(id).replace(/%3A/gi, ':');
}
