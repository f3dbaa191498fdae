import { create } from 'zustand';

/** Screens reachable from the navbar, in navbar order; later screens (overview, approvals…) slot in here. */
export const screenIds = ['payouts', 'creators', 'campaigns', 'connections', 'audit', 'settings'] as const;
export type NavScreenId = (typeof screenIds)[number];
export type ScreenId = NavScreenId | 'welcome';

/** One-shot requests that a screen consumes when it mounts (e.g. "open the add-connection form"). */
export type ScreenIntent = { kind: 'addConnection' } | null;

interface NavigationState {
  screen: ScreenId;
  intent: ScreenIntent;
  navigate: (screen: ScreenId, intent?: ScreenIntent) => void;
  consumeIntent: () => ScreenIntent;
}

export const useNavigation = create<NavigationState>((set, get) => ({
  screen: 'payouts',
  intent: null,
  navigate: (screen, intent = null) => set({ screen, intent }),
  consumeIntent: () => {
    const { intent } = get();
    if (intent) set({ intent: null });
    return intent;
  },
}));
