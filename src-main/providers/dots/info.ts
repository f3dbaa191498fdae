/** Dots as the UI and the API know it before any client exists. Sources: docs/providers/dots.md. */
import type { AuthMode } from '@shared/contract/providers';
import { DASHBOARD_URLS, DOTS_CURRENCY } from './assumptions';

export const PROVIDER_ID = 'dots';
export const PROVIDER_NAME = 'Dots';

export const staticInfo = {
  id: PROVIDER_ID,
  name: PROVIDER_NAME,
  description: 'Payout links and direct payouts to Dots users, in US dollars.',
  baseUrls: { production: 'https://api.dots.dev/api', sandbox: 'https://pls.senddotssandbox.com/api' },
  dashboardUrls: DASHBOARD_URLS,
  currencies: [DOTS_CURRENCY],
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
  ] satisfies AuthMode[],
};
