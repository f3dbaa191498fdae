/**
 * The CSV of the payouts view: the rows matching the list's filters and sort, read page by page through the same
 * keyset query the table uses, with one totals row per currency at the end. Amounts are exact decimal strings. It runs
 * on the reader worker (src-main/workers/reader-worker.ts) in the app, and inline where no worker is wanted.
 *
 * The file is written a page at a time (`payoutsCsvParts`): a page's rows become text, and the text goes on (the
 * worker encodes it to UTF-8 at once), so a million payouts never sit in memory as row objects or as one string.
 */
import Papa from 'papaparse';
import type { ParsedInput } from '@shared/contract';
import type { PayoutRow } from '@shared/contract/model';
import { MoneyError, toDecimalString } from '@shared/money';
import type { PayoutRepository } from '../storage/payout-repository';

/**
 * The most rows one export holds. A million rows are about 250 MB of UTF-8, held by main until the renderer has fetched
 * them and again by the renderer while it saves them; a larger view says so and is exported in narrower parts.
 */
export const EXPORT_ROW_LIMIT = 1_000_000;
/** Rows read per query (the table's keyset pages). */
const EXPORT_PAGE = 500;

const COLUMNS = [
  'created_at',
  'connection',
  'provider',
  'creator',
  'email',
  'handle',
  'phone',
  'campaign',
  'amount',
  'currency',
  'status',
  'provider_status',
  'description',
  'reference',
  'provider_reference',
  'remote_id',
  'paid_at',
  'created_at_is_first_seen',
] as const;

export interface PayoutsCsv {
  content: string;
  rows: number;
  truncated: boolean;
}

/** The same file as the reader worker hands it over: its text as UTF-8 bytes, moved to main without a copy. */
export interface EncodedPayoutsCsv extends Omit<PayoutsCsv, 'content'> {
  content: Uint8Array;
}

/** Rows read so far, of how many (null while not known: a filtered view is not counted before it is read). */
export type ExportProgress = (done: number, total: number | null) => void;

type ListInput = Omit<ParsedInput<'payouts.list'>, 'cursor'>;

/** Whether the list input selects every payout (so the payouts' count is the export's size). */
function selectsAll(filters: ListInput['filters']): boolean {
  return Object.values(filters).every((v) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0));
}

const csvRow = (r: PayoutRow): Record<(typeof COLUMNS)[number], string> => ({
  created_at: r.createdAt,
  connection: r.connectionLabel,
  provider: r.provider,
  creator: r.creatorName ?? '',
  email: r.creatorEmail ?? '',
  handle: r.creatorHandle ?? '',
  phone: r.creatorPhone ?? '',
  campaign: r.campaignName ?? '',
  amount: toDecimalString(r.amount),
  currency: r.amount.currency,
  status: r.status,
  provider_status: r.providerStatus ?? '',
  description: r.description ?? '',
  reference: r.clientReference,
  provider_reference: r.providerReference ?? '',
  remote_id: r.remoteId ?? '',
  paid_at: r.paidAt ?? '',
  // The provider gives no creation time: created_at is when Paydesk first saw the payout.
  created_at_is_first_seen: r.createdAtFirstSeen ? 'yes' : '',
});

const totalRow = (currency: string, t: { minor: number; count: number }): Record<(typeof COLUMNS)[number], string> =>
  ({
    ...Object.fromEntries(COLUMNS.map((c) => [c, ''])),
    created_at: 'TOTAL',
    creator: `${t.count} payouts`,
    amount: toDecimalString({ minor: t.minor, currency }),
    currency,
  }) as Record<(typeof COLUMNS)[number], string>;

/**
 * Writes the export a part at a time to `write`: the header and the first page's rows, then each page's rows, then
 * the totals, joined by the CRLF line breaks of one Papa.unparse of the whole (no line break after the last row).
 */
export function payoutsCsvParts(
  payouts: Pick<PayoutRepository, 'list' | 'count'>,
  input: ListInput,
  write: (text: string) => void,
  onProgress?: ExportProgress,
  limit = EXPORT_ROW_LIMIT,
): { rows: number; truncated: boolean } {
  let cursor: string | undefined;
  let truncated = false;
  let rows = 0;
  const totals = new Map<string, { minor: number; count: number }>();
  const total = onProgress && selectsAll(input.filters) ? Math.min(payouts.count(), limit) : null;
  onProgress?.(0, total);
  const unparse = (data: object[], header: boolean) =>
    Papa.unparse(data, { columns: [...COLUMNS], header, escapeFormulae: true, newline: '\r\n' });
  for (;;) {
    const page = payouts.list({ ...input, limit: EXPORT_PAGE, ...(cursor ? { cursor } : {}) });
    const taken = page.rows.slice(0, limit - rows);
    for (const r of taken) {
      const t = totals.get(r.amount.currency) ?? { minor: 0, count: 0 };
      t.minor += r.amount.minor;
      if (!Number.isSafeInteger(t.minor)) throw new MoneyError(`The export's total in ${r.amount.currency} is too large.`);
      t.count += 1;
      totals.set(r.amount.currency, t);
    }
    if (rows === 0) write(unparse(taken.map(csvRow), true));
    else if (taken.length) write(`\r\n${unparse(taken.map(csvRow), false)}`);
    rows += taken.length;
    // A page with more rows than the limit leaves room for: the view holds more than the file.
    if (taken.length < page.rows.length) {
      truncated = true;
      break;
    }
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
    onProgress?.(rows, total);
  }
  const totalRows = [...totals.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, t]) => totalRow(currency, t));
  if (totalRows.length) write(`\r\n${unparse(totalRows, false)}`);
  onProgress?.(rows, rows);
  return { rows, truncated };
}

/** The export as one string (where it is built on the thread that asks for it). */
export function payoutsCsv(payouts: Pick<PayoutRepository, 'list' | 'count'>, input: ListInput, onProgress?: ExportProgress): PayoutsCsv {
  const parts: string[] = [];
  const result = payoutsCsvParts(payouts, input, (text) => parts.push(text), onProgress);
  return { content: parts.join(''), ...result };
}

/** The export as UTF-8 bytes, each part encoded as it is written (the reader worker's way). */
export function encodedPayoutsCsv(
  payouts: Pick<PayoutRepository, 'list' | 'count'>,
  input: ListInput,
  onProgress?: ExportProgress,
): EncodedPayoutsCsv {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  let bytes = 0;
  const result = payoutsCsvParts(
    payouts,
    input,
    (text) => {
      const part = encoder.encode(text);
      parts.push(part);
      bytes += part.length;
    },
    onProgress,
  );
  const content = new Uint8Array(bytes);
  let at = 0;
  for (const part of parts) {
    content.set(part, at);
    at += part.length;
  }
  return { content, ...result };
}
