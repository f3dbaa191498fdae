import { useEffect, useState } from 'react';
import { Alert, Button, Center, EmptyState, Group, Loader, Stack, Text } from '@mantine/core';
import { IconCash, IconRefresh } from '@tabler/icons-react';
import type { PayoutRow } from '@contract';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ScreenHeader } from '../../components/ScreenHeader';
import { SyncAllButton, SyncAllError } from '../../components/SyncControls';
import { TableSkeleton } from '../../components/TableSkeleton';
import { errorMessage } from '../../lib/errors';
import { useCreateDemo } from '../../lib/useCreateDemo';
import { useAppStore } from '../../stores/appStore';
import { useNavigation } from '../../stores/navigationStore';
import { usePayoutsStore } from '../../stores/payoutsStore';
import { hasActiveFilters, PayoutFilters } from './PayoutFilters';
import { PayoutTable } from './PayoutTable';
import { PayoutDetails } from './PayoutDetails';
import { SyncFreshness } from './SyncFreshness';
import classes from './PayoutsScreen.module.css';

export function PayoutsScreen() {
  const rows = usePayoutsStore((s) => s.rows);
  const loading = usePayoutsStore((s) => s.loading);
  const hasLoaded = usePayoutsStore((s) => s.hasLoaded);
  const error = usePayoutsStore((s) => s.error);
  const fieldErrors = usePayoutsStore((s) => s.fieldErrors);
  const loadMoreError = usePayoutsStore((s) => s.loadMoreError);
  const stale = usePayoutsStore((s) => s.stale);
  const nextCursor = usePayoutsStore((s) => s.nextCursor);
  const loadingMore = usePayoutsStore((s) => s.loadingMore);
  const filters = usePayoutsStore((s) => s.filters);
  const sort = usePayoutsStore((s) => s.sort);
  const resetVersion = usePayoutsStore((s) => s.resetVersion);
  const reload = usePayoutsStore((s) => s.reload);
  const loadMore = usePayoutsStore((s) => s.loadMore);
  const connections = useAppStore((s) => s.connections);
  const [opened, setOpened] = useState<PayoutRow | null>(null);

  useEffect(() => {
    const state = usePayoutsStore.getState();
    if (!state.hasLoaded || state.stale) void state.reload();
  }, []);

  const filtered = hasActiveFilters(filters);
  // Field errors are shown under their filter; the alert is for everything else.
  const showErrorAlert = error && Object.keys(fieldErrors).length === 0;

  let body: React.ReactNode;
  if (loading && !hasLoaded) body = <TableSkeleton />;
  else if (showErrorAlert) body = <ErrorAlert title="Could not load payouts" message={error} onRetry={() => void reload()} />;
  else if (error) body = null;
  else if (rows.length === 0) body = filtered ? <NoMatches /> : <NoPayouts />;
  // A new query starts at the top: keying the table on it resets the scroll position and focused row.
  else body = <PayoutTable key={`${JSON.stringify(sort)}|${JSON.stringify(filters)}`} rows={rows} onOpen={setOpened} />;

  return (
    <Stack className={classes.screen} gap="sm">
      <ScreenHeader
        title="Payouts"
        actions={
          <>
            {/* Not `loading`: a loading Mantine Button hides its label, and reloads after every sync page made it an empty box. */}
            <Button
              variant="default"
              leftSection={loading && hasLoaded ? <Loader size={14} /> : <IconRefresh size={16} />}
              onClick={() => void reload()}
              aria-busy={loading && hasLoaded}
              data-testid="payouts-refresh"
            >
              Refresh
            </Button>
            <SyncAllButton />
          </>
        }
      />
      <SyncAllError />
      <SyncFreshness connections={connections} />
      <PayoutFilters key={resetVersion} />
      {stale && (
        <Alert color="blue" variant="light" py={6}>
          <Group justify="space-between">
            <Text size="sm">Payouts have changed since this list was loaded.</Text>
            <Button size="xs" onClick={() => void reload()}>
              Reload list
            </Button>
          </Group>
        </Alert>
      )}
      {body}
      {rows.length > 0 && !error && (
        <Group justify="space-between" gap="sm">
          <Text size="sm" c="dimmed" role="status" data-testid="payouts-count">
            {rows.length.toLocaleString()} payout{rows.length === 1 ? '' : 's'} shown{nextCursor ? ' — more available' : ''}
          </Text>
          {loadMoreError && <Text size="sm" c="red">{`Could not load more: ${loadMoreError}`}</Text>}
          {nextCursor && (
            <Button variant="default" size="xs" onClick={() => void loadMore()} loading={loadingMore}>
              Load more
            </Button>
          )}
          {!nextCursor && loadingMore && <Loader size="xs" />}
        </Group>
      )}
      <PayoutDetails payout={opened} onClose={() => setOpened(null)} />
    </Stack>
  );
}

function NoPayouts() {
  const workspaceEmpty = useAppStore((s) => s.info?.workspaceEmpty ?? false);
  const navigate = useNavigation((s) => s.navigate);
  const { createDemo, creating, error } = useCreateDemo();
  return (
    <Center py="xl">
      <EmptyState
        icon={<IconCash size={32} />}
        withIndicatorBackground
        title="No payouts yet — create the demo workspace or add a connection and sync"
        description="Payouts appear here once a connection has synced with its provider."
        data-testid="payouts-empty"
      >
        {workspaceEmpty && (
          <EmptyState.Actions>
            <Button onClick={() => void createDemo()} loading={creating}>
              Create demo workspace
            </Button>
            <Button variant="default" onClick={() => navigate('connections', { kind: 'addConnection' })}>
              Add a connection
            </Button>
          </EmptyState.Actions>
        )}
        {error !== null && <Text c="red" size="sm" mt="sm">{errorMessage(error)}</Text>}
      </EmptyState>
    </Center>
  );
}

function NoMatches() {
  const resetFilters = usePayoutsStore((s) => s.resetFilters);
  return (
    <Center py="xl">
      <EmptyState
        icon={<IconCash size={32} />}
        withIndicatorBackground
        title="No payouts match these filters"
        description="Change or clear the filters to see more."
        data-testid="payouts-no-matches"
      >
        <EmptyState.Actions>
          <Button variant="default" onClick={resetFilters}>
            Show all payouts
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    </Center>
  );
}
