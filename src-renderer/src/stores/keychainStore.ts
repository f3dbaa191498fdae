import { create } from 'zustand';
import { isKeychainError } from '../lib/errors';

interface KeychainFailureState {
  /** Set when any call failed with KEYCHAIN_UNAVAILABLE, even if app.info said the keychain was fine at start. */
  message: string | null;
  note: (error: unknown) => void;
  clear: () => void;
}

/** The last keychain failure main reported; the query client notes every failed call here. */
export const useKeychainFailure = create<KeychainFailureState>((set) => ({
  message: null,
  note: (error) => {
    if (isKeychainError(error)) set({ message: error.message });
  },
  clear: () => set({ message: null }),
}));
