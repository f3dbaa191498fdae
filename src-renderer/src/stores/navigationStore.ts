import { create } from 'zustand';

/** Screens reachable from the navbar, in navbar order. */
export const screenIds = [
  'overview',
  'payouts',
  'approvals',
  'attention',
  'creators',
  'campaigns',
  'connections',
  'audit',
  'settings',
] as const;
export type NavScreenId = (typeof screenIds)[number];
export type ScreenId = NavScreenId | 'welcome';

/** One-shot requests that a screen consumes when it mounts (e.g. "open the add-connection form"). */
export type ScreenIntent = { kind: 'addConnection' } | { kind: 'approvalsTab'; tab: 'queue' | 'send' } | null;

interface NavigationState {
  screen: ScreenId;
  intent: ScreenIntent;
  navigate: (screen: ScreenId, intent?: ScreenIntent) => void;
  consumeIntent: () => ScreenIntent;
}

/**
 * The first screen: Overview, unless the page was opened with `?screen=<id>` (the browser host's URL keeps its
 * token in the fragment, so a query parameter is free for this; benchmarks open Payouts directly). An empty
 * workspace still lands on the welcome screen (App decides that once app.info has arrived).
 */
function initialScreen(): NavScreenId {
  try {
    const wanted = new URLSearchParams(window.location.search).get('screen');
    if (wanted && (screenIds as readonly string[]).includes(wanted)) return wanted as NavScreenId;
  } catch {
    // No window.location (tests): fall through.
  }
  return 'overview';
}

export const useNavigation = create<NavigationState>((set, get) => ({
  screen: initialScreen(),
  intent: null,
  navigate: (screen, intent = null) => set({ screen, intent }),
  consumeIntent: () => {
    const { intent } = get();
    if (intent) set({ intent: null });
    return intent;
  },
}));
