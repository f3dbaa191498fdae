import type { ReactNode } from 'react';
import { Stack } from '@mantine/core';
import { errorMessage } from '../lib/errors';
import { ErrorAlert } from './ErrorAlert';
import { TableSkeleton } from './TableSkeleton';

/** What QueryState needs of a TanStack query result (single or paged). */
export interface QueryLike<T> {
  data: T | undefined;
  error: Error | null;
  refetch: () => unknown;
}

interface Props<T> {
  query: QueryLike<T>;
  /** Names what is loaded, in "Could not load …" and "Could not refresh …" (e.g. "the overview", "creators"). */
  what: string;
  /** Shown until the first answer; a table skeleton by default. */
  loading?: ReactNode;
  /** When `empty` is shown; by default when the answer is an empty list. */
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}

const isEmptyList = (data: unknown) => Array.isArray(data) && data.length === 0;

/**
 * The one loading / error / empty ladder of every screen: a skeleton until the first answer, an error with
 * "Try again" when there is nothing to show, the screen's own empty state, else the data. When a refresh fails
 * the last answer stays on screen under the error (offline first: cached data is still worth reading).
 */
export function QueryState<T>({ query, what, loading = <TableSkeleton />, isEmpty = isEmptyList, empty, children }: Props<T>) {
  const retry = () => void query.refetch();
  if (query.data === undefined) {
    if (query.error) return <ErrorAlert title={`Could not load ${what}`} message={errorMessage(query.error)} onRetry={retry} />;
    return <>{loading}</>;
  }
  const content = empty !== undefined && isEmpty(query.data) ? empty : children(query.data);
  if (!query.error) return <>{content}</>;
  return (
    <Stack gap="md">
      <ErrorAlert title={`Could not refresh ${what}`} message={errorMessage(query.error)} onRetry={retry} />
      {content}
    </Stack>
  );
}
