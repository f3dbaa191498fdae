import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import type { AppInfo } from '@shared/contract';
import { isUnauthenticated } from '../lib/errors';
import { useKeychainFailure } from '../stores/keychainStore';

/**
 * Queries read main's local cache (offline first), so a failure is a real answer to show, not a network blip
 * to retry; and they run whatever navigator.onLine says, since reading the cache needs no network.
 */
export function createQueryClient(): QueryClient {
  const noteError = (error: unknown) => {
    useKeychainFailure.getState().note(error);
    // The desk locked itself (or was signed out elsewhere): ask who is signed in, and the session gate shows its screen.
    if (isUnauthenticated(error)) void client.invalidateQueries({ queryKey: ['session.status'] });
  };
  const client = new QueryClient({
    queryCache: new QueryCache({
      onError: noteError,
      onSuccess: (data, query) => {
        if (query.queryKey[0] === 'app.info' && (data as AppInfo).keychain.available) useKeychainFailure.getState().clear();
      },
    }),
    mutationCache: new MutationCache({ onError: noteError }),
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false, networkMode: 'always' },
      mutations: { retry: false, networkMode: 'always' },
    },
  });
  return client;
}
