/** Which payout filters the filter bar always shows, and which fold away under "More filters". */
import type { PayoutFilters } from '../../stores/payoutsViewStore';

/** Main's field error paths of the filters always shown; the others belong to "More filters". */
export const firstRowFilterPaths = ['filters.search', 'filters.statuses', 'filters.connectionIds'];

/** How many of the folded-away filters are set. */
export function moreFiltersSet(filters: PayoutFilters): number {
  return [
    filters.provider,
    filters.currency,
    filters.campaign,
    filters.creator,
    filters.minAmount,
    filters.maxAmount,
    filters.createdFrom,
    filters.createdTo,
  ].filter(Boolean).length;
}
