import { create } from 'zustand';
import type { AppInfo, Connection, ProviderInfo } from '@shared/contract';
import { api } from '../api/client';
import { errorMessage, isKeychainError } from '../lib/errors';

interface AppState {
  info: AppInfo | null;
  /** The providers main knows, as their modules declare them; loaded with the app info. */
  providers: ProviderInfo[];
  infoError: string | null;
  infoLoading: boolean;
  connections: Connection[];
  connectionsLoaded: boolean;
  connectionsLoading: boolean;
  connectionsError: string | null;
  /** Set when any call failed with KEYCHAIN_UNAVAILABLE, even if app.info said the keychain was fine at start. */
  keychainError: string | null;
  loadInfo: () => Promise<void>;
  loadConnections: () => Promise<void>;
  noteError: (error: unknown) => void;
}

// Overlapping reloads (event bursts) must not let an older answer overwrite a newer one.
let infoRequest = 0;
let connectionsRequest = 0;

export const useAppStore = create<AppState>((set, get) => ({
  info: null,
  providers: [],
  infoError: null,
  infoLoading: false,
  connections: [],
  connectionsLoaded: false,
  connectionsLoading: false,
  connectionsError: null,
  keychainError: null,

  loadInfo: async () => {
    const request = ++infoRequest;
    set({ infoLoading: true });
    try {
      const [info, providers] = await Promise.all([api.call('app.info'), api.call('providers.catalog')]);
      if (request !== infoRequest) return;
      set({ info, providers, infoError: null, infoLoading: false, keychainError: info.keychain.available ? null : get().keychainError });
    } catch (error) {
      if (request !== infoRequest) return;
      set({ infoError: errorMessage(error), infoLoading: false });
    }
  },

  loadConnections: async () => {
    const request = ++connectionsRequest;
    set({ connectionsLoading: true });
    try {
      const connections = await api.call('connections.list');
      if (request !== connectionsRequest) return;
      set({ connections, connectionsLoaded: true, connectionsLoading: false, connectionsError: null });
    } catch (error) {
      if (request !== connectionsRequest) return;
      get().noteError(error);
      set({ connectionsLoading: false, connectionsError: errorMessage(error) });
    }
  },

  noteError: (error) => {
    if (isKeychainError(error)) set({ keychainError: error.message });
  },
}));

/** The actionable keychain message from main, or null when the keychain works. */
export function selectKeychainProblem(state: AppState): string | null {
  if (state.info && !state.info.keychain.available) {
    return state.info.keychain.message ?? 'The system keychain is not available, so Paydesk cannot store or read connection secrets.';
  }
  return state.keychainError;
}

export function connectionLabel(connections: Connection[], id: string): string {
  return connections.find((c) => c.id === id)?.label ?? id;
}

/** A provider as main declared it (undefined only before the app info arrived). */
export function providerInfo(id: string): ProviderInfo | undefined {
  return useAppStore.getState().providers.find((p) => p.id === id);
}

/** The provider's one display name, as its module declares it. */
export function providerName(id: string): string {
  return providerInfo(id)?.name ?? id;
}

/** "A, B and C" (or "A, B or C"): names in running text. */
export function listNames(names: string[], conjunction: 'and' | 'or' = 'and'): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} ${conjunction} ${names[names.length - 1]}`;
}

/** The names of the providers whose API has this capability. */
export function providersThat(capability: keyof ProviderInfo['capabilities']): string[] {
  return useAppStore
    .getState()
    .providers.filter((p) => p.capabilities[capability] === true)
    .map((p) => p.name);
}
