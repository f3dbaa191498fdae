import { Button } from '@mantine/core';

/** The next page of a paged list, on request (what TanStack's useInfiniteQuery offers). */
export function LoadMore({
  pages,
  label = 'Load more',
}: {
  pages: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
  label?: string;
}) {
  if (!pages.hasNextPage) return null;
  return (
    <Button variant="default" size="xs" onClick={() => void pages.fetchNextPage()} loading={pages.isFetchingNextPage}>
      {label}
    </Button>
  );
}
