/**
 * The provider interface: what every provider module declares (ProviderModule) and what every client implements
 * (ProviderClient). The sync engine, the workflow, storage and the UI only ever see these shapes; provider quirks
 * (auth, pagination, amount formats, statuses, draft rules) stay inside each provider's folder.
 */
import type { Environment, PayoutStatus, ProviderId } from '@shared/contract/model';
import type { PayoutRecipient } from '@shared/contract/payouts-model';
import type { ProviderCapabilities, ProviderInfo } from '@shared/contract/providers';
import type { Money } from '@shared/money';
import type { HttpOptions } from './http';
import type { SecretRedactor } from './redaction';
import type { SimulatorFactory } from './simulator/types';

export type { Capability, ProviderCapabilities } from '@shared/contract/providers';

/** How a creator is known, the same whether it comes from the provider or from the offline cache. */
export interface CreatorContact {
  name: string | null;
  email: string | null;
  handle: string | null;
  platform: string | null;
  phone: string | null;
}

/** What a listed item keeps of the provider's own object, which the cache stores as raw_json. */
export interface ProviderObject {
  /** The provider's object as its reply held it. */
  raw: unknown;
  /**
   * The same object as JSON text, where a cache writer took it so while the page waits to be written (a smaller thing
   * to keep and to hand to another thread than the parsed tree: src-main/sync/worker-cache-writer.ts). The cache
   * stores this text when it is there, else `raw` serialised.
   */
  rawJson?: string | null;
}

export interface RemoteCreator extends CreatorContact, ProviderObject {
  remoteId: string;
}

export interface RemoteCampaign extends ProviderObject {
  remoteId: string;
  name: string;
  status: string | null;
}

export interface RemotePayout extends ProviderObject {
  /** Provider's id; null where the provider returns none on create until it is looked up. */
  remoteId: string | null;
  /**
   * The provider's own reference field as it returns it (customId, refId, externalId, a metadata key…). For a payout
   * Paydesk sent, that is our reference; for one made elsewhere (the provider's dashboard, another tool) it is the
   * agency's, and nothing makes it unique: the same "INV-2025-001" may be in two accounts. The cache keeps it apart
   * from our own references (payouts.provider_reference).
   */
  clientReference: string | null;
  recipientName: string | null;
  recipientEmail: string | null;
  recipientHandle: string | null;
  /** The platform of the handle (tiktok, instagram, youtube-channel), where the provider says. */
  recipientPlatform?: string | null;
  /** The payee's phone (international, "+1…"), where the provider pays to a phone number. */
  recipientPhone?: string | null;
  creatorRemoteId: string | null;
  campaignRemoteId: string | null;
  amount: Money;
  description: string | null;
  status: PayoutStatus;
  providerStatus: string;
  /** ISO 8601 with offset: the provider's own creation time (each provider's assumptions.ts says which field). */
  createdAt: string;
  /**
   * The provider gives no creation time: `createdAt` is when Paydesk first saw the payout, and the cache marks the
   * date as "first seen" (charts keep such payouts out of months they may not belong to).
   */
  createdAtFirstSeen?: boolean;
  /** When the provider says the money reached the payee, where its API tells (ISO). */
  paidAt?: string | null;
  updatedAt: string | null;
  /** When the provider says the payout expires unless claimed (ISO), where its API tells. */
  expiresAt?: string | null;
  /** The provider announced an expiry without a date. */
  expiryPending?: boolean;
  /** The provider's own words on why it failed, was returned or is stuck. */
  statusReason?: string | null;
}

/** An item of a listing Paydesk could not read: the rest of its page is kept, this one is set aside with the reason. */
export interface SetAsideItem {
  /** The provider's id of the item, when even that could be read. */
  remoteId: string | null;
  /** Safe to show: names fields, never their values. */
  reason: string;
}

export interface Page<T> {
  items: T[];
  /** Opaque; null when there are no more pages. */
  nextCursor: string | null;
  /** Items of this page that could not be read (listings for the sync only; look-ups by reference never skip one). */
  setAside?: SetAsideItem[];
}

export interface BankDetails {
  accountHolderName: string;
  iban?: string;
  bic?: string;
  sortCode?: string;
  accountNumber?: string;
  /** ISO 3166-1 alpha-2 */
  country?: string;
}

