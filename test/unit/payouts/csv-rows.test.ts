import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { fileHash, fileHashInSlices } from '../../../src-main/payouts/csv-import';
import { lineEnding, readCsvRows, type CsvRows } from '../../../src-main/payouts/csv-rows';
import { TimeSlices } from '../../../src-main/workers/time-slices';

/**
 * The reading before pieces: Papa.parse over the whole text in one go, each row's line counted from the parser's
 * cursor the same way. Reading in pieces must give exactly this, wherever the pieces end.
 */
function readWhole(content: string, maxRows: number): CsvRows {
  const text = content.replace(/^\uFEFF/, '');
  const rows: CsvRows['rows'] = [];
  let header: string[] | null = null;
  let tooMany = false;
  let newlinesBefore = 0;
  let scannedTo = 0;
  Papa.parse<string[]>(text, {
    delimiter: ',',
    newline: lineEnding(text),
    skipEmptyLines: 'greedy',
    step: (result, parser) => {
      const end = result.meta.cursor;
      const rowText = text.slice(scannedTo, end);
      const leading = /^(?:[ \t,]*\r?\n)*/.exec(rowText)![0];
      newlinesBefore += (leading.match(/\n/g) ?? []).length;
      const line = newlinesBefore + 1;
      newlinesBefore += (rowText.slice(leading.length).match(/\n/g) ?? []).length;
      scannedTo = end;
      if (!header) header = result.data;
      else if (rows.length >= maxRows) {
        tooMany = true;
        parser.abort();
      } else rows.push({ line, cells: result.data, quoteError: result.errors.some((e) => e.type === 'Quotes') });
    },
  });
  return { header: header ?? [], rows, tooMany };
}

/** A small deterministic generator (mulberry32), so a failing file can be made again from its seed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A file with what spreadsheets and people put in them: quotes, escaped quotes, line breaks in values, blank rows. */
function messyFile(seed: number): string {
  const next = random(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)]!;
  const eol = pick(['\n', '\r\n', '\r']);
  const cell = () =>
    pick([
      'Jane',
      '',
      ' ',
      '12.50',
      'USD',
      '"Doe, Jane"',
      '"She said ""hi"""',
      `"two${eol}lines"`,
      '"bare\nbreak"',
      '5" screen',
      '"a" b',
      '"   "',
      'ünïcødé',
      `"${'long '.repeat(40)}"`,
    ]);
  const lines: string[] = [];
  const count = 5 + Math.floor(next() * 60);
  for (let i = 0; i < count; i += 1) {
    const kind = next();
    if (kind < 0.06) lines.push('');
    else if (kind < 0.1) lines.push(',,,,');
    else if (kind < 0.13) lines.push(' , \t,');
    else lines.push(Array.from({ length: 1 + Math.floor(next() * 6) }, cell).join(','));
  }
  let text = lines.join(eol);
  if (next() < 0.5) text += eol;
  if (next() < 0.1) text += 'last,"never closed';
  if (next() < 0.1) text = `\uFEFF${text}`;
  return text;
}

/** Slices that are always due: the reader yields after every piece. */
class EveryPiece extends TimeSlices {
  override due(): boolean {
    return true;
  }
}

describe('readCsvRows', () => {
  it('reads every messy file exactly as one whole parse does, wherever its pieces end', async () => {
    let files = 0;
    for (let seed = 1; seed <= 400; seed += 1) {
      const content = messyFile(seed);
      const maxRows = seed % 7 === 0 ? 5 : 100_000;
      const expected = readWhole(content, maxRows);
      for (const pieceChars of [1, 2, 3, 7, 16, 61, 256, 65_536]) {
        const actual = await readCsvRows(content, { maxRows, pieceChars, slices: new EveryPiece() });
        expect({ seed, pieceChars, ...actual }).toEqual({ seed, pieceChars, ...expected });
      }
      files += 1;
    }
    expect(files).toBe(400);
  });

  it('numbers lines across quoted line breaks and skipped rows, and flags an unclosed quote', async () => {
    const content = ['name,amount', 'Jane,1', '', ',,', '"Two', 'lines",2', 'Joe,"3', ''].join('\r\n');
    const read = await readCsvRows(content, { maxRows: 10, pieceChars: 4 });
    expect(read.header).toEqual(['name', 'amount']);
    expect(read.rows).toEqual([
      { line: 2, cells: ['Jane', '1'], quoteError: false },
      { line: 5, cells: ['Two\r\nlines', '2'], quoteError: false },
      { line: 7, cells: ['Joe', '3\r\n'], quoteError: true },
    ]);
  });

  it('stops after maxRows rows and says so', async () => {
    const content = ['a,b', '1,2', '3,4', '5,6'].join('\n');
    const read = await readCsvRows(content, { maxRows: 2, pieceChars: 3 });
    expect(read.rows.map((r) => r.cells)).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(read.tooMany).toBe(true);
  });

  it('lets the event loop run between the pieces of a large file', async () => {
    const content = ['name,amount', ...Array.from({ length: 20_000 }, (_, i) => `Creator ${i},${i}.00`)].join('\n');
    // A task queued before the reading starts runs before it ends only if the reading gives the event loop a turn.
    let turnTaken = false;
    setImmediate(() => (turnTaken = true));
    const read = await readCsvRows(content, { maxRows: 100_000, slices: new EveryPiece() });
    expect(turnTaken).toBe(true);
    expect(read.rows).toHaveLength(20_000);
    expect(read.rows[19_999]).toEqual({ line: 20_001, cells: ['Creator 19999', '19999.00'], quoteError: false });
  });
});

describe('fileHashInSlices', () => {
  it('gives the one-piece hash, also where a part would cut a character outside the BMP in two', async () => {
    // '😀' is two UTF-16 code units: with parts of 5 characters, the first cut falls between them.
    const content = 'name😀,amount\nJané,1.00\n😀😀😀,2.00\n';
    for (const part of [1, 2, 5, 1_000]) expect(await fileHashInSlices(content, part)).toBe(fileHash(content));
    expect(await fileHashInSlices('')).toBe(fileHash(''));
    expect(await fileHashInSlices(content.replace('1.00', '1.01'), 5)).not.toBe(fileHash(content));
  });
});
