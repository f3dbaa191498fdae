/**
 * Queries on the generated N-payout database through PayoutRepository.list, as the payouts screen asks them
 * (limit 100, the contract's parser applied): first page, a deep keyset page, each filter, search, each sort.
 * Inputs rotate per run (different statuses, connections, creators, search words…). Each scenario's query plan is
 * captured too, and a plan that sorts in a temp b-tree is flagged.
 */
import { payoutListInput, type PayoutListInput } from '@shared/contract';
import type { PayoutStatus } from '@shared/contract/model';
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_FILE, openDatabase, type Db } from '../src-main/storage/database';
import { PayoutRepository, encodeCursor } from '../src-main/storage/payout-repository';
import { CAMPAIGNS, CONNECTIONS, CREATORS, NOW, SPAN_DAYS } from './generate';
import { log, summarize, type Summary } from './lib/common';

export interface QueryResult {
  name: string;
  /** The input of the slowest run. */
  slowest: { ms: number; filters: unknown; sort: unknown };
  kind: 'list' | 'search';
  summary: Summary;
  rowsP50: number;
  plan: string[];
  tempSort: boolean;
}

type Input = PayoutListInput;
type Scenario = { name: string; kind: 'list' | 'search'; inputs: (i: number) => Input };

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const DAY_MS = 86_400_000;

/** What people type: names, e-mail and handle fragments, words of descriptions; references are added from the data. */
const SEARCH_WORDS = [
  'Ava',
  'Nguyen',
  'sofia rossi',
  'mateo.kowalski',
  '@mayacooks',
  'Lindqvist',
  'Livestream',
  'priya patel',
  'omar',
  'Müller',
  'hana.ito1',
  'Usage rights',
  'theo',
  'jonas jensen',
  'ravi',
  'felixgames',
  'chloe moreau',
];
/** Half-typed input that the 300 ms debounce lets through: one or two letters. */
const SEARCH_PREFIXES = ['a', 'so', 'k', 'li', 'ma', 'e', 'no', 't'];

/** References as people paste them: a full client reference, its first block, a short reference, a remote id. */
function referenceSearches(db: Db): string[] {
  const ours = db
    .prepare('SELECT client_reference, short_reference FROM payouts WHERE short_reference IS NOT NULL ORDER BY id LIMIT 1 OFFSET 1234')
    .get() as { client_reference: string; short_reference: string } | undefined;
  const remote = db.prepare('SELECT remote_id FROM payouts WHERE remote_id IS NOT NULL ORDER BY id LIMIT 1 OFFSET 4321').pluck().get() as
    string | undefined;
  return [ours?.client_reference, ours?.client_reference.slice(0, 8), ours?.short_reference, remote].filter((v): v is string => Boolean(v));
}

