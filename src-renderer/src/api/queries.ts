/**
 * The renderer's one server-state layer: TanStack Query over the typed client. A cached answer is keyed by the
 * operation and its input (`[name, input]`), so two screens asking the same thing share one request, and an answer
 * to a superseded input never lands in the newer one's place. Main's dataChanged events mark answers stale
 * (api/serverEvents.ts); mutations name the scopes they change so their screens refresh at once.
 */
import {
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type InfiniteData,
  type QueryClient,
  type QueryKey,
  type UseInfiniteQueryOptions,
  type UseMutationOptions,
  type UseQueryOptions,
} from '@tanstack/react-query';
import type { OperationInput, OperationName, OperationResult } from '@shared/contract';
import { call } from './client';
import { invalidateScopes, staleTimeFor, type Scope } from './invalidation';

/** The cache key of one operation with one input. */
export function apiKey<K extends OperationName>(name: K, input?: OperationInput<K>): QueryKey {
  return input === undefined ? [name] : [name, input];
}

type QueryOptions<K extends OperationName, T> = Omit<UseQueryOptions<OperationResult<K>, Error, T>, 'queryKey' | 'queryFn'>;

/** One operation's answer for one input, cached and refreshed when main reports a change in what it reads. */
export function useApiQuery<K extends OperationName, T = OperationResult<K>>(
  name: K,
  input?: OperationInput<K>,
  options?: QueryOptions<K, T>,
) {
  return useQuery({ queryKey: apiKey(name, input), queryFn: () => call(name, input), staleTime: staleTimeFor(name), ...options });
}

/** How a paginated operation pages: the input for one page, and the page after the last one (undefined = no more). */
export interface Paging<K extends OperationName, P> {
  withPage: (page: P | undefined) => OperationInput<K>;
  next: (last: OperationResult<K>) => P | undefined;
}

type InfiniteOptions<K extends OperationName, P> = Omit<
  UseInfiniteQueryOptions<OperationResult<K>, Error, InfiniteData<OperationResult<K>, P | undefined>, QueryKey, P | undefined>,
  'queryKey' | 'queryFn' | 'initialPageParam' | 'getNextPageParam'
>;

/** The key of a paginated list: the same operation and input as a single page, marked as pages. */
export function pagesKey<K extends OperationName>(name: K, input: OperationInput<K>): QueryKey {
  return [name, input, 'pages'];
}

/** A keyset-paginated list (payouts cursor, approvals cursor, audit beforeSeq): every page is cached under one key. */
export function useApiPages<K extends OperationName, P>(
  name: K,
  input: OperationInput<K>,
  paging: Paging<K, P>,
  options?: InfiniteOptions<K, P>,
) {
  return useInfiniteQuery({
    queryKey: pagesKey(name, input),
    queryFn: ({ pageParam }) => call(name, paging.withPage(pageParam as P | undefined)),
    initialPageParam: undefined as P | undefined,
    getNextPageParam: (last) => paging.next(last),
    staleTime: staleTimeFor(name),
    ...options,
  });
}

/** Refetches a paginated list from its first page only (the other pages are dropped), keeping rows on screen meanwhile. */
export function reloadFirstPage(client: QueryClient, key: QueryKey): Promise<void> {
  client.setQueryData<InfiniteData<unknown, unknown>>(key, (data) =>
    data ? { pages: data.pages.slice(0, 1), pageParams: data.pageParams.slice(0, 1) } : data,
  );
  return client.refetchQueries({ queryKey: key, exact: true });
}

type MutationOptions<K extends OperationName> = Omit<UseMutationOptions<OperationResult<K>, Error, OperationInput<K>>, 'mutationFn'> & {
  /** What the operation changes: the cached answers reading these scopes are refreshed once it has run. */
  invalidates?: Scope[];
};

/** One operation that changes something; `mutateAsync(input)` resolves with its result or rejects with its ApiError. */
export function useApiMutation<K extends OperationName>(name: K, { invalidates = [], onSettled, ...options }: MutationOptions<K> = {}) {
  const client = useQueryClient();
  return useMutation<OperationResult<K>, Error, OperationInput<K>>({
    mutationFn: (input) => call(name, input),
    ...options,
    onSettled: (...args) => {
      // Main also reports the change as a dataChanged event; refreshing here does not wait for it.
      void invalidateScopes(client, invalidates);
      return onSettled?.(...args);
    },
  });
}
