import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { PayoutRow } from '@shared/contract/model';
import { encodedPayoutsCsv, payoutsCsv, payoutsCsvParts } from '../../src-main/insights/payouts-csv';

/** Payouts with what spreadsheets trip over: commas, quotes, line breaks, a formula, non-ASCII names. */
function payouts(count: number): PayoutRow[] {
  return Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    connectionId: 'c1',
    connectionLabel: i % 2 ? 'Dots, main' : 'Talli',
    provider: i % 2 ? 'dots' : 'talli',
    remoteId: `r-${i}`,
    clientReference: `pd-${i}`,
    providerReference: i % 5 ? null : `INV "${i}"`,
    creatorName: i % 3 ? `Créator ${i}` : null,
    creatorEmail: `c${i}@example.com`,
    creatorHandle: null,
    creatorPhone: null,
    campaignName: i % 7 ? 'Spring\nlaunch' : '=HYPERLINK("x")',
    amount: { minor: 100 + i, currency: i % 4 ? 'USD' : 'JPY' },
    description: null,
    status: 'paid',
    providerStatus: 'completed',
    createdAt: `2026-11-${String((i % 28) + 1).padStart(2, '0')}T10:00:00.000Z`,
    createdAtFirstSeen: i % 2 === 0,
    paidAt: null,
    updatedAt: '2026-11-30T10:00:00.000Z',
  }));
}

/** The payout repository's keyset pages over `rows` (the cursor is the next row's index). */
function repository(rows: PayoutRow[]) {
  return {
    count: () => rows.length,
    list: (input: { limit: number; cursor?: string }) => {
      const from = Number(input.cursor ?? 0);
      const page = rows.slice(from, from + input.limit);
      const next = from + input.limit < rows.length ? String(from + input.limit) : null;
      return { rows: page, nextCursor: next } as never;
    },
  };
}

/** The export as it was written before it was built in parts: every row and the totals in one Papa.unparse. */
function inOnePiece(rows: PayoutRow[]): string {
  const totals = new Map<string, { minor: number; count: number }>();
  for (const r of rows) {
    const t = totals.get(r.amount.currency) ?? { minor: 0, count: 0 };
    t.minor += r.amount.minor;
    t.count += 1;
    totals.set(r.amount.currency, t);
  }
  const decimal = (minor: number, currency: string) => (currency === 'JPY' ? String(minor) : (minor / 100).toFixed(2));
  const lines = rows.map((r) => ({
    created_at: r.createdAt,
    connection: r.connectionLabel,
    provider: r.provider,
    creator: r.creatorName ?? '',
    email: r.creatorEmail ?? '',
    handle: r.creatorHandle ?? '',
    phone: r.creatorPhone ?? '',
    campaign: r.campaignName ?? '',
    amount: decimal(r.amount.minor, r.amount.currency),
    currency: r.amount.currency,
    status: r.status,
    provider_status: r.providerStatus ?? '',
    description: r.description ?? '',
    reference: r.clientReference,
    provider_reference: r.providerReference ?? '',
    remote_id: r.remoteId ?? '',
    paid_at: r.paidAt ?? '',
    created_at_is_first_seen: r.createdAtFirstSeen ? 'yes' : '',
  }));
  const blank = Object.fromEntries(Object.keys(lines[0]!).map((k) => [k, '']));
  const totalLines = [...totals.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, t]) => ({
      ...blank,
      created_at: 'TOTAL',
      creator: `${t.count} payouts`,
      amount: decimal(t.minor, currency),
      currency,
    }));
  return Papa.unparse([...lines, ...totalLines], { escapeFormulae: true });
}

describe('the payouts CSV export, written a page at a time', () => {
  it.each([1, 499, 500, 501, 1_234])('gives the file one piece would for %i payouts, as text and as UTF-8', (count) => {
    const rows = payouts(count);
    const expected = inOnePiece(rows);
    expect(payoutsCsv(repository(rows), { filters: {} } as never)).toEqual({ content: expected, rows: count, truncated: false });
    const encoded = encodedPayoutsCsv(repository(rows), { filters: {} } as never);
    expect(new TextDecoder().decode(encoded.content)).toBe(expected);
  });

  it.each([700, 1_000])('stops at a limit of %i (inside a page and at its end), says so, and totals only what it holds', (limit) => {
    const rows = payouts(1_234);
    const parts: string[] = [];
    const progress: Array<[number, number | null]> = [];
    const result = payoutsCsvParts(
      repository(rows),
      { filters: {} } as never,
      (t) => parts.push(t),
      (d, t) => progress.push([d, t]),
      limit,
    );
    expect(result).toEqual({ rows: limit, truncated: true });
    expect(parts.join('')).toBe(inOnePiece(rows.slice(0, limit)));
    expect(progress[0]).toEqual([0, limit]);
    expect(progress.at(-1)).toEqual([limit, limit]);
    // Exactly the limit, nothing after it: not cut off.
    expect(payoutsCsvParts(repository(rows.slice(0, limit)), { filters: {} } as never, () => {}, undefined, limit)).toEqual({
      rows: limit,
      truncated: false,
    });
  });

  it('an empty view gives the header line alone', () => {
    const content = payoutsCsv(repository([]), { filters: {} } as never).content;
    expect(content).toMatch(/^created_at,connection,provider,creator,/);
    expect(content.split('\r\n')).toHaveLength(1);
  });
});
