import { Fragment, useCallback, useEffect, useRef, useState } from 'react';
import { ActionIcon, Button, Center, Code, EmptyState, Group, Loader, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconChevronDown, IconChevronRight, IconDownload, IconListDetails, IconShieldCheck, IconShieldX } from '@tabler/icons-react';
import type { AuditEvent, AuditVerification } from '@shared/contract';
import { api, ApiError } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ScreenHeader } from '../../components/ScreenHeader';
import { TableSkeleton } from '../../components/TableSkeleton';
import { downloadText } from '../../lib/download';
import { errorMessage } from '../../lib/errors';
import { formatDateTimeSeconds, isIsoDate } from '../../lib/time';
import { useDataChanged } from '../../lib/useDataChanged';
import { useAppStore } from '../../stores/appStore';
import classes from './AuditScreen.module.css';

const pageSize = 100;

interface AuditFilters {
  action: string;
  subject: string;
  actor: string;
  from: string;
  to: string;
}

const emptyFilters: AuditFilters = { action: '', subject: '', actor: '', from: '', to: '' };

function toInput(filters: AuditFilters, beforeSeq?: number) {
  return {
    limit: pageSize,
    ...(beforeSeq !== undefined ? { beforeSeq } : {}),
    ...(filters.action.trim() ? { action: filters.action.trim() } : {}),
    ...(filters.subject.trim() ? { subject: filters.subject.trim() } : {}),
    ...(filters.actor.trim() ? { actor: filters.actor.trim() } : {}),
    ...(isIsoDate(filters.from) ? { from: filters.from } : {}),
    ...(isIsoDate(filters.to) ? { to: filters.to } : {}),
  };
}

/** Newest first, without duplicates: reloads after a change can overlap rows already shown. */
function mergeBySeq(a: AuditEvent[], b: AuditEvent[]): AuditEvent[] {
  const bySeq = new Map<number, AuditEvent>();
  for (const e of [...a, ...b]) bySeq.set(e.seq, e);
  return [...bySeq.values()].sort((x, y) => y.seq - x.seq);
}

