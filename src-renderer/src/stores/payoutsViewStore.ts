import { create } from 'zustand';
import type { PayoutListInput, PayoutStatus, ProviderId } from '@shared/contract';

export type PayoutSortColumn = NonNullable<PayoutListInput['sort']>['column'];
export interface PayoutSort {
  column: PayoutSortColumn;
  direction: 'asc' | 'desc';
}

/** A picked campaign or creator: the id main filters by, and the label the filter bar shows for it. */
export interface PickedEntity {
  id: number;
  label: string;
}

export interface PayoutFilters {
  statuses: PayoutStatus[];
  connectionId: string | null;
  provider: ProviderId | null;
  currency: string | null;
  campaign: PickedEntity | null;
  creator: PickedEntity | null;
  /** Decimal text as typed ("100.50"); main parses it in the filtered currency. */
  minAmount: string;
  maxAmount: string;
  createdFrom: string;
  createdTo: string;
  search: string;
}

export const emptyPayoutFilters: PayoutFilters = {
  statuses: [],
  connectionId: null,
  provider: null,
  currency: null,
  campaign: null,
  creator: null,
  minAmount: '',
  maxAmount: '',
  createdFrom: '',
  createdTo: '',
  search: '',
};

interface PayoutsViewState {
  filters: PayoutFilters;
  sort: PayoutSort;
  /** Bumped when filters are reset from outside the filter bar, so it can drop its half-typed input. */
  resetVersion: number;
  setFilters: (patch: Partial<PayoutFilters>) => void;
  resetFilters: () => void;
  /** Replaces every filter (other screens open Payouts "filtered by this campaign/status"). */
  showWith: (filters: Partial<PayoutFilters>) => void;
  toggleSort: (column: PayoutSortColumn) => void;
}

/** The list query for these filters and sort: the table's pages and the CSV export ask exactly the same. */
export function payoutQuery(
  filters: PayoutFilters,
  sort: PayoutSort,
): { sort: PayoutSort; filters: NonNullable<PayoutListInput['filters']> } {
  const f: NonNullable<PayoutListInput['filters']> = {};
  if (filters.statuses.length) f.statuses = filters.statuses;
  if (filters.connectionId) f.connectionIds = [filters.connectionId];
  if (filters.provider) f.providers = [filters.provider];
  if (filters.currency) f.currencies = [filters.currency];
  if (filters.campaign) f.campaignId = filters.campaign.id;
  if (filters.creator) f.creatorId = filters.creator.id;
  if (filters.minAmount.trim()) f.minAmount = filters.minAmount.trim();
  if (filters.maxAmount.trim()) f.maxAmount = filters.maxAmount.trim();
  if (filters.createdFrom) f.createdFrom = filters.createdFrom;
  if (filters.createdTo) f.createdTo = filters.createdTo;
  const search = filters.search.trim();
  if (search) f.search = search;
  return { sort, filters: f };
}

/**
 * What the Payouts screen shows: filters and sort (client state). The rows themselves are server state, read by
 * usePayoutPages (screens/payouts/usePayoutPages.ts) under a key made of exactly these filters and sort.
 */
export const usePayoutsView = create<PayoutsViewState>((set, get) => ({
  filters: emptyPayoutFilters,
  sort: { column: 'createdAt', direction: 'desc' },
  resetVersion: 0,
  setFilters: (patch) => set((state) => ({ filters: { ...state.filters, ...patch } })),
  resetFilters: () => set((state) => ({ filters: emptyPayoutFilters, resetVersion: state.resetVersion + 1 })),
  showWith: (patch) => set((state) => ({ filters: { ...emptyPayoutFilters, ...patch }, resetVersion: state.resetVersion + 1 })),
  toggleSort: (column) => {
    const { sort } = get();
    const direction =
      sort.column === column ? (sort.direction === 'asc' ? 'desc' : 'asc') : column === 'createdAt' || column === 'amount' ? 'desc' : 'asc';
    set({ sort: { column, direction } });
  },
}));
