/**
 * Everything the Token.io Payouts (BETA) documentation leaves open, as named constants. The client, the mapping
 * and the simulator all read these, so when Token.io confirms a detail the correction is a one-line change here.
 *
 * Sources are tagged as in docs/providers/tokenio.md: [T1] payouts OpenAPI, [T1f] full OpenAPI,
 * [T5] authentication page, [X] third-party summaries.
 */
import type { PayoutStatus } from '@shared/contract/model';

// ---------------------------------------------------------------------------------------------------------
// Request signing (JWT mode)
// ---------------------------------------------------------------------------------------------------------

/**
 * ASSUMPTION: Ed25519 ("EdDSA") is accepted. The spec's example token header says EdDSA [T1]; the prose on [T5]
 * mentions RSA or ECDSA, and the connection form only collects an Ed25519 key. Confirm with Token.io.
 */
export const JWT_ALG = 'EdDSA';

/**
 * ASSUMPTION: the JWT is a detached-payload JWS (`<header>..<signature>`, as in the spec example [T1]) whose signing
 * input is `base64url(header) + "." + base64url(raw request body)`, the body being empty for GET (RFC 7515 App. F).
 * The "signature covers the body" part comes only from [X].
 */
export const JWT_SIGNS_BODY = true;

/**
 * ASSUMPTION: the `path` header claim is the URL path without the query string (the spec example has
 * `"path":"/banks/iron/users"` and no query [T1]). Set to true if Token.io expects `?…` to be included.
 */
export const JWT_PATH_INCLUDES_QUERY = false;

/**
 * ASSUMPTION: `exp` is epoch **milliseconds** (the spec example's exp is 1586297344787 [T1]). The lifetime covers a
 * request plus HttpClient's retries (≤ 4 attempts, Retry-After ≤ 30 s) while staying under Token.io's suggested
 * 10 minutes [X].
 */
export const JWT_LIFETIME_MS = 5 * 60_000;

/** ASSUMPTION: the upper bound the simulator enforces on `exp - now`, from the "keep exp under 10 minutes" advice [X]. */
export const JWT_MAX_LIFETIME_MS = 10 * 60_000;

/**
 * ASSUMPTION: a dashboard API key is already the base64 Basic credential (the spec's sample decodes to
 * `<member-id>:<uuid>` [T1]); a pasted value that still contains ":" is the decoded form and gets base64-encoded.
 */
export const BASIC_KEY_IS_PRE_ENCODED = true;

// ---------------------------------------------------------------------------------------------------------
// Payout initiation
// ---------------------------------------------------------------------------------------------------------

/**
 * ASSUMPTION: `paymentType` is listed as required but never defined in the published schema [T1]. We omit it
 * (undefined); put the value Token.io names here once known. The simulator accepts any string or its absence.
 */
export const PAYMENT_TYPE: string | undefined = undefined;

/** Documented [T1]: `refId` ≤ 18 characters, recommended charset Latin letters, digits and "-". */
export const REF_ID_MAX_LENGTH = 18;
export const REF_ID_PATTERN = /^[A-Za-z0-9-]+$/;

/**
 * ASSUMPTION: Token.io does not deduplicate on `refId` (nothing says it does [T1][X]). The simulator accepts a
 * duplicate refId, which is what makes "look the reference up before any retry" necessary.
 */
export const REF_ID_UNIQUE = false;

/** Documented [T1]: an EUR payout's creditor needs an `accountVerificationId` from POST /account-verifications. */
export const EUR_REQUIRES_ACCOUNT_VERIFICATION = true;

// ---------------------------------------------------------------------------------------------------------
// Account verification (verification of payee) [V1]
// ---------------------------------------------------------------------------------------------------------

/** Documented [V1]: `POST /account-verifications`, same authentication as the payouts API. */
export const ACCOUNT_VERIFICATIONS_PATH = '/account-verifications';
/** Documented [V1]: `account.currency` is an enum of one value, EUR (the spec's GBP example contradicts its schema). */
export const VERIFICATION_CURRENCIES: readonly string[] = ['EUR'];
/** Documented [V1]: `result.status` values, and what each means for Paydesk. */
export const VERIFICATION_STATUS_MAP = {
  MATCH: 'match',
  CLOSE_MATCH: 'close_match',
  NO_MATCH: 'no_match',
  VERIFICATION_NOT_POSSIBLE: 'not_possible',
} as const;
/** Documented [V1]: `result.reasons` values. */
export const VERIFICATION_REASONS = ['UNKNOWN', 'EXACT_MATCH', 'NAME_MISMATCH', 'ACCOUNT_MISMATCH'] as const;
/**
 * ASSUMPTION: the check is made against the settlement account the payout will be paid from (`virtualAccountId`,
 * documented as optional [V1]): the same one the payout's debtor is (the connection's, or the only active one in EUR).
 */
