/**
 * What the app knows about a provider, as its module in src-main/providers/<id>/ declares it. Main serves these
 * descriptors (`providers.catalog`); the renderer builds its connection form, draft form, badges and messages from
 * them and never branches on a provider's id.
 */
import type { Environment, ProviderId } from './model';

/** true = supported; a string = not supported, and why (shown to the user as is). */
export type Capability = true | string;

export interface ProviderCapabilities {
  listCreators: Capability;
  listCampaigns: Capability;
  listPayouts: Capability;
  getPayout: Capability;
  findByReference: Capability;
  createPayout: Capability;
  /** A separate approve/initiate step after create (a provider whose create only stages the payout). */
  initiatePayout: Capability;
  cancelPayout: Capability;
}

export interface CredentialField {
  key: string;
  label: string;
  /** Secret fields go only to the keychain; non-secret ones are stored with the connection. */
  secret: boolean;
  required: boolean;
  multiline?: boolean;
  placeholder?: string;
  help?: string;
  /** How main checks the value at save: a URL (https, or http on loopback only) or a PEM private key. */
  format?: 'url' | 'pem-private-key';
}

export interface AuthMode {
  id: string;
  label: string;
  fields: CredentialField[];
  /** Environments in which this mode is valid (a dashboard key that works in the sandbox only). */
  environments?: Environment[];
}

export const socialPlatforms = ['tiktok', 'instagram', 'youtube-channel'] as const;
export type SocialPlatform = (typeof socialPlatforms)[number];
export const socialPlatformLabels: Record<SocialPlatform, string> = {
  tiktok: 'TikTok',
  instagram: 'Instagram',
  'youtube-channel': 'YouTube channel',
};

export type RecipientMode = 'email' | 'handle' | 'phone' | 'user' | 'bank';

/** A recipient field of the draft form; the names match the draft input's `recipient` (bank fields flattened). */
export type RecipientFieldKey =
  'name' | 'email' | 'handle' | 'platform' | 'phone' | 'userId' | 'accountHolderName' | 'iban' | 'bic' | 'sortCode' | 'accountNumber';

export interface RecipientFieldRule {
  key: RecipientFieldKey;
  label: string;
  required: boolean;
  /** One line under the field, e.g. "With the country code." */
  description?: string;
  placeholder?: string;
  /** Shown only for these currencies (a domestic account number for one currency, an IBAN for the others). */
  currencies?: string[];
  /** Hidden for these currencies. */
  excludeCurrencies?: string[];
}

export interface RecipientModeRule {
  mode: RecipientMode;
  /** "By e-mail", "To a bank account" … */
  label: string;
  /** The picker of cached creators of the connection: required, offered when there are any, or not shown. */
  creator: 'required' | 'optional' | 'hidden';
  /** What picking a creator fills in (what the operator typed wins). */
  fillFromCreator: Array<'name' | 'email' | 'handle' | 'userId'>;
  fields: RecipientFieldRule[];
}

/** What the draft form asks for, so the UI shows the same rules the backend enforces. */
export interface ProviderDraftRules {
  provider: ProviderId;
  currencies: string[];
  /** Smallest amount in minor units the provider accepts (in every currency it pays in), if it has one. */
  minimumMinor: number | null;
  recipientModes: RecipientModeRule[];
  campaign: 'required' | 'optional' | 'local';
  descriptionRequired: boolean;
  /** One line under the description field (the provider's own limits), if any. */
  descriptionHint: string | null;
  /** Steps Paydesk cannot do through the provider's API and the operator must finish at the provider. */
  manualStep: string | null;
  csvColumns: string[];
  csvRequiredColumns: string[];
}

export interface ProviderInfo {
  id: ProviderId;
  /** The one display name of the provider. */
  name: string;
  description: string;
  /** null = the documentation names no such host; the user must choose "custom". */
  baseUrls: { production: string | null; sandbox: string | null };
  /** The provider's web dashboards (the only external pages Paydesk opens for it). */
  dashboardUrls: string[];
  currencies: string[];
  authModes: AuthMode[];
  capabilities: ProviderCapabilities;
  draftRules: ProviderDraftRules;
}
