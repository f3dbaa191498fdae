/**
 * The HTTP layer every provider client uses: timeouts, retries with full jitter for idempotent requests only,
 * Retry-After on 429, and typed errors whose messages are safe to show. An error keeps only the provider's own
 * message field (never our request's body or headers, never the rest of an error body), run through the
 * connection's SecretRedactor, which removes every secret in every form it takes on the wire.
 */
import { AppError } from '../errors';
import { SecretRedactor } from './redaction';

export type ProviderErrorKind =
  | 'authentication'
  | 'validation'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  /** The request certainly did not take effect (refused connection, 5xx on a read after retries). */
  | 'unavailable'
  /** A write may or may not have taken effect (timeout, reset, 5xx after sending): reconcile, never resend blindly. */
  | 'ambiguous'
  /** The provider answered with something that does not match its documented shape. */
  | 'protocol';

export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly details: { status?: number; providerMessage?: string; retryAfterMs?: number; provider?: string } = {},
  ) {
    super(message);
    this.name = 'ProviderError';
  }

  get status() {
    return this.details.status;
  }
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpOptions {
  timeoutMs: number;
  /** Extra attempts for idempotent requests. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the caller gets rate_limited instead. */
  maxRetryAfterMs: number;
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export const defaultHttpOptions: HttpOptions = {
  timeoutMs: 15_000,
  maxRetries: 3,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 30_000,
  fetch: (...args) => globalThis.fetch(...args),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

export interface RequestSpec {
  method: HttpMethod;
  /** Relative to the base URL ("/payouts"), unless absoluteUrl is given. */
  path: string;
  absoluteUrl?: string;
  query?: Record<string, string | number | boolean | null | undefined | Array<string | number>>;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  /** Safe to send twice. Defaults to true for GET only; only idempotent requests are retried. */
  idempotent?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, the raw text when the body is not JSON, or null when empty. */
  body: unknown;
}

const SENSITIVE_QUERY = /^(key|api_?key|token|access_token|secret|client_secret|password|session[-_]?token)$/i;

/** Longest provider message kept in an error: enough for the provider's reason, not for a whole echoed request. */
const MAX_PROVIDER_MESSAGE = 500;

export class HttpClient {
  private readonly options: HttpOptions;
  /** The connection's redactor (shared with its client), or one of this client's own secrets. */
  readonly redactor: SecretRedactor;

  constructor(
    readonly providerName: string,
    private readonly baseUrl: string,
    secrets: Iterable<string> | SecretRedactor,
    options: Partial<HttpOptions> = {},
  ) {
    this.options = { ...defaultHttpOptions, ...options };
    this.redactor = secrets instanceof SecretRedactor ? secrets : new SecretRedactor(secrets);
  }

  /** Registers a credential made from the secrets (a Basic header value) that must never appear in an error or log. */
  addSecret(secret: string | null | undefined): void {
    this.redactor.addSecret(secret);
  }

  /** Registers a token obtained later (session token, access token, signed JWT). */
  addDerived(token: string | null | undefined): void {
    this.redactor.addDerived(token);
  }

  redact(text: string): string {
    return this.redactor.redact(text);
  }

  buildUrl(spec: Pick<RequestSpec, 'path' | 'absoluteUrl' | 'query'>): URL {
    const text = spec.absoluteUrl ?? this.baseUrl.replace(/\/+$/, '') + spec.path;
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      // A connection saved before its addresses were checked at save: say which, never fail with a TypeError. Nothing
      // left this computer, so a payout being sent stays unsent ('unavailable'), never 'failed'.
      const shown = this.redact(spec.absoluteUrl ?? this.baseUrl).slice(0, 80);
      throw new ProviderError(
        'unavailable',
        `The ${this.providerName} connection has an address that is not a full URL ("${shown}"). Edit the connection and enter it again.`,
        { provider: this.providerName },
      );
    }
    for (const [key, value] of Object.entries(spec.query ?? {})) {
      if (value === undefined || value === null) continue;
      if (Array.isArray(value)) value.forEach((v) => url.searchParams.append(key, String(v)));
      else url.searchParams.set(key, String(value));
    }
    return url;
  }

  /** method + path with sensitive query values masked: safe for messages and logs. */
  describe(spec: RequestSpec): string {
    const url = this.buildUrl(spec);
    for (const key of [...url.searchParams.keys()]) if (SENSITIVE_QUERY.test(key)) url.searchParams.set(key, '[redacted]');
    return this.redact(`${spec.method} ${url.pathname}${url.search}`);
  }

  async request(spec: RequestSpec): Promise<HttpResponse> {
    const idempotent = spec.idempotent ?? spec.method === 'GET';
    // An address that is not a URL fails here, once, rather than on every retry.
    this.buildUrl(spec);
    const attempts = idempotent ? this.options.maxRetries + 1 : 1;
    let lastError: ProviderError | undefined;
    for (let attempt = 0; attempt < attempts; attempt += 1) {
      try {
        return await this.once(spec, idempotent);
      } catch (error) {
        if (!(error instanceof ProviderError)) throw error;
        lastError = error;
        const retryable = error.kind === 'unavailable' || error.kind === 'rate_limited';
        if (!idempotent || !retryable || attempt === attempts - 1) throw error;
        const retryAfter = error.details.retryAfterMs;
        if (retryAfter !== undefined && retryAfter > this.options.maxRetryAfterMs) throw error;
        const backoff = this.options.random() * Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** attempt);
        await this.options.sleep(retryAfter ?? backoff);
      }
    }
    throw lastError!;
  }

  private async once(spec: RequestSpec, idempotent: boolean): Promise<HttpResponse> {
    const url = this.buildUrl(spec);
    const what = this.describe(spec);
    const headers: Record<string, string> = { accept: 'application/json', ...spec.headers };
    let body: string | undefined;
    if (spec.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(spec.json);
    } else if (spec.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(spec.form).toString();
    }
    let response: Response;
    let text: string;
    try {
      response = await this.options.fetch(url, {
        method: spec.method,
        headers,
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
        redirect: 'error',
      });
      text = await response.text();
    } catch (error) {
      throw this.networkError(error, what, idempotent);
    }
    const parsed = parseBody(text);
    if (response.status >= 200 && response.status < 300) return { status: response.status, headers: response.headers, body: parsed };
    throw this.statusError(response, parsed, what, idempotent);
  }

  private networkError(error: unknown, what: string, idempotent: boolean): ProviderError {
    const code = errorCode(error);
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    // A refused connection or an unknown host means nothing reached the provider.
    const neverSent =
      code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH';
    const reason = timedOut
      ? `no answer within ${Math.round(this.options.timeoutMs / 1000)} s`
      : code
        ? `connection failed (${code})`
        : 'connection failed';
    if (neverSent || idempotent) {
      return new ProviderError('unavailable', `${this.providerName} could not be reached: ${reason} on ${what}.`, {
        provider: this.providerName,
      });
    }
    return new ProviderError(
      'ambiguous',
      `${this.providerName} did not confirm ${what} (${reason}). The request may have been received; Paydesk will check before sending again.`,
      { provider: this.providerName },
    );
  }

  private statusError(response: Response, parsed: unknown, what: string, idempotent: boolean): ProviderError {
    const status = response.status;
    // Redacted before it is cut, so a cut can never leave the head of a secret behind.
    const providerMessage = this.redact(extractMessage(parsed) ?? '').slice(0, MAX_PROVIDER_MESSAGE) || undefined;
    const suffix = providerMessage ? `: ${providerMessage}` : '';
    const details = { status, providerMessage, provider: this.providerName };
    if (status === 401 || status === 403) {
      return new ProviderError(
        'authentication',
        `${this.providerName} refused the credentials (HTTP ${status})${suffix}. Check the connection's credentials.`,
        details,
      );
    }
    if (status === 404) return new ProviderError('not_found', `${this.providerName} has no such resource (${what})${suffix}.`, details);
    if (status === 409) return new ProviderError('conflict', `${this.providerName} reported a conflict on ${what}${suffix}.`, details);
    if (status === 429) {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      return new ProviderError(
        'rate_limited',
        `${this.providerName} asked Paydesk to slow down (HTTP 429)${retryAfterMs !== undefined ? `; retry after ${Math.ceil(retryAfterMs / 1000)} s` : ''}.`,
        { ...details, retryAfterMs },
      );
    }
    if (status >= 500) {
      if (idempotent)
        return new ProviderError('unavailable', `${this.providerName} is having trouble (HTTP ${status}) on ${what}${suffix}.`, details);
      return new ProviderError(
        'ambiguous',
        `${this.providerName} failed while handling ${what} (HTTP ${status})${suffix}. The request may have been received; Paydesk will check before sending again.`,
        details,
      );
    }
    return new ProviderError(
      'validation',
      `${this.providerName} rejected ${what} (HTTP ${status})${suffix || ' without a reason'}.`,
      details,
    );
  }
}

