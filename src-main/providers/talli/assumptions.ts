/**
 * Everything the Talli Campaign Manager v2 documentation leaves open, as named constants. The client, the mapping
 * and the simulator all read these, so a correction from Talli is a one-line change here.
 *
 * Sources are tagged as in docs/providers/talli.md: [seed] the payout-instructions reference page,
 * [L1] api-basics, [L2] getting started, [L3] reference index, [L4] campaigns reference.
 */
import type { PayoutStatus } from '@shared/contract/model';

// ---------------------------------------------------------------------------------------------------------
// Paths
// ---------------------------------------------------------------------------------------------------------

/**
 * Documented for v2 [seed][L4]. ASSUMPTION: we stay on v2 ("fully supported" [L2]) because the v3 Distribution
 * Manager paths were not captured; v3 would presumably be `/v3/distribution-manager/distributions` [inference].
 */
export const API_PREFIX = '/v2/campaign-manager';
export const CAMPAIGNS_PATH = `${API_PREFIX}/campaigns`;
export const INSTRUCTIONS_PATH = `${API_PREFIX}/payout-instructions`;
/** Documented [seed]: the action is a literal path segment after the id. */
export const INITIATE_ACTION = ':initiate';
export const CANCEL_ACTION = ':cancel';

// ---------------------------------------------------------------------------------------------------------
// OAuth2 client credentials (Auth0)
// ---------------------------------------------------------------------------------------------------------

/**
 * ASSUMPTION: standard Auth0 client-credentials request (grant_type, client_id, client_secret, audience) sent as
 * application/x-www-form-urlencoded, the OAuth2 default; Auth0 also accepts JSON [L2 for the flow, inference for the
 * encoding]. Reply fields `access_token`, `expires_in` (seconds), `token_type` are standard Auth0, not documented by Talli.
 */
export const TOKEN_REQUEST_ENCODING: 'form' | 'json' = 'form';

/** ASSUMPTION: token lifetime is unknown [L2]; used only when a reply has no `expires_in`. Deliberately short. */
export const DEFAULT_TOKEN_LIFETIME_S = 300;

/**
 * ASSUMPTION: refresh a token this long before it expires, to absorb clock skew and request time: 10 % of its
 * lifetime, at most 60 s (a 24 h Auth0 token is refreshed a minute early, a 2 s test token 200 ms early).
 */
export const TOKEN_REFRESH_MARGIN_RATIO = 0.1;
export const TOKEN_REFRESH_MARGIN_MAX_MS = 60_000;

// ---------------------------------------------------------------------------------------------------------
// Pagination
// ---------------------------------------------------------------------------------------------------------

/**
 * ASSUMPTION: `pageNumber` is 1-based. The campaigns sample uses pageNumber=1 [L4]; the payout-instructions sample's
 * 0 is a schema placeholder (pageSize=0 there too) [seed]. If Talli is 0-based this setting would silently skip the
 * first page, so confirm it first.
 */
export const PAGE_NUMBER_BASE = 1;

/** ASSUMPTION: the maximum pageSize is unknown [seed]; 100 is a common ASP.NET cap. */
export const PAGE_SIZE = 100;
/** ASSUMPTION: the simulator refuses larger pages, so a client asking for too much is noticed. */
export const MAX_PAGE_SIZE = 1000;

/**
 * ASSUMPTION: list order is stable and oldest first (undocumented). With page-number paging, inserts ahead of the
 * cursor shift later pages; the sync engine deduplicates by id, and the simulator appends new items at the end.
 */
export const LIST_ORDER_OLDEST_FIRST = true;

/** ASSUMPTION: page size for reference look-ups; large enough to notice duplicates of our externalId. */
export const REFERENCE_LOOKUP_PAGE_SIZE = 10;

// ---------------------------------------------------------------------------------------------------------
// Payout instructions
// ---------------------------------------------------------------------------------------------------------

/**
 * ASSUMPTION: `externalId` is neither unique nor deduplicated (nothing says it is [seed]); a second create with the
 * same value makes a second instruction. The simulator behaves that way, so "look it up before retrying" is tested.
 */
export const EXTERNAL_ID_UNIQUE = false;
/** ASSUMPTION: maximum externalId length is unknown; our references are UUIDs (36 chars). Simulator limit. */
export const EXTERNAL_ID_MAX_LENGTH = 100;

/** ASSUMPTION: every instruction we create names its amount (the field is nullable [seed]); the simulator requires it. */
export const AMOUNT_REQUIRED_ON_CREATE = true;

/** Documented [L1]: USD only. */
export const CURRENCY = 'USD';

/**
 * ASSUMPTION: Talli wants firstName + lastName but Paydesk holds one display name; we split at the first space
 * ("Jane van Creator" → "Jane" / "van Creator"). 'last-space' gives "Jane van" / "Creator".
 */
export const NAME_SPLIT: 'first-space' | 'last-space' = 'first-space';

/** ASSUMPTION: the phoneNumber format is not documented [seed]; we send E.164 (`+<country code><number>`). */
export const PHONE_FORMAT: 'e164' | 'national' = 'e164';

/** Documented values [seed]; ASSUMPTION: Paydesk notifies by e-mail (`none` would do nothing at all). */
export const INITIATE_CHANNEL = 'email';
export const INITIATE_CHANNELS = ['email', 'none'] as const;

