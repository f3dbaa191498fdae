import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Alert,
  Badge,
  Box,
  Button,
  Checkbox,
  FileInput,
  Group,
  List,
  Modal,
  NativeSelect,
  Progress,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Tooltip,
} from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconDownload, IconFileTypeCsv } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type ImportCommitResult, type ImportPreview, type ImportRowResult } from '@shared/contract';
import { providerName } from '../../stores/appStore';
import { api } from '../../api/client';
import { AmountTotals } from '../../components/AmountTotals';
import { ErrorAlert } from '../../components/ErrorAlert';
import { downloadText } from '../../lib/download';
import { errorMessage } from '../../lib/errors';
import { formatAmount } from '../../lib/formatAmount';
import { useInertBackground } from '../../lib/useInertBackground';
import { useAppStore } from '../../stores/appStore';
import { useNavigation } from '../../stores/navigationStore';
import { usePayoutUi } from '../../stores/payoutUiStore';
import classes from './PayoutTable.module.css';

/** Main refuses more than this; checked here first so a huge file is not even read. */
const maxFileBytes = 40_000_000;
const rowHeight = 44;

export function ImportCsvModal() {
  const opened = usePayoutUi((s) => s.importOpened);
  const close = usePayoutUi((s) => s.closeImport);
  const [busy, setBusy] = useState(false);
  useInertBackground(opened);
  return (
    <Modal opened={opened} onClose={() => !busy && close()} title="Import payouts from CSV" size="80rem" closeOnClickOutside={false}>
      {opened && <ImportForm onClose={close} onBusy={setBusy} />}
    </Modal>
  );
}

type RowFilter = 'all' | 'errors' | 'duplicates';

