import { create } from 'zustand';
import type { EventPayloads, SyncResource } from '@shared/contract';

type SyncProgress = EventPayloads['syncProgress'];
type SyncFinished = EventPayloads['syncFinished'];

/** A sync run of one connection that has started and not yet finished. */
export interface SyncRun {
  /** Latest progress of this run per resource; resources not reached yet are absent. */
  progress: Partial<Record<SyncResource, SyncProgress>>;
  /** Started from this window (Sync now / Sync all), as opposed to e.g. the demo workspace's first sync. */
  userStarted: boolean;
  cancelling: boolean;
}

/** What the card says after a run ended. */
export interface SyncNotice {
  status: 'success' | 'cancelled' | 'error';
  /** Items fetched per resource in that run. */
  fetched: Partial<Record<SyncResource, number>>;
  errors: string[];
  cancelled: boolean;
  /** Items the run could not store and set aside (sync.setAside lists them). */
  setAside: number;
  at: number;
}

interface SyncState {
  /** Connections with a sync in progress, by connection id. */
  running: Record<string, SyncRun>;
  /** Outcome of the last run per connection; cleared when the user dismisses it or starts another run. */
  notices: Record<string, SyncNotice>;
  /** A "Sync all" request is on its way to main. */
  syncAllStarting: boolean;
  /** Why main refused the last "Sync all". */
  syncAllError: string | null;
  /** A start is on its way: buttons disable at once rather than after the round trip. Returns its sequence mark. */
  starting: (targets: string[]) => number;
  /** Main answered which runs it started; `mark` is what starting() returned. */
  started: (targets: string[], started: string[], mark: number) => void;
  /** Main refused to start: runs that never showed progress are dropped again. */
  startFailed: (targets: string[]) => void;
  setSyncAll: (state: { starting: boolean; error: string | null }) => void;
  dismissSyncAllError: () => void;
  setCancelling: (connectionId: string, cancelling: boolean) => void;
  /** Nothing was running any more (it ended on its own meanwhile): the finished event says how. */
  notRunning: (connectionId: string) => void;
  dismissNotice: (connectionId: string) => void;
  onProgress: (progress: SyncProgress) => void;
  onFinished: (finished: SyncFinished) => void;
}

/**
 * Events may overtake the answer to sync.start (a fast run can finish before the reply arrives), so every start
 * request and every finish gets a sequence number: a reply never re-marks a run that has finished since it was sent.
 */
let sequence = 0;
const finishedAt = new Map<string, number>();

function newRun(userStarted: boolean): SyncRun {
  return { progress: {}, userStarted, cancelling: false };
}

/**
 * Sync runs as main reports them: client state pushed by events (api/serverEvents.ts) and by the answers to the
 * sync commands, which run through the query layer (lib/useSyncCommands.ts).
 */
export const useSyncStore = create<SyncState>((set) => ({
  running: {},
  notices: {},
  syncAllStarting: false,
  syncAllError: null,

  starting: (targets) => {
    set((state) => {
      const running = { ...state.running };
      const notices = { ...state.notices };
      for (const id of targets) {
        running[id] = running[id] ? { ...running[id], userStarted: true } : newRun(true);
        delete notices[id];
      }
      return { running, notices };
    });
    return ++sequence;
  },

  started: (targets, started, mark) =>
    set((state) => {
      const running = { ...state.running };
      for (const id of targets)
        if (!started.includes(id) && running[id]?.userStarted && !Object.keys(running[id].progress).length) delete running[id];
      for (const id of started) {
        if ((finishedAt.get(id) ?? 0) > mark) continue;
        running[id] ??= newRun(true);
      }
      return { running };
    }),

  startFailed: (targets) =>
    set((state) => {
      const running = { ...state.running };
      for (const id of targets) if (running[id] && !Object.keys(running[id].progress).length) delete running[id];
      return { running };
    }),

  setSyncAll: ({ starting, error }) => set({ syncAllStarting: starting, syncAllError: error }),
  dismissSyncAllError: () => set({ syncAllError: null }),

  setCancelling: (connectionId, cancelling) =>
    set((state) => {
      const run = state.running[connectionId];
      return run ? { running: { ...state.running, [connectionId]: { ...run, cancelling } } } : {};
    }),

  notRunning: (connectionId) =>
    set((state) => {
      const running = { ...state.running };
      delete running[connectionId];
      return { running };
    }),

  dismissNotice: (connectionId) =>
    set((state) => {
      const notices = { ...state.notices };
      delete notices[connectionId];
      return { notices };
    }),

  onProgress: (progress) =>
    set((state) => {
      // A run we did not start (e.g. the demo workspace's first sync) still shows as running.
      const run = state.running[progress.connectionId] ?? newRun(false);
      return {
        running: {
          ...state.running,
          [progress.connectionId]: { ...run, progress: { ...run.progress, [progress.resource]: progress } },
        },
      };
    }),

  onFinished: ({ connectionId, cancelled, errors, setAside }) => {
    finishedAt.set(connectionId, ++sequence);
    set((state) => {
      const run = state.running[connectionId];
      const running = { ...state.running };
      delete running[connectionId];
      // Runs nobody asked for here only announce themselves when something went wrong.
      if (!run?.userStarted && errors.length === 0 && !setAside) return { running };
      const fetched: SyncNotice['fetched'] = {};
      for (const [resource, p] of Object.entries(run?.progress ?? {}) as Array<[SyncResource, SyncProgress]>) fetched[resource] = p.fetched;
      const notice: SyncNotice = {
        status: errors.length ? 'error' : cancelled ? 'cancelled' : 'success',
        fetched,
        errors,
        cancelled,
        setAside: setAside ?? 0,
        at: Date.now(),
      };
      return { running, notices: { ...state.notices, [connectionId]: notice } };
    });
  },
}));

export function selectRunningCount(state: SyncState): number {
  return Object.keys(state.running).length;
}
