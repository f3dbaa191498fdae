import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Box, Table, Text, UnstyledButton, Group, VisuallyHidden } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconSelector } from '@tabler/icons-react';
import { type PayoutRow } from '@shared/contract';
import { AmountCell, ConnectionLines, DateTimeCell, recipientText } from '../../components/cells';
import { firstSeenExplanation, payeeDetails, payoutDateParts } from '../../components/payee';
import { StatusBadgeView } from '../../components/StatusBadge';
import { CellText } from '../../components/CellText';
import { useConnections } from '../../api/appData';
import { useProviders } from '../../api/providers';
import classes from '../../components/table.module.css';
import { SpacerRow, useVirtualRows } from '../../lib/useVirtualRows';
import { usePayoutsView, type PayoutSortColumn } from '../../stores/payoutsViewStore';

interface Column {
  key: string;
  label: string;
  sort?: PayoutSortColumn;
  align?: 'left' | 'right';
  /** Width in a wide table, and below `compactBelow` (the window's minimum width leaves about 720 px). */
  width?: { wide: number; compact: number };
  /** Said in the header's tooltip. */
  hint?: string;
}

/** Main sorts amounts by their number alone, whatever the currency. */
export const amountSortHint =
  'Sorts by the number alone, across currencies: €50 sits beside $50. Choose one currency (More filters) to compare like with like.';

const columns: Column[] = [
  { key: 'created', label: 'Created', sort: 'createdAt', width: { wide: 150, compact: 104 } },
  { key: 'creator', label: 'Creator', sort: 'creator' },
  { key: 'connection', label: 'Connection', sort: 'connection', width: { wide: 180, compact: 134 } },
  { key: 'amount', label: 'Amount', sort: 'amount', align: 'right', width: { wide: 150, compact: 125 }, hint: amountSortHint },
  { key: 'status', label: 'Status', sort: 'status', width: { wide: 130, compact: 118 } },
  { key: 'reference', label: 'Reference', sort: 'reference', width: { wide: 200, compact: 114 } },
];

/** Below this table width the fixed columns narrow and dates take two lines, so the creator keeps room. */
const compactBelow = 900;

/** The element's width, followed as it resizes. */
function useWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => setWidth(entry?.contentRect.width ?? 0));
    observer.observe(el);
    setWidth(el.clientWidth);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

const estimatedRowHeight = 50;
/** Start fetching the next page this many rows before the user reaches the end. */
const prefetchRows = 30;

/** What the table needs of its paged query: whether more rows exist, and how to ask for them. */
interface Pages {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  fetchNextPage: () => unknown;
}

export function PayoutTable({ rows, onOpen, pages }: { rows: PayoutRow[]; onOpen: (row: PayoutRow) => void; pages: Pages }) {
  const sort = usePayoutsView((s) => s.sort);
  const toggleSort = usePayoutsView((s) => s.toggleSort);
  const { hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage } = pages;
  const { scrollRef, virtualizer, items, paddingTop, paddingBottom } = useVirtualRows(rows, {
    rowHeight: estimatedRowHeight,
    overscan: 12,
    key: (row) => row.id,
  });
  const width = useWidth(scrollRef);
  const providers = useProviders();
  const { connections } = useConnections();
  const archivedIds = useMemo(() => new Set(connections.filter((c) => c.archivedAt).map((c) => c.id)), [connections]);
  const compact = width > 0 && width < compactBelow;
  // Roving tabindex: one row is in the Tab order, arrow keys move between rows.
  const [activeIndex, setActiveIndex] = useState(0);
  const lastVisible = items.length ? items[items.length - 1]!.index : -1;

  // After a failed page the user retries with Load more; scrolling must not hammer main.
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && !isFetchNextPageError && lastVisible >= rows.length - prefetchRows) void fetchNextPage();
  }, [lastVisible, rows.length, hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage]);

  useEffect(() => {
    if (activeIndex >= rows.length) setActiveIndex(Math.max(0, rows.length - 1));
  }, [rows.length, activeIndex]);

  const focusRow = useCallback(
    (index: number) => {
      const target = Math.max(0, Math.min(rows.length - 1, index));
      setActiveIndex(target);
      virtualizer.scrollToIndex(target, { align: 'auto' });
      // The row may only exist after the virtualizer has rendered it.
      requestAnimationFrame(() => {
        scrollRef.current?.querySelector<HTMLTableRowElement>(`tr[data-index="${target}"]`)?.focus();
      });
    },
    [rows.length, virtualizer, scrollRef],
  );

  const onRowKeyDown = (event: KeyboardEvent<HTMLTableRowElement>, index: number, row: PayoutRow) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / estimatedRowHeight) - 1);
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      PageDown: index + page,
      PageUp: index - page,
      Home: 0,
      End: rows.length - 1,
    };
    const next = moves[event.key];
    if (next !== undefined) {
      event.preventDefault();
      focusRow(next);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onOpen(row);
    }
  };

  // Rows are memoized, so a filter change re-renders only the rows that changed (the old rows stay on screen until
  // the new page arrives); their handlers go through one stable object that always calls the latest closures.
  const latest = useRef({ onRowKeyDown, onOpen });
  latest.current = { onRowKeyDown, onOpen };
  const rowEvents = useMemo<RowEvents>(
    () => ({
      focus: (index) => setActiveIndex(index),
      keyDown: (event, index, row) => latest.current.onRowKeyDown(event, index, row),
      open: (row) => latest.current.onOpen(row),
    }),
    [],
  );

  return (
    <Box ref={scrollRef} className={classes.scroller} data-testid="payouts-scroll">
      <Table
        stickyHeader
        layout="fixed"
        highlightOnHover
        verticalSpacing={6}
        aria-label="Payouts"
        aria-rowcount={hasNextPage ? -1 : rows.length + 1}
        data-testid="payouts-table"
      >
        <Table.Thead>
          <Table.Tr aria-rowindex={1}>
            {columns.map((column) => {
              const sorted = column.sort && sort.column === column.sort ? sort.direction : null;
              return (
                <Table.Th
                  key={column.key}
                  w={column.width ? (compact ? column.width.compact : column.width.wide) : undefined}
                  ta={column.align}
                  title={column.hint}
                  aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : column.sort ? 'none' : undefined}
                >
                  {column.sort ? (
                    <UnstyledButton
                      onClick={() => toggleSort(column.sort!)}
                      className={classes.sortButton}
                      data-align={column.align ?? 'left'}
                      aria-description={column.hint}
                    >
                      <Group gap={4} wrap="nowrap" justify={column.align === 'right' ? 'flex-end' : 'flex-start'}>
                        <Text fw={600} size="sm">
                          {column.label}
                        </Text>
                        {sorted === 'asc' ? (
                          <IconArrowUp size={14} aria-hidden />
                        ) : sorted === 'desc' ? (
                          <IconArrowDown size={14} aria-hidden />
                        ) : (
                          <IconSelector size={14} aria-hidden opacity={0.4} />
                        )}
                      </Group>
                    </UnstyledButton>
                  ) : (
                    column.label
                  )}
                </Table.Th>
              );
            })}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <SpacerRow height={paddingTop} colSpan={columns.length} />
          {items.map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <PayoutTableRow
                key={item.key}
                row={row}
                index={item.index}
                active={item.index === activeIndex}
                compact={compact}
                providerName={providers.name(row.provider)}
                archived={archivedIds.has(row.connectionId)}
                measure={virtualizer.measureElement}
                events={rowEvents}
              />
            );
          })}
          <SpacerRow height={paddingBottom} colSpan={columns.length} />
        </Table.Tbody>
      </Table>
    </Box>
  );
}