function scenarios(limit: number, deepCursor: string, SEARCHES: string[], tieCursors: TieCursor[]): Scenario[] {
  const statuses = [
    'paid',
    'failed',
    'processing',
    'draft',
    'approved',
    'submitted',
    'cancelled',
    'expired',
    'returned',
    'unknown',
  ] as const;
  const currencies = ['USD', 'EUR', 'GBP', 'CHF'];
  const base = (extra: Partial<Input>): Input => ({ limit, ...extra });
  return [
    { name: 'first page (newest first)', kind: 'list', inputs: () => base({}) },
    { name: 'deep page (after 50 pages, keyset)', kind: 'list', inputs: () => base({ cursor: deepCursor }) },
    { name: 'filter: status', kind: 'list', inputs: (i) => base({ filters: { statuses: [statuses[i % statuses.length]!] } }) },
    {
      name: 'filter: 2 statuses',
      kind: 'list',
      inputs: (i) => base({ filters: { statuses: [statuses[i % statuses.length]!, statuses[(i + 3) % statuses.length]!] } }),
    },
    {
      name: 'filter: connection',
      kind: 'list',
      inputs: (i) => base({ filters: { connectionIds: [CONNECTIONS[i % CONNECTIONS.length]!.id] } }),
    },
    {
      name: 'filter: provider',
      kind: 'list',
      inputs: (i) => base({ filters: { providers: [CONNECTIONS[i % CONNECTIONS.length]!.provider] } }),
    },
    { name: 'filter: currency', kind: 'list', inputs: (i) => base({ filters: { currencies: [currencies[i % currencies.length]!] } }) },
    {
      name: 'filter: date range (30 days)',
      kind: 'list',
      inputs: (i) => {
        const from = NOW - ((i * 37) % (SPAN_DAYS - 30)) * DAY_MS - 30 * DAY_MS;
        return base({ filters: { createdFrom: day(from), createdTo: day(from + 29 * DAY_MS) } });
      },
    },
    { name: 'filter: campaign', kind: 'list', inputs: (i) => base({ filters: { campaignId: 1 + ((i * 53) % CAMPAIGNS) } }) },
    { name: 'filter: creator', kind: 'list', inputs: (i) => base({ filters: { creatorId: 1 + ((i * 7919) % CREATORS) } }) },
    {
      name: 'filter: amount range',
      kind: 'list',
      inputs: (i) => {
        const ranges: Array<[string, string]> = [
          ['100', '500'],
          ['1000', '2500'],
          ['50', '60'],
          ['5000', '15000'],
          ['250', '250'],
          ['10', '100'],
        ];
        const [minAmount, maxAmount] = ranges[i % ranges.length]!;
        return base({ filters: { minAmount, maxAmount } });
      },
    },
    { name: 'filter: min amount only', kind: 'list', inputs: (i) => base({ filters: { minAmount: ['100', '2000', '9000'][i % 3]! } }) },
    {
      name: 'filter: connection + status',
      kind: 'list',
      inputs: (i) =>
        base({ filters: { connectionIds: [CONNECTIONS[i % CONNECTIONS.length]!.id], statuses: [statuses[i % statuses.length]!] } }),
    },
    {
      name: 'filter: currency + date range',
      kind: 'list',
      inputs: (i) =>
        base({
          filters: {
            currencies: [currencies[i % currencies.length]!],
            createdFrom: day(NOW - (90 + i * 11) * DAY_MS),
            createdTo: day(NOW - i * 11 * DAY_MS),
          },
        }),
    },
    { name: 'sort: creator A→Z', kind: 'list', inputs: () => base({ sort: { column: 'creator', direction: 'asc' } }) },
    { name: 'sort: amount high→low', kind: 'list', inputs: () => base({ sort: { column: 'amount', direction: 'desc' } }) },
    { name: 'sort: status', kind: 'list', inputs: () => base({ sort: { column: 'status', direction: 'asc' } }) },
    { name: 'sort: currency', kind: 'list', inputs: () => base({ sort: { column: 'currency', direction: 'asc' } }) },
    { name: 'sort: connection', kind: 'list', inputs: () => base({ sort: { column: 'connection', direction: 'desc' } }) },
    { name: 'sort: updated', kind: 'list', inputs: () => base({ sort: { column: 'updatedAt', direction: 'desc' } }) },
    {
      name: 'sort: creator, filter: connection',
      kind: 'list',
      inputs: (i) =>
        base({ sort: { column: 'creator', direction: 'asc' }, filters: { connectionIds: [CONNECTIONS[i % CONNECTIONS.length]!.id] } }),
    },
    {
      name: 'sort: amount, filter: status',
      kind: 'list',
      inputs: (i) => base({ sort: { column: 'amount', direction: 'desc' }, filters: { statuses: [statuses[i % statuses.length]!] } }),
    },
    {
      // A page that starts inside the largest group of equal amounts of a status (round amounts repeat: hundreds of
      // payouts of 180.00 at 200,000, thousands at a million), at the group's far end: the keyset must seek, not re-read the group.
      name: 'sort: amount, filter: status, page in a tie',
      kind: 'list',
      inputs: (i) => {
        const tie = tieCursors[i % tieCursors.length]!;
        return base({ sort: { column: 'amount', direction: tie.direction }, filters: { statuses: [tie.status] }, cursor: tie.cursor });
      },
    },
    { name: 'search (FTS)', kind: 'search', inputs: (i) => base({ filters: { search: SEARCHES[i % SEARCHES.length]! } }) },
    {
      name: 'search: 1–2 letters (half-typed)',
      kind: 'search',
      inputs: (i) => base({ filters: { search: SEARCH_PREFIXES[i % SEARCH_PREFIXES.length]! } }),
    },
    {
      name: 'search + connection',
      kind: 'search',
      inputs: (i) =>
        base({ filters: { search: SEARCHES[i % SEARCHES.length]!, connectionIds: [CONNECTIONS[i % CONNECTIONS.length]!.id] } }),
    },
    {
      name: 'search, sort: amount',
      kind: 'search',
      inputs: (i) => base({ sort: { column: 'amount', direction: 'desc' }, filters: { search: SEARCHES[i % SEARCHES.length]! } }),
    },
  ];
}

interface TieCursor {
  status: PayoutStatus;
  direction: 'asc' | 'desc';
  cursor: string;
}

/**
 * For the commonest statuses, a cursor at the far end of their largest group of equal amounts, in both directions
 * (descending: the group's lowest id, so every other payout of that amount comes before it; ascending: its highest).
 */