export function AuditScreen() {
  const [filters, setFilters] = useState<AuditFilters>(emptyFilters);
  const [applied] = useDebouncedValue(filters, 300);
  const [rows, setRows] = useState<AuditEvent[]>([]);
  const [hasOlder, setHasOlder] = useState(false);
  const [loading, setLoading] = useState(true);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [expanded, setExpanded] = useState<Set<number>>(new Set());
  const request = useRef(0);
  const rowsRef = useRef(rows);
  useEffect(() => {
    rowsRef.current = rows;
  }, [rows]);

  const fail = (e: unknown) => {
    useAppStore.getState().noteError(e);
    const fields = e instanceof ApiError ? e.fieldErrors : {};
    setFieldErrors(fields);
    setError(Object.keys(fields).length ? null : errorMessage(e));
  };

  const load = useCallback(async (f: AuditFilters, mode: 'replace' | 'refresh') => {
    const mine = ++request.current;
    if (mode === 'replace') setLoading(true);
    try {
      const page = await api.call('audit.list', toInput(f));
      if (mine !== request.current) return;
      setError(null);
      setFieldErrors({});
      const current = rowsRef.current;
      const oldestNew = page[page.length - 1]?.seq;
      const newestCurrent = current[0]?.seq;
      // Keep the older pages the user loaded when the fresh page connects to them; otherwise start over.
      if (mode === 'refresh' && oldestNew !== undefined && newestCurrent !== undefined && oldestNew <= newestCurrent + 1) {
        setRows(mergeBySeq(page, current));
      } else {
        setRows(page);
        setHasOlder(page.length === pageSize);
      }
    } catch (e) {
      if (mine !== request.current) return;
      fail(e);
    } finally {
      if (mine === request.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(applied, 'replace');
  }, [applied, load]);

  useDataChanged(['audit'], () => void load(applied, 'refresh'));

  const loadOlder = async () => {
    const oldest = rows[rows.length - 1]?.seq;
    if (oldest === undefined) return;
    const mine = request.current;
    setLoadingOlder(true);
    try {
      const page = await api.call('audit.list', toInput(applied, oldest));
      if (mine !== request.current) return;
      setRows((current) => mergeBySeq(current, page));
      setHasOlder(page.length === pageSize);
    } catch (e) {
      fail(e);
    } finally {
      setLoadingOlder(false);
    }
  };

  const toggle = (seq: number) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(seq)) next.delete(seq);
      else next.add(seq);
      return next;
    });

  const set = (key: keyof AuditFilters) => (e: React.ChangeEvent<HTMLInputElement>) => {
    const value = e.currentTarget.value;
    setFilters((f) => ({ ...f, [key]: value }));
  };
  const filtered = JSON.stringify(filters) !== JSON.stringify(emptyFilters);

  let body: React.ReactNode;
  if (loading && rows.length === 0) body = <TableSkeleton />;
  else if (error) body = <ErrorAlert title="Could not load the audit log" message={error} onRetry={() => void load(applied, 'replace')} />;
  else if (rows.length === 0)
    body = (
      <Center py="xl">
        <EmptyState
          icon={<IconListDetails size={32} />}
          withIndicatorBackground
          title={filtered ? 'No events match these filters' : 'No events yet'}
          description={filtered ? 'Change or clear the filters.' : 'Every change you make in Paydesk is recorded here.'}
          data-testid="audit-empty"
        />
      </Center>
    );
  else
    body = (
      <Table.ScrollContainer minWidth={900}>
        <Table highlightOnHover verticalSpacing={6} layout="fixed" aria-label="Audit events" data-testid="audit-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={36}>
                <span className={classes.srOnly}>Expand</span>
              </Table.Th>
              <Table.Th w={70}>Seq</Table.Th>
              <Table.Th w={170}>Time</Table.Th>
              <Table.Th w={140}>Actor</Table.Th>
              <Table.Th w={200}>Action</Table.Th>
              <Table.Th w={200}>Subject</Table.Th>
              <Table.Th>Details</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((e) => {
              const open = expanded.has(e.seq);
              return (
                <Fragment key={e.seq}>
                  <Table.Tr
                    className={classes.row}
                    data-testid="audit-row"
                    data-seq={e.seq}
                    tabIndex={0}
                    aria-expanded={open}
                    onClick={() => toggle(e.seq)}
                    onKeyDown={(ev) => {
                      if (ev.target === ev.currentTarget && (ev.key === 'Enter' || ev.key === ' ')) {
                        ev.preventDefault();
                        toggle(e.seq);
                      }
                    }}
                  >
                    <Table.Td>
                      <ActionIcon
                        variant="subtle"
                        size="sm"
                        aria-label={open ? `Hide details of event ${e.seq}` : `Show details of event ${e.seq}`}
                        tabIndex={-1}
                        onClick={(ev) => {
                          ev.stopPropagation();
                          toggle(e.seq);
                        }}
                      >
                        {open ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
                      </ActionIcon>
                    </Table.Td>
                    <Table.Td>{e.seq}</Table.Td>
                    <Table.Td className={classes.nowrap}>{formatDateTimeSeconds(e.at)}</Table.Td>
                    <Table.Td>
                      <Text size="sm" truncate="end">
                        {e.actor}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" ff="monospace" truncate="end" title={e.action}>
                        {e.action}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" truncate="end" title={e.subject}>
                        {e.subject}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs" ff="monospace" truncate="end" c="dimmed">
                        {JSON.stringify(e.details)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                  {open && (
                    <Table.Tr data-testid="audit-row-details">
                      <Table.Td />
                      <Table.Td colSpan={6}>
                        <Stack gap={6}>
                          <Code block className={classes.json}>
                            {JSON.stringify(e.details, null, 2)}
                          </Code>
                          <Text size="xs" c="dimmed" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                            prev {e.prevHash}
                            <br />
                            hash {e.hash}
                          </Text>
                        </Stack>
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );

  return (
    <Stack gap="md">
      <ScreenHeader
        title="Audit log"
        description="Append-only, hash-chained record of every change. Secrets are never recorded."
        actions={<ExportButtons />}
      />
      <VerifyPanel />
      <Group align="flex-start" gap="sm" wrap="wrap" role="search" aria-label="Filter audit events">
        <TextInput
          label="Action"
          placeholder="Starts with, e.g. connection."
          value={filters.action}
          onChange={set('action')}
          error={fieldErrors.action}
          w={200}
        />
        <TextInput label="Subject" value={filters.subject} onChange={set('subject')} error={fieldErrors.subject} w={200} />
        <TextInput label="Actor" value={filters.actor} onChange={set('actor')} error={fieldErrors.actor} w={160} />
        <TextInput
          label="From"
          type="date"
          value={filters.from}
          onChange={set('from')}
          error={filters.from && !isIsoDate(filters.from) ? 'Use YYYY-MM-DD' : fieldErrors.from}
          w={160}
        />
        <TextInput
          label="To"
          type="date"
          value={filters.to}
          onChange={set('to')}
          error={filters.to && !isIsoDate(filters.to) ? 'Use YYYY-MM-DD' : fieldErrors.to}
          w={160}
        />
        {filtered && (
          <Button variant="subtle" mt={25} onClick={() => setFilters(emptyFilters)}>
            Clear filters
          </Button>
        )}
        {loading && rows.length > 0 && <Loader size="sm" mt={32} aria-label="Loading" />}
      </Group>
      {body}
      {rows.length > 0 && !error && (
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {rows.length.toLocaleString()} event{rows.length === 1 ? '' : 's'} shown
          </Text>
          {hasOlder && (
            <Button variant="default" size="xs" onClick={() => void loadOlder()} loading={loadingOlder}>
              Load older
            </Button>
          )}
        </Group>
      )}
    </Stack>
  );
}

function VerifyPanel() {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<AuditVerification | null>(null);
  const [error, setError] = useState<string | null>(null);

  const verify = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await api.call('audit.verify'));
    } catch (e) {
      setResult(null);
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const intact = result?.intact === true;
  const text = error
    ? `Could not verify the audit trail: ${error}`
    : result === null
      ? null
      : result.intact
        ? `Audit trail intact — ${result.checked} events checked`
        : `Audit trail broken at event #${result.brokenSeq}: ${result.reason}`;

  return (
    <Paper withBorder p="sm">
      <Group gap="md" wrap="nowrap">
        <Button variant="light" leftSection={<IconShieldCheck size={16} />} onClick={() => void verify()} loading={busy}>
          Verify
        </Button>
        {text ? (
          <Group gap={6} wrap="nowrap">
            {intact ? (
              <IconShieldCheck size={18} color="var(--mantine-color-green-text)" />
            ) : (
              <IconShieldX size={18} color="var(--mantine-color-red-text)" />
            )}
            <Text
              data-testid="audit-verify-result"
              data-intact={intact}
              c={intact ? 'green' : 'red'}
              fw={500}
              role={intact ? 'status' : 'alert'}
            >
              {text}
            </Text>
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            Recomputes every event's hash to prove nothing was changed or removed.
          </Text>
        )}
      </Group>
    </Paper>
  );
}

function ExportButtons() {
  const [busy, setBusy] = useState<'csv' | 'jsonl' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const exportAs = async (format: 'csv' | 'jsonl') => {
    setBusy(format);
    setError(null);
    try {
      const file = await api.call('audit.export', { format });
      downloadText(file.fileName, file.mimeType, file.content);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Stack gap={4} align="flex-end">
      <Group gap="xs">
        <Button
          variant="default"
          leftSection={<IconDownload size={16} />}
          onClick={() => void exportAs('csv')}
          loading={busy === 'csv'}
          disabled={busy !== null && busy !== 'csv'}
        >
          Export CSV
        </Button>
        <Button
          variant="default"
          leftSection={<IconDownload size={16} />}
          onClick={() => void exportAs('jsonl')}
          loading={busy === 'jsonl'}
          disabled={busy !== null && busy !== 'jsonl'}
        >
          Export JSON Lines
        </Button>
      </Group>
      {error && (
        <Text size="sm" c="red" role="alert">
          {error}
        </Text>
      )}
    </Stack>
  );
}
