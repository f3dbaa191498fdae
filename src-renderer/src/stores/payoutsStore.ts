import { create } from 'zustand';
import type { PayoutListInput, PayoutRow, PayoutStatus } from '@contract';
import { api } from '../api/client';
import { errorMessage } from '../lib/errors';
import { useAppStore } from './appStore';

export type PayoutSortColumn = NonNullable<PayoutListInput['sort']>['column'];
export interface PayoutSort {
  column: PayoutSortColumn;
  direction: 'asc' | 'desc';
}

export interface PayoutFilters {
  statuses: PayoutStatus[];
  connectionId: string | null;
  currency: string | null;
  createdFrom: string;
  createdTo: string;
  search: string;
}

export const emptyPayoutFilters: PayoutFilters = {
  statuses: [], connectionId: null, currency: null, createdFrom: '', createdTo: '', search: '',
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
  setSort: (sort: PayoutSort) => void;
  toggleSort: (column: PayoutSortColumn) => void;
  reload: () => Promise<void>;
  loadMore: () => Promise<void>;
  onDataChanged: () => void;
}

function buildInput(filters: PayoutFilters, sort: PayoutSort, cursor?: string): PayoutListInput {
  const f: NonNullable<PayoutListInput['filters']> = {};
  if (filters.statuses.length) f.statuses = filters.statuses;
  if (filters.connectionId) f.connectionIds = [filters.connectionId];
  if (filters.currency) f.currencies = [filters.currency];
  if (filters.createdFrom) f.createdFrom = filters.createdFrom;
  if (filters.createdTo) f.createdTo = filters.createdTo;
  const search = filters.search.trim();
  if (search) f.search = search;
  return { limit: pageSize, sort, filters: f, ...(cursor ? { cursor } : {}) };
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
  setSort: (sort) => {
    set({ sort });
    void get().reload();
  },
  toggleSort: (column) => {
    const { sort } = get();
    const direction = sort.column === column ? (sort.direction === 'asc' ? 'desc' : 'asc') : column === 'createdAt' || column === 'amount' ? 'desc' : 'asc';
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
        rows: [], nextCursor: null, loading: false, hasLoaded: true, error: errorMessage(error),
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
