import { useApiMutation } from '../api/queries';
import { errorMessage } from './errors';
import { useSyncStore } from '../stores/syncStore';

/**
 * Starting and cancelling syncs. The calls run through the query layer; the sync store keeps what the runs look
 * like (marked running at once, then as main answers and its events arrive).
 */
export function useSyncCommands() {
  const start = useApiMutation('sync.start');
  const cancel = useApiMutation('sync.cancel');

  /** Starts the targets (every connection when no id is given); rejects when main refused. */
  const startSync = async (targets: string[], connectionId?: string) => {
    const store = useSyncStore.getState();
    const mark = store.starting(targets);
    try {
      const { started } = await start.mutateAsync(connectionId ? { connectionId } : {});
      useSyncStore.getState().started(targets, started, mark);
    } catch (error) {
      useSyncStore.getState().startFailed(targets);
      throw error;
    }
  };

  return {
    syncOne: (connectionId: string) => startSync([connectionId], connectionId),
    /** "Sync all": its error stays in the store for every screen's SyncAllError to show. */
    syncAll: async (connectionIds: string[]) => {
      const { setSyncAll } = useSyncStore.getState();
      setSyncAll({ starting: true, error: null });
      try {
        await startSync(connectionIds);
        setSyncAll({ starting: false, error: null });
      } catch (error) {
        setSyncAll({ starting: false, error: errorMessage(error) });
      }
    },
    cancelSync: async (connectionId: string) => {
      const store = useSyncStore.getState();
      store.setCancelling(connectionId, true);
      try {
        const { cancelled } = await cancel.mutateAsync({ connectionId });
        if (!cancelled) useSyncStore.getState().notRunning(connectionId);
      } catch (error) {
        useSyncStore.getState().setCancelling(connectionId, false);
        throw error;
      }
    },
  };
}
