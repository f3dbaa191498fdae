import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Checkbox, Table } from '@mantine/core';
import classes from '../screens/payouts/PayoutTable.module.css';

export interface SelectableColumn<T> {
  key: string;
  label: string;
  width?: number | string;
  align?: 'left' | 'right';
  render: (row: T) => ReactNode;
}

interface Props<T> {
  rows: T[];
  rowId: (row: T) => number;
  columns: Array<SelectableColumn<T>>;
  selected: ReadonlySet<number>;
  onSelectedChange: (next: Set<number>) => void;
  onOpen: (row: T) => void;
  label: string;
  testId?: string;
  rowTestId?: string;
}

/**
 * A table with a checkbox per row, for batch actions. Keyboard: ↑/↓ (Home/End) move between rows, Space toggles
 * the focused row, A selects all (or clears when all are selected), Enter opens the row.
 */
export function SelectableTable<T>({
  rows,
  rowId,
  columns,
  selected,
  onSelectedChange,
  onOpen,
  label,
  testId,
  rowTestId = 'selectable-row',
}: Props<T>) {
  const [active, setActive] = useState(0);
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(rowId(r)));
  const someSelected = rows.some((r) => selected.has(rowId(r)));

  useEffect(() => {
    if (active >= rows.length) setActive(Math.max(0, rows.length - 1));
  }, [rows.length, active]);

  const toggle = useCallback(
    (id: number) => {
      const next = new Set(selected);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      onSelectedChange(next);
    },
    [selected, onSelectedChange],
  );
  const toggleAll = useCallback(() => {
    onSelectedChange(allSelected ? new Set() : new Set(rows.map(rowId)));
  }, [allSelected, rows, rowId, onSelectedChange]);

  const focusRow = (index: number) => {
    const target = Math.max(0, Math.min(rows.length - 1, index));
    setActive(target);
    bodyRef.current?.querySelector<HTMLTableRowElement>(`tr[data-index="${target}"]`)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>, index: number, row: T) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: rows.length - 1 };
    if (moves[event.key] !== undefined) {
      event.preventDefault();
      focusRow(moves[event.key]!);
    } else if (event.key === ' ') {
      event.preventDefault();
      toggle(rowId(row));
    } else if (event.key === 'a' || event.key === 'A') {
      event.preventDefault();
      toggleAll();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      onOpen(row);
    }
  };

  return (
    <Table.ScrollContainer minWidth={760}>
      <Table highlightOnHover verticalSpacing="xs" layout="fixed" aria-label={label} data-testid={testId} aria-multiselectable="true">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={44}>
              <Checkbox
                aria-label="Select all"
                checked={allSelected}
                indeterminate={someSelected && !allSelected}
                onChange={toggleAll}
                disabled={rows.length === 0}
              />
            </Table.Th>
            {columns.map((c) => (
              <Table.Th key={c.key} w={c.width} ta={c.align}>
                {c.label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody ref={bodyRef}>
          {rows.map((row, index) => {
            const id = rowId(row);
            const isSelected = selected.has(id);
            return (
              <Table.Tr
                key={id}
                data-index={index}
                data-testid={rowTestId}
                data-payout-id={id}
                data-selected={isSelected}
                aria-selected={isSelected}
                tabIndex={index === active ? 0 : -1}
                className={classes.row}
                bg={isSelected ? 'var(--mantine-primary-color-light)' : undefined}
                onFocus={() => setActive(index)}
                onKeyDown={(e) => onKeyDown(e, index, row)}
                onClick={() => onOpen(row)}
              >
                <Table.Td onClick={(e) => e.stopPropagation()}>
                  <Checkbox aria-label={`Select row ${index + 1}`} checked={isSelected} onChange={() => toggle(id)} tabIndex={-1} />
                </Table.Td>
                {columns.map((c) => (
                  <Table.Td key={c.key} ta={c.align}>
                    {c.render(row)}
                  </Table.Td>
                ))}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
