/**
 * Every guess Paydesk makes about the Creator Pay API, in one place.
 *
 * The only documentation (seed 002 = the Redoc page https://docs.creatorpay.co/api, notes in
 * shared/providers/creatorpay.md) lost the HTTP method and path of every operation except the session exchange and
 * the creators list, and shows only one payment status. Each constant below is tagged:
 *   KNOWN:      stated by the seed (curl examples or prose);
 *   ASSUMPTION: our guess, with why and where it came from. When Creator Pay confirms or corrects one, change the
 *               constant here; the client, the mapping and the simulator all read from this file.
 */

// ---------------------------------------------------------------------------------------------------------------
// Authentication
// ---------------------------------------------------------------------------------------------------------------

/** KNOWN (seed, first curl example): `GET {base}/v1/org_api_token/session?key=<api_key>`. */
export const SESSION_METHOD = 'GET' as const;
export const SESSION_PATH = '/v1/org_api_token/session';
export const SESSION_KEY_QUERY = 'key';

/** KNOWN (seed, second curl example): the token travels in this header, not in Authorization. */
export const SESSION_TOKEN_HEADER = 'session-token';

/** KNOWN (seed): "These session tokens expire after 7 days". */
export const SESSION_TOKEN_LIFETIME_MS = 7 * 86_400_000;

/**
 * ASSUMPTION (inference from the 7-day lifetime): refresh a day early so a token never expires mid-sync, even with a
 * few hours of clock drift between us and Creator Pay.
 */
export const SESSION_REFRESH_AFTER_MS = 6 * 86_400_000;

/**
 * ASSUMPTION: the session response body. The seed shows no sample. We accept, in order: a JSON object with one of
 * these fields, a JSON string, or a bare text body. The simulator answers with the first field name.
 * Source: common Go API conventions; nothing Creator Pay-specific found.
 */
export const SESSION_TOKEN_FIELDS = ['session_token', 'sessionToken', 'token', 'session-token', 'session'] as const;

/**
 * ASSUMPTION: the status code for an expired, replaced or unknown session token. The seed's samples only ever show
 * 403, 422 and 500 on protected routes (no 401), so the simulator answers 403; the client treats 401 the same way in
 * case Creator Pay uses it.
 */
export const INVALID_TOKEN_STATUS = 403;
export const AUTH_FAILURE_STATUSES: readonly number[] = [401, 403];

/** ASSUMPTION: the status code for a wrong API key on the session exchange (same reasoning as above). */
export const INVALID_KEY_STATUS = 403;

// ---------------------------------------------------------------------------------------------------------------
// Paths and methods (all relative to the origin; the API lives under /v1)
// ---------------------------------------------------------------------------------------------------------------

/** KNOWN (seed, second curl example). */
export const LIST_CREATORS = { method: 'GET', path: '/v1/creators' } as const;

/**
 * ASSUMPTION: "Create Creators" (bulk, array body) is POST on the same collection. REST convention; not used by the
 * client, only by the simulator.
 */
export const CREATE_CREATORS = { method: 'POST', path: '/v1/creators' } as const;

/** ASSUMPTION: "Get payments" is GET /v1/payments. Resource name from the seed's section title ("Payments"). */
export const LIST_PAYMENTS = { method: 'GET', path: '/v1/payments' } as const;

/** ASSUMPTION: "Create payments" (array body, 201) is POST /v1/payments. */
export const CREATE_PAYMENTS = { method: 'POST', path: '/v1/payments' } as const;

/** ASSUMPTION: "Updates Payments" (array body) is PUT /v1/payments. Simulator only. */
export const UPDATE_PAYMENTS = { method: 'PUT', path: '/v1/payments' } as const;

/** ASSUMPTION: "Deletes payments specified by the body" (array of id strings) is DELETE /v1/payments. */
export const DELETE_PAYMENTS = { method: 'DELETE', path: '/v1/payments' } as const;

/** ASSUMPTION: "Retrieve a single payment" ("ID in the route params") is GET /v1/payments/{id}. */
export const GET_PAYMENT = { method: 'GET', pathPrefix: '/v1/payments/' } as const;

/**
 * ASSUMPTION: "Retrieve Campaigns" is GET /v1/campaigns. The required query `type=campaigns` (KNOWN, seed: "Type
 * should always be 'campaigns'") hints that the real route may be a generic one (e.g. /v1/projects); if so, only this
 * path changes.
 */
export const LIST_CAMPAIGNS = { method: 'GET', path: '/v1/campaigns' } as const;
/** KNOWN (seed): the query parameter and its only value. */
export const CAMPAIGNS_TYPE_QUERY = { type: 'campaigns' } as const;

