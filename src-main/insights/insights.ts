/**
 * The insight views (Overview, Creators, Campaigns) and the CSV export of the payouts view. The queries are in
 * src-main/storage/insights-queries.ts; this service adds what is not SQL: the Attention count, the CSV format.
 */
import Papa from 'papaparse';
import type { ParsedInput } from '@shared/contract';
import type { ExportFile, PayoutRow } from '@shared/contract/model';
import type { CampaignSummary, CreatorPerson, Overview } from '@shared/contract/insights-model';
import { toDecimalString } from '@shared/money';
import type { InsightQueries } from '../storage/insights-queries';
import type { PayoutRepository } from '../storage/payout-repository';

export const EXPORT_ROW_LIMIT = 200_000;

export class Insights {
  constructor(
    private readonly queries: InsightQueries,
    private readonly payouts: PayoutRepository,
    private readonly attentionCount: () => number,
  ) {}

  overview(): Overview {
    return this.queries.overview(this.attentionCount());
  }

  people(search: string | undefined, limit: number): CreatorPerson[] {
    return this.queries.people(search, limit);
  }

  personDetail(personKey: string): CreatorPerson | null {
    return this.queries.personDetail(personKey);
  }

  campaigns(): CampaignSummary[] {
    return this.queries.campaigns();
  }

  /**
   * CSV of the payouts matching the list's filters and sort, read page by page through the same keyset query the
   * table uses, with one totals row per currency at the end. Amounts are exact decimal strings.
   */
  exportPayoutsFile(input: ParsedInput<'payouts.exportCsv'>): ExportFile & { rows: number; truncated: boolean } {
    const { content, rows, truncated } = this.exportPayoutsCsv({ ...input, limit: 500 });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    return { fileName: `paydesk-payouts-${stamp}.csv`, mimeType: 'text/csv', content, rows, truncated };
  }

  exportPayoutsCsv(input: ParsedInput<'payouts.list'>): { content: string; rows: number; truncated: boolean } {
    const out: PayoutRow[] = [];
    let cursor: string | undefined;
    let truncated = false;
    for (;;) {
      const page = this.payouts.list({ ...input, limit: 500, ...(cursor ? { cursor } : {}) });
      out.push(...page.rows);
      if (out.length >= EXPORT_ROW_LIMIT) {
        truncated = Boolean(page.nextCursor) || out.length > EXPORT_ROW_LIMIT;
        out.length = Math.min(out.length, EXPORT_ROW_LIMIT);
        break;
      }
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
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
    return { content: Papa.unparse([...rows, ...totalRows], { escapeFormulae: true }), rows: out.length, truncated };
  }
}
