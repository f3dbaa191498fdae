/**
 * The insight views (Overview, Creators, Campaigns) and the CSV export of the payouts view. The queries are in
 * src-main/storage/insights-queries.ts; this service adds what is not SQL: the Attention count, the CSV format.
 */
import type { ParsedInput } from '@shared/contract';
import type { FileToOffer } from './prepared-files';
import type { CampaignSummary, CreatorPerson, Overview } from '@shared/contract/insights-model';
import type { InsightQueries } from '../storage/insights-queries';
import type { PayoutRepository } from '../storage/payout-repository';
import { payoutsCsv, type EncodedPayoutsCsv, type PayoutsCsv } from './payouts-csv';

export { EXPORT_ROW_LIMIT } from './payouts-csv';

/** Builds the export's CSV elsewhere (the reader worker, src-main/workers/reader.ts), reporting its progress. */
export type PayoutsCsvBuilder = (input: Omit<ParsedInput<'payouts.list'>, 'cursor'>) => Promise<EncodedPayoutsCsv>;

export class Insights {
  constructor(
    private readonly queries: InsightQueries,
    private readonly payouts: PayoutRepository,
    private readonly attentionCount: () => number,
    /** Where the export's CSV is built: off the thread that answers the UI when given, else here. */
    private readonly buildCsv?: PayoutsCsvBuilder,
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

  /** The payouts view as a CSV file (src-main/insights/payouts-csv.ts), built off the UI's thread when it can be. */
  async exportPayoutsFile(input: ParsedInput<'payouts.exportCsv'>): Promise<FileToOffer & { rows: number; truncated: boolean }> {
    const listInput = { ...input, limit: 500 };
    const { content, rows, truncated } = this.buildCsv ? await this.buildCsv(listInput) : this.exportPayoutsCsv(listInput);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    return { fileName: `paydesk-payouts-${stamp}.csv`, mimeType: 'text/csv', content, rows, truncated };
  }

  exportPayoutsCsv(input: ParsedInput<'payouts.list'>): PayoutsCsv {
    return payoutsCsv(this.payouts, input);
  }
}