function tieCursors(db: Db): TieCursor[] {
  const out: TieCursor[] = [];
  for (const status of ['paid', 'cancelled', 'processing', 'failed'] as const) {
    const group = db
      .prepare(
        `SELECT amount_minor AS amount, count(*) AS n, min(id) AS lowest, max(id) AS highest FROM payouts WHERE status = ?
         GROUP BY amount_minor ORDER BY n DESC LIMIT 1`,
      )
      .get(status) as { amount: number; n: number; lowest: number; highest: number } | undefined;
    if (!group) continue;
    out.push({ status, direction: 'desc', cursor: encodeCursor({ v: group.amount, id: group.lowest }) });
    out.push({ status, direction: 'asc', cursor: encodeCursor({ v: group.amount, id: group.highest }) });
  }
  return out;
}

/** Records the SQL and parameters of the last list query, to EXPLAIN it afterwards. */
function captureQueries(db: Db): { last: () => { sql: string; params: unknown } | null } {
  let last: { sql: string; params: unknown } | null = null;
  const prepare = db.prepare.bind(db);
  (db as { prepare: unknown }).prepare = ((sql: string) => {
    const stmt = prepare(sql);
    if (!/AS sort_value/.test(sql) || /^\s*EXPLAIN/.test(sql)) return stmt;
    const all = stmt.all.bind(stmt);
    (stmt as { all: unknown }).all = (...args: unknown[]) => {
      last = { sql, params: args[0] };
      return all(...(args as never[]));
    };
    return stmt;
  }) as typeof db.prepare;
  return { last: () => last };
}

/**
 * Reads the database file once so that the OS page cache holds it, as on a desktop that has used the app. (This
 * VM runs DAMON proactive reclaim, which pages out file cache that was idle for a few seconds; without this the
 * first touches of each index are disk reads.)
 */
export function warmFile(dataDir: string): number {
  const t0 = performance.now();
  const fd = openSync(join(dataDir, DATABASE_FILE), 'r');
  const buffer = Buffer.allocUnsafe(8 << 20);
  try {
    while (readSync(fd, buffer, 0, buffer.length, null) > 0);
  } finally {
    closeSync(fd);
  }
  return performance.now() - t0;
}

export function benchQueries(dataDir: string, options: { runs: number; limit?: number }): QueryResult[] {
  warmFile(dataDir);
  const db = openDatabase({ dataDir });
  const capture = captureQueries(db);
  const repo = new PayoutRepository(db);
  const limit = options.limit ?? 100;
  try {
    // The cursor after 50 pages of the default view, read as the UI would (page by page).
    let cursor: string | undefined;
    for (let page = 0; page < 50; page += 1) {
      const result = repo.list(payoutListInput.parse({ limit, ...(cursor ? { cursor } : {}) }));
      cursor = result.nextCursor ?? undefined;
    }
    const results: QueryResult[] = [];
    const searches = [...SEARCH_WORDS, ...referenceSearches(db)];
    for (const scenario of scenarios(limit, cursor!, searches, tieCursors(db))) {
      const samples: number[] = [];
      const rowCounts: number[] = [];
      let slowest: QueryResult['slowest'] = { ms: -1, filters: null, sort: null };
      for (let i = -3; i < options.runs; i += 1) {
        const input = payoutListInput.parse(scenario.inputs(Math.max(0, i)));
        const t = performance.now();
        const page = repo.list(input);
        const ms = performance.now() - t;
        if (i >= 0) {
          if (ms > slowest.ms) slowest = { ms: Math.round(ms * 100) / 100, filters: input.filters, sort: input.sort };
          samples.push(ms);
          rowCounts.push(page.rows.length);
        }
      }
      const last = capture.last();
      const plan = last
        ? (db.prepare(`EXPLAIN QUERY PLAN ${last.sql}`).all(last.params as never) as Array<{ detail: string }>).map((r) => r.detail)
        : [];
      const summary = summarize(samples);
      rowCounts.sort((a, b) => a - b);
      results.push({
        name: scenario.name,
        slowest,
        kind: scenario.kind,
        summary,
        rowsP50: rowCounts[rowCounts.length >> 1] ?? 0,
        plan,
        tempSort: plan.some((d) => /TEMP B-TREE/.test(d)),
      });
      log(
        `queries: ${scenario.name.padEnd(36)} p50 ${summary.p50.toFixed(2).padStart(8)} ms  p95 ${summary.p95.toFixed(2).padStart(8)} ms${plan.some((d) => /TEMP B-TREE/.test(d)) ? '  (sorts)' : ''}`,
      );
    }
    return results;
  } finally {
    db.close();
  }
}