function ImportForm({ onClose, onBusy }: { onClose: () => void; onBusy: (busy: boolean) => void }) {
  const connections = useAppStore((s) => s.connections);
  const navigate = useNavigation((s) => s.navigate);
  const [connectionId, setConnectionId] = useState(connections.length === 1 ? connections[0]!.id : '');
  const [file, setFile] = useState<File | null>(null);
  const [content, setContent] = useState<string | null>(null);
  const [phase, setPhase] = useState<'idle' | 'reading' | 'checking' | 'importing'>('idle');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [connectionError, setConnectionError] = useState<string | null>(null);
  const [skipDuplicates, setSkipDuplicates] = useState(false);
  const [result, setResult] = useState<ImportCommitResult | null>(null);
  const [templateError, setTemplateError] = useState<string | null>(null);
  const [filter, setFilter] = useState<RowFilter>('all');
  const request = useRef(0);

  useEffect(() => onBusy(phase === 'importing'), [phase, onBusy]);

  const connection = connections.find((c) => c.id === connectionId);

  const check = async (forConnection: string, text: string) => {
    const mine = ++request.current;
    setPhase('checking');
    setPreview(null);
    setError(null);
    setResult(null);
    try {
      const p = await api.call('payouts.importPreview', { connectionId: forConnection, content: text });
      if (mine !== request.current) return;
      setPreview(p);
      setFilter(p.invalidRows > 0 ? 'errors' : 'all');
    } catch (e) {
      if (mine !== request.current) return;
      useAppStore.getState().noteError(e);
      setError(errorMessage(e));
    } finally {
      if (mine === request.current) setPhase('idle');
    }
  };

  const chooseFile = async (next: File | null) => {
    setFile(next);
    setContent(null);
    setPreview(null);
    setResult(null);
    setError(null);
    if (!next) return;
    if (next.size > maxFileBytes) {
      setError(
        `The file is ${(next.size / 1_000_000).toFixed(1)} MB; Paydesk imports at most 40 MB at a time. Split it into smaller files.`,
      );
      return;
    }
    const mine = ++request.current;
    setPhase('reading');
    try {
      const text = await next.text();
      if (mine !== request.current) return;
      setContent(text);
      if (connectionId) await check(connectionId, text);
      else {
        setPhase('idle');
        setConnectionError('Choose the connection these payouts are for.');
      }
    } catch (e) {
      if (mine !== request.current) return;
      setPhase('idle');
      setError(`Could not read the file: ${errorMessage(e)}`);
    }
  };

  const changeConnection = (id: string) => {
    setConnectionId(id);
    setConnectionError(null);
    setTemplateError(null);
    if (id && content !== null) void check(id, content);
  };

  const downloadTemplate = async () => {
    if (!connectionId) {
      setConnectionError('Choose a connection: each provider has its own columns.');
      return;
    }
    setTemplateError(null);
    try {
      const t = await api.call('payouts.importTemplate', { connectionId });
      downloadText(t.fileName, t.mimeType, t.content);
    } catch (e) {
      setTemplateError(errorMessage(e));
    }
  };

  const commit = async (validOnly: boolean) => {
    if (!content || !connectionId) return;
    const mine = ++request.current;
    setPhase('importing');
    setError(null);
    try {
      const r = await api.call('payouts.importCommit', { connectionId, content, validOnly, skipDuplicates });
      if (mine !== request.current) return;
      setResult(r);
      setPreview(null);
      setContent(null);
      setFile(null);
    } catch (e) {
      if (mine !== request.current) return;
      useAppStore.getState().noteError(e);
      setError(errorMessage(e));
    } finally {
      if (mine === request.current) setPhase('idle');
    }
  };

  const working = phase !== 'idle';
  const hasFileErrors = (preview?.fileErrors.length ?? 0) > 0;
  const duplicatesSkipped = skipDuplicates ? (preview?.duplicateRows ?? 0) : 0;
  const validToImport = preview ? Math.max(0, preview.validRows - (skipDuplicates ? countValidDuplicates(preview) : 0)) : 0;

  return (
    <Stack gap="md" data-testid="import-csv">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <NativeSelect
          label="Connection"
          data={[
            ...(connectionId ? [] : [{ value: '', label: 'Choose a connection' }]),
            ...connections.map((c) => ({ value: c.id, label: `${c.label} (${providerName(c.provider)})` })),
          ]}
          value={connectionId}
          onChange={(e) => changeConnection(e.currentTarget.value)}
          error={connectionError}
          disabled={phase === 'importing'}
          w={300}
          required
          data-autofocus
        />
        <Button
          variant="default"
          leftSection={<IconDownload size={16} />}
          onClick={() => void downloadTemplate()}
          disabled={phase === 'importing'}
        >
          Download template
        </Button>
        <FileInput
          label="CSV file"
          placeholder="Choose a .csv file"
          accept=".csv,text/csv,text/plain"
          value={file}
          onChange={(f) => void chooseFile(f)}
          leftSection={<IconFileTypeCsv size={16} />}
          clearable
          disabled={phase === 'importing'}
          w={300}
          data-testid="import-file"
        />
      </Group>
      {templateError && <ErrorAlert title="Could not make the template" message={templateError} />}
      {connection && (
        <Text size="sm" c="dimmed">
          Start from the template: it has the columns {providerName(connection.provider)} needs, separated by commas, with one example row.
          Amounts use a dot as decimal mark (125.50).
        </Text>
      )}

      {working && (
        <Stack gap={4} role="status" aria-live="polite" data-testid="import-working">
          <Text size="sm">
            {phase === 'reading'
              ? 'Reading the file…'
              : phase === 'checking'
                ? `Checking every row${file ? ` of ${file.name}` : ''}…`
                : 'Importing the drafts…'}
          </Text>
          <Progress value={100} striped animated size="sm" aria-label="Working" />
        </Stack>
      )}

      {error && <ErrorAlert title={phase === 'importing' ? 'Nothing was imported' : 'The file cannot be imported'} message={error} />}

      {result && (
        <Alert
          color="green"
          variant="light"
          icon={<IconCheck size={18} />}
          title={`Imported ${result.imported} draft${result.imported === 1 ? '' : 's'}`}
          data-testid="import-result"
        >
          <Stack gap="xs">
            {result.totals.length > 0 && <AmountTotals totals={result.totals} testId="import-result-totals" />}
            <Text size="sm">
              {result.skippedInvalid > 0
                ? `${result.skippedInvalid} invalid row${result.skippedInvalid === 1 ? ' was' : 's were'} skipped. `
                : ''}
              {result.skippedDuplicates > 0
                ? `${result.skippedDuplicates} possible duplicate${result.skippedDuplicates === 1 ? ' was' : 's were'} skipped. `
                : ''}
              The drafts wait for approval.
            </Text>
            <Group gap="xs">
              <Button
                size="xs"
                onClick={() => {
                  onClose();
                  navigate('approvals');
                }}
              >
                Go to Approvals
              </Button>
              <Button size="xs" variant="default" onClick={onClose}>
                Close
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}

      {preview && hasFileErrors && (
        <Alert
          color="red"
          variant="light"
          icon={<IconAlertTriangle size={18} />}
          title="This file cannot be imported"
          role="alert"
          data-testid="import-file-errors"
        >
          <List size="sm" spacing={2}>
            {preview.fileErrors.map((m) => (
              <List.Item key={m}>{m}</List.Item>
            ))}
          </List>
          <Text size="sm" mt={4}>
            Nothing was read from it. Download the template to see the expected columns.
          </Text>
        </Alert>
      )}

      {preview && !hasFileErrors && (
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
            <Badge
              variant="light"
              color={preview.duplicateRows ? 'yellow' : 'gray'}
              size="lg"
              tt="none"
              data-testid="import-duplicate-rows"
            >
              {preview.duplicateRows.toLocaleString()} possible duplicate{preview.duplicateRows === 1 ? '' : 's'}
            </Badge>
          </Group>
          <AmountTotals totals={preview.totals} testId="import-totals" />
          {preview.duplicateRows > 0 && (
            <Text size="sm" c="dimmed">
              A possible duplicate has the same recipient, amount, currency and campaign as a payout of the last{' '}
              {preview.duplicateWindowDays} days or an earlier line of this file.
            </Text>
          )}
          <SegmentedControl
            value={filter}
            onChange={(v) => setFilter(v as RowFilter)}
            data={[
              { value: 'all', label: 'All rows' },
              { value: 'errors', label: `Rows with errors (${preview.invalidRows})` },
              { value: 'duplicates', label: `Possible duplicates (${preview.duplicateRows})` },
            ]}
            w="fit-content"
            aria-label="Rows shown"
          />
          <PreviewTable preview={preview} filter={filter} />
          {preview.truncated && (
            <Text size="sm" c="dimmed">
              The preview lists the first {preview.rows.length} rows and up to {preview.invalid.length} rows with errors; the counts and
              totals cover the whole file.
            </Text>
          )}
          <Group justify="space-between" align="center" wrap="wrap">
            {preview.duplicateRows > 0 ? (
              <Checkbox
                label={`Skip possible duplicates (${preview.duplicateRows})`}
                checked={skipDuplicates}
                onChange={(e) => setSkipDuplicates(e.currentTarget.checked)}
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
                  onClick={() => void commit(true)}
                  loading={phase === 'importing'}
                  disabled={working && phase !== 'importing'}
                >
                  Import only valid rows ({validToImport.toLocaleString()})
                </Button>
              )}
              <Tooltip
                label={
                  preview.invalidRows > 0
                    ? `${preview.invalidRows} row${preview.invalidRows === 1 ? ' has' : 's have'} errors: fix the file, or import only the valid rows.`
                    : `Imports ${validToImport} draft${validToImport === 1 ? '' : 's'}${duplicatesSkipped ? `, skipping ${duplicatesSkipped} possible duplicates` : ''}.`
                }
                multiline
                w={300}
              >
                <span>
                  <Button
                    onClick={() => void commit(false)}
                    disabled={preview.invalidRows > 0 || working || validToImport === 0}
                    loading={phase === 'importing' && preview.invalidRows === 0}
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
      )}
    </Stack>
  );
}

function countValidDuplicates(preview: ImportPreview): number {
  // Possible duplicates are flagged on valid rows only (an invalid row is never compared).
  return preview.duplicateRows;
}

function PreviewTable({ preview, filter }: { preview: ImportPreview; filter: RowFilter }) {
  const rows = useMemo(() => {
    const byLine = new Map<number, ImportRowResult>();
    for (const r of [...preview.rows, ...preview.invalid]) byLine.set(r.line, r);
    const all = [...byLine.values()].sort((a, b) => a.line - b.line);
    if (filter === 'errors') return all.filter((r) => !r.valid);
    if (filter === 'duplicates') return all.filter((r) => r.possibleDuplicate);
    return all;
  }, [preview, filter]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 10,
    getItemKey: (i) => rows[i]?.line ?? i,
  });
  const items = virtualizer.getVirtualItems();
  const paddingTop = items.length ? items[0]!.start : 0;
  const paddingBottom = items.length ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;

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
          {paddingTop > 0 && (
            <tr aria-hidden style={{ height: paddingTop }}>
              <td colSpan={7} />
            </tr>
          )}
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
          {paddingBottom > 0 && (
            <tr aria-hidden style={{ height: paddingBottom }}>
              <td colSpan={7} />
            </tr>
          )}
        </Table.Tbody>
      </Table>
    </Box>
  );
}
