/**
 * Everything about Talentir's API that its published material leaves open, in one place. Each constant is our
 * best reading and says where it comes from, so that when the real API turns out different the fix is one line.
 * Sources: docs/providers/talentir.md ([seed] = the humanpay skill, [S1] = Talentir's own n8n node).
 */
import type { PayoutStatus } from '@shared/contract/model';

/**
 * ASSUMPTION: the simulator serves the API under the same path as production (`https://www.talentir.com/api/v1`
 * [seed][S1]) so that the client's relative paths are identical for both. No sandbox host is documented.
 */
export const API_PATH_PREFIX = '/api/v1';

/**
 * ASSUMPTION: page size for `GET /payouts`. The seed only shows `limit=20`; no maximum is published. 100 keeps a
 * 100k sync at 1,000 requests and is a common ceiling; the simulator refuses more than LIST_MAX_LIMIT.
 */
export const LIST_PAGE_SIZE = 100;
/** ASSUMPTION: the largest `limit` Talentir accepts (unpublished); used by the simulator's validation. */
export const LIST_MAX_LIMIT = 100;
/** ASSUMPTION: `limit` when none is sent; 20 is the value in the seed's example. */
export const LIST_DEFAULT_LIMIT = 20;

/**
 * ASSUMPTION: `order_direction=desc` is the only value the seed shows; `asc` is inferred. We page newest first, which is
 * also what makes freshly created payouts appear on the first page.
 */
export const LIST_ORDER_DIRECTION = 'desc' as const;

/**
 * ASSUMPTION: name of the query parameter that carries the cursor for the next page. Talentir publishes none [unknown];
 * `cursor` is the most common spelling for opaque-cursor APIs.
 */
export const LIST_CURSOR_QUERY_PARAM = 'cursor';

/**
 * ASSUMPTION: the list response envelope is unknown. We accept a bare array or an object holding the array under the
 * first of these keys that is present; the simulator answers `{ payouts: [...], nextCursor }`.
 */
export const LIST_ITEMS_FIELDS = ['payouts', 'data', 'items'] as const;
/** ASSUMPTION: keys that may carry the next-page cursor in an object envelope (first present wins; null/absent = last page). */
export const LIST_NEXT_CURSOR_FIELDS = ['nextCursor', 'next_cursor', 'cursor'] as const;
/**
 * ASSUMPTION: when the list comes back as a bare array, there is no cursor field; we then use the id of the last item
 * of a full page as the cursor (keyset style). If Talentir ignores the parameter, the client notices (the page
 * returned contains the cursor item again) and stops with a protocol error instead of looping.
 */
export const BARE_ARRAY_CURSOR_IS_LAST_ID = true;

/**
 * ASSUMPTION: single-payout replies (GET, POST) are the payout object itself; a wrapper under one of these keys is
 * also accepted because the shape is unpublished.
 */
export const SINGLE_PAYOUT_WRAPPER_FIELDS = ['payout', 'data'] as const;

/**
 * ASSUMPTION: field names of the payout object. Only the webhook payload is documented (`uuid`, `customId`,
 * `status`, `message`, `url` [S1]); the rest is assumed to echo the create body (`payoutAmount`, `currency`,
 * `description`, `email`, `creatorHandle`, `handleType`, `tags` [seed]) plus camelCase timestamps. The first alias
 * present wins. The simulator writes the first alias of each.
 */
export const PAYOUT_FIELD_ALIASES = {
  id: ['uuid', 'id'],
  customId: ['customId', 'custom_id'],
  status: ['status'],
  amount: ['payoutAmount', 'amount'],
  currency: ['currency'],
  description: ['description'],
  email: ['email'],
  creatorHandle: ['creatorHandle', 'handle'],
  handleType: ['handleType'],
  tags: ['tags'],
  createdAt: ['createdAt', 'created_at', 'created'],
  updatedAt: ['updatedAt', 'updated_at'],
} as const;

/**
 * ASSUMPTION: amounts in replies are decimal strings like the create body [seed]. A JSON number is still read, but
 * only through money.fromJsonNumber, which refuses anything that is not exactly representable.
 */
export const ACCEPT_NUMERIC_AMOUNTS_IN_REPLIES = true;

/** ASSUMPTION: timestamps without an offset are UTC (no timezone is documented). */
export const TIMESTAMP_WITHOUT_OFFSET_IS_UTC = true;

/**
 * Dates Paydesk shows and charts, from the payout's own fields [seed]: `createdAt` (the aliases in
 * PAYOUT_FIELD_ALIASES.createdAt; required, so a payout without it is set aside) is the payout's date; Talentir
 * reports no time of payment, so a paid payout counts in the month it was created.
 */
export const DATE_FIELDS = { createdAt: 'createdAt', paidAt: null } as const;

/**
 * ASSUMPTION: `GET /team` returns an object; its display name may sit under one of these keys. Only used for the
 * "connected to …" text, so an unknown shape is not an error.
 */
export const TEAM_NAME_FIELDS = ['name', 'teamName', 'displayName'] as const;

/**
 * ASSUMPTION: what a second create with an existing `customId` does is unknown ([S1] calls the operation "Create or
 * update"). The simulator refuses it with this status; the client answers a refusal by looking the payout up by
 * `customId` and returning it, which is right in both readings (it was created or updated once, never twice).
 */
export const DUPLICATE_CUSTOM_ID_STATUS = 409;

/**
 * ASSUMPTION: Paydesk does not send `preApproved: true`. It needs the `payout.api_approve` key permission [seed], which
 * we cannot detect; without it the create would be refused. Approval therefore happens in the Talentir dashboard.
 */
export const SEND_PRE_APPROVED = false;

/** ASSUMPTION: amounts are sent with exactly two decimals; the accepted number of decimals is unpublished [unknown]. */
export const AMOUNT_DECIMALS_SENT = 2;
/** ASSUMPTION: the simulator refuses `payoutAmount` strings with more decimals than this ("1.001"). */
export const MAX_AMOUNT_DECIMALS_ACCEPTED = 2;

/**
 * ASSUMPTION: error replies carry a human text under `message` (the error shape is unpublished [unknown]); the shared
 * HTTP layer also looks at `error`, `detail` and friends.
 */
export const ERROR_MESSAGE_FIELD = 'message';

/**
 * The documented statuses [seed] mapped to Paydesk's unified status. The mapping itself is our reading:
 * ASSUMPTION `created` = waiting for approval in Talentir → submitted (the provider has it, nothing moved yet).
 * ASSUMPTION `approved` = funds committed, creator can claim → processing.
 * ASSUMPTION `requested` = creator claimed and asked for the money [inference] → processing.
 * `completed` → paid; `deleted` → cancelled; `expired` → expired.
 */
export const STATUS_MAP: Readonly<Record<string, PayoutStatus>> = {
  created: 'submitted',
  approved: 'processing',
  requested: 'processing',
  completed: 'paid',
  deleted: 'cancelled',
  expired: 'expired',
};

/**
 * ASSUMPTION: a status outside the documented list is shown as `unknown` (with the raw value beside it) rather than
 * failing a whole sync; new statuses are more likely than broken replies.
 */
export const UNRECOGNISED_STATUS: PayoutStatus = 'unknown';

/** Lifecycle the simulator follows [seed]: `deleted` / `expired` can happen at any point and end it. */
export const LIFECYCLE = ['created', 'approved', 'requested', 'completed'] as const;
export const TERMINAL_STATUSES = ['completed', 'deleted', 'expired'] as const;
