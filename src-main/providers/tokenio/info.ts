/** Token.io Payouts as the UI and the API know it before any client exists. Sources: docs/providers/tokenio.md. */
import type { AuthMode } from '@shared/contract/providers';

export const PROVIDER_ID = 'tokenio';
export const PROVIDER_NAME = 'Token.io';

/** Settlement accounts exist in the UK (Faster Payments, GBP) and the euro area (SEPA, EUR) [T3]. */
export const TOKENIO_CURRENCIES = ['GBP', 'EUR'] as const;
/** A GBP payout goes to a UK sort code and account number; the other currencies to an IBAN. */
export const DOMESTIC_ACCOUNT_CURRENCIES = ['GBP'];

export const staticInfo = {
  id: PROVIDER_ID,
  name: PROVIDER_NAME,
  description: 'Token.io Payouts: bank payouts (SEPA / Faster Payments) from a settlement account.',
  baseUrls: { production: 'https://api.token.io', sandbox: 'https://api.sandbox.token.io' },
  dashboardUrls: ['https://dashboard.token.io', 'https://dashboard.sandbox.token.io'],
  currencies: [...TOKENIO_CURRENCIES],
  authModes: [
    {
      id: 'jwt',
      label: 'Signed JWT (member key)',
      fields: [
        { key: 'memberId', label: 'Member id', secret: false, required: true, placeholder: 'm:…' },
        { key: 'keyId', label: 'Key id', secret: false, required: true },
        { key: 'privateKey', label: 'Ed25519 private key (PEM)', secret: true, required: true, multiline: true, format: 'pem-private-key' },
        {
          key: 'settlementAccountId',
          label: 'Settlement account id',
          secret: false,
          required: false,
          help: 'Leave empty to use the only active settlement account in the payout currency.',
        },
        {
          key: 'onBehalfOfId',
          label: 'On-behalf-of id',
          secret: false,
          required: false,
          help: 'Mandatory for unregulated payers (ask Token.io).',
        },
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
  ] satisfies AuthMode[],
};
