import { Alert, Badge, Button, Checkbox, Group, List, SegmentedControl, Stack, Text, Tooltip } from '@mantine/core';
import type { ImportPreview } from '@shared/contract';
import { AmountTotals } from '../../../components/AmountTotals';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { formatDateTime } from '../../../lib/time';
import { earlierImportLines, importBlockedByEarlier } from './alreadyImported';
import { PreviewTable } from './PreviewTable';
import type { CsvImport, RowFilter } from './useCsvImport';

/** The file could not be read as a table (missing columns, wrong separator…): nothing of it is imported. */
export function FileErrors({ preview }: { preview: ImportPreview }) {
  return (
    <ErrorAlert title="This file cannot be imported" testId="import-file-errors">
      <List size="sm" spacing={2}>
        {preview.fileErrors.map((m) => (
          <List.Item key={m}>{m}</List.Item>
        ))}
      </List>
      <Text size="sm" mt={4}>
        Nothing was read from it. Download the template to see the expected columns.
      </Text>
    </ErrorAlert>
  );
}

/** Counts, totals, the rows (filtered), and the import buttons. */
export function ImportSummary({ imp, preview, onClose }: { imp: CsvImport; preview: ImportPreview; onClose: () => void }) {
  const working = imp.phase !== 'idle';
  const duplicatesSkipped = imp.skipDuplicates ? preview.duplicateRows : 0;
  // Possible duplicates are flagged on valid rows only (an invalid row is never compared).
  const validToImport = Math.max(0, preview.validRows - duplicatesSkipped);
  const blockedByEarlier = importBlockedByEarlier(preview, imp.importAgain);
  return (
    <>
      <Group gap="md" wrap="wrap" data-testid="import-summary">
        <Badge variant="light" size="lg" tt="none" data-testid="import-total-rows">
          {preview.totalRows.toLocaleString()} row{preview.totalRows === 1 ? '' : 's'}
        </Badge>
        <Badge variant="light" color="green" size="lg" tt="none" data-testid="import-valid-rows">
          {preview.validRows.toLocaleString()} valid
        </Badge>
        <Badge variant="light" color={preview.invalidRows ? 'red' : 'gray'} size="lg" tt="none" data-testid="import-invalid-rows">
          {preview.invalidRows.toLocaleString()} with errors
        </Badge>
        <Badge variant="light" color={preview.duplicateRows ? 'yellow' : 'gray'} size="lg" tt="none" data-testid="import-duplicate-rows">
          {preview.duplicateRows.toLocaleString()} possible duplicate{preview.duplicateRows === 1 ? '' : 's'}
        </Badge>
      </Group>
      <AmountTotals totals={preview.totals} testId="import-totals" />
      {preview.alreadyImported.length > 0 && (
        <Alert color="orange" variant="light" title="This file was imported before" data-testid="import-already-imported">
          <Stack gap={4}>
            {preview.alreadyImportedMessage && <Text size="sm">{preview.alreadyImportedMessage}</Text>}
            <List size="sm" spacing={2}>
              {earlierImportLines(preview.alreadyImported, formatDateTime).map((line) => (
                <List.Item key={line}>{line}</List.Item>
              ))}
            </List>
            <Checkbox
              mt={4}
              label="Import it again anyway: every row becomes a new draft, beside those of the earlier import"
              checked={imp.importAgain}
              onChange={(e) => imp.setImportAgain(e.currentTarget.checked)}
              disabled={working}
              data-testid="import-again"
            />
          </Stack>
        </Alert>
      )}
      {preview.duplicateRows > 0 && (
        <Text size="sm" c="dimmed">
          A possible duplicate has the same recipient, amount, currency and campaign as a payout of the last {preview.duplicateWindowDays}{' '}
          days or an earlier line of this file.
        </Text>
      )}
      <SegmentedControl
        value={imp.filter}
        onChange={(v) => imp.setFilter(v as RowFilter)}
        data={[
          { value: 'all', label: 'All rows' },
          { value: 'errors', label: `Rows with errors (${preview.invalidRows})` },
          { value: 'duplicates', label: `Possible duplicates (${preview.duplicateRows})` },
        ]}
        w="fit-content"
        aria-label="Rows shown"
      />
      <PreviewTable preview={preview} filter={imp.filter} />
      {preview.truncated && (
        <Text size="sm" c="dimmed">
          The preview lists the first {preview.rows.length} rows and up to {preview.invalid.length} rows with errors; the counts and totals
          cover the whole file.
        </Text>
      )}
      <Group justify="space-between" align="center" wrap="wrap">
        {preview.duplicateRows > 0 ? (
          <Checkbox
            label={`Skip possible duplicates (${preview.duplicateRows})`}
            checked={imp.skipDuplicates}
            onChange={(e) => imp.setSkipDuplicates(e.currentTarget.checked)}
            disabled={working}
          />
        ) : (
          <span />
        )}
        <Group gap="xs">
          <Button variant="default" onClick={onClose} disabled={working}>
            Cancel
          </Button>
          {preview.invalidRows > 0 && preview.validRows > 0 && (
            <Button
              variant="light"
              onClick={() => imp.commit(true)}
              loading={imp.phase === 'importing'}
              disabled={(working && imp.phase !== 'importing') || blockedByEarlier}
            >
              Import only valid rows ({validToImport.toLocaleString()})
            </Button>
          )}
          <Tooltip
            label={
              blockedByEarlier
                ? 'This file was imported before: tick “Import it again anyway” to import it a second time.'
                : preview.invalidRows > 0
                  ? `${preview.invalidRows} row${preview.invalidRows === 1 ? ' has' : 's have'} errors: fix the file, or import only the valid rows.`
                  : `Imports ${validToImport} draft${validToImport === 1 ? '' : 's'}${duplicatesSkipped ? `, skipping ${duplicatesSkipped} possible duplicates` : ''}.`
            }
            multiline
            w={300}
          >
            <span>
              <Button
                onClick={() => imp.commit(false)}
                disabled={preview.invalidRows > 0 || working || validToImport === 0 || blockedByEarlier}
                loading={imp.phase === 'importing' && preview.invalidRows === 0}
              >
                Import all
              </Button>
            </span>
          </Tooltip>
        </Group>
      </Group>
      {preview.invalidRows > 0 && (
        <Text size="sm" c="red" data-testid="import-all-disabled-reason">
          Nothing is imported while rows have errors, unless you choose to import only the valid rows.
        </Text>
      )}
    </>
  );
}