interface RowEvents {
  focus: (index: number) => void;
  keyDown: (event: KeyboardEvent<HTMLTableRowElement>, index: number, row: PayoutRow) => void;
  open: (row: PayoutRow) => void;
}

interface RowProps {
  row: PayoutRow;
  index: number;
  /** The row in the Tab order (roving tabindex). */
  active: boolean;
  compact: boolean;
  /** Looked up once by the table. */
  providerName: string;
  archived: boolean;
  measure: (element: HTMLTableRowElement | null) => void;
  events: RowEvents;
}

/**
 * The row and its cells as plain elements with the classes and data attributes Mantine's Table.Tr and Table.Td give
 * them (the table is `highlightOnHover` with row borders): the same look, without two Mantine components (factory,
 * props, context, styles, Box) for each of a row's seven elements. A filter change mounts ~30 new rows at once.
 */
const TR_CLASS = `${Table.classes.tr} mantine-Table-tr ${classes.row}`;
const TD_CLASS = `${Table.classes.td} mantine-Table-td`;
const TD_RIGHT_CLASS = `${TD_CLASS} ${classes.alignRight}`;

const PayoutTableRow = memo(function PayoutTableRow({ row, index, active, compact, providerName, archived, measure, events }: RowProps) {
  return (
    <tr
      data-index={index}
      ref={measure}
      tabIndex={active ? 0 : -1}
      aria-rowindex={index + 2}
      className={TR_CLASS}
      data-with-row-border
      data-hover
      data-testid="payout-row"
      data-payout-id={row.id}
      onFocus={() => events.focus(index)}
      onKeyDown={(e) => events.keyDown(e, index, row)}
      onClick={() => events.open(row)}
    >
      <td className={TD_CLASS}>{compact ? <DateTimeCell payout={row} /> : <CreatedLine row={row} />}</td>
      <td className={TD_CLASS}>
        <CreatorCell row={row} />
      </td>
      <td className={TD_CLASS}>
        <ConnectionLines label={row.connectionLabel} archived={archived} providerName={providerName} />
      </td>
      <td className={TD_RIGHT_CLASS}>
        <AmountCell amount={row.amount} testId="payout-amount" />
      </td>
      <td className={TD_CLASS}>
        <StatusBadgeView status={row.status} providerStatus={row.providerStatus} providerName={providerName} />
        {row.providerStatus && <VisuallyHidden>Provider status: {row.providerStatus}</VisuallyHidden>}
      </td>
      <td className={TD_CLASS}>
        <CellText size="xs" mono truncate title={row.remoteId ? `Provider id: ${row.remoteId}` : undefined}>
          {row.clientReference}
        </CellText>
      </td>
    </tr>
  );
});

/** When the payout was made, on one line; "first seen …" is longer than the column, so its date takes a second line. */
function CreatedLine({ row }: { row: PayoutRow }) {
  const { firstSeen, dateTime } = payoutDateParts(row);
  return (
    <CellText
      className={firstSeen ? undefined : classes.nowrap}
      italic={Boolean(firstSeen)}
      title={firstSeen ? firstSeenExplanation : undefined}
      data-first-seen={firstSeen ? true : undefined}
    >
      {firstSeen ? (
        <>
          {firstSeen} <span className={classes.nowrap}>{dateTime}</span>
        </>
      ) : (
        dateTime
      )}
    </CellText>
  );
}

function CreatorCell({ row }: { row: PayoutRow }) {
  const primary = recipientText(row);
  const secondary = payeeDetails(row).join(' · ');
  return (
    <>
      <CellText medium truncate>
        {primary}
      </CellText>
      {secondary && (
        <CellText size="xs" dimmed truncate>
          {secondary}
        </CellText>
      )}
    </>
  );
}
