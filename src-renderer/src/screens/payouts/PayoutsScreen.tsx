import { useEffect, useState } from 'react';
import { Alert, Button, Center, EmptyState, Group, Loader, Stack, Text } from '@mantine/core';
import { IconCash, IconFileExport, IconFileImport, IconPlus, IconRefresh } from '@tabler/icons-react';
import { api } from '../../api/client';
import { downloadText } from '../../lib/download';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ScreenHeader } from '../../components/ScreenHeader';
import { SyncAllButton, SyncAllError } from '../../components/SyncControls';
import { TableSkeleton } from '../../components/TableSkeleton';
import { errorMessage } from '../../lib/errors';
import { NoPayoutsYet } from '../../components/NoPayoutsYet';
import { useAppStore } from '../../stores/appStore';
import { payoutQuery, usePayoutsStore } from '../../stores/payoutsStore';
import { hasActiveFilters, PayoutFilters } from './PayoutFilters';
import { PayoutTable } from './PayoutTable';
import { anyPayoutOverlayOpen, usePayoutUi } from '../../stores/payoutUiStore';
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
  const openDrawer = usePayoutUi((s) => s.openDrawer);
  const openNewPayout = usePayoutUi((s) => s.openNewPayout);
  const openImport = usePayoutUi((s) => s.openImport);
  const lastSaved = usePayoutUi((s) => s.lastSaved);
  const setLastSaved = usePayoutUi((s) => s.setLastSaved);
  const [exported, setExported] = useState<ExportNotice | null>(null);

  // "n" drafts a new payout, unless the user is typing somewhere or a dialog is open.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'n' || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || event.repeat) return;
      if (isTypingTarget(event.target) || anyPayoutOverlayOpen() || document.querySelector('[role="dialog"]')) return;
      event.preventDefault();
      openNewPayout();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [openNewPayout]);

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
  else if (error)
    body = (
      <Text size="sm" c="dimmed" data-testid="payouts-filter-invalid">
        Correct the marked filter to see payouts.
      </Text>
    );
  else if (rows.length === 0) body = filtered ? <NoMatches /> : <NoPayouts />;
  // A new query starts at the top: keying the table on it resets the scroll position and focused row.
  else body = <PayoutTable key={`${JSON.stringify(sort)}|${JSON.stringify(filters)}`} rows={rows} onOpen={(row) => openDrawer(row.id)} />;

  return (
    <Stack className={classes.screen} gap="sm">
      <ScreenHeader
        title="Payouts"
        actions={
          <>
            <Button
              leftSection={<IconPlus size={16} />}
              onClick={openNewPayout}
              aria-keyshortcuts="n"
              title="New payout (N)"
              data-testid="new-payout"
            >
              New payout
            </Button>
            <Button variant="default" leftSection={<IconFileImport size={16} />} onClick={openImport} data-testid="import-csv">
              Import CSV
            </Button>
            <ExportCsvButton disabled={Boolean(error) || (hasLoaded && rows.length === 0)} onResult={setExported} />
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
      {lastSaved && (
        <Alert
          color="green"
          variant="light"
          py={6}
          withCloseButton
          onClose={() => setLastSaved(null)}
          data-testid="draft-saved"
          role="status"
        >
          <Group justify="space-between" gap="xs">
            <Text size="sm">{lastSaved.text}</Text>
            <Button size="xs" variant="default" onClick={() => openDrawer(lastSaved.id)}>
              Open draft
            </Button>
          </Group>
        </Alert>
      )}
      {exported && (
        <Alert
          color={exported.error ? 'red' : exported.truncated ? 'orange' : 'green'}
          variant="light"
          py={6}
          withCloseButton
          onClose={() => setExported(null)}
          data-testid="export-result"
          role="status"
        >
          <Text size="sm">
            {exported.error
              ? `Export failed: ${exported.error}`
              : `Exported ${exported.rows.toLocaleString()} payout${exported.rows === 1 ? '' : 's'} to ${exported.fileName}, with a total per currency.`}
            {exported.truncated &&
              ' The view has more payouts than one export holds; only the first ones are in the file — narrow the filters to export the rest.'}
          </Text>
        </Alert>
      )}
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
    </Stack>
  );
}

function NoPayouts() {
  return (
    <NoPayoutsYet
      icon={<IconCash size={32} />}
      title="No payouts yet — create the demo workspace or add a connection and sync"
      description="Payouts appear here once a connection has synced with its provider."
      testId="payouts-empty"
    />
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

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

interface ExportNotice {
  fileName: string;
  rows: number;
  truncated: boolean;
  error: string | null;
}

/** CSV of exactly the current view: the table's own filters and sort, read by main page by page, totals per currency at the end. */
function ExportCsvButton({ disabled, onResult }: { disabled: boolean; onResult: (notice: ExportNotice) => void }) {
  const [busy, setBusy] = useState(false);
  const run = async () => {
    const { filters, sort } = usePayoutsStore.getState();
    setBusy(true);
    try {
      const file = await api.call('payouts.exportCsv', payoutQuery(filters, sort));
      downloadText(file.fileName, file.mimeType, file.content);
      onResult({ fileName: file.fileName, rows: file.rows, truncated: file.truncated, error: null });
    } catch (e) {
      useAppStore.getState().noteError(e);
      onResult({ fileName: '', rows: 0, truncated: false, error: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      variant="default"
      leftSection={busy ? <Loader size={14} /> : <IconFileExport size={16} />}
      onClick={() => void run()}
      disabled={disabled || busy}
      aria-busy={busy}
      title="Download the payouts of this view, as filtered and sorted, as CSV"
      data-testid="export-csv"
    >
      Export CSV
    </Button>
  );
}
