import type { PayoutRow } from '@shared/contract';
import { useInfiniteQuery } from '@tanstack/react-query';
import { call } from '../../api/client';
import { creatorPayoutsKey } from '../../api/invalidation';

/** At most this many linked creator records are merged (a person is rarely on more than a handful of connections). */
export const maxMergedSources = 20;
const pageSize = 50;

/** One linked creator record's payouts: what is fetched but not shown yet, and where its next page starts. */
interface Source {
  creatorId: number;
  buffer: PayoutRow[];
  cursor: string | null;
  done: boolean;
}

interface MergedPage {
  rows: PayoutRow[];
  /** Where every source stands after this page: the next page starts from here. */
  sources: Source[];
}

/** Newest first, ties by id: the same order main's keyset pages use for createdAt desc. */
const newer = (a: PayoutRow, b: PayoutRow) => a.createdAt > b.createdAt || (a.createdAt === b.createdAt && a.id > b.id);

const hasMore = (sources: Source[]) => sources.some((s) => s.buffer.length > 0 || !s.done);

/** The next `pageSize` rows of the merge, fetching a source's next page whenever its buffer runs dry. */
async function nextMergedPage(start: Source[]): Promise<MergedPage> {
  const sources = start.map((s) => ({ ...s, buffer: [...s.buffer] }));
  const rows: PayoutRow[] = [];
  while (rows.length < pageSize) {
    const empty = sources.filter((s) => s.buffer.length === 0 && !s.done);
    if (empty.length) {
      const pages = await Promise.all(
        empty.map((s) =>
          call('payouts.list', {
            limit: pageSize,
            sort: { column: 'createdAt', direction: 'desc' },
            filters: { creatorId: s.creatorId },
            ...(s.cursor ? { cursor: s.cursor } : {}),
          }),
        ),
      );
      empty.forEach((s, i) => {
        const page = pages[i]!;
        s.buffer.push(...page.rows);
        s.cursor = page.nextCursor;
        s.done = page.nextCursor === null;
      });
      continue;
    }
    let best: Source | null = null;
    for (const s of sources) if (s.buffer.length && (!best || newer(s.buffer[0]!, best.buffer[0]!))) best = s;
    if (!best) break;
    rows.push(best.buffer.shift()!);
  }
  return { rows, sources };
}

/**
 * The payouts of one person across connections. payouts.list filters by one creatorId, so each linked record
 * is paged separately (keyset cursors from main) and the pages are merged newest first. Each merged page carries
 * where every source stands, so TanStack pages it like any list (and refetches it from the start on a change).
 */
export function useMergedPayouts(creatorIds: number[]) {
  const ids = creatorIds.slice(0, maxMergedSources);
  const query = useInfiniteQuery({
    queryKey: [creatorPayoutsKey, ids],
    queryFn: ({ pageParam }) => nextMergedPage(pageParam),
    initialPageParam: ids.map((creatorId): Source => ({ creatorId, buffer: [], cursor: null, done: false })),
    getNextPageParam: (last) => (hasMore(last.sources) ? last.sources : undefined),
  });
  return {
    query,
    rows: query.data?.pages.flatMap((p) => p.rows) ?? [],
    truncatedSources: Math.max(0, creatorIds.length - maxMergedSources),
  };
}
