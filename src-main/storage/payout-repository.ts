import type { PayoutListInput } from '@shared/contract';
import type { PayoutRow, PayoutStatus, ProviderId } from '@shared/contract/model';
import { AppError } from '../errors';
import { MoneyError, currencyExponent, parseDecimal } from '@shared/money';
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
  // Unique, so its own index serves (reference, id) order.
  reference: 'p.client_reference',
} as const;

/** The columns every payout listing selects; toPayoutRow turns them into what the renderer sees. */
export interface PayoutRowColumns {
  id: number;
  connection_id: string;
  connection_label: string;
  provider: ProviderId;
  remote_id: string | null;
  client_reference: string;
  provider_reference: string | null;
  recipient_name: string | null;
  recipient_email: string | null;
  recipient_handle: string | null;
  recipient_phone: string | null;
  /** The provider campaign's name, else the local campaign tag. */
  campaign_name: string | null;
  local_campaign: string | null;
  amount_minor: number;
  currency: string;
  description: string | null;
  status: PayoutStatus;
  provider_status: string | null;
  created_at: string;
  created_at_first_seen: number;
  paid_at: string | null;
  updated_at: string;
}

interface ListRow extends PayoutRowColumns {
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
  // Prefix-match words of 3+ characters only: a 1–2 letter prefix expands to hundreds of thousands of tokens
  // (hex references) at a million payouts; short words match whole words instead.
  return words.map((w) => `"${w.replace(/"/g, '""')}"${[...w].length >= 3 ? '*' : ''}`).join(' ');
}

function nextDayIso(date: string): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}

/** Columns with an index (column, created_at, id): one value of them keeps the default sort an index range scan. */
const SERVED_COLUMNS = ['p.status', 'p.connection_id', 'p.currency', 'p.campaign_id', 'p.creator_id'] as const;

type SortColumn = keyof typeof SORT_EXPRESSIONS;

/** The index (migration 2) that drives a query by each filter column. */
const FILTER_INDEXES: Record<string, string> = {
  'p.status': 'payouts_status',
  'p.connection_id': 'payouts_connection',
  'p.currency': 'payouts_currency',
  'p.campaign_id': 'payouts_campaign',
  'p.creator_id': 'payouts_creator',
  'p.created_at': 'payouts_created',
  'p.amount_minor': 'payouts_amount',
};

/** Covering index for amount ranges under the date sort (migration 5). */
const AMOUNT_CREATED_INDEX = 'payouts_amount_created';
/** One status sorted by amount (migration 12): a range scan in the sort's order, however rare or common the status. */
const STATUS_AMOUNT_INDEX = 'payouts_status_amount';

/**
 * One filter term. `sql(indexable)` renders it; with indexable = false a unary + in front of the column keeps SQLite
 * from driving the query with that column's index (the term is still applied to every row: same result, other plan).
 */
interface Term {
  column: string;
  values?: readonly (string | number)[];
  /** Parameter names of `values`. */
  names?: string[];
  sql: (indexable: boolean) => string;
  /** Index-only count of the rows this term alone matches, stopped at `cap`. */
  count?: (cap: number) => number;
}

/**
 * Lists the cached payouts with keyset pagination. The result is defined by the filters and the sort alone; how
 * it is found is chosen per request so that a page costs about the same at 1,000 or 1,000,000 payouts:
 * - filters on (status | connection | currency | campaign | creator) with one value, and date ranges, are index
 *   range scans in the order of the default sort;
 * - several values of one of those (e.g. two statuses) become one index scan per value, each stopped at the page
 *   size, merged (UNION ALL) — instead of collecting and sorting every matching row;
 * - a search, an amount range, or any filter under another sort is first measured with a capped, index-only
 *   count: a selective filter drives the query (its few rows are sorted), an unselective one is applied while
 *   walking the sort's index, which then finds a page within a few hundred rows.
 */
export class PayoutRepository {
  private readonly indexedSorts = new Map<SortColumn, boolean>();
  private readonly indexes = new Map<string, boolean>();

  constructor(private readonly db: Db) {}

