import { useEffect, useRef, useState, type KeyboardEvent } from 'react';

/**
 * Keyboard rows for tables: one row is in the Tab order (roving tabindex), ↑/↓ and Home/End move between rows,
 * `onKey` handles the rest (Enter opens, Space selects…). Rows carry data-index so focus can find them.
 */
export function useRowNavigation<T>(rows: T[], onKey: (event: KeyboardEvent<HTMLTableRowElement>, row: T) => boolean) {
  const [active, setActive] = useState(0);
  const bodyRef = useRef<HTMLTableSectionElement>(null);

  useEffect(() => {
    if (active >= rows.length) setActive(Math.max(0, rows.length - 1));
  }, [rows.length, active]);

  const focusRow = (index: number) => {
    const target = Math.max(0, Math.min(rows.length - 1, index));
    setActive(target);
    bodyRef.current?.querySelector<HTMLTableRowElement>(`tr[data-index="${target}"]`)?.focus();
  };

  const rowProps = (index: number, row: T) => ({
    'data-index': index,
    tabIndex: index === active ? 0 : -1,
    onFocus: () => setActive(index),
    onKeyDown: (event: KeyboardEvent<HTMLTableRowElement>) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: rows.length - 1 };
      const next = moves[event.key];
      if (next !== undefined) {
        event.preventDefault();
        focusRow(next);
      } else if (onKey(event, row)) event.preventDefault();
    },
  });

  return { bodyRef, rowProps };
}

/** Enter (and Space, unless it selects) opens the row. */
export const openOnEnter =
  <T>(open: (row: T) => void, withSpace = true) =>
  (event: KeyboardEvent<HTMLTableRowElement>, row: T): boolean => {
    if (event.key === 'Enter' || (withSpace && event.key === ' ')) {
      open(row);
      return true;
    }
    return false;
  };
