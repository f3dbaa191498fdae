/**
 * Pulls creators, campaigns and payouts from each connection into the offline cache.
 * - One transaction per page: a page is in the cache completely or not at all.
 * - The next-page cursor is saved with the page, so an interrupted run (crash, cancel, error) resumes there.
 * - Connections sync independently: one failing never blocks the others.
 * - One audit event per run with counts and errors; progress events per page for the UI.
 */
import { randomUUID } from 'node:crypto';
import type { SyncResource } from '@shared/contract/model';
import { syncResources } from '@shared/contract/model';
import type { EventBus } from '../events';
import { AppError, notFound } from '../errors';
import type { AuditLog } from '../audit/audit-log';
import type { Actor } from '../storage/audit-store';
import type { ConnectionRepository } from '../storage/connection-store';
import { ProviderError } from '../providers/http';
import type { Page, ProviderClient } from '../providers/provider';
import type { ProviderClients } from '../connections/provider-clients';
import {
  REGRESSIONS_AUDITED,
  type CacheRepository,
  type RegressionSeen,
  type WriteOptions,
  type WriteOutcome,
} from '../storage/cache-repository';
import { InlineCacheWriter, type CacheWriter } from './cache-writer';
import { InlinePageSource, type PageReader, type PageSource } from './page-source';

export interface ResourceOutcome {
  fetched: number;
  error: string | null;
  /** Why the resource was not synced (the provider has no such resource). */
  skipped: string | null;
  complete: boolean;
  /** Items of this run that could not be read or stored (the rest of their pages was). */
  setAside: number;
  /** Payouts the provider reported in flight again after a final status (kept final, shown in Attention). */
  regressions: number;
}

export interface SyncRunResult {
  connectionId: string;
  runId: string;
  cancelled: boolean;
  resources: Record<SyncResource, ResourceOutcome>;
}

/** Pages that arrive in quick succession are written together, up to this many items per transaction... */
const WRITE_GROUP_ITEMS = 500;
/** ...and no later than this long after the first of them arrived. */
const WRITE_GROUP_MS = 100;

const CANCELLED = Symbol('cancelled');

