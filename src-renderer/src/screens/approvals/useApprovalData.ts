import { useEffect, useMemo, useState } from 'react';
import type { ApprovalQueueItem } from '@shared/contract';
import { useApiPages, useApiQuery } from '../../api/queries';

const queuePageSize = 200;
const readyLimit = 500;

/** Drafts awaiting approval, page by page (main's keyset cursor); a payout never shows twice across pages. */
export function useApprovalQueue() {
  const query = useApiPages(
    'approvals.queue',
    { limit: queuePageSize },
    {
      withPage: (cursor: string | undefined) => ({ limit: queuePageSize, ...(cursor ? { cursor } : {}) }),
      next: (last) => last.nextCursor ?? undefined,
    },
  );
  const items = useMemo(() => {
    const byId = new Map<number, ApprovalQueueItem>();
    for (const page of query.data?.pages ?? []) for (const item of page.rows) if (!byId.has(item.payout.id)) byId.set(item.payout.id, item);
    return [...byId.values()];
  }, [query.data]);
  return { query, items, more: query.hasNextPage };
}

/** Approved payouts, oldest first: what can be sent now. */
export function useReadyToSend() {
  const query = useApiQuery('payouts.list', {
    limit: readyLimit,
    sort: { column: 'createdAt', direction: 'asc' },
    filters: { statuses: ['approved'] },
  });
  return { query, rows: query.data?.rows ?? [], more: query.data?.nextCursor != null };
}

/** Keeps only the ids that are still listed (rows leave the list when approved, sent or deleted). */
export function usePrunedSelection(ids: number[]) {
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const key = ids.join(',');
  useEffect(() => {
    const present = new Set(key ? key.split(',').map(Number) : []);
    setSelected((current) => {
      const next = new Set([...current].filter((id) => present.has(id)));
      return next.size === current.size ? current : next;
    });
  }, [key]);
  return [selected, setSelected] as const;
}
