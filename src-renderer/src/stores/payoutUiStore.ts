import { create } from 'zustand';

/** A draft just saved from the form, and the earlier payout it looks like, if any (the CSV import's rule). */
export interface SavedDraft {
  id: number;
  text: string;
  duplicateOf: string | null;
}

/**
 * Overlays of the payout workflow that any screen can open: the payout drawer, the draft form and the CSV import.
 * They are rendered once by the app shell, so Attention, Approvals and Payouts share the same drawer.
 */
interface PayoutUiState {
  /** The payout shown in the detail drawer. */
  drawerId: number | null;
  /** The draft form: `editId` null = a new payout. */
  form: { opened: boolean; editId: number | null };
  importOpened: boolean;
  /** The last draft saved from the form, announced on the Payouts screen. */
  lastSaved: SavedDraft | null;
  setLastSaved: (saved: SavedDraft | null) => void;
  openDrawer: (id: number) => void;
  closeDrawer: () => void;
  openNewPayout: () => void;
  openEdit: (id: number) => void;
  closeForm: () => void;
  openImport: () => void;
  closeImport: () => void;
  /** Everything closed: another operator signs in, or nobody is signed in any more. */
  reset: () => void;
}

const closed = { drawerId: null, form: { opened: false, editId: null }, importOpened: false, lastSaved: null };

export const usePayoutUi = create<PayoutUiState>((set) => ({
  ...closed,
  setLastSaved: (lastSaved) => set({ lastSaved }),
  openDrawer: (id) => set({ drawerId: id }),
  closeDrawer: () => set({ drawerId: null }),
  openNewPayout: () => set({ form: { opened: true, editId: null } }),
  // The drawer closes first: a form on top of a drawer would fight it for focus and Escape.
  openEdit: (id) => set({ drawerId: null, form: { opened: true, editId: id } }),
  closeForm: () => set((s) => ({ form: { ...s.form, opened: false } })),
  openImport: () => set({ importOpened: true }),
  closeImport: () => set({ importOpened: false }),
  reset: () => set(closed),
}));

/** True while any workflow overlay is open (single-key shortcuts stay quiet then). */
export function anyPayoutOverlayOpen(): boolean {
  const s = usePayoutUi.getState();
  return s.drawerId !== null || s.form.opened || s.importOpened;
}
