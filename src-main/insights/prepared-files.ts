/**
 * Exported files wait here until the renderer has fetched them in parts (`files.part`). A whole export in one reply
 * (200,000 payouts: ~50 MB of CSV) held the main thread for a quarter of a second while it was serialized
 * (docs/performance.md); a part of about a megabyte takes a few milliseconds, and the parts go one request at a time.
 *
 * A file belongs to the operator who asked for it: only they can fetch it, so an export never outlives its operator's
 * session for anyone else on the desk. Files are kept in memory only, for a few minutes, a few at a time, and together
 * no larger than KEEP_BYTES (a payouts export of a million rows is about 250 MB).
 */
import { randomUUID } from 'node:crypto';
import type { PreparedFile } from '@shared/contract/model';
import { AppError } from '../errors';

/** About a megabyte per part: UTF-16 units of text, or bytes of UTF-8. */
export const PART_SIZE = 1 << 20;
const KEEP_FILES = 4;
const KEEP_MS = 10 * 60_000;
/** What the waiting files may hold together; the newest is kept whatever its size. */
export const KEEP_BYTES = 512 * 1024 * 1024;

/** A file to hold: its text, or that text already encoded as UTF-8 (moved from a worker without a copy). */
export interface FileToOffer {
  fileName: string;
  mimeType: string;
  content: string | Uint8Array;
}

type Held = { operatorId: string; expiresAt: number } & (
  { kind: 'text'; parts: string[] } | { kind: 'utf8'; bytes: Uint8Array; bounds: number[] }
);

/** Cuts text into parts of at most `size` UTF-16 units, never between the two halves of a surrogate pair. */
export function splitIntoParts(text: string, size = PART_SIZE): string[] {
  if (text.length === 0) return [''];
  const parts: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + size, text.length);
    const last = text.charCodeAt(end - 1);
    // A high surrogate at the end of a part would leave its low half in the next part: both halves would be lost.
    if (end < text.length && end - start > 1 && last >= 0xd800 && last <= 0xdbff) end -= 1;
    parts.push(text.slice(start, end));
    start = end;
  }
  return parts;
}

/**
 * Where UTF-8 bytes are cut into parts of at most `size` bytes: after the last line break of a part where it has one
 * (a byte 0x0A is never inside a character), else before the last whole character. Returns the parts' end offsets.
 */
export function utf8PartEnds(bytes: Uint8Array, size = PART_SIZE): number[] {
  const ends: number[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = Math.min(start + size, bytes.length);
    if (end < bytes.length) {
      const lineEnd = bytes.lastIndexOf(0x0a, end - 1);
      if (lineEnd >= start) end = lineEnd + 1;
      else while (end > start + 1 && (bytes[end]! & 0xc0) === 0x80) end -= 1;
    }
    ends.push(end);
    start = end;
  }
  return ends.length ? ends : [0];
}

export class PreparedFiles {
  private readonly files = new Map<string, Held>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly partSize = PART_SIZE,
    private readonly keepBytes = KEEP_BYTES,
  ) {}

  offer<T extends FileToOffer>(file: T, operatorId: string): Omit<T, 'content'> & PreparedFile {
    this.forgetExpired();
    // The oldest goes first when too many wait, or too much (an operator who exported again without saving the
    // earlier ones).
    const size = typeof file.content === 'string' ? file.content.length * 2 : file.content.length;
    while (this.files.size >= KEEP_FILES || (this.files.size > 0 && this.heldBytes() + size > this.keepBytes))
      this.files.delete(this.files.keys().next().value!);
    const downloadId = randomUUID();
    const { content, ...rest } = file;
    const expiresAt = this.now() + KEEP_MS;
    if (typeof content === 'string') {
      const parts = splitIntoParts(content, this.partSize);
      this.files.set(downloadId, { operatorId, expiresAt, kind: 'text', parts });
      return { ...rest, downloadId, parts: parts.length, bytes: Buffer.byteLength(content) };
    }
    const bounds = utf8PartEnds(content, this.partSize);
    this.files.set(downloadId, { operatorId, expiresAt, kind: 'utf8', bytes: content, bounds });
    return { ...rest, downloadId, parts: bounds.length, bytes: content.length };
  }

  part(downloadId: string, part: number, operatorId: string): { content: string } {
    this.forgetExpired();
    const held = this.files.get(downloadId);
    if (!held || held.operatorId !== operatorId) {
      throw new AppError('NOT_FOUND', 'This export is no longer waiting to be saved (it expired after 10 minutes). Export it again.');
    }
    const count = held.kind === 'text' ? held.parts.length : held.bounds.length;
    if (part >= count) throw new AppError('INVALID_INPUT', `This export has ${count} parts; there is no part ${part + 1}.`);
    if (held.kind === 'text') return { content: held.parts[part]! };
    const start = part === 0 ? 0 : held.bounds[part - 1]!;
    const end = held.bounds[part]!;
    return { content: Buffer.from(held.bytes.buffer, held.bytes.byteOffset + start, end - start).toString('utf8') };
  }

  /** Memory the waiting files take: UTF-16 text at two bytes a unit, UTF-8 as its bytes. */
  private heldBytes(): number {
    let bytes = 0;
    for (const held of this.files.values())
      bytes += held.kind === 'utf8' ? held.bytes.length : held.parts.reduce((sum, part) => sum + part.length * 2, 0);
    return bytes;
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [id, held] of this.files) if (held.expiresAt <= now) this.files.delete(id);
  }
}
