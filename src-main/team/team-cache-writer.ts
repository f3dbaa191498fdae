/**
 * Where a team desktop's sync writes: the team database's provider cache (migration 0004 of the team schema), so
 * that one sync serves every desktop of the team (docs/team-workspace.md, "The provider cache"). Each page group is
 * published with the cursor after it in one server transaction, so the team's sync resumes after the last page
 * published, whoever runs it next. This desktop's own cache is then written by its replica, as every other
 * desktop's is (src-main/storage/postgres/replica-store.ts), through the same code a desk of its own writes with.
 */
import type { SyncResource } from '@shared/contract/model';
import type { SetAsideItem } from '../providers/provider';
import { PAYOUT_WITHOUT_ID, type CacheRepository, type WriteOutcome } from '../storage/cache-repository';
import type { TeamQueries } from '../storage/postgres/team-queries';
import { countWrite, type CacheWriter } from '../sync/cache-writer';
import { describeTeamError } from './connect';
import type { TeamLink } from './pg-workflow-store';

export class TeamCacheWriter implements CacheWriter {
  readonly stats: CacheWriter['stats'] = {};

  constructor(
    private readonly link: TeamLink,
    /** This desktop's cache: what its own run could not read is listed here, beside its other runs. */
    private readonly cache: CacheRepository,
  ) {}

  private async call<T>(resource: string, during: string, work: (q: TeamQueries) => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work(this.link.queries());
    } catch (error) {
      throw describeTeamError(error, { user: this.link.login(), during });
    } finally {
      countWrite(this.stats, resource, performance.now() - started);
    }
  }

  async writePages(...args: Parameters<CacheWriter['writePages']>): Promise<WriteOutcome> {
    const [connectionId, resource, pages, nextCursor, now, options] = args;
    const setAside = pages.flatMap((page) => (page.setAside ?? []) as SetAsideItem[]);
    const items: unknown[] = [];
    for (const item of pages.flatMap((page) => page.items)) {
      const remoteId = (item as { remoteId?: unknown }).remoteId;
      if (typeof remoteId === 'string' && remoteId) items.push(item);
      else setAside.push({ remoteId: null, reason: PAYOUT_WITHOUT_ID });
    }
    await this.call(resource, 'sharing the sync with the team', (q) => q.publishProviderItems(connectionId, resource, items, nextCursor));
    this.cache.recordSetAside(connectionId, resource, options.runId, setAside, now);
    // Regressions (a final status reported in flight again) are found where the items are stored: by each replica.
    return { stored: items.length, setAside, regressions: [] };
  }

  async completeSync(connectionId: string, resource: SyncResource, now: string, runId: string): Promise<void> {
    await this.call(resource, 'sharing the sync with the team', (q) => q.completeProviderSync(connectionId, resource));
    // Here too, as a desk of its own does: this run's list of unreadable items replaces the earlier runs'. (The sync
    // state it writes is the replica's to replace with the team's.)
    this.cache.completeSync(connectionId, resource, now, runId);
    await this.catchUp();
  }

  async recordSyncError(connectionId: string, resource: SyncResource, message: string | null): Promise<void> {
    try {
      await this.call(resource, 'sharing the sync with the team', (q) => q.recordProviderSyncError(connectionId, resource, message));
    } catch {
      // The server is out of reach (often the very error): this desktop shows the error until its replica is current.
      this.cache.recordSyncError(connectionId, resource, message);
    }
  }

  /** The replica links people when it has caught up with what this run published. */
  async relinkPeople(): Promise<void> {
    await this.catchUp();
  }

  /** This desktop's cache follows the team's at once (the replica would hear of it through LISTEN/NOTIFY anyway). */
  private async catchUp(): Promise<void> {
    await this.link
      .replica()
      .catchUp()
      .catch(() => undefined);
  }

  async close(): Promise<void> {}
}