  list(input: ParsedListInput): { rows: PayoutRow[]; nextCursor: string | null } {
    const params: Record<string, unknown> = {};
    const f = input.filters;
    const terms: Term[] = [];
    const uniq = <T>(values: readonly T[]) => [...new Set(values)];
    const inTerm = (column: string, name: string, values: readonly (string | number)[]) => {
      const names = values.map((v, i) => {
        params[`${name}${i}`] = v;
        return `@${name}${i}`;
      });
      const list = names.join(', ');
      terms.push({
        column,
        values,
        names,
        sql: (indexable) => `${indexable ? '' : '+'}${column} IN (${list})`,
        count: (cap) => this.cappedCount(`${column.slice(2)} IN (${list})`, params, cap),
      });
    };

    const equalsTerm = (column: string, name: string, value: string | number) => {
      params[name] = value;
      terms.push({
        column,
        values: [value],
        names: [`@${name}`],
        sql: (indexable) => `${indexable ? '' : '+'}${column} = @${name}`,
        count: (cap) => this.cappedCount(`${column.slice(2)} = @${name}`, params, cap),
      });
    };

    // A provider filter is a filter on that provider's connections (the connections table is tiny).
    let connectionIds = f.connectionIds?.length ? uniq(f.connectionIds) : undefined;
    if (f.providers?.length) {
      const providers = uniq(f.providers);
      const ofProviders = this.db
        .prepare(`SELECT id FROM connections WHERE provider IN (${providers.map(() => '?').join(', ')})`)
        .pluck()
        .all(...providers) as string[];
      connectionIds = connectionIds ? connectionIds.filter((id) => ofProviders.includes(id)) : ofProviders;
    }
    if (connectionIds) inTerm('p.connection_id', 'conn', connectionIds);
    if (f.statuses?.length) inTerm('p.status', 'status', uniq(f.statuses));
    if (f.currencies?.length) inTerm('p.currency', 'cur', uniq(f.currencies));
    if (f.campaignId) equalsTerm('p.campaign_id', 'campaignId', f.campaignId);
    if (f.creatorId) equalsTerm('p.creator_id', 'creatorId', f.creatorId);
    const created: string[] = [];
    if (f.createdFrom) {
      created.push('created_at >= @createdFrom');
      params.createdFrom = `${f.createdFrom}T00:00:00.000Z`;
    }
    if (f.createdTo) {
      created.push('created_at < @createdTo');
      params.createdTo = nextDayIso(f.createdTo);
    }
    if (created.length) {
      terms.push({
        column: 'p.created_at',
        sql: (i) => created.map((c) => `${i ? '' : '+'}p.${c}`).join(' AND '),
        count: (cap) => this.cappedCount(created.join(' AND '), params, cap),
      });
    }
    const toMinor = (text: string, field: 'minAmount' | 'maxAmount') => {
      const { exponent, currencies } = this.amountScale(f.currencies);
      const label = field === 'minAmount' ? 'The minimum amount' : 'The maximum amount';
      const refuse = (message: string): never => {
        throw new AppError('INVALID_INPUT', message, { [`filters.${field}`]: message });
      };
      if (exponent === null) {
        refuse(
          `An amount filter compares amounts in one kind of unit, and the payouts listed are in currencies with different decimals (${currencies.join(', ')}): choose one currency first.`,
        );
      }
      // Amounts are compared in minor units: the scale of the currencies in view, whichever of them (USD by default).
      const scale = currencies.find((c) => currencyExponent(c) === exponent) ?? 'USD';
      try {
        return parseDecimal(text, scale).minor;
      } catch (error) {
        if (!(error instanceof MoneyError)) throw error;
        const decimals = text.trim().split('.')[1]?.replace(/0+$/, '').length ?? 0;
        if (decimals > exponent!) {
          const which = f.currencies?.length === 1 ? `${f.currencies[0]} amounts have` : 'payout amounts have';
          return refuse(
            `${label} ${text.trim()} has ${decimals} decimal places, but ${which} at most ${exponent}${exponent === 0 ? ' (whole numbers)' : ''}: no payout can be that precise.`,
          );
        }
        return refuse(`${label}: ${error.message}`);
      }
    };
    const amount: string[] = [];
    if (f.minAmount) {
      amount.push('amount_minor >= @minAmount');
      params.minAmount = toMinor(f.minAmount, 'minAmount');
    }
    if (f.maxAmount) {
      amount.push('amount_minor <= @maxAmount');
      params.maxAmount = toMinor(f.maxAmount, 'maxAmount');
    }
    if (params.minAmount !== undefined && params.maxAmount !== undefined && (params.minAmount as number) > (params.maxAmount as number)) {
      throw new AppError('INVALID_INPUT', 'The minimum amount is above the maximum.', { 'filters.maxAmount': 'Below the minimum' });
    }
    if (amount.length) {
      terms.push({
        column: 'p.amount_minor',
        sql: (i) => amount.map((c) => `${i ? '' : '+'}p.${c}`).join(' AND '),
        count: (cap) => this.cappedCount(amount.join(' AND '), params, cap),
      });
    }

    const sortColumn = input.sort.column;
    const sortExpr = SORT_EXPRESSIONS[sortColumn];
    const dir = input.sort.direction === 'asc' ? 'ASC' : 'DESC';
    let cursorSql: string | null = null;
    if (input.cursor) {
      const cursor = decodeCursor(input.cursor);
      // The same rows as the row value (sort, id) < (value, id) (> ascending), written so that SQLite seeks the sort's
      // index to the cursor's value and decides ties by id from the index entry: the row value sought on its first
      // column only and passed every payout of the cursor's value again, thousands for a round amount at a million
      // payouts (docs/performance.md). Every sort expression is NOT NULL (the creator's coalesces to ''), so no NULL
      // falls between the two comparisons.
      const [beyond, within] = dir === 'ASC' ? ['>', '>='] : ['<', '<='];
      cursorSql = `${sortExpr} ${within} @cursorValue AND (${sortExpr} ${beyond} @cursorValue OR p.id ${beyond} @cursorId)`;
      params.cursorValue = cursor.v;
      params.cursorId = cursor.id;
    }
    params.limit = input.limit + 1;

    // How to find the page (the rows are the same whichever is chosen):
    //  'default' - SQLite's own choice; 'sort' - walk the sort's index, applying the filters to each row;
    //  'fts' - look up the few search matches and sort them; a Term - that filter's index, then sort its rows;
    //  union - one index scan per value of a several-valued filter, merged.
    let drive: 'default' | 'sort' | 'fts' | Term = 'default';
    let union: Term | null = null;
    let ftsSql: string | null = null;
    let statusByAmount: Term | null = null;
    const byCreated = sortColumn === 'createdAt';
    const single = terms.filter((t) => t.values?.length === 1 && (SERVED_COLUMNS as readonly string[]).includes(t.column));
    const multi = terms.filter((t) => (t.values?.length ?? 0) > 1 && (SERVED_COLUMNS as readonly string[]).includes(t.column));
    const createdTerm = terms.find((t) => t.column === 'p.created_at');
    const amountTerm = terms.find((t) => t.column === 'p.amount_minor');
    const fts = f.search ? toFtsQuery(f.search) : null;
    if (fts) {
      params.fts = fts;
      // FTS-driven: every match is looked up and sorted, ~2 µs each. Sort-driven: the matches become a set and the
      // sort's index is walked until a page matches, ~0.2 µs per row walked (N·page/M rows). Break-even around
      // M ≈ √(12·N): 3,500 matches at a million payouts.
      const cap = Math.min(10_000, Math.max(200, Math.round(Math.sqrt(12 * this.sizeEstimate()))));
      const ids = this.db.prepare('SELECT rowid FROM payouts_fts WHERE payouts_fts MATCH ? LIMIT ?').pluck().all(fts, cap) as number[];
      if (ids.length < cap) {
        params.ftsIds = JSON.stringify(ids);
        ftsSql = 'p.id IN (SELECT value FROM json_each(@ftsIds))';
        drive = 'fts';
      } else {
        ftsSql = '+p.id IN (SELECT rowid FROM payouts_fts WHERE payouts_fts MATCH @fts)';
        drive = this.sortIsIndexed(sortColumn) ? 'sort' : 'default';
      }
    } else if (byCreated) {
      if (single.length || createdTerm) drive = 'sort';
      else if (multi.length) union = multi.reduce((a, b) => (a.values!.length <= b.values!.length ? a : b));
      else if (amountTerm) {
        // With an index on (amount_minor, created_at) the matches are sorted without reading their rows, so far more
        // of them may drive: ~0.1 µs each against ~2 µs per row walked in date order.
        const covering = this.hasIndex(AMOUNT_CREATED_INDEX);
        drive = this.selective([amountTerm], covering ? 400 : 101) ?? 'sort';
      }
    } else if (terms.length) {
      statusByAmount = sortColumn === 'amount' ? (single.find((t) => t.column === 'p.status') ?? null) : null;
      if (statusByAmount && !this.hasIndex(STATUS_AMOUNT_INDEX)) statusByAmount = null;
      drive = statusByAmount ? 'sort' : (this.selective(terms) ?? (this.sortIsIndexed(sortColumn) ? 'sort' : 'default'));
    }

    // Under the default sort, single values of indexed columns and date ranges are served in order by their index;
    // under the amount sort, a single status is (payouts_status_amount).
    const servedInOrder = (t: Term) => (byCreated && (single.includes(t) || t === createdTerm)) || t === statusByAmount;
    const whereFor = (branch?: { term: Term; index: number }) => {
      const parts: string[] = [];
      for (const t of terms) {
        if (branch && t === branch.term) {
          parts.push(`${t.column} = ${t.names![branch.index]}`);
          continue;
        }
        const indexable = drive === 'default' ? !union : drive === 'fts' ? false : drive === 'sort' ? servedInOrder(t) : drive === t;
        parts.push(t.sql(indexable || (Boolean(union) && servedInOrder(t))));
      }
      if (ftsSql) parts.push(ftsSql);
      if (cursorSql) parts.push(cursorSql);
      return parts.length ? `WHERE ${parts.join(' AND ')}` : '';
    };
    const columns = `p.id, p.connection_id, c.label AS connection_label, c.provider, p.remote_id, p.client_reference, p.provider_reference,
             p.recipient_name, p.recipient_email, p.recipient_handle, p.recipient_phone, k.name AS campaign_name, p.local_campaign,
             p.amount_minor, p.currency, p.description, p.status, p.provider_status, p.created_at, p.created_at_first_seen, p.paid_at,
             p.updated_at, ${sortExpr} AS sort_value`;
    let sql: string;
    if (union) {
      const term = union;
      const branches = term.values!.map(
        (_, index) => `SELECT * FROM (SELECT p.id AS id, ${sortExpr} AS sort_value FROM payouts p
           ${whereFor({ term, index })} ORDER BY ${sortExpr} ${dir}, p.id ${dir} LIMIT @limit)`,
      );
      sql = `
        SELECT ${columns}
        FROM (SELECT id, sort_value FROM (${branches.join(' UNION ALL ')}) ORDER BY sort_value ${dir}, id ${dir} LIMIT @limit) AS top
        JOIN payouts p ON p.id = top.id
        JOIN connections c ON c.id = p.connection_id
        LEFT JOIN campaigns k ON k.id = p.campaign_id
        ORDER BY top.sort_value ${dir}, top.id ${dir}`;
    } else if (drive === 'fts' || typeof drive === 'object') {
      // The search's few matches are found by rowid, a driving filter's by its own index; their page is picked
      // from ids and sort values only, and just that page's rows are read in full.
      const driveIndex =
        typeof drive === 'object'
          ? drive === amountTerm && byCreated && this.hasIndex(AMOUNT_CREATED_INDEX)
            ? AMOUNT_CREATED_INDEX
            : FILTER_INDEXES[drive.column]
          : null;
      sql = `
        SELECT ${columns}
        FROM (SELECT p.id AS id, ${sortExpr} AS sort_value FROM payouts p${driveIndex ? ` INDEXED BY ${driveIndex}` : ' NOT INDEXED'}
              ${whereFor()} ORDER BY ${sortExpr} ${dir}, p.id ${dir} LIMIT @limit) AS top
        JOIN payouts p ON p.id = top.id
        JOIN connections c ON c.id = p.connection_id
        LEFT JOIN campaigns k ON k.id = p.campaign_id
        ORDER BY top.sort_value ${dir}, top.id ${dir}`;
    } else {
      sql = `
        SELECT ${columns}
        FROM payouts p${statusByAmount ? ` INDEXED BY ${STATUS_AMOUNT_INDEX}` : ''}
        JOIN connections c ON c.id = p.connection_id
        LEFT JOIN campaigns k ON k.id = p.campaign_id
        ${whereFor()}
        ORDER BY ${sortExpr} ${dir}, p.id ${dir}
        LIMIT @limit`;
    }
    const rows = this.db.prepare(sql).all(params) as ListRow[];
    const hasMore = rows.length > input.limit;
    const page = hasMore ? rows.slice(0, input.limit) : rows;
    const last = page[page.length - 1];
    return {
      rows: page.map(toPayoutRow),
      nextCursor: hasMore && last ? encodeCursor({ v: last.sort_value, id: last.id }) : null,
    };
  }

