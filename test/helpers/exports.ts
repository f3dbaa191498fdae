import type { PreparedFile } from '@shared/contract/model';

/** The whole text of an export main holds, fetched part by part as the renderer does (src-renderer/src/api/preparedFiles.ts). */
export async function readExport(
  file: PreparedFile,
  fetchPart: (input: { downloadId: string; part: number }) => Promise<{ content: string }>,
): Promise<string> {
  const parts: string[] = [];
  for (let part = 0; part < file.parts; part += 1) parts.push((await fetchPart({ downloadId: file.downloadId, part })).content);
  const text = parts.join('');
  const bytes = Buffer.byteLength(text);
  if (bytes !== file.bytes) throw new Error(`the export's parts hold ${bytes} bytes, the file ${file.bytes}`);
  return text;
}
