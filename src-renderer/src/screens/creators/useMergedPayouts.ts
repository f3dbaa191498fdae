import { useCallback, useEffect, useRef, useState } from 'react';
import type { PayoutRow } from '@shared/contract';
import { api } from '../../api/client';
import { errorMessage } from '../../lib/errors';
import { useDataChanged } from '../../lib/useDataChanged';

/** At most this many linked creator records are merged (a person is rarely on more than a handful of connections). */
export const maxMergedSources = 20;
const pageSize = 50;

interface Source {
  creatorId: number;
  buffer: PayoutRow[];
  cursor: string | null;
  done: boolean;
}

/** Newest first, ties by id: the same order main's keyset pages use for createdAt desc. */
const newer = (a: PayoutRow, b: PayoutRow) => a.createdAt > b.createdAt || (a.createdAt === b.createdAt && a.id > b.id);

/**
 * The payouts of one person across connections. payouts.list filters by one creatorId, so each linked record
 * is paged separately (keyset cursors from main) and the pages are merged newest first. Only what is shown plus
 * one page per record is ever held.
 */
export function useMergedPayouts(creatorIds: number[]) {
  const key = creatorIds.slice(0, maxMergedSources).join(',');
  const [rows, setRows] = useState<PayoutRow[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [more, setMore] = useState(false);
  const sources = useRef<Source[]>([]);
  const generation = useRef(0);
  const busy = useRef(false);

  const fill = useCallback(async (count: number, mine: number): Promise<PayoutRow[]> => {
    const out: PayoutRow[] = [];
    while (out.length < count) {
      const empty = sources.current.filter((s) => s.buffer.length === 0 && !s.done);
      if (empty.length) {
        const pages = await Promise.all(
          empty.map((s) =>
            api.call('payouts.list', {
              limit: pageSize,
              sort: { column: 'createdAt', direction: 'desc' },
              filters: { creatorId: s.creatorId },
              ...(s.cursor ? { cursor: s.cursor } : {}),
            }),
          ),
        );
        if (mine !== generation.current) return out;
        empty.forEach((s, i) => {
          const page = pages[i]!;
          s.buffer.push(...page.rows);
          s.cursor = page.nextCursor;
          s.done = page.nextCursor === null;
        });
        continue;
      }
      let best: Source | null = null;
      for (const s of sources.current) if (s.buffer.length && (!best || newer(s.buffer[0]!, best.buffer[0]!))) best = s;
      if (!best) break;
      out.push(best.buffer.shift()!);
    }
    return out;
  }, []);

  const hasMore = () => sources.current.some((s) => s.buffer.length > 0 || !s.done);

  const reset = useCallback(async () => {
    const mine = ++generation.current;
    sources.current = key ? key.split(',').map((id) => ({ creatorId: Number(id), buffer: [], cursor: null, done: false })) : [];
    setLoading(true);
    setError(null);
    busy.current = true;
    try {
      const first = await fill(pageSize, mine);
      if (mine !== generation.current) return;
      setRows(first);
      setMore(hasMore());
    } catch (e) {
      if (mine !== generation.current) return;
      setError(errorMessage(e));
    } finally {
      if (mine === generation.current) {
        setLoading(false);
        busy.current = false;
      }
    }
  }, [key, fill]);

  const loadMore = useCallback(async () => {
    if (busy.current || !hasMore()) return;
    const mine = generation.current;
    busy.current = true;
    setLoading(true);
    try {
      const next = await fill(pageSize, mine);
      if (mine !== generation.current) return;
      setRows((r) => [...r, ...next]);
      setMore(hasMore());
    } catch (e) {
      if (mine === generation.current) setError(errorMessage(e));
    } finally {
      if (mine === generation.current) {
        setLoading(false);
        busy.current = false;
      }
    }
  }, [fill]);

  useEffect(() => {
    void reset();
  }, [reset]);
  useDataChanged(['payouts'], () => void reset());

  return { rows, loading, error, more, loadMore, reload: reset, truncatedSources: Math.max(0, creatorIds.length - maxMergedSources) };
}
