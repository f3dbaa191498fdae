/**
 * This desktop's replica of the team database: pulls every change after the last one it applied, page by page (one
 * snapshot read on the server, one SQLite transaction here), and listens on `paydesk_changes` so that a change made
 * on another desktop shows up without waiting. Every view keeps reading the local SQLite file; the replica only
 * keeps it current, and says how fresh it is.
 */
import type pg from 'pg';
import type { ReplicaStore } from '../storage/postgres/replica-store';
import { TeamQueries, type SharedTable } from '../storage/postgres/team-queries';

export interface ReplicaOptions {
  /** Rows per table per page. */
  pageSize?: number;
  now?: () => Date;
  /** Told after a page landed (the UI refreshes its views). */
  onApplied?: (rows: number) => void;
  /** Told when a pull fails in the background (the server went away): the replica stays readable as it is. */
  onError?: (error: unknown) => void;
}

export class TeamReplica {
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private listener: pg.PoolClient | null = null;
  private readonly pageSize: number;
  private readonly queries: TeamQueries;

  constructor(
    private readonly pool: pg.Pool,
    private readonly store: ReplicaStore,
    private readonly options: ReplicaOptions = {},
  ) {
    this.pageSize = options.pageSize ?? 2_000;
    this.queries = new TeamQueries(pool);
  }

  lastApplied(): number {
    return this.store.lastApplied();
  }

  /**
   * Pulls until nothing is left. Calls while a pull runs share one follow-up pull that starts after it, so a caller
   * that committed a change before calling sees it applied when this resolves.
   */
  catchUp(): Promise<void> {
    if (this.queued) return this.queued;
    if (!this.running) {
      this.running = this.drain().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    this.queued = this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return this.catchUp();
      });
    return this.queued;
  }

  private async drain(): Promise<void> {
    for (;;) {
      const more = await this.pullPage();
      if (!more) break;
    }
    // Once per catch-up, not per page: the links are a view of all creators.
    this.store.relinkPeopleIfStale();
    this.store.markCaughtUp((this.options.now ?? (() => new Date()))().toISOString());
  }

  /** One page; true when there may be more. */
  private async pullPage(): Promise<boolean> {
    const after = this.store.lastApplied();
    const client = await this.pool.connect();
    let page: Awaited<ReturnType<TeamQueries['changesSince']>>;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      page = await this.queries.changesSince(after, this.pageSize, client);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    // A table that filled its page may have more rows after its last one: keep only what every table has complete.
    const seqOf = (r: Record<string, unknown>) => Number(r.change_seq);
    const cutoff = page.full.length ? Math.min(...page.full.map((t) => seqOf(page.tables.get(t)!.at(-1)!))) : Number.POSITIVE_INFINITY;
    const kept = new Map<SharedTable, Array<Record<string, unknown>>>();
    let highest = after;
    let rows = 0;
    for (const [table, list] of page.tables) {
      const within = list.filter((r) => seqOf(r) <= cutoff);
      kept.set(table, within);
      rows += within.length;
      for (const r of within) highest = Math.max(highest, seqOf(r));
    }
    if (rows === 0) return false;
    this.store.applyPage(kept, Number.isFinite(cutoff) ? cutoff : highest);
    this.options.onApplied?.(rows);
    return page.full.length > 0;
  }

  listening(): boolean {
    return this.listener !== null;
  }

  /** Wakes the pull on every change another desktop commits. */
  async listen(): Promise<void> {
    if (this.listener) return;
    const client = await this.pool.connect();
    client.on('notification', () => {
      this.catchUp().catch((error) => this.options.onError?.(error));
    });
    client.on('error', (error) => {
      // The server went away: give the connection back broken (the pool drops it); the next catch-up listens again.
      if (this.listener !== client) return;
      this.listener = null;
      client.release(error);
      // The pool drops its listeners on a released client; the dying socket may still report once more.
      client.on('error', () => undefined);
      this.options.onError?.(error);
    });
    await client.query('LISTEN paydesk_changes');
    this.listener = client;
  }

  async stop(): Promise<void> {
    const client = this.listener;
    this.listener = null;
    if (client) {
      await client.query('UNLISTEN *').catch(() => undefined);
      client.release();
    }
    await this.running?.catch(() => undefined);
    await this.queued?.catch(() => undefined);
  }
}
