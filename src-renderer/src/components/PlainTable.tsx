import type { ReactNode } from 'react';
import { Table, type TableProps } from '@mantine/core';

/**
 * A table that only shows (no row opens, unlike DataTable): its header cells, its body rows, scrolling sideways
 * below `minWidth`. Other props go to Mantine's Table.
 */
export function PlainTable({
  minWidth,
  head,
  children,
  ...tableProps
}: { minWidth: number; head: ReactNode; children: ReactNode } & TableProps) {
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table {...tableProps}>
        <Table.Thead>
          <Table.Tr>{head}</Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
