/**
 * Where the sync's writes go: one small interface, so that the SQLite cache (written on a worker thread, see
 * docs/decisions/0012-off-main-thread.md) and a PostgreSQL cache of a team workspace can stand behind the same sync.
 * Every write is one transaction: a page group with its cursor, a completed resource, an error, the people links.
 */
import type { SyncResource } from '@shared/contract/model';
import type { Page, ProviderObject } from '../providers/provider';
import type { CacheRepository, WriteOptions, WriteOutcome } from '../storage/cache-repository';

export interface CacheWriter {
  writePages(
    connectionId: string,
    resource: SyncResource,
    pages: Array<{ items: unknown[]; setAside?: unknown[] }>,
    nextCursor: string | null,
    now: string,
    options: WriteOptions,
  ): Promise<WriteOutcome>;
  completeSync(connectionId: string, resource: SyncResource, now: string, runId: string): Promise<void>;
  recordSyncError(connectionId: string, resource: SyncResource, message: string | null): Promise<void>;
  relinkPeople(): Promise<void>;
  /**
   * What the sync keeps of a page that has arrived, until its group is written (optional: the page as it is). A
   * writer on another thread takes each item's provider object as JSON text here (`takeAsJson`), so that the parsed
   * tree dies young instead of surviving garbage collections while it waits, and the copy to the thread is smaller.
   */
  holdPage?(page: Page<unknown>): Page<unknown>;
  /** Time spent in write transactions so far, per resource (the benchmark reads it). */
  readonly stats: Record<string, { transactions: number; ms: number }>;
  close(): Promise<void>;
}

/** Counts one write transaction of `ms` against its resource in a writer's stats. */
export function countWrite(stats: CacheWriter['stats'], resource: string, ms: number): void {
  const s = (stats[resource] ??= { transactions: 0, ms: 0 });
  s.transactions += 1;
  s.ms += ms;
}

/** Writes on the calling thread, through the main connection (tests of the sync, and the fallback). */
export class InlineCacheWriter implements CacheWriter {
  readonly stats: CacheWriter['stats'] = {};
  constructor(private readonly cache: CacheRepository) {}

  private timed<T>(resource: string, write: () => T): T {
    const t = performance.now();
    try {
      return write();
    } finally {
      countWrite(this.stats, resource, performance.now() - t);
    }
  }

  async writePages(...args: Parameters<CacheWriter['writePages']>): Promise<WriteOutcome> {
    const [connectionId, resource, pages, nextCursor, now, options] = args;
    return this.timed(resource, () => this.cache.writePages(connectionId, resource, pages as never, nextCursor, now, options));
  }
  async completeSync(connectionId: string, resource: SyncResource, now: string, runId: string): Promise<void> {
    this.timed(resource, () => this.cache.completeSync(connectionId, resource, now, runId));
  }
  async recordSyncError(connectionId: string, resource: SyncResource, message: string | null): Promise<void> {
    this.cache.recordSyncError(connectionId, resource, message);
  }
  async relinkPeople(): Promise<void> {
    this.timed('people', () => this.cache.relinkPeople());
  }
  async close(): Promise<void> {}
}

/** The page with each item's provider object as its JSON text (ProviderObject.rawJson), for a writer to hold. */
export function takeAsJson(page: Page<unknown>): Page<unknown> {
  return {
    ...page,
    items: page.items.map((item) => {
      const { raw, rawJson, ...rest } = item as ProviderObject;
      // A page read on the sync reader's thread comes with the text already (src-main/workers/sync-reader-worker.ts).
      if (raw === undefined && rawJson !== undefined) return item;
      return { ...rest, raw: undefined, rawJson: raw === undefined ? null : JSON.stringify(raw) };
    }),
  };
}
