import { Checkbox } from '@mantine/core';
import { DataTable, type Column } from './DataTable';

interface Props<T> {
  rows: T[];
  rowId: (row: T) => number;
  columns: Array<Column<T>>;
  selected: ReadonlySet<number>;
  onSelectedChange: (next: Set<number>) => void;
  onOpen: (row: T) => void;
  label: string;
  testId: string;
  rowTestId: string;
}

/**
 * A table with a checkbox per row, for batch actions. Keyboard: ↑/↓ (Home/End) move between rows, Space toggles
 * the focused row, A selects all (or clears when all are selected), Enter opens the row.
 */
export function SelectableTable<T>({ rows, rowId, columns, selected, onSelectedChange, onOpen, label, testId, rowTestId }: Props<T>) {
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(rowId(r)));
  const someSelected = rows.some((r) => selected.has(rowId(r)));
  const toggle = (id: number) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onSelectedChange(next);
  };
  const toggleAll = () => onSelectedChange(allSelected ? new Set() : new Set(rows.map(rowId)));

  const checkbox: Column<T> = {
    key: 'select',
    width: 44,
    label: (
      <Checkbox
        aria-label="Select all"
        checked={allSelected}
        indeterminate={someSelected && !allSelected}
        onChange={toggleAll}
        disabled={rows.length === 0}
      />
    ),
    render: (row) => (
      // A click on the checkbox selects; it must not also open the row.
      <span onClick={(e) => e.stopPropagation()}>
        <Checkbox
          aria-label={`Select row ${rows.indexOf(row) + 1}`}
          checked={selected.has(rowId(row))}
          onChange={() => toggle(rowId(row))}
          tabIndex={-1}
        />
      </span>
    ),
  };

  return (
    <DataTable
      rows={rows}
      columns={[checkbox, ...columns]}
      rowKey={rowId}
      onOpen={onOpen}
      spaceOpens={false}
      onKey={(event, row) => {
        if (event.key === ' ') toggle(rowId(row));
        else if (event.key === 'a' || event.key === 'A') toggleAll();
        else return false;
        return true;
      }}
      rowBackground={(row) => (selected.has(rowId(row)) ? 'var(--mantine-primary-color-light)' : undefined)}
      rowAttributes={(row) => ({
        'data-payout-id': rowId(row),
        'data-selected': selected.has(rowId(row)),
        'aria-selected': selected.has(rowId(row)),
      })}
      label={label}
      testId={testId}
      rowTestId={rowTestId}
      minWidth={660}
      fixed
      multiselectable
    />
  );
}
