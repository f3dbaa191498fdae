/**
 * What the UI and the API need to know about each provider before any client exists: display name,
 * how it authenticates (credential fields per auth mode), its known base URLs and currencies.
 * Pure data, shared with the renderer. Sources: ../shared/providers/*.md.
 */
import type { Environment, ProviderId } from '../api/model';

export interface CredentialField {
  key: string;
  label: string;
  /** Secret fields go only to the keychain; non-secret ones are stored with the connection. */
  secret: boolean;
  required: boolean;
  multiline?: boolean;
  placeholder?: string;
  help?: string;
}

export interface AuthMode {
  id: string;
  label: string;
  fields: CredentialField[];
  /** Environments in which this mode is valid (Token.io's Basic key is sandbox only). */
  environments?: Environment[];
}

export interface ProviderInfo {
  id: ProviderId;
  name: string;
  description: string;
  /** null = the documentation names no such host; the user must choose "custom". */
  baseUrls: { production: string | null; sandbox: string | null };
  currencies: string[] | null;
  authModes: AuthMode[];
}

export const providerCatalog: Record<ProviderId, ProviderInfo> = {
  talentir: {
    id: 'talentir',
    name: 'Talentir',
    description: 'Pays creators by e-mail or social handle. Static team API key.',
    baseUrls: { production: 'https://www.talentir.com/api/v1', sandbox: null },
    currencies: ['EUR', 'USD', 'CHF', 'GBP'],
    authModes: [
      {
        id: 'bearer',
        label: 'Team API key',
        fields: [{ key: 'apiKey', label: 'API key', secret: true, required: true, help: 'Talentir dashboard → Team settings → API settings.' }],
      },
    ],
  },
  tokenio: {
    id: 'tokenio',
    name: 'Token.io Payouts',
    description: 'Bank payouts (SEPA / Faster Payments) from a settlement account.',
    baseUrls: { production: 'https://api.token.io', sandbox: 'https://api.sandbox.token.io' },
    currencies: ['EUR', 'GBP'],
    authModes: [
      {
        id: 'jwt',
        label: 'Signed JWT (member key)',
        fields: [
          { key: 'memberId', label: 'Member id', secret: false, required: true, placeholder: 'm:…' },
          { key: 'keyId', label: 'Key id', secret: false, required: true },
          { key: 'privateKey', label: 'Ed25519 private key (PEM)', secret: true, required: true, multiline: true },
          { key: 'settlementAccountId', label: 'Settlement account id', secret: false, required: false, help: 'Leave empty to use the only active settlement account in the payout currency.' },
          { key: 'onBehalfOfId', label: 'On-behalf-of id', secret: false, required: false, help: 'Mandatory for unregulated payers (ask Token.io).' },
        ],
      },
      {
        id: 'basic',
        label: 'Dashboard API key (sandbox only)',
        environments: ['sandbox', 'simulator', 'custom'],
        fields: [
          { key: 'apiKey', label: 'API key', secret: true, required: true },
          { key: 'settlementAccountId', label: 'Settlement account id', secret: false, required: false },
          { key: 'onBehalfOfId', label: 'On-behalf-of id', secret: false, required: false },
        ],
      },
    ],
  },
  creatorpay: {
    id: 'creatorpay',
    name: 'Creator Pay',
    description: 'ChannelMeter Creator Pay: creators, campaigns and payments. API key exchanged for a 7-day session token.',
    baseUrls: { production: 'https://api.creatorpay.co', sandbox: 'https://dev.creatorpay.co' },
    currencies: ['USD'],
    authModes: [
      {
        id: 'apiKey',
        label: 'Organisation API key',
        fields: [{ key: 'apiKey', label: 'API key', secret: true, required: true, help: 'Only one session token per key can be live: use one Paydesk connection per key.' }],
      },
    ],
  },
  talli: {
    id: 'talli',
    name: 'Talli',
    description: 'Campaign Manager v2: payout instructions per campaign, created then initiated.',
    baseUrls: { production: 'https://api.talli.ai', sandbox: null },
    currencies: ['USD'],
    authModes: [
      {
        id: 'oauth2',
        label: 'OAuth2 client credentials',
        fields: [
          { key: 'clientId', label: 'Client id', secret: false, required: true },
          { key: 'clientSecret', label: 'Client secret', secret: true, required: true },
          { key: 'tokenUrl', label: 'Token URL', secret: false, required: true, placeholder: 'https://<tenant>.auth0.com/oauth/token', help: 'Issued by your Talli representative.' },
          { key: 'audience', label: 'Audience', secret: false, required: true },
        ],
      },
    ],
  },
  dots: {
    id: 'dots',
    name: 'Dots',
    description: 'Payout links and direct payouts to Dots users, in US dollars.',
    baseUrls: { production: 'https://api.dots.dev/api', sandbox: 'https://pls.senddotssandbox.com/api' },
    currencies: ['USD'],
    authModes: [
      {
        id: 'basic',
        label: 'Client id + API key',
        fields: [
          { key: 'clientId', label: 'Client id', secret: false, required: true },
          { key: 'apiKey', label: 'API key', secret: true, required: true },
          { key: 'appId', label: 'App id (organisation keys only)', secret: false, required: false },
        ],
      },
    ],
  },
};

export function findAuthMode(provider: ProviderId, authModeId: string): AuthMode | undefined {
  return providerCatalog[provider].authModes.find((m) => m.id === authModeId);
}