/**
 * The same error with its words redacted by a connection's redactor (kind, status and codes kept). Applied to every
 * error that leaves a provider client (src-main/connections/provider-clients.ts), whoever constructed it.
 */
export function redactError(redactor: SecretRedactor, error: unknown): unknown {
  if (error instanceof ProviderError) {
    const details = { ...error.details };
    if (details.providerMessage !== undefined) details.providerMessage = redactor.redact(details.providerMessage);
    const clean = new ProviderError(error.kind, redactor.redact(error.message), details);
    if (error.stack) clean.stack = redactor.redact(error.stack);
    return clean;
  }
  if (error instanceof AppError) {
    const fieldErrors = error.fieldErrors
      ? Object.fromEntries(Object.entries(error.fieldErrors).map(([k, v]) => [k, redactor.redact(v)]))
      : undefined;
    return new AppError(error.code, redactor.redact(error.message), fieldErrors);
  }
  if (error instanceof Error) {
    error.message = redactor.redact(error.message);
    if (error.stack) error.stack = redactor.redact(error.stack);
  }
  return error;
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Pulls the provider's own message out of the error bodies the five providers use; nothing else of the body is
 * kept. The caller redacts it before cutting it to length (a cut must never leave the head of a secret).
 */
export function extractMessage(body: unknown): string | undefined {
  if (typeof body === 'string') return body || undefined;
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  for (const key of ['message', 'error_description', 'error_message', 'detail', 'title']) {
    if (typeof b[key] === 'string' && b[key]) return b[key] as string;
  }
  if (typeof b.error === 'string') return b.error;
  if (b.error && typeof b.error === 'object') return extractMessage(b.error);
  if (Array.isArray(b.errors) && b.errors.length) return extractMessage(b.errors[0]);
  return undefined;
}

export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
