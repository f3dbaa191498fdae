import type { PayoutListInput } from '../api/contract';
import type { PayoutRow, PayoutStatus, ProviderId } from '../api/model';
import { AppError } from '../api/errors';
import { MoneyError, parseDecimal } from '../money/money';
import type { Db } from './database';

type ParsedListInput = {
  limit: number;
  cursor?: string | undefined;
  sort: { column: NonNullable<PayoutListInput['sort']>['column']; direction: 'asc' | 'desc' };
  filters: NonNullable<PayoutListInput['filters']>;
};

/** SQL expression per sortable column; each has an index ending in id, so keyset pages are range scans. */
const SORT_EXPRESSIONS = {
  createdAt: 'p.created_at',
  updatedAt: 'p.updated_at',
  amount: 'p.amount_minor',
  status: 'p.status',
  currency: 'p.currency',
  connection: 'p.connection_id',
  creator: "coalesce(p.recipient_name, p.recipient_email, p.recipient_handle, '')",
} as const;

interface ListRow {
  id: number;
  connection_id: string;
  connection_label: string;
  provider: ProviderId;
  remote_id: string | null;
  client_reference: string;
  recipient_name: string | null;
  recipient_email: string | null;
  recipient_handle: string | null;
  campaign_name: string | null;
  amount_minor: number;
  currency: string;
  description: string | null;
  status: PayoutStatus;
  provider_status: string | null;
  created_at: string;
  updated_at: string;
  sort_value: string | number;
}

interface Cursor {
  v: string | number;
  id: number;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(text: string): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    if ((typeof parsed.v === 'string' || typeof parsed.v === 'number') && Number.isSafeInteger(parsed.id)) return parsed;
  } catch {
    // fall through
  }
  throw new AppError('INVALID_INPUT', 'The page cursor is not valid; reload the list.', { cursor: 'Invalid cursor' });
}

/**
 * Turns what a person typed into a safe FTS5 query: every word becomes a quoted prefix term, so FTS syntax
 * (quotes, *, NEAR, -, AND/OR, column filters) is searched for as plain text instead of being interpreted.
 */
export function toFtsQuery(text: string): string | null {
  const words = text
    .normalize('NFKC')
    .split(/[\s"*^:()+\-{}[\],.;!?@<>=|\\/]+/u)
    .map((w) => w.trim())
    .filter((w) => w.length > 0)
    .slice(0, 12);
  if (words.length === 0) return null;
  return words.map((w) => `"${w.replace(/"/g, '""')}"*`).join(' ');
}

function nextDayIso(date: string): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}

export class PayoutRepository {
  constructor(private readonly db: Db) {}

  list(input: ParsedListInput): { rows: PayoutRow[]; nextCursor: string | null } {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    const f = input.filters;
    const inList = (column: string, name: string, values: readonly (string | number)[] | undefined) => {
      if (!values || values.length === 0) return;
      const names = values.map((v, i) => {
        params[`${name}${i}`] = v;
        return `@${name}${i}`;
      });
      where.push(`${column} IN (${names.join(', ')})`);
    };
    inList('p.connection_id', 'conn', f.connectionIds);
    inList('c.provider', 'prov', f.providers);
    inList('p.status', 'status', f.statuses);
    inList('p.currency', 'cur', f.currencies);
    if (f.createdFrom) { where.push('p.created_at >= @createdFrom'); params.createdFrom = `${f.createdFrom}T00:00:00.000Z`; }
    if (f.createdTo) { where.push('p.created_at < @createdTo'); params.createdTo = nextDayIso(f.createdTo); }
    if (f.campaignId) { where.push('p.campaign_id = @campaignId'); params.campaignId = f.campaignId; }
    if (f.creatorId) { where.push('p.creator_id = @creatorId'); params.creatorId = f.creatorId; }
    const amountCurrency = f.currencies?.length === 1 ? f.currencies[0]! : 'USD';
    const toMinor = (text: string, field: string) => {
      try {
        return parseDecimal(text, amountCurrency).minor;
      } catch (error) {
        const message = error instanceof MoneyError ? error.message : 'Invalid amount';
        throw new AppError('INVALID_INPUT', message, { [`filters.${field}`]: message });
      }
    };
    if (f.minAmount) { where.push('p.amount_minor >= @minAmount'); params.minAmount = toMinor(f.minAmount, 'minAmount'); }
    if (f.maxAmount) { where.push('p.amount_minor <= @maxAmount'); params.maxAmount = toMinor(f.maxAmount, 'maxAmount'); }
    if (params.minAmount !== undefined && params.maxAmount !== undefined && (params.minAmount as number) > (params.maxAmount as number)) {
      throw new AppError('INVALID_INPUT', 'The minimum amount is above the maximum.', { 'filters.maxAmount': 'Below the minimum' });
    }
    if (f.search) {
      const fts = toFtsQuery(f.search);
      if (fts) { where.push('p.id IN (SELECT rowid FROM payouts_fts WHERE payouts_fts MATCH @fts)'); params.fts = fts; }
    }

    const sortExpr = SORT_EXPRESSIONS[input.sort.column];
    const dir = input.sort.direction === 'asc' ? 'ASC' : 'DESC';
    if (input.cursor) {
      const cursor = decodeCursor(input.cursor);
      where.push(`(${sortExpr}, p.id) ${dir === 'ASC' ? '>' : '<'} (@cursorValue, @cursorId)`);
      params.cursorValue = cursor.v;
      params.cursorId = cursor.id;
    }
    params.limit = input.limit + 1;
    const sql = `
      SELECT p.id, p.connection_id, c.label AS connection_label, c.provider, p.remote_id, p.client_reference,
             p.recipient_name, p.recipient_email, p.recipient_handle, k.name AS campaign_name,
             p.amount_minor, p.currency, p.description, p.status, p.provider_status, p.created_at, p.updated_at,
             ${sortExpr} AS sort_value
      FROM payouts p
      JOIN connections c ON c.id = p.connection_id
      LEFT JOIN campaigns k ON k.id = p.campaign_id
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY ${sortExpr} ${dir}, p.id ${dir}
      LIMIT @limit`;
    const rows = this.db.prepare(sql).all(params) as ListRow[];
    const hasMore = rows.length > input.limit;
    const page = hasMore ? rows.slice(0, input.limit) : rows;
    const last = page[page.length - 1];
    return {
      rows: page.map(toPayoutRow),
      nextCursor: hasMore && last ? encodeCursor({ v: last.sort_value, id: last.id }) : null,
    };
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM payouts').get() as { n: number }).n;
  }
}

function toPayoutRow(r: ListRow): PayoutRow {
  return {
    id: r.id,
    connectionId: r.connection_id,
    connectionLabel: r.connection_label,
    provider: r.provider,
    remoteId: r.remote_id,
    clientReference: r.client_reference,
    creatorName: r.recipient_name,
    creatorEmail: r.recipient_email,
    creatorHandle: r.recipient_handle,
    campaignName: r.campaign_name,
    amount: { minor: r.amount_minor, currency: r.currency },
    description: r.description,
    status: r.status,
    providerStatus: r.provider_status,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
