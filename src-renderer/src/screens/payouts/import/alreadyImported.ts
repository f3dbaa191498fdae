import type { EarlierImport, ImportPreview } from '@shared/contract';

/** "2026-11-30 09:12: 120 rows into Agency account (batch b-1)", one line per earlier import of this very file. */
export function earlierImportLines(earlier: EarlierImport[], when: (iso: string) => string): string[] {
  return earlier.map(
    (e) =>
      `${when(e.importedAt)}: ${e.rows.toLocaleString()} row${e.rows === 1 ? '' : 's'} into ${e.connectionLabel ?? 'a connection removed since'} (batch ${e.batchId})`,
  );
}

/** A file imported before is imported again only when the operator says so, explicitly. */
export function importBlockedByEarlier(preview: Pick<ImportPreview, 'alreadyImported'>, importAgain: boolean): boolean {
  return preview.alreadyImported.length > 0 && !importAgain;
}
