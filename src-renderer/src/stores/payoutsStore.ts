import { create } from 'zustand';
import type { PayoutListInput, PayoutRow, PayoutStatus, ProviderId } from '@shared/contract';
import { api } from '../api/client';
import { errorMessage } from '../lib/errors';
import { useAppStore } from './appStore';

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

const pageSize = 100;

interface PayoutsState {
  filters: PayoutFilters;
  sort: PayoutSort;
  rows: PayoutRow[];
  nextCursor: string | null;
  /** True until the first page for the current query has arrived. */
  loading: boolean;
  loadingMore: boolean;
  error: string | null;
  loadMoreError: string | null;
  fieldErrors: Record<string, string>;
  /** Data changed while the user had scrolled past the first page; reloading would lose their place. */
  stale: boolean;
  hasLoaded: boolean;
  /** Bumped when filters are reset from outside the filter bar, so it can drop its half-typed input. */
  resetVersion: number;
  setFilters: (patch: Partial<PayoutFilters>) => void;
  resetFilters: () => void;
  /** Replaces every filter (other screens open Payouts "filtered by this campaign/status"). */
  showWith: (filters: Partial<PayoutFilters>) => void;
  setSort: (sort: PayoutSort) => void;
  toggleSort: (column: PayoutSortColumn) => void;
  reload: () => Promise<void>;
  loadMore: () => Promise<void>;
  onDataChanged: () => void;
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

function buildInput(filters: PayoutFilters, sort: PayoutSort, cursor?: string): PayoutListInput {
  return { limit: pageSize, ...payoutQuery(filters, sort), ...(cursor ? { cursor } : {}) };
}

/** Bumped by every new query so that answers to superseded queries are dropped. */
let generation = 0;

export const usePayoutsStore = create<PayoutsState>((set, get) => ({
  filters: emptyPayoutFilters,
  sort: { column: 'createdAt', direction: 'desc' },
  rows: [],
  nextCursor: null,
  loading: true,
  loadingMore: false,
  error: null,
  loadMoreError: null,
  fieldErrors: {},
  stale: false,
  hasLoaded: false,
  resetVersion: 0,

  setFilters: (patch) => {
    set((state) => ({ filters: { ...state.filters, ...patch } }));
    void get().reload();
  },
  resetFilters: () => {
    set((state) => ({ filters: emptyPayoutFilters, resetVersion: state.resetVersion + 1 }));
    void get().reload();
  },
  showWith: (patch) => {
    set((state) => ({ filters: { ...emptyPayoutFilters, ...patch }, resetVersion: state.resetVersion + 1 }));
    void get().reload();
  },
  setSort: (sort) => {
    set({ sort });
    void get().reload();
  },
  toggleSort: (column) => {
    const { sort } = get();
    const direction =
      sort.column === column ? (sort.direction === 'asc' ? 'desc' : 'asc') : column === 'createdAt' || column === 'amount' ? 'desc' : 'asc';
    get().setSort({ column, direction });
  },

  reload: async () => {
    const mine = ++generation;
    const { filters, sort } = get();
    set({ loading: true, loadingMore: false, error: null, loadMoreError: null, fieldErrors: {}, stale: false });
    try {
      const page = await api.call('payouts.list', buildInput(filters, sort));
      if (mine !== generation) return;
      set({ rows: page.rows, nextCursor: page.nextCursor, loading: false, hasLoaded: true });
    } catch (error) {
      if (mine !== generation) return;
      useAppStore.getState().noteError(error);
      set({
        rows: [],
        nextCursor: null,
        loading: false,
        hasLoaded: true,
        error: errorMessage(error),
        fieldErrors: (error as { fieldErrors?: Record<string, string> }).fieldErrors ?? {},
      });
    }
  },

  loadMore: async () => {
    const { nextCursor, loadingMore, loading, filters, sort } = get();
    if (!nextCursor || loadingMore || loading) return;
    const mine = generation;
    set({ loadingMore: true, loadMoreError: null });
    try {
      const page = await api.call('payouts.list', buildInput(filters, sort, nextCursor));
      if (mine !== generation) return;
      set((state) => ({ rows: [...state.rows, ...page.rows], nextCursor: page.nextCursor, loadingMore: false }));
    } catch (error) {
      if (mine !== generation) return;
      set({ loadingMore: false, loadMoreError: errorMessage(error) });
    }
  },

  onDataChanged: () => {
    const { rows, hasLoaded } = get();
    if (!hasLoaded) return;
    if (rows.length > pageSize) set({ stale: true });
    else void get().reload();
  },
}));