export interface Recipient {
  name?: string;
  email?: string;
  /** Social handle including the leading "@". */
  handle?: string;
  platform?: 'tiktok' | 'instagram' | 'youtube-channel';
  phone?: { countryCode: string; number: string };
  /** Provider-side user or creator id, for providers that pay their own users. */
  remoteUserId?: string;
  bank?: BankDetails;
}

export interface PayoutRequest {
  /** Our idempotency key (UUID), written to SQLite before the request leaves. */
  clientReference: string;
  /** The provider's id of the payee check this payout was checked with, where the provider needs one. */
  payeeCheckId?: string;
  /** ≤ 18 characters, derived from clientReference, for providers with short reference fields. */
  shortReference: string;
  amount: Money;
  description: string;
  recipient: Recipient;
  campaignRemoteId?: string;
  tags?: string[];
}

export interface CreateResult {
  /** The payout as the provider now has it; remoteId may be null (an accepted reply with no body). */
  payout: RemotePayout | null;
}

export interface ListOptions {
  cursor: string | null;
  /** Only items changed since (ISO), where the provider can filter; clients ignore it otherwise. */
  updatedSince?: string | null;
}

/** How a payee check (verification of payee) turned out, in Paydesk's words. */
export type PayeeCheckOutcome = 'match' | 'close_match' | 'no_match' | 'not_possible';

/** What a payee check asks the payee's bank: does this account belong to this name? */
export interface PayeeCheckRequest {
  /** The account holder's name as the draft has it. */
  name: string;
  currency: string;
  iban: string;
}

export interface PayeeCheckResult {
  /** The provider's id of the check; a payout it allows carries it. */
  checkId: string;
  outcome: PayeeCheckOutcome;
  /** The provider's own word for it (its status value). */
  providerStatus: string;
  /** The name the bank holds, where it says (a close match). */
  matchedName: string | null;
  /** The provider's human text. */
  details: string | null;
  reasons: string[];
}

/**
 * A provider that checks the payee before it pays (e.g. the verification of payee euro transfers need): which
 * payouts need the check. The client runs it (ProviderClient.checkPayee).
 */
export interface PayeeCheckRule {
  /** The check a payout in this currency to this recipient needs before it is sent, or null when it needs none. */
  requestFor(payout: { currency: string; recipient: PayoutRecipient }): PayeeCheckRequest | null;
}

export interface ProviderClient {
  readonly provider: ProviderId;
  readonly capabilities: ProviderCapabilities;
  /** Cheapest authenticated call; resolves with a short description of the account. */
  testConnection(): Promise<string>;
  listCreators(options: ListOptions): Promise<Page<RemoteCreator>>;
  listCampaigns(options: ListOptions): Promise<Page<RemoteCampaign>>;
  listPayouts(options: ListOptions): Promise<Page<RemotePayout>>;
  getPayout(remoteId: string): Promise<RemotePayout>;
  /** Looks a payout up by our reference; null only when the provider confirms it has none. */
  findByReference(clientReference: string, shortReference: string): Promise<RemotePayout | null>;
  createPayout(request: PayoutRequest): Promise<CreateResult>;
  initiatePayout(remoteId: string): Promise<RemotePayout | null>;
  cancelPayout(remoteId: string): Promise<RemotePayout | null>;
  /** Asks the payee's bank whether the account belongs to the name (providers whose module declares payeeCheck). */
  checkPayee?(request: PayeeCheckRequest): Promise<PayeeCheckResult>;
}

export interface ClientConfig {
  baseUrl: string;
  environment: Environment;
  authMode: string;
  /** Non-secret credential fields (client id, token URL, audience, member id). */
  publicFields: Record<string, string>;
  /** Secret credential fields, loaded from the keychain just before the client is built. */
  secrets: Record<string, string>;
  http?: Partial<HttpOptions>;
  /**
   * The connection's redactor: the client registers every credential and token it makes or obtains with it, and its
   * HTTP layer redacts errors with it. Without one the client makes its own from `secrets`.
   */
  redactor?: SecretRedactor;
}

export type ClientFactory = (config: ClientConfig) => ProviderClient;

/** A creator from the offline cache, as the draft checks see it. */
export interface CachedCreator extends CreatorContact {
  id: number;
  connectionId: string;
  remoteId: string;
}

