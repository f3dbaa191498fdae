import type { ProviderId } from '@shared/contract/model';
import { findAuthMode } from '../../src-main/providers/registry';
import type { ProviderSimulator } from '../../src-main/providers/simulator/types';

/**
 * What `connections.add` takes to connect a provider's simulator: its address and, of the credentials it accepts,
 * only the fields the sign-in form has (a simulator may accept more, e.g. Token.io's sandbox key).
 */
export function simulatorConnection(provider: ProviderId, sim: Pick<ProviderSimulator, 'baseUrl' | 'credentials'>, label: string) {
  const fields = findAuthMode(provider, sim.credentials.authMode)!.fields.map((f) => f.key);
  const all = { ...sim.credentials.publicFields, ...sim.credentials.secrets };
  return {
    provider,
    label,
    environment: 'custom',
    baseUrl: sim.baseUrl,
    authMode: sim.credentials.authMode,
    credentials: Object.fromEntries(Object.entries(all).filter(([k]) => fields.includes(k))),
  };
}
