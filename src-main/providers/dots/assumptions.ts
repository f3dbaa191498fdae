/**
 * Everything about Dots' API that its documentation leaves open, in one place, each with its reasoning and source,
 * so a correction is a one-line change. Sources: docs/providers/dots.md ([seed] = the send-payout reference
 * page, [D1] = Dots' docs repository incl. docs/v2.yaml).
 */
import type { PayoutStatus } from '@shared/contract/model';

/** Documented [D1 environments]: production `https://api.dots.dev/api`; the simulator uses the same `/api` prefix. */
export const API_PATH_PREFIX = '/api';

/** Documented [D1]: `limit` is between 1 and 100 on every v2 list endpoint; we always ask for the maximum. */
export const LIST_PAGE_SIZE = 100;
export const LIST_MAX_LIMIT = 100;
/** ASSUMPTION: `limit` when none is sent (unpublished; 10 as in Stripe, whose cursor scheme Dots copies). */
export const LIST_DEFAULT_LIMIT = 10;

/**
 * ASSUMPTION: list endpoints return newest first (Stripe-style, which the cursor parameters copy; `GET /v2/transfers`
 * documents "default newest first" [D1], payout links do not say). findByReference relies on it: our freshly sent
 * payout is then on the first pages.
 */
export const LISTS_ARE_NEWEST_FIRST = true;

/**
 * ASSUMPTION: Dots has no search by metadata [D1], so findByReference scans the newest payout links. A payout being
 * reconciled was sent minutes ago, so it is among the newest links unless the app created more than this many
 * links since. When the scan ends without reaching the end of the list, absence is NOT confirmed and the client
 * says so (ProviderError 'unavailable') instead of answering null.
 */
export const FIND_BY_REFERENCE_MAX_PAGES = 20;

/** Our reference travels in the link's metadata under this key ([inference] in dots.md; metadata is free key/values). */
export const REFERENCE_METADATA_KEY = 'paydesk_reference';

/**
 * ASSUMPTION: `metadata` is echoed back as sent; as the spec types it `string | object | null` [D1], a string is read
 * as JSON when it parses to an object.
 */
export const METADATA_STRING_MAY_BE_JSON = true;

/**
 * Documented [seed][D1]: send-payout with an existing `idempotency_key` returns the existing link instead of creating
 * a new one, for 24 hours [D1 idempotency].
 * Decision: createPayout is still sent with `idempotent: false`, i.e. the HTTP layer never retries it on its own.
 * The guarantee expires after 24 h while an outbox entry can be retried days later (after a crash or offline
 * period), and a same-key request with a different body silently returns the first result. So an unclear outcome
 * surfaces as 'ambiguous' and the sender reconciles (findByReference) and audits before deciding; when it does resend
 * within the window, the same key makes that resend safe.
 */
export const IDEMPOTENCY_KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;

/**
 * ASSUMPTION: a 202 from send-payout ("funds_pending", the app wallet cannot fund it yet [D1]) carries the same
 * payout-link object as a 201. When its body is not a link, the client returns `payout: null` and the sender looks
 * the payout up by reference (the request was accepted either way).
 */
export const FUNDS_PENDING_HTTP_STATUS = 202;
/** ASSUMPTION: the status a 202 link carries; `funds_pending` is named in [D1] but is outside the status enum. */
export const FUNDS_PENDING_STATUS = 'funds_pending';

/**
 * ASSUMPTION: error bodies. The v2 spec does not define them; a few endpoints document `{ success: false, message }`
 * and error codes are strings like `invalid-input` [D1 error-codes]. The simulator answers
 * `{ success: false, error_code, message }`; the shared HTTP layer reads `message`.
 */
export const ERROR_BODY_EXAMPLE = { success: false, error_code: 'invalid-input', message: '…' } as const;

/**
 * ASSUMPTION: Dots has no currency field; everything is US dollars in cents ([inference] from US tax forms and the
 * "$100" sandbox funding [D1]).
 */
export const DOTS_CURRENCY = 'USD';

/** ASSUMPTION: `created` timestamps have no offset in the docs' examples ("2024-07-11T12:31:33.479437"); read as UTC. */
export const TIMESTAMP_WITHOUT_OFFSET_IS_UTC = true;

/**
 * Dates Paydesk shows and charts [seed]: a payout link's `created` is its date; Dots reports no time of payment
 * (claiming) on the link, so a paid link counts in the month it was created.
 */
export const DATE_FIELDS = { createdAt: 'created', paidAt: null } as const;

/**
 * ASSUMPTION: phone numbers. Only the shape `{ country_code: "1", phone_number: "2025550139" }` is documented;
 * the simulator accepts 1–3 digit country codes and 4–14 digit numbers (10 for country code 1), rejecting the rest
 * with `invalid-phone-number` (a documented error code [D1]).
 */
export const PHONE_COUNTRY_CODE = /^\d{1,3}$/;
export const PHONE_NUMBER = /^\d{4,14}$/;
export const NANP_PHONE_NUMBER = /^\d{10}$/;

/**
 * Payout-link statuses [seed][D1] mapped to Paydesk's unified status; the meanings are our reading [inference]:
 * - created / delivery_pending / funds_pending: Dots has it, nothing reached the payee yet → submitted.
 * - sent / delivered: the payee has the link and can claim → processing.
 * - claimed: the payee accepted the money → paid. (The money then moves on the linked transfer, which Paydesk
 *   does not follow.)
 * - delivery_failed: the link never reached the payee; it can be redelivered in Dots, but needs a person → failed.
 * - reversed → returned; canceled → cancelled; expired → expired; failed → failed.
 */
export const STATUS_MAP: Readonly<Record<string, PayoutStatus>> = {
  created: 'submitted',
  delivery_pending: 'submitted',
  funds_pending: 'submitted',
  sent: 'processing',
  delivered: 'processing',
  claimed: 'paid',
  delivery_failed: 'failed',
  failed: 'failed',
  reversed: 'returned',
  canceled: 'cancelled',
  expired: 'expired',
};

/** ASSUMPTION: an undocumented status is shown as `unknown` next to the raw value instead of failing a whole sync. */
export const UNRECOGNISED_STATUS: PayoutStatus = 'unknown';

/** ASSUMPTION: the order in which the simulator moves a link along ([inference] in dots.md). */
export const LIFECYCLE = ['funds_pending', 'created', 'delivery_pending', 'sent', 'delivered', 'claimed'] as const;

/**
 * ASSUMPTION: DELETE (cancel) is refused once the payee has claimed or the link has ended; the docs only say "Cancel".
 * Cancelling an already cancelled link answers with the link unchanged.
 */
export const CANCELLABLE_STATUSES = ['funds_pending', 'created', 'delivery_pending', 'sent', 'delivered', 'delivery_failed'] as const;

/** ASSUMPTION: the Dots dashboard is on dots.dev (the payee flows are my.dots.dev / my-sandbox.dots.dev [docs]). */
export const DASHBOARD_URLS = ['https://dots.dev'];