/** ASSUMPTION: "Create a Campaign" is POST /v1/campaigns; "Retrieve a Campaign" is GET /v1/campaigns/{id}. Simulator only. */
export const CREATE_CAMPAIGN = { method: 'POST', path: '/v1/campaigns' } as const;
export const GET_CAMPAIGN = { method: 'GET', pathPrefix: '/v1/campaigns/' } as const;

// ---------------------------------------------------------------------------------------------------------------
// Response shapes
// ---------------------------------------------------------------------------------------------------------------

/**
 * KNOWN (seed): list endpoints return bare JSON arrays, no pagination. "Retrieve a Campaign" returns an array of one;
 * ASSUMPTION: "Retrieve a single payment" may do the same, so the client accepts an object or an array of one.
 */
export const SINGLE_RESOURCE_MAY_BE_ARRAY = true;

/**
 * ASSUMPTION (guard, inference): the most items Paydesk accepts in one bare-array response. Creator Pay documents no
 * pagination, so a huge organisation arrives in one body; past this we stop with a clear error rather than exhaust
 * memory.
 */
export const MAX_LIST_ITEMS = 500_000;

/**
 * ASSUMPTION: how `start_date` / `end_date` are written and what they filter. The seed names them ("Start Date",
 * "End Date") without format; campaigns use "2021-1-1", so a plain calendar date seems likely, and we send the
 * zero-padded form. We assume they filter on `created_at`, inclusive.
 * Consequence: date windows cannot drive incremental sync (a payment created long ago that changes status would be
 * missed), so listPayouts always fetches the full list; windows are used only to make lookups by reference cheap.
 */
export const PAYMENT_DATE_FILTER = { start: 'start_date', end: 'end_date', status: 'status', format: 'YYYY-MM-DD' } as const;

/** ASSUMPTION: window scanned first when looking a reference up (we just sent it), before a full scan confirms absence. */
export const LOOKUP_WINDOW_DAYS_BACK = 3;
export const LOOKUP_WINDOW_DAYS_AHEAD = 1;

/**
 * KNOWN (seed): the create-payments 201 response encodes nullable fields as Go `sql.Null*` wrappers
 * (`{"int": 0, "valid": true}`, `{"string": "…", "valid": true}`, `{"bool": true, "valid": true}`). ASSUMPTION: Go's
 * default marshalling capitalises them (`{"String": "…", "Valid": true}`) and `sql.NullTime` uses `Time`, so the
 * mapping accepts every one of these keys in either case.
 */
export const NULL_WRAPPER_VALUE_KEYS = ['string', 'int', 'int64', 'int32', 'int16', 'float64', 'bool', 'time', 'byte'] as const;

/**
 * ASSUMPTION: Go zero timestamps ("0001-01-01T00:00:00Z") mean "not set" in date_initiated / date_posted /
 * date_failed, as is usual for non-nullable time.Time fields.
 */
export const GO_ZERO_TIME_PREFIX = '0001-01-01';

/** ASSUMPTION: timestamps without an offset ("2022-03-30 20:41:44") are UTC. */
export const TIMESTAMPS_WITHOUT_OFFSET_ARE_UTC = true;

// ---------------------------------------------------------------------------------------------------------------
// Money
// ---------------------------------------------------------------------------------------------------------------

/** KNOWN (seed): "Amounts are always done in cents." ASSUMPTION: the currency is USD (no currency field; US-only
 * features: routing numbers, federal/state withholding, PayPal/Venmo). */
export const CURRENCY = 'USD';

// ---------------------------------------------------------------------------------------------------------------
// Payment statuses
// ---------------------------------------------------------------------------------------------------------------

/** KNOWN (seed): a payment is created as `draft`; only drafts can be deleted. */
export const DRAFT_STATUS = 'draft';

/**
 * ASSUMPTION: the rest of the enum. The seed shows only `draft`; the date fields date_initiated, date_posted,
 * date_failed and expected_arrival_date suggest draft → initiated → posted | failed. The simulator uses exactly
 * SIMULATED_LIFECYCLE; the mapping also accepts common synonyms so a different spelling lands on a sensible unified
 * status, and anything else becomes 'unknown' (kept raw, shown, never crashes a sync).
 */
export const SIMULATED_LIFECYCLE = { initiated: 'initiated', posted: 'posted', failed: 'failed' } as const;

