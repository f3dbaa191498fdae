import { describe, expect, it } from 'vitest';
import { PreparedFiles, splitIntoParts, utf8PartEnds } from '../../src-main/insights/prepared-files';

const file = (content: string) => ({ fileName: 'paydesk-payouts.csv', mimeType: 'text/csv', content, rows: 2, truncated: false });
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return 'no error';
};

describe('exports held for the renderer to fetch part by part', () => {
  it('cuts text into parts that join back exactly, never between the halves of a surrogate pair', () => {
    const text = 'ab€😀cd😀😀e\r\n€'.repeat(7);
    for (const size of [1, 2, 3, 4, 5, 7, 64]) {
      const parts = splitIntoParts(text, size);
      expect(parts.join('')).toBe(text);
      for (const part of parts) {
        expect(part.length).toBeLessThanOrEqual(size);
        // No part starts with a low surrogate or ends with a high one.
        expect(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/.test(part) && size > 1).toBe(false);
      }
    }
    expect(splitIntoParts('')).toEqual(['']);
  });

  it('cuts UTF-8 bytes after a line break where it can, else between whole characters, and decodes them back exactly', () => {
    const text = 'created_at,name\n2026-12-01,Zoë 😀 Ångström\n' + '€'.repeat(40) + '\nlast,row\n';
    const bytes = new TextEncoder().encode(text);
    for (const size of [4, 5, 7, 16, 33, 1000]) {
      const ends = utf8PartEnds(bytes, size);
      const decoded = ends.map((end, i) => Buffer.from(bytes.subarray(i === 0 ? 0 : ends[i - 1]!, end)).toString('utf8'));
      expect(decoded.join('')).toBe(text);
      expect(decoded.some((part) => part.includes('\uFFFD'))).toBe(false);
      ends.forEach((end, i) => expect(end - (i === 0 ? 0 : ends[i - 1]!)).toBeLessThanOrEqual(size));
    }
    // A part that has a line break in it ends right after its last one.
    expect(utf8PartEnds(new TextEncoder().encode('ab\ncdef\ngh'), 6)).toEqual([3, 8, 10]);

    const files = new PreparedFiles(() => 0, 8);
    const offered = files.offer(
      { fileName: 'paydesk-payouts.csv', mimeType: 'text/csv', content: bytes, rows: 2, truncated: false },
      'alice',
    );
    expect(offered.bytes).toBe(bytes.length);
    const parts = Array.from({ length: offered.parts }, (_, part) => files.part(offered.downloadId, part, 'alice').content);
    expect(parts.join('')).toBe(text);
  });

  it('gives the file back part by part to the operator who made it, and to nobody else', () => {
    const files = new PreparedFiles(() => 0, 4);
    const offered = files.offer(file('created_at,amount\n2026-12-01,1.00\n'), 'alice');
    expect(offered).toMatchObject({
      fileName: 'paydesk-payouts.csv',
      mimeType: 'text/csv',
      rows: 2,
      truncated: false,
      parts: 9,
      bytes: 34,
    });
    expect(offered).not.toHaveProperty('content');
    const text = Array.from({ length: offered.parts }, (_, part) => files.part(offered.downloadId, part, 'alice').content).join('');
    expect(text).toBe('created_at,amount\n2026-12-01,1.00\n');
    expect(codeOf(() => files.part(offered.downloadId, 0, 'bob'))).toBe('NOT_FOUND');
    expect(codeOf(() => files.part('not-an-export', 0, 'alice'))).toBe('NOT_FOUND');
    expect(codeOf(() => files.part(offered.downloadId, offered.parts, 'alice'))).toBe('INVALID_INPUT');
  });

  it('forgets a file after ten minutes, and keeps only the four newest', () => {
    let now = 0;
    const files = new PreparedFiles(() => now);
    const first = files.offer(file('one'), 'alice');
    now = 10 * 60_000 - 1;
    expect(files.part(first.downloadId, 0, 'alice').content).toBe('one');
    now = 10 * 60_000;
    expect(codeOf(() => files.part(first.downloadId, 0, 'alice'))).toBe('NOT_FOUND');

    const five = ['a', 'b', 'c', 'd', 'e'].map((content) => files.offer(file(content), 'alice'));
    expect(codeOf(() => files.part(five[0]!.downloadId, 0, 'alice'))).toBe('NOT_FOUND');
    expect(five.slice(1).map((f) => files.part(f.downloadId, 0, 'alice').content)).toEqual(['b', 'c', 'd', 'e']);
  });

  it('keeps what waits under its byte budget, dropping the oldest first, and always the newest', () => {
    const files = new PreparedFiles(Date.now, 1 << 20, 100);
    const bytes = (n: number) => ({ ...file(''), content: new TextEncoder().encode('x'.repeat(n)) });
    const a = files.offer(bytes(40), 'alice');
    const b = files.offer(bytes(40), 'alice');
    // 40 + 40 + 30 is over 100: the oldest goes.
    const c = files.offer(bytes(30), 'alice');
    expect(codeOf(() => files.part(a.downloadId, 0, 'alice'))).toBe('NOT_FOUND');
    expect(files.part(b.downloadId, 0, 'alice').content).toHaveLength(40);
    expect(files.part(c.downloadId, 0, 'alice').content).toHaveLength(30);
    // Text counts two bytes a character: 2 × 20 = 40, with b and c (70) it is over 100, so b goes.
    const d = files.offer(file('y'.repeat(20)), 'alice');
    expect(codeOf(() => files.part(b.downloadId, 0, 'alice'))).toBe('NOT_FOUND');
    expect(files.part(d.downloadId, 0, 'alice').content).toBe('y'.repeat(20));
    // A file larger than the budget alone is still kept (everything else goes).
    const e = files.offer(bytes(500), 'alice');
    expect(files.part(e.downloadId, 0, 'alice').content).toHaveLength(500);
    expect(codeOf(() => files.part(c.downloadId, 0, 'alice'))).toBe('NOT_FOUND');
    expect(codeOf(() => files.part(d.downloadId, 0, 'alice'))).toBe('NOT_FOUND');
  });
});
