/** Talentir as the UI and the API know it before any client exists. Sources: docs/providers/talentir.md. */
import type { AuthMode } from '@shared/contract/providers';

export const PROVIDER_ID = 'talentir';
export const PROVIDER_NAME = 'Talentir';

/** Documented [seed]: the only currencies Talentir pays in. */
export const TALENTIR_CURRENCIES = ['EUR', 'USD', 'CHF', 'GBP'] as const;
/** Documented [seed]: minimum `payoutAmount` is "0.1", i.e. 10 minor units in every supported currency. */
export const TALENTIR_MINIMUM_MINOR = 10;

export const staticInfo = {
  id: PROVIDER_ID,
  name: PROVIDER_NAME,
  description: 'Pays creators by e-mail or social handle. Static team API key.',
  baseUrls: { production: 'https://www.talentir.com/api/v1', sandbox: null },
  dashboardUrls: ['https://www.talentir.com'],
  currencies: [...TALENTIR_CURRENCIES],
  authModes: [
    {
      id: 'bearer',
      label: 'Team API key',
      fields: [
        { key: 'apiKey', label: 'API key', secret: true, required: true, help: 'Talentir dashboard → Team settings → API settings.' },
      ],
    },
  ] satisfies AuthMode[],
};
