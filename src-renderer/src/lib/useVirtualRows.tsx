import { useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';

/**
 * A virtualized table body: only the rows in view (plus `overscan`) are rendered, with spacer rows above and
 * below so the scrollbar keeps the whole list's height.
 */
export function useVirtualRows<T>(
  rows: T[],
  { rowHeight, overscan, key }: { rowHeight: number; overscan: number; key: (row: T) => number },
) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan,
    getItemKey: (index) => (rows[index] ? key(rows[index]) : index),
  });
  const items = virtualizer.getVirtualItems();
  const paddingTop = items.length ? items[0]!.start : 0;
  const paddingBottom = items.length ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;
  return { scrollRef, virtualizer, items, paddingTop, paddingBottom };
}

/** The spacer row standing in for the rows that are not rendered. */
export function SpacerRow({ height, colSpan }: { height: number; colSpan: number }) {
  if (height <= 0) return null;
  return (
    <tr aria-hidden style={{ height }}>
      <td colSpan={colSpan} />
    </tr>
  );
}
