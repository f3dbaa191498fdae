/**
 * The registry: the one place that lists the providers. Each is a folder that declares everything the app needs to
 * know about it (ProviderModule in provider.ts). Adding a provider is adding its folder and one line here.
 */
import type { ProviderId } from '@shared/contract/model';
import type { AuthMode, ProviderInfo } from '@shared/contract/providers';
import { AppError } from '../errors';
import type { ProviderModule } from './provider';
import { creatorpay } from './creatorpay/index';
import { dots } from './dots/index';
import { talentir } from './talentir/index';
import { talli } from './talli/index';
import { tokenio } from './tokenio/index';

/** In the order the UI lists them. */
export const providerModules: readonly ProviderModule[] = [talentir, tokenio, creatorpay, talli, dots];

const byId = new Map<ProviderId, ProviderModule>(providerModules.map((m) => [m.info.id, m]));

export const providerIds: readonly ProviderId[] = providerModules.map((m) => m.info.id);

export function isProviderId(id: string): boolean {
  return byId.has(id);
}

/** The module of a provider id that main stored or checked; an unknown id is a bug or a database from elsewhere. */
export function providerModule(id: ProviderId): ProviderModule {
  const module = byId.get(id);
  if (!module) throw new AppError('NOT_FOUND', `Paydesk has no provider "${id.slice(0, 40)}".`);
  return module;
}

export function providerName(id: ProviderId): string {
  return byId.get(id)?.info.name ?? id;
}

export const providerCatalog: readonly ProviderInfo[] = providerModules.map((m) => m.info);

export function findAuthMode(provider: ProviderId, authModeId: string): AuthMode | undefined {
  return providerModule(provider).info.authModes.find((m) => m.id === authModeId);
}
