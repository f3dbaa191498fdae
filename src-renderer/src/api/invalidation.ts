/**
 * Which cached answers each of main's change scopes makes stale. Main reports changes by scope
 * (EventPayloads['dataChanged']); every operation that reads data of a scope is listed under it, so one table
 * decides what refreshes when, instead of each screen subscribing on its own.
 */
import type { InfiniteData, Query, QueryClient } from '@tanstack/react-query';
import type { EventPayloads, OperationName } from '@shared/contract';

export type Scope = EventPayloads['dataChanged']['scopes'][number];

/** A view built from several calls rather than one operation (a creator's payouts merged across connections). */
export const creatorPayoutsKey = 'creator.payouts';

type CacheName = OperationName | typeof creatorPayoutsKey;

const readers: Record<Scope, readonly CacheName[]> = {
  connections: [
    'connections.list',
    // A sync run's set-aside items change with its connection's sync state.
    'sync.setAside',
    // workspaceEmpty and demoWorkspace live in app.info.
    'app.info',
    'overview.get',
    'creators.people',
    'campaigns.summary',
    'campaigns.list',
  ],
  payouts: [
    'payouts.list',
    'payouts.get',
    'payouts.timeline',
    'approvals.queue',
    'attention.list',
    'overview.get',
    'creators.people',
    'creators.person',
    'campaigns.summary',
    'audit.forSubject',
    'app.info',
    creatorPayoutsKey,
  ],
  creators: ['creators.list', 'creators.people', 'creators.person'],
  campaigns: ['campaigns.list', 'campaigns.summary'],
  audit: ['audit.list', 'audit.forSubject'],
  // The policy's day counts decide what needs attention and what waits for a second approval; its limits what may be
  // approved; the idle lock is in session.status.
  settings: [
    'settings.get',
    'policy.get',
    'app.info',
    'attention.list',
    'overview.get',
    'approvals.queue',
    'payouts.get',
    'session.status',
    'team.status',
  ],
  // Who is signed in decides what they may approve and which actions a payout offers them; their name is in app.info.
  session: ['session.status', 'app.info', 'approvals.queue', 'payouts.get', 'team.status'],
  // Operators' names show as makers and approvers; the signed-in operator's roles are in session.status.
  operators: ['operators.list', 'session.status', 'approvals.queue', 'payouts.get'],
};

/** The team database's reachability changes without an event from main: its status is asked again at every mount. */
const changesWithoutEvents = new Set<string>(['team.status']);
const refreshedByEvents = new Set<string>(
  Object.values(readers)
    .flat()
    .filter((name) => !changesWithoutEvents.has(name)),
);

/**
 * How long an answer counts as fresh when a screen, row or cell mounts and asks again. Main reports every change of
 * what the operations in the table above read, so their answers stay fresh until it does; a minute at most, because a
 * few views also follow the clock (days waiting in Attention, this month in Overview). Other
 * operations are asked again at every mount, as TanStack Query does by default. Without this, every filter change
 * re-asked connections.list once per table cell that mounted (bench/ui.ts, filterChangeCalls).
 */
export function staleTimeFor(name: string): number {
  return refreshedByEvents.has(name) ? 60_000 : 0;
}

export function cacheNamesFor(scopes: Iterable<Scope>): CacheName[] {
  const names = new Set<CacheName>();
  for (const scope of scopes) for (const name of readers[scope]) names.add(name);
  return [...names];
}

/**
 * A list the user has paged through (meta.keepPlace) is not reloaded under their eyes: it is only marked stale,
 * and the screen offers to reload it (refetching every page would move rows while they read).
 */
function holdsPlace(query: Query): boolean {
  const pages = (query.state.data as InfiniteData<unknown> | undefined)?.pages;
  return query.meta?.keepPlace === true && (pages?.length ?? 0) > 1;
}

export async function invalidateScopes(client: QueryClient, scopes: Iterable<Scope>): Promise<void> {
  await Promise.all(
    cacheNamesFor(scopes).flatMap((name) => [
      client.invalidateQueries({ queryKey: [name], predicate: (q) => !holdsPlace(q) }),
      client.invalidateQueries({ queryKey: [name], predicate: holdsPlace, refetchType: 'none' }),
    ]),
  );
}
