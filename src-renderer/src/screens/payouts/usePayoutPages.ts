import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { pagesKey, reloadFirstPage, useApiPages } from '../../api/queries';
import { payoutQuery, usePayoutsView } from '../../stores/payoutsViewStore';

const pageSize = 100;

/**
 * The Payouts table's rows for the current filters and sort, 100 at a time (main's keyset cursor). A change in
 * main refreshes the first page at once; once the user has loaded more pages it only marks the list stale
 * (isStale) so rows do not move under them (api/invalidation.ts, meta.keepPlace).
 */
export function usePayoutPages() {
  const client = useQueryClient();
  const filters = usePayoutsView((s) => s.filters);
  const sort = usePayoutsView((s) => s.sort);
  const input = { limit: pageSize, ...payoutQuery(filters, sort) };
  const query = useApiPages(
    'payouts.list',
    input,
    {
      withPage: (cursor: string | undefined) => ({ ...input, ...(cursor ? { cursor } : {}) }),
      next: (last) => last.nextCursor ?? undefined,
    },
    // Fresh until main reports a change; the last answer stays on screen while a new filter loads.
    { staleTime: Infinity, placeholderData: keepPreviousData, meta: { keepPlace: true } },
  );
  const rows = query.data?.pages.flatMap((p) => p.rows) ?? [];
  return { query, rows, reload: () => reloadFirstPage(client, pagesKey('payouts.list', input)) };
}