/** The page, or CANCELLED as soon as the run is cancelled: a cancel never waits for a request still on its way. */
function unlessCancelled<T>(request: Promise<T>, signal: AbortSignal): Promise<T | typeof CANCELLED> {
  if (signal.aborted) return Promise.resolve(CANCELLED);
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(CANCELLED);
    signal.addEventListener('abort', onAbort, { once: true });
    request.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** Messages we store and show: provider/app errors are already written for users and redacted. */
function describeError(error: unknown): string {
  if (error instanceof ProviderError || error instanceof AppError) return error.message;
  if (error instanceof Error && error.name === 'SqliteError') return `The database could not store the synced data: ${error.message}.`;
  return 'Unexpected error while syncing; see the application log.';
}

export class SyncEngine {
  private readonly running = new Map<string, { controller: AbortController; promise: Promise<SyncRunResult> }>();

  constructor(
    private readonly connections: ConnectionRepository,
    private readonly clients: ProviderClients,
    private readonly cache: CacheRepository,
    private readonly audit: AuditLog,
    private readonly events: EventBus,
    private readonly actor: () => Actor,
    private readonly now: () => Date = () => new Date(),
    /**
     * Where the writes go: a worker thread in a running workspace, the team database's provider cache on a team
     * desktop (services.ts), this thread by default.
     */
    private readonly writer: CacheWriter = new InlineCacheWriter(cache),
    /** Where the pages are read: a worker thread in a running workspace (services.ts), this thread by default. */
    private readonly pages: PageSource = new InlinePageSource(),
  ) {}

  isRunning(connectionId: string): boolean {
    return this.running.has(connectionId);
  }

  /** Starts (or joins) a run for one connection. */
  syncConnection(connectionId: string): Promise<SyncRunResult> {
    const existing = this.running.get(connectionId);
    if (existing) return existing.promise;
    const connection = this.connections.get(connectionId);
    if (!connection) return Promise.reject(new AppError('NOT_FOUND', 'The connection was not found.'));
    if (connection.archivedAt)
      return Promise.reject(new AppError('CONFLICT', `"${connection.label}" is archived: it is no longer synced.`));
    const controller = new AbortController();
    const promise = this.run(connectionId, controller.signal).finally(() => this.running.delete(connectionId));
    this.running.set(connectionId, { controller, promise });
    return promise;
  }

  /** Starts runs of one connection, or of all, and returns at once: progress arrives as syncProgress / syncFinished. */
  startInBackground(connectionId?: string): { started: string[] } {
    const connection = connectionId ? this.connections.get(connectionId) : undefined;
    if (connectionId && !connection) throw notFound('The connection');
    if (connection?.archivedAt) throw new AppError('CONFLICT', `"${connection.label}" is archived: it is no longer synced.`);
    const ids = connectionId
      ? [connectionId]
      : this.connections
          .list()
          .filter((c) => !c.archivedAt)
          .map((c) => c.id);
    for (const id of ids) void this.syncConnection(id).catch(() => undefined);
    return { started: ids };
  }

  async syncAll(): Promise<SyncRunResult[]> {
    const ids = this.connections
      .list()
      .filter((c) => !c.archivedAt)
      .map((c) => c.id);
    const settled = await Promise.allSettled(ids.map((id) => this.syncConnection(id)));
    return settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  }

  cancel(connectionId: string): boolean {
    const run = this.running.get(connectionId);
    run?.controller.abort();
    return Boolean(run);
  }

  private async run(connectionId: string, signal: AbortSignal): Promise<SyncRunResult> {
    const result: SyncRunResult = {
      connectionId,
      runId: randomUUID(),
      cancelled: false,
      resources: Object.fromEntries(
        syncResources.map((r) => [r, { fetched: 0, error: null, skipped: null, complete: false, setAside: 0, regressions: 0 }]),
      ) as SyncRunResult['resources'],
    };
    const regressions: RegressionSeen[] = [];
    let client: ProviderClient | null = null;
    let reader: PageReader | null = null;
    let clientError: string | null = null;
    try {
      client = await this.clients.clientFor(connectionId);
      reader = await this.pages.open(connectionId, client);
    } catch (error) {
      client = null;
      clientError = describeError(error);
    }
    try {
      await this.syncResources(connectionId, signal, result, regressions, client && reader ? { client, reader } : null, clientError);
    } finally {
      reader?.close();
    }
    // People paid through several connections are linked again with what this run brought. The links are a view of
    // the cache: if this fails, the previous links stay and the next run tries again; the run itself stands.
    if (this.connections.get(connectionId)) {
      try {
        await this.writer.relinkPeople();
      } catch {
        // Nothing was lost: only the person keys are stale until the next run.
      }
    }
    this.writeAudit(result, regressions);
    const errors = Object.values(result.resources).flatMap((r) => (r.error ? [r.error] : []));
    const setAside = Object.values(result.resources).reduce((n, r) => n + r.setAside, 0);
    this.events.emit('syncFinished', { connectionId, cancelled: result.cancelled, errors, setAside });
    return result;
  }

  /** Each resource in turn, through the run's client (its capabilities) and reader (its pages). */
  private async syncResources(
    connectionId: string,
    signal: AbortSignal,
    result: SyncRunResult,
    regressions: RegressionSeen[],
    through: { client: ProviderClient; reader: PageReader } | null,
    clientError: string | null,
  ): Promise<void> {
    for (const resource of syncResources) {
      const outcome = result.resources[resource];
      if (signal.aborted) {
        result.cancelled = true;
        break;
      }
      if (!through) {
        outcome.error = clientError;
        await this.recordError(connectionId, resource, outcome.error);
        continue;
      }
      const { client, reader } = through;
      const capability =
        client.capabilities[resource === 'creators' ? 'listCreators' : resource === 'campaigns' ? 'listCampaigns' : 'listPayouts'];
      if (capability !== true) {
        outcome.skipped = capability;
        continue;
      }
      try {
        const write: WriteOptions = { runId: result.runId, deriveCreators: client.capabilities.listCreators !== true };
        outcome.complete = await this.syncResource(connectionId, client, reader, resource, signal, write, (n, written) => {
          outcome.fetched += n;
          outcome.setAside += written.setAside.length;
          outcome.regressions += written.regressions.length;
          regressions.push(...written.regressions);
        });
        if (!outcome.complete) result.cancelled = true;
      } catch (error) {
        outcome.error = describeError(error);
        await this.recordError(connectionId, resource, outcome.error);
        this.events.emit('syncProgress', { connectionId, resource, fetched: outcome.fetched, done: true, error: outcome.error });
      }
      this.events.emit('dataChanged', { scopes: [resource, 'connections'] });
    }
  }

  /**
   * Returns true when the resource was read to its last page, false when cancelled on the way.
   *
   * Throughput: the pages are read (fetched, parsed, mapped) on the reader's thread, and the request for the next
   * page is sent as soon as a page arrives, so the provider (or simulator) works while this process writes; a group is written on the writer's thread while the next pages are fetched
   * and read (one group in flight at a time); and pages that arrive in quick succession are written together, in one
   * transaction of at most WRITE_GROUP_ITEMS items, at most WRITE_GROUP_MS after the first of them arrived (one
   * transaction per page made the commits — WAL writes of every touched index page, FTS segment flushes,
   * checkpoints — cost more than the rows). Each page still lands completely or not at all, with the cursor after
   * the last page written; pages are always written before an error, a cancel or the end is reported, so what is
   * cached is what was fetched.
   */
  private async syncResource(
    connectionId: string,
    client: ProviderClient,
    reader: PageReader,
    resource: SyncResource,
    signal: AbortSignal,
    write: WriteOptions,
    onPage: (n: number, written: WriteOutcome) => void,
  ): Promise<boolean> {
    const state = this.cache.syncState(connectionId, resource);
    let cursor = state.cursor;
    const updatedSince = cursor ? null : state.lastSyncedAt;
    const fetchPage = (pageCursor: string | null): Promise<Page<unknown>> => {
      const request = reader.list(resource, { cursor: pageCursor, updatedSince });
      // A prefetched page may never be awaited (cancel, error): its failure must not become an unhandled rejection.
      request.catch(() => undefined);
      return request;
    };

    let fetched = 0;
    let pending: Array<Page<unknown>> = [];
    let pendingItems = 0;
    let pendingSince = 0;
    /** The group being written on the writer's thread while the next pages are fetched and read. */
    let writing: Promise<void> | null = null;
    const writeGroup = async (pages: Array<Page<unknown>>) => {
      const written = await this.writer.writePages(
        connectionId,
        resource,
        pages,
        pages[pages.length - 1]!.nextCursor,
        this.now().toISOString(),
        write,
      );
      const none: WriteOutcome = { stored: 0, setAside: [], regressions: [] };
      pages.forEach((page, index) => {
        const items = page.items.length + (page.setAside?.length ?? 0);
        fetched += items;
        onPage(items, index === 0 ? written : none);
        this.events.emit('syncProgress', { connectionId, resource, fetched, done: page.nextCursor === null, error: null });
      });
    };
    /** Waits for the group being written; its failure (page and cursor not stored) ends the resource's run. */
    const writeFinished = async () => {
      const group = writing;
      writing = null;
      await group;
    };
    /**
     * Starts writing the pages waiting, once the group before them is stored. One group at a time: a group is sent
     * only after the one before it committed, so a failed write can never be followed by a later page and cursor
     * (which would skip the failed pages at the next run).
     */
    const startWrite = async () => {
      await writeFinished();
      if (pending.length === 0) return;
      const pages = pending;
      pending = [];
      pendingItems = 0;
      writing = writeGroup(pages);
      // Observed by the next writeFinished; until then its failure must not count as unhandled.
      writing.catch(() => undefined);
    };
    /** Everything fetched is written (or its write failed) before an error, a cancel or the end is reported. */
    const writePending = async () => {
      await startWrite();
      await writeFinished();
    };

    // While pages wait to be written, the wait for the next one is cut short at WRITE_GROUP_MS: a slow provider's
    // pages are written one by one, as soon as they arrive.
    const nextPage = async (request: Promise<Page<unknown>>): Promise<Page<unknown>> => {
      if (pending.length > 0) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const due = new Promise<'due'>((resolve) => {
          timer = setTimeout(() => resolve('due'), Math.max(0, WRITE_GROUP_MS - (performance.now() - pendingSince)));
        });
        const first = await Promise.race([
          request.then(
            () => 'page' as const,
            () => 'page' as const,
          ),
          due,
        ]);
        clearTimeout(timer);
        if (first === 'due') await startWrite();
      }
      return request;
    };

    let next: Promise<Page<unknown>> | null = null;
    for (;;) {
      if (signal.aborted) {
        await writePending();
        return false;
      }
      let arrived: Page<unknown> | typeof CANCELLED;
      try {
        arrived = await unlessCancelled(nextPage(next ?? fetchPage(cursor)), signal);
      } catch (error) {
        await writePending();
        throw error;
      }
      next = null;
      // Cancelled while the page was on its way: what arrived before is kept, the page in flight is dropped.
      if (arrived === CANCELLED) {
        await writePending();
        return false;
      }
      const page = this.writer.holdPage?.(arrived) ?? arrived;
      // The connection may have been removed while the request was in flight: then the page has nowhere to go.
      if (!this.connections.get(connectionId)) throw new AppError('NOT_FOUND', 'The connection was removed during the sync.');
      const repeated = page.nextCursor !== null && page.nextCursor === cursor;
      if (page.nextCursor !== null && !repeated && !signal.aborted) next = fetchPage(page.nextCursor);
      if (pending.length === 0) pendingSince = performance.now();
      pending.push(page);
      pendingItems += page.items.length;
      // The last page (or a repeated cursor) is written and committed before the run goes on; a full group is sent.
      if (page.nextCursor === null || repeated) await writePending();
      else if (next === null || pendingItems >= WRITE_GROUP_ITEMS || performance.now() - pendingSince >= WRITE_GROUP_MS) await startWrite();
      // Cancelled while this page was being written: the run ends here, as cancelled, even after the last page.
      if (signal.aborted) {
        await writePending();
        return false;
      }
      if (page.nextCursor === null) break;
      if (repeated) throw new ProviderError('protocol', `${client.provider} returned the same page cursor twice; stopped to avoid a loop.`);
      cursor = page.nextCursor;
    }
    await this.writer.completeSync(connectionId, resource, this.now().toISOString(), write.runId);
    return true;
  }

  private async recordError(connectionId: string, resource: SyncResource, message: string | null): Promise<void> {
    if (!this.connections.get(connectionId)) return;
    await this.writer.recordSyncError(connectionId, resource, message);
  }

  private writeAudit(result: SyncRunResult, regressions: RegressionSeen[]): void {
    if (!this.connections.get(result.connectionId)) return;
    const errors = Object.values(result.resources).some((r) => r.error);
    this.audit.append({
      actor: this.actor(),
      action: result.cancelled ? 'sync.cancelled' : errors ? 'sync.failed' : 'sync.completed',
      subject: `connection:${result.connectionId}`,
      details: {
        runId: result.runId,
        resources: result.resources,
        // A final status the provider now reports in flight again was kept: each one is named here (up to a bound).
        ...(regressions.length ? { regressions: regressions.slice(0, REGRESSIONS_AUDITED) } : {}),
      },
    });
    this.events.emit('dataChanged', { scopes: ['audit'] });
  }
}
