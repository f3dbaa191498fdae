import type { KeyboardEvent, ReactNode } from 'react';
import { Table } from '@mantine/core';
import { openOnEnter, useRowNavigation } from '../lib/useRowNavigation';
import classes from './table.module.css';

export interface Column<T> {
  key: string;
  label: ReactNode;
  width?: number;
  align?: 'left' | 'right';
  className?: string;
  render: (row: T) => ReactNode;
}

interface Props<T> {
  rows: T[];
  columns: Array<Column<T>>;
  rowKey: (row: T) => string | number;
  /** Opens a row (click, Enter, and Space unless `spaceOpens` is false); rows it returns false for stay inert. */
  onOpen: (row: T) => void;
  canOpen?: (row: T) => boolean;
  spaceOpens?: boolean;
  /** Keys of the focused row beyond ↑/↓ (Enter opens unless this handles it); true when handled. */
  onKey?: (event: KeyboardEvent<HTMLTableRowElement>, row: T) => boolean;
  /** A row's background (e.g. selected rows). */
  rowBackground?: (row: T) => string | undefined;
  /** Per row: data-* attributes and an accessible name. */
  rowAttributes?: (row: T) => Record<string, string | number | boolean | undefined>;
  label: string;
  testId: string;
  rowTestId: string;
  minWidth: number;
  striped?: boolean;
  fixed?: boolean;
  multiselectable?: boolean;
}

/** A table of rows that open: keyboard rows (↑/↓, Home/End, Enter), one cell per column. */
export function DataTable<T>({
  rows,
  columns,
  rowKey,
  onOpen,
  canOpen = () => true,
  spaceOpens = true,
  onKey,
  rowBackground,
  rowAttributes,
  label,
  testId,
  rowTestId,
  minWidth,
  striped = false,
  fixed = false,
  multiselectable,
}: Props<T>) {
  const open = (row: T) => canOpen(row) && onOpen(row);
  const openKeys = openOnEnter(open, spaceOpens);
  const { bodyRef, rowProps } = useRowNavigation(rows, (event, row) => onKey?.(event, row) || openKeys(event, row));
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table
        striped={striped}
        highlightOnHover
        verticalSpacing="xs"
        layout={fixed ? 'fixed' : undefined}
        aria-label={label}
        data-testid={testId}
        aria-multiselectable={multiselectable}
      >
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th key={c.key} w={c.width} ta={c.align}>
                {c.label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody ref={bodyRef}>
          {rows.map((row, index) => (
            <Table.Tr
              key={rowKey(row)}
              {...rowProps(index, row)}
              {...rowAttributes?.(row)}
              data-testid={rowTestId}
              className={canOpen(row) ? classes.row : undefined}
              bg={rowBackground?.(row)}
              onClick={() => open(row)}
            >
              {columns.map((c) => (
                <Table.Td key={c.key} ta={c.align} className={c.className}>
                  {c.render(row)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
