/** Talli as the UI and the API know it before any client exists. Sources: docs/providers/talli.md. */
import type { AuthMode } from '@shared/contract/providers';
import { DASHBOARD_URLS } from './assumptions';

export const PROVIDER_ID = 'talli';
export const PROVIDER_NAME = 'Talli';
/** Documented: Talli pays in US dollars only. */
export const TALLI_CURRENCIES = ['USD'];

export const staticInfo = {
  id: PROVIDER_ID,
  name: PROVIDER_NAME,
  description: 'Campaign Manager v2: payout instructions per campaign, created then initiated.',
  baseUrls: { production: 'https://api.talli.ai', sandbox: null },
  dashboardUrls: DASHBOARD_URLS,
  currencies: TALLI_CURRENCIES,
  authModes: [
    {
      id: 'oauth2',
      label: 'OAuth2 client credentials',
      fields: [
        { key: 'clientId', label: 'Client id', secret: false, required: true },
        { key: 'clientSecret', label: 'Client secret', secret: true, required: true },
        {
          key: 'tokenUrl',
          label: 'Token URL',
          secret: false,
          required: true,
          placeholder: 'https://<tenant>.auth0.com/oauth/token',
          help: 'Issued by your Talli representative.',
          format: 'url',
        },
        { key: 'audience', label: 'Audience', secret: false, required: true },
      ],
    },
  ] satisfies AuthMode[],
};
