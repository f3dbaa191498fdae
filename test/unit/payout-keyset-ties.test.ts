import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payoutListInput, type PayoutListInput } from '@shared/contract';
import { openDatabase, type Db } from '../../src-main/storage/database';
import { PayoutRepository } from '../../src-main/storage/payout-repository';
import { tempDataDir } from '../helpers/temp-dir';

/**
 * Keyset pages that begin and end inside long runs of equal sort values (round amounts repeat by the thousand in a
 * real cache): the cursor must continue within the run by id, in both directions, under every way the list is found
 * (the status-by-amount index, a filter that drives, several statuses merged, a search, no filter at all).
 */
let db: Db;
let repo: PayoutRepository;
let cleanup: () => void;
const N = 900;
/** Three amounts only, so every page boundary of a small page falls inside a tie. */
const AMOUNTS = [18_000, 2_500, 18_000, 99, 2_500, 18_000];
const STATUSES = ['paid', 'failed', 'paid', 'cancelled'];

beforeAll(() => {
  const t = tempDataDir();
  cleanup = t.cleanup;
  db = openDatabase({ dataDir: t.dir });
  repo = new PayoutRepository(db);
  const now = '2026-01-01T00:00:00.000Z';
  const connection = db.prepare(
    `INSERT INTO connections (id, provider, label, environment, base_url, auth_mode, public_fields, credential_hint, is_demo, created_at, updated_at)
     VALUES (?, 'dots', ?, 'sandbox', 'https://x', 'basic', '{}', NULL, 0, ?, ?)`,
  );
  connection.run('a', 'Dots A', now, now);
  connection.run('b', 'Dots B', now, now);
  const insert = db.prepare(`INSERT INTO payouts (connection_id, remote_id, client_reference, recipient_name, amount_minor, currency,
    description, status, provider_status, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)`);
  db.transaction(() => {
    for (let i = 0; i < N; i += 1) {
      const created = new Date(Date.UTC(2025, 0, 1 + (i % 5))).toISOString();
      insert.run(
        i % 2 ? 'a' : 'b',
        `r${i}`,
        `ref-${i}`,
        ['Ava Nguyen', 'Omar Patel', 'Ava Nguyen'][i % 3],
        AMOUNTS[i % AMOUNTS.length],
        i % 7 ? 'USD' : 'EUR',
        'Sponsored post',
        STATUSES[i % STATUSES.length],
        'x',
        created,
        created,
      );
    }
  })();
});
afterAll(() => {
  db.close();
  cleanup();
});

type Sort = NonNullable<PayoutListInput['sort']>;
const SQL_ORDER: Record<Sort['column'], string> = {
  amount: 'amount_minor',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  status: 'status',
  currency: 'currency',
  connection: 'connection_id',
  creator: "coalesce(recipient_name, recipient_email, recipient_handle, '')",
  reference: 'client_reference',
};

/** Every page of a view, 7 rows at a time; the ids in the order the pages gave them. */
function pageThrough(input: PayoutListInput): number[] {
  const ids: number[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 1000; guard += 1) {
    const page = repo.list(payoutListInput.parse({ ...input, limit: 7, ...(cursor ? { cursor } : {}) }));
    ids.push(...page.rows.map((r) => r.id));
    if (!page.nextCursor) return ids;
    cursor = page.nextCursor;
  }
  throw new Error('pagination did not end');
}

/** The same view straight from SQL: sort value, then id, both in the sort's direction. */
function expected(sort: Sort, where = '1 = 1', params: unknown[] = []): number[] {
  const dir = sort.direction === 'asc' ? 'ASC' : 'DESC';
  return db
    .prepare(`SELECT id FROM payouts WHERE ${where} ORDER BY ${SQL_ORDER[sort.column]} ${dir}, id ${dir}`)
    .pluck()
    .all(...params) as number[];
}

describe('keyset pages through ties', () => {
  it('the data has long ties (a test without them would prove nothing)', () => {
    const largest = db
      .prepare("SELECT count(*) FROM payouts WHERE status = 'paid' GROUP BY amount_minor ORDER BY 1 DESC LIMIT 1")
      .pluck()
      .get();
    expect(largest).toBeGreaterThan(100);
  });

  it.each(['desc', 'asc'] as const)('amount sort with a status filter (%s): every payout of the status once, in order', (direction) => {
    const sort = { column: 'amount', direction } as const;
    for (const status of ['paid', 'failed'] as const) {
      const ids = pageThrough({ sort, filters: { statuses: [status] } });
      expect(ids).toEqual(expected(sort, 'status = ?', [status]));
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it.each(['desc', 'asc'] as const)('amount sort under two statuses, a search and a connection filter (%s)', (direction) => {
    const sort = { column: 'amount', direction } as const;
    expect(pageThrough({ sort, filters: { statuses: ['paid', 'cancelled'] } })).toEqual(expected(sort, "status IN ('paid', 'cancelled')"));
    expect(pageThrough({ sort, filters: { search: 'Omar' } })).toEqual(expected(sort, "recipient_name = 'Omar Patel'"));
    expect(pageThrough({ sort, filters: { connectionIds: ['a'] } })).toEqual(expected(sort, "connection_id = 'a'"));
  });

  it.each([
    ['amount', 'desc'],
    ['amount', 'asc'],
    ['createdAt', 'desc'],
    ['createdAt', 'asc'],
    ['status', 'asc'],
    ['status', 'desc'],
    ['currency', 'asc'],
    ['connection', 'desc'],
    ['creator', 'asc'],
    ['creator', 'desc'],
    ['updatedAt', 'asc'],
  ] as const)('sort by %s %s without filters: every payout exactly once, in order', (column, direction) => {
    const sort = { column, direction } as const;
    const ids = pageThrough({ sort });
    expect(ids).toHaveLength(N);
    expect(ids).toEqual(expected(sort));
  });
});
