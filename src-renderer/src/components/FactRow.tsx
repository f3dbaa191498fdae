import type { ReactNode } from 'react';
import { Table } from '@mantine/core';

/** One labelled row of a vertical facts table (the payout drawer, the installation details). */
export function FactRow({ label, width = 130, children }: { label: string; width?: number; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th w={width}>{label}</Table.Th>
      <Table.Td style={{ overflowWrap: 'anywhere' }}>{children}</Table.Td>
    </Table.Tr>
  );
}
