import { useEffect, useState } from 'react';
import { Button, Group, Loader, Stack, Text } from '@mantine/core';
import { IconCash, IconFileImport, IconPlus, IconRefresh } from '@tabler/icons-react';
import { ApiError } from '../../api/client';
import { useConnections } from '../../api/appData';
import { CenteredEmptyState } from '../../components/CenteredEmptyState';
import { NoPayoutsYet } from '../../components/NoPayoutsYet';
import { LoadMore } from '../../components/LoadMore';
import { QueryState } from '../../components/QueryState';
import { ScreenHeader } from '../../components/ScreenHeader';
import { SyncAllButton, SyncAllError } from '../../components/SyncControls';
import { usePermission } from '../../api/session';
import { WhenAllowed } from '../../components/WhenAllowed';
import { usePayoutsView } from '../../stores/payoutsViewStore';
import { anyPayoutOverlayOpen, usePayoutUi } from '../../stores/payoutUiStore';
import { ExportCsvButton } from './ExportCsvButton';
import { hasActiveFilters, PayoutFilters } from './PayoutFilters';
import { DraftSavedNotice, ExportNoticeAlert, StaleListNotice, type ExportNotice } from './PayoutNotices';
import { amountSortHint, PayoutTable } from './PayoutTable';
import { SyncFreshness } from './SyncFreshness';
import { usePayoutPages } from './usePayoutPages';
import classes from './PayoutsScreen.module.css';

export function PayoutsScreen() {
  const filters = usePayoutsView((s) => s.filters);
  const sort = usePayoutsView((s) => s.sort);
  const resetVersion = usePayoutsView((s) => s.resetVersion);
  const { connections } = useConnections();
  const openDrawer = usePayoutUi((s) => s.openDrawer);
  const openNewPayout = usePayoutUi((s) => s.openNewPayout);
  const openImport = usePayoutUi((s) => s.openImport);
  const [exported, setExported] = useState<ExportNotice | null>(null);
  const { query, rows, reload } = usePayoutPages();
  const mayDraft = usePermission('payouts.createDraft');
  const mayImport = usePermission('payouts.importCommit');

  // "n" drafts a new payout, unless the user is typing somewhere or a dialog is open.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'n' || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || event.repeat) return;
      if (isTypingTarget(event.target) || anyPayoutOverlayOpen() || document.querySelector('[role="dialog"]')) return;
      if (mayDraft !== true) return;
      event.preventDefault();
      openNewPayout();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [openNewPayout, mayDraft]);

  // A failed next page keeps the rows shown; a failed first page (or bad filter) replaces them.
  const listError = query.isFetchNextPageError ? null : query.error;
  const fieldErrors = listError instanceof ApiError ? listError.fieldErrors : {};
  const filterInvalid = Object.keys(fieldErrors).length > 0;
  const refreshing = query.isFetching && !query.isFetchingNextPage && query.data !== undefined;
  const hasLoaded = query.data !== undefined || listError !== null;

  return (
    <Stack className={classes.screen} gap="sm">
      <ScreenHeader
        title="Payouts"
        // How old the cache is, under the title: the list keeps as much of the window as it can.
        description={<SyncFreshness connections={connections} />}
        actions={
          <>
            <WhenAllowed permission={mayDraft}>
              {(blocked) => (
                <Button
                  leftSection={<IconPlus size={16} />}
                  onClick={openNewPayout}
                  aria-keyshortcuts="n"
                  title={blocked ? undefined : 'New payout (N)'}
                  disabled={blocked}
                  data-testid="new-payout"
                >
                  New payout
                </Button>
              )}
            </WhenAllowed>
            <WhenAllowed permission={mayImport}>
              {(blocked) => (
                <Button
                  variant="default"
                  leftSection={<IconFileImport size={16} />}
                  onClick={openImport}
                  disabled={blocked}
                  data-testid="import-csv"
                >
                  Import CSV
                </Button>
              )}
            </WhenAllowed>
            {/* Not `loading`: a loading Mantine Button hides its label, and reloads after every sync page made it an empty box. */}
            <Button
              variant="default"
              leftSection={refreshing ? <Loader size={14} /> : <IconRefresh size={16} />}
              onClick={() => void reload()}
              aria-busy={refreshing}
              data-testid="payouts-refresh"
            >
              Refresh
            </Button>
            <SyncAllButton />
          </>
        }
      />
      <SyncAllError />
      <DraftSavedNotice />
      <ExportNoticeAlert notice={exported} onClose={() => setExported(null)} />
      <PayoutFilters key={resetVersion} fieldErrors={fieldErrors} />
      {query.isStale && query.data && !query.isFetching && <StaleListNotice onReload={() => void reload()} />}
      {sort.column === 'amount' && !filters.currency && (
        <Text size="xs" c="dimmed" data-testid="amount-sort-note">
          {amountSortHint}
        </Text>
      )}
      {filterInvalid ? (
        // Field errors are shown under their filter.
        <Text size="sm" c="dimmed" data-testid="payouts-filter-invalid">
          Correct the marked filter to see payouts.
        </Text>
      ) : (
        <QueryState
          query={{ data: listError ? undefined : query.data, error: listError, refetch: reload }}
          what="payouts"
          isEmpty={() => rows.length === 0}
          empty={hasActiveFilters(filters) ? <NoMatches /> : <NoPayouts />}
        >
          {/* A new query starts at the top: keying the table on it resets the scroll position and focused row. */}
          {() => (
            <PayoutTable
              key={`${JSON.stringify(sort)}|${JSON.stringify(filters)}`}
              rows={rows}
              onOpen={(row) => openDrawer(row.id)}
              pages={query}
            />
          )}
        </QueryState>
      )}
      {rows.length > 0 && !listError && (
        <Group justify="space-between" gap="sm">
          <Text size="sm" c="dimmed" role="status" data-testid="payouts-count">
            {rows.length.toLocaleString()} payout{rows.length === 1 ? '' : 's'} shown{query.hasNextPage ? ' — more available' : ''}
          </Text>
          {query.isFetchNextPageError && <Text size="sm" c="red">{`Could not load more: ${query.error?.message ?? ''}`}</Text>}
          <Group gap="xs">
            <LoadMore pages={query} />
            {!query.hasNextPage && query.isFetchingNextPage && <Loader size="xs" />}
            <ExportCsvButton disabled={listError !== null || (hasLoaded && rows.length === 0)} onResult={setExported} />
          </Group>
        </Group>
      )}
    </Stack>
  );
}

function NoPayouts() {
  return (
    <NoPayoutsYet icon={IconCash} testId="payouts-empty" title="No payouts yet — add a connection and sync">
      Payouts appear here once a connection has synced with its provider.
    </NoPayoutsYet>
  );
}

function NoMatches() {
  const resetFilters = usePayoutsView((s) => s.resetFilters);
  return (
    <CenteredEmptyState
      icon={IconCash}
      testId="payouts-no-matches"
      title="No payouts match these filters"
      actions={
        <Button variant="default" onClick={resetFilters}>
          Show all payouts
        </Button>
      }
    >
      Change or clear the filters to see more.
    </CenteredEmptyState>
  );
}

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}
