import type { PreparedFile } from '@shared/contract';
import { downloadText } from '../lib/download';
import { call } from './client';

/**
 * Fetches an export main holds (audit.export, payouts.exportCsv) part by part, one request at a time, and saves it:
 * no single reply carries the whole file, so main never stops to serialize tens of megabytes at once.
 */
export async function savePreparedFile(file: PreparedFile): Promise<void> {
  const parts: string[] = [];
  for (let part = 0; part < file.parts; part += 1) parts.push((await call('files.part', { downloadId: file.downloadId, part })).content);
  downloadText(file.fileName, file.mimeType, parts);
}
