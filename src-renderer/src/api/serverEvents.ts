import type { QueryClient } from '@tanstack/react-query';
import { useSyncStore } from '../stores/syncStore';
import { on } from './client';
import { invalidateScopes, type Scope } from './invalidation';

/** A sync can emit many events per second: scopes are collected for this long and refreshed once. */
const batchMs = 300;

/**
 * Routes main's events: dataChanged marks the cached answers of its scopes stale (active screens refetch),
 * payoutStatusChanged refreshes that payout, and sync progress goes to the sync store (client state pushed by main).
 */
export function startServerEvents(client: QueryClient): () => void {
  const pending = new Set<Scope>();
  let timer: number | undefined;
  const flush = () => {
    timer = undefined;
    const scopes = [...pending];
    pending.clear();
    void invalidateScopes(client, scopes);
  };

  const offs = [
    on('dataChanged', ({ scopes }) => {
      for (const scope of scopes) pending.add(scope);
      timer ??= window.setTimeout(flush, batchMs);
    }),
    on('payoutStatusChanged', ({ payoutId }) => {
      for (const name of ['payouts.get', 'payouts.timeline'] as const)
        void client.invalidateQueries({ queryKey: [name, { id: payoutId }] });
    }),
    on('syncProgress', (progress) => useSyncStore.getState().onProgress(progress)),
    on('syncFinished', (finished) => useSyncStore.getState().onFinished(finished)),
  ];
  return () => {
    for (const off of offs) off();
    if (timer !== undefined) window.clearTimeout(timer);
  };
}