export const VERIFY_AGAINST_SETTLEMENT_ACCOUNT = true;
/**
 * ASSUMPTION: a verification changes nothing at the bank, so sending the request again after an unclear answer is
 * safe (it is retried like a read). Each request is a new check with its own id.
 */
export const VERIFICATION_IS_SAFE_TO_REPEAT = true;
/**
 * ASSUMPTION: the spec says nothing about how long a check id stays usable for a payout; Paydesk checks again at send
 * when its check is older than the policy allows (PayoutPolicy.payeeCheckMaxAgeHours, 24 h unless changed).
 */
export const VERIFICATION_LIFETIME = 'unknown';

/** Documented [T1]: description ≥ 6 alphanumerics, not all the same; ≤ 18 chars for sort-code, 140 for IBAN payments. */
export const DESCRIPTION_MIN_ALNUM = 6;
export const DESCRIPTION_MAX_SCAN = 18;
export const DESCRIPTION_MAX_IBAN = 140;
export const DESCRIPTION_PATTERN = /^[A-Za-z0-9 .&/-]+$/;

// ---------------------------------------------------------------------------------------------------------
// Debtor (settlement) account discovery
// ---------------------------------------------------------------------------------------------------------

/**
 * ASSUMPTION: the connection form has no settlement-account field, so when `publicFields.settlementAccountId` is
 * absent the client lists `GET /virtual-accounts?currency=…` [T1f] and uses the single ACTIVE account in the
 * payout's currency. The list envelope key and item fields below are not in what we read of the spec
 * (`GetVirtualAccountByIdResponse` is `{ virtualAccount }`, so the list is presumably `{ virtualAccounts: [] }`).
 */
export const SETTLEMENT_ACCOUNTS_PATH = '/virtual-accounts';
export const SETTLEMENT_ACCOUNTS_LIST_KEY = 'virtualAccounts';
export const SETTLEMENT_ACCOUNT_ACTIVE_STATUS = 'ACTIVE';
/** Public field names the client reads when present (not yet in the provider catalog). */
export const SETTLEMENT_ACCOUNT_FIELD = 'settlementAccountId';
export const ON_BEHALF_OF_FIELD = 'onBehalfOfId';

// ---------------------------------------------------------------------------------------------------------
// Listing
// ---------------------------------------------------------------------------------------------------------

/** Documented [T1]: limit is required, 1..200 (larger values are clamped); fewer than `limit` rows = last page. */
export const LIST_LIMIT_MAX = 200;
export const LIST_PAGE_LIMIT = LIST_LIMIT_MAX;

/** ASSUMPTION: enough rows to notice a duplicated refId (two payouts with our reference) in one request. */
export const REFERENCE_LOOKUP_LIMIT = 50;

/**
 * ASSUMPTION: timestamps are ISO 8601 with an offset as in the spec examples [T1]; Token.io's other APIs use
 * epoch-millisecond strings, so an all-digits value is read as epoch ms rather than rejected.
 */
export const ACCEPT_EPOCH_MS_TIMESTAMPS = true;

/**
 * Dates Paydesk shows and charts [T1]: `createdDateTime` (required) is the payout's date. `updatedDateTime` is the
 * last status change, not a confirmed time of payment (INITIATION_COMPLETED is no settlement guarantee), so a paid
 * payout counts in the month it was created.
 */
export const DATE_FIELDS = { createdAt: 'createdDateTime', paidAt: null } as const;

// ---------------------------------------------------------------------------------------------------------
// Status mapping
// ---------------------------------------------------------------------------------------------------------

/**
 * The five statuses are documented [T1]; the unified meaning is ours.
 * ASSUMPTION: INITIATION_COMPLETED maps to `paid` although Token.io says it "does not guarantee the payout is
 * settled" — it is the last success state Token.io ever reports. REJECTED (bank refused) and FAILED (Token.io could
 * not create it) are both `failed`: `rejected` is reserved for refusals by us.
 */
export const STATUS_MAP: Readonly<Record<string, PayoutStatus>> = {
  INITIATION_PENDING: 'submitted',
  INITIATION_PROCESSING: 'processing',
  INITIATION_COMPLETED: 'paid',
  INITIATION_REJECTED: 'failed',
  INITIATION_FAILED: 'failed',
};

export const TERMINAL_STATUSES: ReadonlySet<string> = new Set(['INITIATION_COMPLETED', 'INITIATION_REJECTED', 'INITIATION_FAILED']);
