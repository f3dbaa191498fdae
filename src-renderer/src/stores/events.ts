import type { EventPayloads } from '@shared/contract';
import { api } from '../api/client';
import { useAppStore } from './appStore';
import { usePayoutsStore } from './payoutsStore';
import { useSyncStore } from './syncStore';
import { useWorkflowStore } from './workflowStore';

type Scope = EventPayloads['dataChanged']['scopes'][number];

/**
 * Routes main's dataChanged events to the stores that own each scope. A sync can emit many events per second,
 * so scopes are collected for a short window and each store reloads at most once per window.
 */
export function startDataEvents(): () => void {
  const pending = new Set<Scope>();
  let timer: number | undefined;

  const flush = () => {
    timer = undefined;
    const scopes = new Set(pending);
    pending.clear();
    const app = useAppStore.getState();
    if (scopes.has('connections')) void app.loadConnections();
    // workspaceEmpty, demoWorkspace and the operator name all live in app.info.
    if (scopes.has('connections') || scopes.has('payouts') || scopes.has('settings')) void app.loadInfo();
    if (scopes.has('payouts')) usePayoutsStore.getState().onDataChanged();
    // The Attention badge depends on payouts and on the policy's day counts (settings).
    if (scopes.has('payouts') || scopes.has('settings')) void useWorkflowStore.getState().loadAttentionCount();
  };

  const offData = api.on('dataChanged', ({ scopes }) => {
    for (const scope of scopes) pending.add(scope);
    timer ??= window.setTimeout(flush, 300);
  });
  const offProgress = api.on('syncProgress', (progress) => {
    useSyncStore.getState().onProgress(progress);
  });
  const offFinished = api.on('syncFinished', (finished) => {
    useSyncStore.getState().onFinished(finished);
  });
  return () => {
    offData();
    offProgress();
    offFinished();
    if (timer !== undefined) window.clearTimeout(timer);
  };
}