/** Documented request values [seed]; ASSUMPTION: an operator cancel from Paydesk is a `CampaignManagerRequest`. */
export const CANCEL_REASON = 'CampaignManagerRequest';
export const CANCEL_REQUEST_REASONS = [
  'BeneficiaryRequest',
  'CampaignManagerRequest',
  'EmailHardBounce',
  'EmailSpamComplaint',
  'UnsubscribedFromEmails',
  'EmailScreeningFailed',
] as const;
/**
 * Documented enum order [seed]: the request values between 'Unknown' and 'CheckRequest'. ASSUMPTION: integer values
 * are the 0-based ordinals of this list.
 */
export const CANCELLATION_REASONS = ['Unknown', ...CANCEL_REQUEST_REASONS, 'CheckRequest'] as const;
/** The "no cancellation" value returned on live instructions [seed example]. */
export const NO_CANCELLATION_REASON = 'Unknown';

/**
 * Documented enum [seed]. The schema types status as int32 but examples show names; ASSUMPTION: an integer status
 * is the 0-based ordinal of this list.
 */
export const DOCUMENTED_STATUSES = [
  'Draft',
  'Ready',
  'PushInitiated',
  'Initiated',
  'InitiationFailed',
  'PayoutMethodSelected',
  'Requested',
  'Restored',
  'Reinitiated',
  'ExpiryRequested',
] as const;

/**
 * ASSUMPTION: the published enum has no terminal values although `fulfilledOn`, `:cancel` and expiry exist [seed].
 * We assume these names; the mapping also treats a set `fulfilledOn` as paid and a set `cancellationReason`
 * (other than Unknown) as cancelled, whatever the status says.
 */
/** Documented [seed]: Talli announces an expiry with this status, without a date. */
export const EXPIRY_REQUESTED_STATUS = 'ExpiryRequested';
export const FULFILLED_STATUS = 'Fulfilled';
export const CANCELLED_STATUS = 'Cancelled';
export const EXPIRED_STATUS = 'Expired';
export const TERMINAL_STATUSES: ReadonlySet<string> = new Set([FULFILLED_STATUS, CANCELLED_STATUS, EXPIRED_STATUS, 'InitiationFailed']);

/**
 * Unified status per Talli status. ASSUMPTION throughout (the lifecycle is only described, not specified [seed]):
 * Draft/Ready are not yet initiated (no notification, no funds), PushInitiated..Restored wait for the beneficiary,
 * PayoutMethodSelected/Requested/ExpiryRequested are under way on a payout rail or expiring.
 * Draft/Ready are drafts at Talli ('provider_draft'): not Paydesk's to approve; Paydesk can cancel them (`:cancel`
 * works on any instruction not yet fulfilled [seed]) or the agency finishes them in Talli (rules.ts providerDraft).
 */
export const STATUS_MAP: Readonly<Record<string, PayoutStatus>> = {
  Draft: 'provider_draft',
  Ready: 'provider_draft',
  PushInitiated: 'submitted',
  Initiated: 'submitted',
  Reinitiated: 'submitted',
  Restored: 'submitted',
  InitiationFailed: 'failed',
  PayoutMethodSelected: 'processing',
  Requested: 'processing',
  ExpiryRequested: 'processing',
  [FULFILLED_STATUS]: 'paid',
  [CANCELLED_STATUS]: 'cancelled',
  [EXPIRED_STATUS]: 'expired',
};

/**
 * ASSUMPTION: the instruction object has no creation time [seed]. These undocumented names are read when present;
 * otherwise createdAt is the time Paydesk first saw the instruction, marked "first seen" (RemotePayout
 * .createdAtFirstSeen): the list shows it as such and the Overview's monthly chart keeps it out of that month.
 */
export const CREATED_AT_FIELDS = ['createdOn', 'createdAt', 'createdDate', 'created'] as const;

/**
 * Documented [seed]: `fulfilledOn` is when the beneficiary received the money; it is the payout's time of payment
 * (RemotePayout.paidAt), so a paid instruction counts in the month it was fulfilled.
 */
export const PAID_AT_FIELD = 'fulfilledOn';

// ---------------------------------------------------------------------------------------------------------
// Campaigns
// ---------------------------------------------------------------------------------------------------------

/**
 * ASSUMPTION: the campaign list item shape was not captured [L4]. By analogy with `payoutInstructionId` the id is
 * `campaignId` (falling back to `id`); `name` and an optional `status` (string or int) are read.
 */
export const CAMPAIGN_ID_FIELDS = ['campaignId', 'id'] as const;
/** ASSUMPTION: simulator campaign statuses; instructions can only be added to an Active campaign. */
export const CAMPAIGN_ACTIVE_STATUS = 'Active';
export const CAMPAIGN_CLOSED_STATUS = 'Closed';

// ---------------------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------------------

/**
 * ASSUMPTION: error bodies are ASP.NET RFC 7807 problem details `{ type, title, status, detail, errors }`
 * (suggested by the `Talli.*.Contracts` type names [seed]); HttpClient reads `detail`, then `title`.
 */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** ASSUMPTION: Talli's web app is on its own domain; the docs name only API and docs hosts [unknown]. */
export const DASHBOARD_URLS = ['https://talli.ai'];
