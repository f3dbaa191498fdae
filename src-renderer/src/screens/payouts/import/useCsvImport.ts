import { useRef, useState } from 'react';
import type { ImportPreview } from '@shared/contract';
import { useConnections } from '../../../api/appData';
import { useApiMutation } from '../../../api/queries';
import { downloadText } from '../../../lib/download';
import { errorMessage } from '../../../lib/errors';

/** Main refuses more than this; checked here first so a huge file is not even read. */
const maxFileBytes = 40_000_000;

export type RowFilter = 'all' | 'errors' | 'duplicates';

/**
 * One CSV import: choose the connection and the file, let main check every row (preview), then import all or only
 * the valid rows. A newer check replaces an older one; answers to superseded requests are dropped (TanStack runs
 * the per-call callbacks of the latest call only).
 */
export function useCsvImport() {
  const { connections } = useConnections();
  const open = connections.filter((c) => !c.archivedAt);
  const [connectionId, setConnectionId] = useState(open.length === 1 ? open[0]!.id : '');
  const [file, setFile] = useState<File | null>(null);
  const [content, setContent] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  const [fileError, setFileError] = useState<string | null>(null);
  const [connectionError, setConnectionError] = useState<string | null>(null);
  const [skipDuplicates, setSkipDuplicates] = useState(false);
  /** The operator chose to import a file that was imported before (the preview says when). */
  const [importAgain, setImportAgain] = useState(false);
  const [filter, setFilter] = useState<RowFilter>('all');
  const latestFile = useRef<File | null>(null);
  const preview = useApiMutation('payouts.importPreview');
  const commitCall = useApiMutation('payouts.importCommit', { invalidates: ['payouts', 'campaigns'] });
  const template = useApiMutation('payouts.importTemplate', {
    onSuccess: (t) => downloadText(t.fileName, t.mimeType, t.content),
  });

  const check = (forConnection: string, text: string) => {
    commitCall.reset();
    setImportAgain(false);
    preview.mutate(
      { connectionId: forConnection, content: text },
      { onSuccess: (p: ImportPreview) => setFilter(p.invalidRows > 0 ? 'errors' : 'all') },
    );
  };

  const chooseFile = async (next: File | null) => {
    latestFile.current = next;
    setFile(next);
    setContent(null);
    setFileError(null);
    preview.reset();
    commitCall.reset();
    if (!next) return;
    if (next.size > maxFileBytes) {
      setFileError(
        `The file is ${(next.size / 1_000_000).toFixed(1)} MB; Paydesk imports at most 40 MB at a time. Split it into smaller files.`,
      );
      return;
    }
    setReading(true);
    try {
      const text = await next.text();
      if (latestFile.current !== next) return;
      setContent(text);
      if (connectionId) check(connectionId, text);
      else setConnectionError('Choose the connection these payouts are for.');
    } catch (e) {
      if (latestFile.current === next) setFileError(`Could not read the file: ${errorMessage(e)}`);
    } finally {
      if (latestFile.current === next) setReading(false);
    }
  };

  const changeConnection = (id: string) => {
    setConnectionId(id);
    setConnectionError(null);
    template.reset();
    if (id && content !== null) check(id, content);
  };

  const downloadTemplate = () => {
    if (!connectionId) {
      setConnectionError('Choose a connection: each provider has its own columns.');
      return;
    }
    template.mutate({ connectionId });
  };

  const commit = (validOnly: boolean) => {
    if (!content || !connectionId) return;
    commitCall.mutate(
      { connectionId, content, validOnly, skipDuplicates, importAgain },
      {
        onSuccess: () => {
          preview.reset();
          setContent(null);
          setFile(null);
        },
      },
    );
  };

  const phase = reading ? 'reading' : preview.isPending ? 'checking' : commitCall.isPending ? 'importing' : 'idle';
  const failure = fileError ?? (preview.error ? errorMessage(preview.error) : commitCall.error ? errorMessage(commitCall.error) : null);
  return {
    connections,
    connectionId,
    connection: connections.find((c) => c.id === connectionId),
    file,
    phase,
    preview: preview.data ?? null,
    error: failure,
    errorWhileImporting: commitCall.error !== null,
    connectionError,
    templateError: template.error ? errorMessage(template.error) : null,
    result: commitCall.data ?? null,
    skipDuplicates,
    setSkipDuplicates,
    importAgain,
    setImportAgain,
    filter,
    setFilter,
    chooseFile,
    changeConnection,
    downloadTemplate,
    commit,
  };
}

export type CsvImport = ReturnType<typeof useCsvImport>;
