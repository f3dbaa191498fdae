import { Skeleton, Stack } from '@mantine/core';

export function TableSkeleton({ rows = 8 }: { rows?: number }) {
  return (
    <Stack gap="xs" aria-busy="true" aria-label="Loading" data-testid="loading">
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} height={28} radius="sm" />
      ))}
    </Stack>
  );
}
