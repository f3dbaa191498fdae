/**
 * The CSV of the payouts view: the rows matching the list's filters and sort, read page by page through the same
 * keyset query the table uses, with one totals row per currency at the end. Amounts are exact decimal strings. It runs
 * on the reader worker (src-main/workers/reader-worker.ts) in the app, and inline where no worker is wanted.
 */
import Papa from 'papaparse';
import type { ParsedInput } from '@shared/contract';
import type { PayoutRow } from '@shared/contract/model';
import { toDecimalString } from '@shared/money';
import type { PayoutRepository } from '../storage/payout-repository';

export const EXPORT_ROW_LIMIT = 200_000;

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

export function payoutsCsv(payouts: Pick<PayoutRepository, 'list' | 'count'>, input: ListInput, onProgress?: ExportProgress): PayoutsCsv {
  const out: PayoutRow[] = [];
  let cursor: string | undefined;
  let truncated = false;
  const total = onProgress && selectsAll(input.filters) ? Math.min(payouts.count(), EXPORT_ROW_LIMIT) : null;
  onProgress?.(0, total);
  for (;;) {
    const page = payouts.list({ ...input, limit: 500, ...(cursor ? { cursor } : {}) });
    out.push(...page.rows);
    if (out.length >= EXPORT_ROW_LIMIT) {
      truncated = Boolean(page.nextCursor) || out.length > EXPORT_ROW_LIMIT;
      out.length = Math.min(out.length, EXPORT_ROW_LIMIT);
      break;
    }
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
    onProgress?.(out.length, total);
  }
  const totals = new Map<string, { minor: number; count: number }>();
  for (const r of out) {
    const t = totals.get(r.amount.currency) ?? { minor: 0, count: 0 };
    t.minor += r.amount.minor;
    t.count += 1;
    totals.set(r.amount.currency, t);
  }
  const rows = out.map((r) => ({
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
  }));
  const totalRows = [...totals.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, t]) => ({
      created_at: 'TOTAL',
      connection: '',
      provider: '',
      creator: `${t.count} payouts`,
      email: '',
      handle: '',
      phone: '',
      campaign: '',
      amount: toDecimalString({ minor: t.minor, currency }),
      currency,
      status: '',
      provider_status: '',
      description: '',
      reference: '',
      provider_reference: '',
      remote_id: '',
      paid_at: '',
      created_at_is_first_seen: '',
    }));
  const content = Papa.unparse([...rows, ...totalRows], { escapeFormulae: true });
  onProgress?.(out.length, out.length);
  return { content, rows: out.length, truncated };
}