  /**
   * The term that should drive the query, or null when none is selective. Driving by a filter looks up and sorts
   * its M rows; walking the sort order instead checks about N·page/M rows: both ~1–2 µs a row, so a filter drives
   * when its (index-only, capped) count is below √(page·N): 10,000 at a million payouts. `costRatio` raises that
   * bound when driving rows are cheaper than walked ones.
   */
  private selective(candidates: Term[], costRatio = 101): Term | null {
    let best: Term | null = null;
    let bestCount = Math.min(20_000, Math.max(200, Math.round(Math.sqrt(costRatio * this.sizeEstimate()))));
    for (const t of candidates) {
      if (!t.count) continue;
      const count = t.count(bestCount);
      if (count < bestCount) {
        best = t;
        bestCount = count;
      }
    }
    return best;
  }

  private cappedCount(condition: string, params: Record<string, unknown>, cap: number): number {
    const names = condition.match(/@\w+/g) ?? [];
    const bound = Object.fromEntries(names.map((n) => [n.slice(1), params[n.slice(1)]]));
    return this.db
      .prepare(`SELECT count(*) FROM (SELECT 1 FROM payouts WHERE ${condition} LIMIT @cap__)`)
      .pluck()
      .get({ ...bound, cap__: cap }) as number;
  }

