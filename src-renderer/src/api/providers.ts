/**
 * The providers main knows, as their modules declare them (`providers.catalog`). The renderer builds its forms,
 * badges and messages from these descriptors and never names a provider itself.
 */
import { useMemo } from 'react';
import type { ProviderCapabilities, ProviderDraftRules, ProviderId, ProviderInfo } from '@shared/contract';
import { useApiQuery } from './queries';

export interface Providers {
  list: ProviderInfo[];
  /** A provider as main declared it (undefined only for an id main no longer knows). */
  info: (id: ProviderId) => ProviderInfo | undefined;
  /** The provider's one display name. */
  name: (id: ProviderId) => string;
  draftRules: (id: ProviderId) => ProviderDraftRules | undefined;
  /** The names of the providers whose API has this capability. */
  that: (capability: keyof ProviderCapabilities) => string[];
}

export function providersFrom(list: ProviderInfo[]): Providers {
  const byId = new Map(list.map((p) => [p.id, p]));
  return {
    list,
    info: (id) => byId.get(id),
    name: (id) => byId.get(id)?.name ?? id,
    draftRules: (id) => byId.get(id)?.draftRules,
    that: (capability) => list.filter((p) => p.capabilities[capability] === true).map((p) => p.name),
  };
}

/** The catalog never changes while the app runs; App shows its loading screen until it is here. */
export function useCatalog() {
  return useApiQuery('providers.catalog', undefined, { staleTime: Infinity, gcTime: Infinity });
}

const noProviders: ProviderInfo[] = [];

export function useProviders(): Providers {
  const data = useCatalog().data ?? noProviders;
  return useMemo(() => providersFrom(data), [data]);
}

/** "A, B and C" (or "A, B or C"): names in running text. */
export function listNames(names: string[], conjunction: 'and' | 'or' = 'and'): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} ${conjunction} ${names[names.length - 1]}`;
}
