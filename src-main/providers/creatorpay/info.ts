/** Creator Pay as the UI and the API know it before any client exists. Sources: docs/providers/creatorpay.md. */
import type { AuthMode } from '@shared/contract/providers';
import { CURRENCY, DASHBOARD_URLS } from './assumptions';

export const PROVIDER_ID = 'creatorpay';
export const PROVIDER_NAME = 'Creator Pay';

export const staticInfo = {
  id: PROVIDER_ID,
  name: PROVIDER_NAME,
  description: 'ChannelMeter Creator Pay: creators, campaigns and payments. API key exchanged for a 7-day session token.',
  baseUrls: { production: 'https://api.creatorpay.co', sandbox: 'https://dev.creatorpay.co' },
  dashboardUrls: DASHBOARD_URLS,
  currencies: [CURRENCY],
  authModes: [
    {
      id: 'apiKey',
      label: 'Organisation API key',
      fields: [
        {
          key: 'apiKey',
          label: 'API key',
          secret: true,
          required: true,
          help: 'Only one session token per key can be live: use one Paydesk connection per key.',
        },
      ],
    },
  ] satisfies AuthMode[],
};
