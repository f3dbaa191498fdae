import { useMemo } from 'react';
import { Badge, Box, Stack, Table, Text, Tooltip } from '@mantine/core';
import type { ImportPreview, ImportRowResult } from '@shared/contract';
import classes from '../../../components/table.module.css';
import { formatAmount } from '../../../lib/formatAmount';
import { SpacerRow, useVirtualRows } from '../../../lib/useVirtualRows';
import type { RowFilter } from './useCsvImport';

const rowHeight = 44;

/** Every checked row, virtualized (a file can have 50,000), with its errors and duplicate flag. */
export function PreviewTable({ preview, filter }: { preview: ImportPreview; filter: RowFilter }) {
  const rows = useMemo(() => {
    const byLine = new Map<number, ImportRowResult>();
    for (const r of [...preview.rows, ...preview.invalid]) byLine.set(r.line, r);
    const all = [...byLine.values()].sort((a, b) => a.line - b.line);
    if (filter === 'errors') return all.filter((r) => !r.valid);
    if (filter === 'duplicates') return all.filter((r) => r.possibleDuplicate);
    return all;
  }, [preview, filter]);
  const { scrollRef, virtualizer, items, paddingTop, paddingBottom } = useVirtualRows(rows, {
    rowHeight,
    overscan: 10,
    key: (r) => r.line,
  });

  if (rows.length === 0) {
    return (
      <Text size="sm" c="dimmed" py="md">
        No rows of this kind.
      </Text>
    );
  }

  return (
    <Box
      ref={scrollRef}
      className={classes.scroller}
      style={{ maxHeight: 360, minHeight: 120, flex: 'none' }}
      tabIndex={0}
      aria-label="Import preview rows"
    >
      <Table stickyHeader layout="fixed" verticalSpacing={6} aria-label="Import preview" data-testid="import-preview-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={64}>Line</Table.Th>
            <Table.Th w={220}>Recipient</Table.Th>
            <Table.Th w={130} ta="right">
              Amount
            </Table.Th>
            <Table.Th w={80}>Currency</Table.Th>
            <Table.Th>Description</Table.Th>
            <Table.Th w={140}>Campaign</Table.Th>
            <Table.Th w={300}>Check</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <SpacerRow height={paddingTop} colSpan={7} />
          {items.map((item) => {
            const r = rows[item.index]!;
            return (
              <Table.Tr
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                data-testid="import-row"
                data-line={r.line}
                data-valid={r.valid}
                data-duplicate={r.possibleDuplicate}
                bg={r.valid ? undefined : 'var(--mantine-color-red-light)'}
              >
                <Table.Td ff="monospace">{r.line}</Table.Td>
                <Table.Td>
                  <Text size="sm" truncate="end">
                    {r.recipient || '—'}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">
                  <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
                    {r.amount ? formatAmount(r.amount.minor, r.amount.currency) : r.amountText || '—'}
                  </Text>
                </Table.Td>
                <Table.Td>{r.currency || '—'}</Table.Td>
                <Table.Td>
                  <Text size="sm" truncate="end">
                    {r.description || '—'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" truncate="end">
                    {r.campaign || '—'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Stack gap={2}>
                    {r.valid ? (
                      <Badge color="green" variant="light" size="sm" tt="none">
                        Valid
                      </Badge>
                    ) : (
                      Object.entries(r.errors).map(([column, message]) => (
                        <Text key={column} size="xs" c="red" data-testid="import-row-error">
                          {column !== '_' && <b>{column}: </b>}
                          {message}
                        </Text>
                      ))
                    )}
                    {r.possibleDuplicate && (
                      <Tooltip label={r.duplicateOf ? `Same as ${r.duplicateOf}` : 'Looks like an existing payout'}>
                        <Badge color="yellow" variant="light" size="sm" tt="none" data-testid="import-duplicate-badge">
                          Possible duplicate{r.duplicateOf ? ` of ${r.duplicateOf}` : ''}
                        </Badge>
                      </Tooltip>
                    )}
                  </Stack>
                </Table.Td>
              </Table.Tr>
            );
          })}
          <SpacerRow height={paddingBottom} colSpan={7} />
        </Table.Tbody>
      </Table>
    </Box>
  );
}