  /**
   * The number of decimals an amount filter works in: that of the chosen currencies, or of every currency the cache
   * holds when none is chosen; null when they differ (a minor unit of JPY is not one of USD).
   */
  private amountScale(chosen: readonly string[] | undefined): { exponent: number | null; currencies: string[] } {
    const currencies = chosen?.length
      ? [...new Set(chosen)]
      : // A loose index scan: one seek per currency instead of reading every payout.
        (this.db
          .prepare(
            `WITH RECURSIVE c(cur) AS (SELECT min(currency) FROM payouts
               UNION ALL SELECT (SELECT min(currency) FROM payouts WHERE currency > c.cur) FROM c WHERE c.cur IS NOT NULL)
             SELECT cur FROM c WHERE cur IS NOT NULL`,
          )
          .pluck()
          .all() as string[]);
    const exponents = new Set(currencies.map((c) => currencyExponent(c)));
    if (exponents.size > 1) return { exponent: null, currencies };
    return { exponent: exponents.size ? [...exponents][0]! : currencyExponent('USD'), currencies };
  }

  /** Rough number of payouts: ids are rowids, so this is one b-tree descent. */
  private sizeEstimate(): number {
    return (this.db.prepare('SELECT max(id) FROM payouts').pluck().get() as number | null) ?? 0;
  }

