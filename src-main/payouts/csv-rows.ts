/**
 * The rows of an import file, read with papaparse's parser a piece at a time, with the event loop running between
 * pieces (src-main/workers/time-slices.ts).
 *
 * Why not Papa.parse with pause and resume: on every resume papaparse parses the rest of the text again from where it
 * stopped, and a text without quotes is first split into all its remaining lines (`input.split(newline)`). A 4 MB
 * file (50,000 rows) then cost 15–40 ms at the start of every slice, and the parse grew with the square of the file's
 * length (docs/performance.md, "CSV import"). Here the parser sees one piece of PIECE_CHARS at a time and reports
 * where its last complete row ended; the next piece starts there, so a row cut by a piece's end is read again whole.
 */
import Papa from 'papaparse';
import { TimeSlices } from '../workers/time-slices';

/** Characters given to the parser at once: about 200 rows of a typical file, well under a millisecond of parsing. */
export const PIECE_CHARS = 16 * 1024;

export interface CsvRow {
  /** The file's line the row starts on (1 is the header); quoted line breaks and skipped empty lines count. */
  line: number;
  cells: string[];
  /** A quoted value that was never closed, or a malformed one ("a" b). */
  quoteError: boolean;
}

export interface CsvRows {
  header: string[];
  rows: CsvRow[];
  /** More than `maxRows` rows: reading stopped there. */
  tooMany: boolean;
}

/** Lines papaparse's greedy skipEmptyLines drops: nothing but spaces, tabs and delimiters before the line break. */
const SKIPPED_LINES = /^(?:[ \t,]*\r?\n)*/;

/**
 * The file's line ending, from its first line break. Papaparse guesses it itself when not told, by a regular expression
 * over the first megabyte (~12 ms in one piece on the thread that answers the UI).
 */
export function lineEnding(text: string): '\r\n' | '\n' | '\r' {
  const lf = text.indexOf('\n');
  const cr = text.indexOf('\r');
  if (cr === -1 || (lf !== -1 && lf < cr)) return '\n';
  return text[cr + 1] === '\n' ? '\r\n' : '\r';
}

/** Papaparse's `skipEmptyLines: 'greedy'`: a row of nothing but whitespace. */
const isEmptyRow = (cells: string[]) => cells.join('').trim() === '';

/**
 * Reads a comma-separated text (a leading byte order mark ignored) into its header and rows, in pieces of
 * `pieceChars`, letting the event loop run whenever a slice of time is used up.
 */
export async function readCsvRows(
  content: string,
  options: { maxRows: number; pieceChars?: number; slices?: TimeSlices },
): Promise<CsvRows> {
  const text = content.replace(/^\uFEFF/, '');
  const newline = lineEnding(text);
  const slices = options.slices ?? new TimeSlices();
  const rows: CsvRow[] = [];
  let header: string[] | null = null;
  let tooMany = false;
  let newlinesBefore = 0;
  let scannedTo = 0;

  const takeRow = (cells: string[], errors: Papa.ParseError[], end: number): boolean => {
    if (isEmptyRow(cells)) return true;
    // The row started where the previous one ended. The lines skipped in between (empty, blank, or only commas and
    // spaces: a spreadsheet's empty row) are counted as the scan moves on.
    const rowText = text.slice(scannedTo, end);
    const leading = SKIPPED_LINES.exec(rowText)![0];
    newlinesBefore += (leading.match(/\n/g) ?? []).length;
    const line = newlinesBefore + 1;
    newlinesBefore += (rowText.slice(leading.length).match(/\n/g) ?? []).length;
    scannedTo = end;
    if (!header) {
      header = cells;
      return true;
    }
    if (rows.length >= options.maxRows) {
      tooMany = true;
      return false;
    }
    rows.push({ line, cells, quoteError: errors.some((e) => e.type === 'Quotes') });
    return true;
  };

  const basePiece = options.pieceChars ?? PIECE_CHARS;
  let start = 0;
  let pieceChars = basePiece;
  while (start < text.length) {
    const last = start + pieceChars >= text.length;
    const parser: Papa.Parser = new Papa.Parser({
      delimiter: ',',
      newline,
      // The raw parser hands each row alone in `data` (Papa.parse's own step unwraps it); its cursor is where the row
      // ends in the whole text (the piece's start is its base index).
      step: (result: Papa.ParseResult<string[]>) => {
        if (!takeRow(result.data[0]!, result.errors, result.meta.cursor)) parser.abort();
      },
    });
    // Not the last piece: the row the piece's end cuts through is left for the next piece (ignoreLastRow).
    const parsed = parser.parse(text.slice(start, start + pieceChars), start, !last) as Papa.ParseResult<string[]>;
    if (last || tooMany) break;
    const end = parsed.meta.cursor;
    if (end > start) {
      start = end;
      pieceChars = basePiece;
    } else {
      // One row longer than the piece (a long quoted value, or a quote never closed): read it again in a larger one.
      pieceChars *= 2;
    }
    if (slices.due()) await slices.next();
  }
  return { header: header ?? [], rows, tooMany };
}
