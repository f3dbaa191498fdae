import { useCallback, type ReactNode } from 'react';
import { Checkbox, Table } from '@mantine/core';
import { useRowNavigation } from '../lib/useRowNavigation';
import classes from './table.module.css';

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
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(rowId(r)));
  const someSelected = rows.some((r) => selected.has(rowId(r)));

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

  const { bodyRef, rowProps } = useRowNavigation(rows, (event, row) => {
    if (event.key === ' ') toggle(rowId(row));
    else if (event.key === 'a' || event.key === 'A') toggleAll();
    else if (event.key === 'Enter') onOpen(row);
    else return false;
    return true;
  });

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
                {...rowProps(index, row)}
                data-testid={rowTestId}
                data-payout-id={id}
                data-selected={isSelected}
                aria-selected={isSelected}
                className={classes.row}
                bg={isSelected ? 'var(--mantine-primary-color-light)' : undefined}
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