export interface CachedCampaign {
  id: number;
  connectionId: string;
  remoteId: string;
  name: string;
  status: string | null;
}

/** Read access to the offline cache for the draft checks. */
export interface DraftLookups {
  creator(id: number): CachedCreator | undefined;
  creatorByRemoteId(connectionId: string, remoteId: string): CachedCreator | undefined;
  campaign(id: number): CachedCampaign | undefined;
}

/** The recipient as typed (trimmed), after a picked creator filled what was left empty. */
export interface TypedRecipient {
  name: string;
  email: string;
  handle: string;
  platform: string;
  phoneCountryCode: string;
  phoneNumber: string;
  userId: string;
  bank: { accountHolderName: string; iban: string; bic: string; sortCode: string; accountNumber: string };
}

export type FieldErrors = Record<string, string>;

/** What a provider's draft check gets: the generic checks (amount, currency, e-mail, campaign, tags) ran first. */
export interface DraftCheckContext {
  connectionId: string;
  typed: TypedRecipient;
  /** The cached creator the operator picked, already checked to belong to this connection. */
  creator: CachedCreator | undefined;
  lookups: DraftLookups;
  currency: string;
  description: string;
  /** Holds the name and the checked e-mail; the provider adds what it pays to. */
  recipient: PayoutRecipient;
  /** Field path (as in the draft input, e.g. "recipient.bank.iban") → message. */
  errors: FieldErrors;
}

/** What a provider's statuses mean beyond the unified status they map to. */
export interface ProviderStatusSemantics {
  /** Every status value the provider documents or the mapping accepts (the registry test keeps them in the folder). */
  known: readonly string[];
  /**
   * A step the operator must still take at the provider for a payout Paydesk created, or null: e.g. a payout the
   * provider holds for approval in its own dashboard. `reference` is our client reference.
   */
  pendingStep(payout: { providerStatus: string | null; remoteId: string | null; reference: string }): string | null;
  /** Whether a payout Paydesk sent, now in this provider status, can be cancelled through the API; else why not. */
  cancellable(providerStatus: string | null): true | string;
  /**
   * Drafts the provider holds that Paydesk did not make (unified status 'provider_draft'; the provider's dashboard
   * made them): what Paydesk may do with one. Declared by the providers whose mapping yields 'provider_draft'
   * (docs/decisions/0011-provider-side-drafts.md); without it such a draft is finished or deleted at the provider.
   */
  providerDraft?: ProviderDraftSemantics;
}

export interface ProviderDraftSemantics {
  /**
   * What the API allows on such a draft through ProviderClient.cancelPayout: 'cancel' (the provider keeps it as
   * cancelled) or 'delete' (it goes); null when only the provider's dashboard can finish or delete it.
   */
  action: 'cancel' | 'delete' | null;
  /** The one line the drawer shows: what such a draft is and where it is finished (never "delete the draft instead"). */
  line: string;
}

/** Context for the example row of the CSV template: something real from the cache where there is one. */
export interface CsvExampleContext {
  creator: { remoteId: string; name: string | null; email: string | null } | null;
  campaignName: string | null;
}

/**
 * Everything the rest of Paydesk needs to know about one provider, declared in its folder (index.ts). Adding a
 * provider means adding its folder and one line in registry.ts; nothing else branches on a provider's id.
 */
export interface ProviderModule {
  /** Served as is to the renderer (providers.catalog): names, sign-in, base URLs, capabilities, draft rules. */
  readonly info: ProviderInfo;
  readonly createClient: ClientFactory;
  readonly startSimulator: SimulatorFactory;
  /** Seed of the demo workspace's simulator: the same seed gives the same demo data on every machine. */
  readonly demoSeed: number;
  /** Provider-specific draft checks: fills ctx.recipient with what the provider pays to, or adds errors. */
  checkDraft(ctx: DraftCheckContext): { creator?: CachedCreator } | void;
  /** The CSV column that holds a draft field, where this provider names it differently from the default. */
  readonly csvColumns?: Readonly<Partial<Record<string, string>>>;
  /** The example row of the CSV template, column → value. */
  csvExample(ctx: CsvExampleContext): Record<string, string>;
  readonly statuses: ProviderStatusSemantics;
  /** Payouts this provider pays only after a payee check (the client's checkPayee runs it). */
  readonly payeeCheck?: PayeeCheckRule;
}