  /** Whether the schema has this index (looked up once: indexes come with migrations). */
  private hasIndex(name: string): boolean {
    let present = this.indexes.get(name);
    if (present === undefined) {
      present = Boolean(this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?").get(name));
      this.indexes.set(name, present);
    }
    return present;
  }

  /** Whether an index serves this sort (asked of SQLite's planner once per column: indexes come with migrations). */
  private sortIsIndexed(column: SortColumn): boolean {
    let served = this.indexedSorts.get(column);
    if (served === undefined) {
      const plan = this.db
        .prepare(`EXPLAIN QUERY PLAN SELECT p.id FROM payouts p ORDER BY ${SORT_EXPRESSIONS[column]}, p.id LIMIT 1`)
        .all() as Array<{ detail: string }>;
      served = !plan.some((r) => /TEMP B-TREE/.test(r.detail));
      this.indexedSorts.set(column, served);
    }
    return served;
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM payouts').get() as { n: number }).n;
  }
}

export function toPayoutRow(r: PayoutRowColumns): PayoutRow {
  return {
    id: r.id,
    connectionId: r.connection_id,
    connectionLabel: r.connection_label,
    provider: r.provider,
    remoteId: r.remote_id,
    clientReference: r.client_reference,
    providerReference: r.provider_reference,
    creatorName: r.recipient_name,
    creatorEmail: r.recipient_email,
    creatorHandle: r.recipient_handle,
    creatorPhone: r.recipient_phone,
    campaignName: r.campaign_name ?? r.local_campaign,
    amount: { minor: r.amount_minor, currency: r.currency },
    description: r.description,
    status: r.status,
    providerStatus: r.provider_status,
    createdAt: r.created_at,
    createdAtFirstSeen: r.created_at_first_seen === 1,
    paidAt: r.paid_at,
    updatedAt: r.updated_at,
  };
}