/**
 * Provider status → unified status (DESIGN.md).
 * ASSUMPTION: a Creator Pay `draft` maps to unified 'provider_draft', never 'draft': it already exists at the provider,
 * and a local 'draft' could be approved and sent again, paying twice. A payment Paydesk created stays 'submitted' on
 * our side (the workflow never moves a payout it sent back to a draft; pendingStep says what is left in Creator Pay);
 * one made in Creator Pay's web app is a draft there, which Paydesk can delete (rules.ts providerDraft).
 */
export const STATUS_MAP: Readonly<
  Record<string, 'provider_draft' | 'submitted' | 'processing' | 'paid' | 'failed' | 'cancelled' | 'returned'>
> = {
  draft: 'provider_draft',
  pending: 'submitted',
  scheduled: 'submitted',
  approved: 'submitted',
  initiated: 'processing',
  processing: 'processing',
  in_transit: 'processing',
  sent: 'processing',
  posted: 'paid',
  paid: 'paid',
  completed: 'paid',
  complete: 'paid',
  success: 'paid',
  failed: 'failed',
  failure: 'failed',
  rejected: 'failed',
  error: 'failed',
  returned: 'returned',
  reversed: 'returned',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  deleted: 'cancelled',
  void: 'cancelled',
};

/**
 * ASSUMPTION: deletion is soft (the read shape has `is_deleted`). A payment with is_deleted true maps to 'cancelled'
 * whatever its status says. The simulator keeps deleted payments readable by id and leaves them out of lists.
 */
export const DELETED_MEANS_CANCELLED = true;

// ---------------------------------------------------------------------------------------------------------------
// Our reference (idempotency) on payments
// ---------------------------------------------------------------------------------------------------------------

/**
 * ASSUMPTION: where our client reference travels. Creator Pay documents no idempotency key. Candidates (seed):
 *  - `id` in the create body: accepted, but whether a client-chosen id is honoured is unknown, and if it is not, a
 *    retried create would silently make a second payment while we believed the id protected us. So we do NOT rely on
 *    it (SEND_REFERENCE_AS_PAYMENT_ID = false). Flip it once Creator Pay confirms ids are honoured and unique: then a
 *    duplicate create should answer 409.
 *  - `reference_id`: appears on reads only, next to fee_reference_id / paypal_* ids, so it is probably the payment
 *    rail's reference, set by Creator Pay. Not ours.
 *  - `audit`: a free string in the create body, empty in every sample, not obviously shown to the creator. We write
 *    `paydesk:<clientReference>` there (the notes' suggestion: "memo or audit").
 *  - `memo`: the text the creator probably sees ("Payment for April"); we keep it for the description only.
 * Lookup by reference = list payments and match REFERENCE_PREFIX + reference in `audit` (or in `memo`, or an `id` /
 * `reference_id` equal to it, in case Creator Pay moves the value), see client.findByReference.
 */
export const SEND_REFERENCE_AS_PAYMENT_ID = false;
export const REFERENCE_FIELD = 'audit' as const;
export const REFERENCE_PREFIX = 'paydesk:';
export const REFERENCE_IN_MEMO = false;

/**
 * ASSUMPTION: a campaign links to its payments through `payment_group_id` (seed: both objects carry it; the create
 * sample passes "<campaign's payment_group_id>"). We expose campaigns by their `id` and translate.
 */
export const CAMPAIGN_LINK_FIELD = 'payment_group_id' as const;

// ---------------------------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------------------------

/** KNOWN (seed): error bodies look like `{ "message": "string", "status": 0 }`. */
export const ERROR_BODY_MESSAGE_FIELD = 'message';

/** ASSUMPTION: a validation failure answers 422 (seen in the seed's samples), a duplicate answers 409 (seen on creators). */
export const VALIDATION_STATUS = 422;
export const CONFLICT_STATUS = 409;

/** ASSUMPTION: deleting a payment that is not a draft answers 422 with a message (the seed only says it is not allowed). */
export const DELETE_NON_DRAFT_STATUS = 422;

/**
 * ASSUMPTION: the Creator Pay web app lives on the product's own domain; the docs name only the API hosts [unknown].
 * Used as the only external pages Paydesk opens for Creator Pay.
 */
export const DASHBOARD_URLS = ['https://creatorpay.co'];

/**
 * Dates Paydesk shows and charts: a payment's `created_at` (required; a payment without one is set aside) is its
 * date. ASSUMPTION: `date_posted` would be the time of payment, but the seed never shows it set, so a paid payment
 * counts in the month it was created.
 */
export const DATE_FIELDS = { createdAt: 'created_at', paidAt: null } as const;
