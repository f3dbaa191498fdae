/**
 * The provider interface every client implements. The sync engine, the sender and the UI only ever see this
 * shape; provider quirks (auth, pagination, amount formats, statuses) stay inside each provider's folder.
 */
import type { Environment, PayoutStatus, ProviderId } from '../api/model';
import type { Money } from '../money/money';
import type { HttpOptions } from './http';

/** true = supported; a string = not supported, and why (shown to the user as is). */
export type Capability = true | string;

export interface ProviderCapabilities {
  listCreators: Capability;
  listCampaigns: Capability;
  listPayouts: Capability;
  getPayout: Capability;
  findByReference: Capability;
  createPayout: Capability;
  /** A separate approve/initiate step after create (Talli :initiate). */
  initiatePayout: Capability;
  cancelPayout: Capability;
}

export interface RemoteCreator {
  remoteId: string;
  name: string | null;
  email: string | null;
  handle: string | null;
  platform: string | null;
  phone: string | null;
  raw: unknown;
}

export interface RemoteCampaign {
  remoteId: string;
  name: string;
  status: string | null;
  raw: unknown;
}

export interface RemotePayout {
  /** Provider's id; null where the provider returns none (Talli create) until it is looked up. */
  remoteId: string | null;
  /** Our reference as the provider echoes it (customId, refId, externalId, idempotency_key), if it does. */
  clientReference: string | null;
  recipientName: string | null;
  recipientEmail: string | null;
  recipientHandle: string | null;
  creatorRemoteId: string | null;
  campaignRemoteId: string | null;
  amount: Money;
  description: string | null;
  status: PayoutStatus;
  providerStatus: string;
  /** ISO 8601 with offset. */
  createdAt: string;
  updatedAt: string | null;
  raw: unknown;
}

export interface Page<T> {
  items: T[];
  /** Opaque; null when there are no more pages. */
  nextCursor: string | null;
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
  /** Provider-side user/creator id (Dots user_id, Creator Pay creator id). */
  remoteUserId?: string;
  bank?: BankDetails;
}

export interface PayoutRequest {
  /** Our idempotency key (UUID), written to SQLite before the request leaves. */
  clientReference: string;
  /** ≤ 18 characters, derived from clientReference, for providers with short reference fields (Token.io refId). */
  shortReference: string;
  amount: Money;
  description: string;
  recipient: Recipient;
  campaignRemoteId?: string;
  tags?: string[];
}

export interface CreateResult {
  /** The payout as the provider now has it; remoteId may be null (Talli 202 with no body). */
  payout: RemotePayout | null;
}

export interface ListOptions {
  cursor: string | null;
  /** Only items changed since (ISO), where the provider can filter; clients ignore it otherwise. */
  updatedSince?: string | null;
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
}

export type ClientFactory = (config: ClientConfig) => ProviderClient;
