import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payoutListInput } from '@shared/contract';
import type { PayoutRow } from '@shared/contract/model';
import { openDatabase, type Db } from '../../src-main/storage/database';
import { PayoutRepository, toFtsQuery } from '../../src-main/storage/payout-repository';
import { seededRandom, pick, fakePerson, fakeAmountMinor } from '../../src-main/providers/simulator/seed-data';
import { tempDataDir } from '../helpers/temp-dir';

let db: Db;
let repo: PayoutRepository;
let cleanup: () => void;
const N = 1200;

beforeAll(() => {
  const t = tempDataDir();
  cleanup = t.cleanup;
  db = openDatabase({ dataDir: t.dir });
  repo = new PayoutRepository(db);
  const now = '2026-01-01T00:00:00.000Z';
  db.prepare(
    "INSERT INTO connections (id, provider, label, environment, base_url, auth_mode, public_fields, credential_hint, is_demo, created_at, updated_at) VALUES ('a','dots','Dots A','sandbox','https://x','basic','{}',NULL,0,?,?)",
  ).run(now, now);
  db.prepare(
    "INSERT INTO connections (id, provider, label, environment, base_url, auth_mode, public_fields, credential_hint, is_demo, created_at, updated_at) VALUES ('b','talentir','Talentir B','custom','https://y','bearer','{}',NULL,0,?,?)",
  ).run(now, now);
  const insert =
    db.prepare(`INSERT INTO payouts (connection_id, remote_id, client_reference, recipient_name, recipient_email, recipient_handle,
    amount_minor, currency, description, status, provider_status, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`);
  const random = seededRandom(7);
  db.transaction(() => {
    for (let i = 0; i < N; i += 1) {
      const p = fakePerson(random, i);
      // Few distinct timestamps on purpose: ties must still page without loss or repetition.
      const created = new Date(Date.UTC(2025, 0, 1 + (i % 40))).toISOString();
      insert.run(
        i % 3 ? 'a' : 'b',
        `r${i}`,
        `ref-${i}`,
        p.name,
        p.email,
        p.handle,
        fakeAmountMinor(random),
        pick(random, ['USD', 'EUR', 'GBP']),
        i === 77 ? 'Bonus for the "Spring*" NEAR launch -video' : `Campaign fee ${i}`,
        pick(random, ['paid', 'submitted', 'failed', 'draft']),
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

function readAll(input: Record<string, unknown>): PayoutRow[] {
  const out: PayoutRow[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 1000; guard += 1) {
    const page = repo.list(payoutListInput.parse({ ...input, limit: 97, ...(cursor ? { cursor } : {}) }));
    out.push(...page.rows);
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
  throw new Error('pagination did not end');
}

describe('payout list (keyset pagination)', () => {
  it.each([
    ['createdAt', 'desc'],
    ['createdAt', 'asc'],
    ['amount', 'asc'],
    ['amount', 'desc'],
    ['status', 'asc'],
    ['currency', 'desc'],
    ['creator', 'asc'],
    ['connection', 'desc'],
    ['updatedAt', 'asc'],
    ['reference', 'asc'],
    ['reference', 'desc'],
  ] as const)('by %s %s returns every payout exactly once, in order', (column, direction) => {
    const rows = readAll({ sort: { column, direction } });
    expect(rows).toHaveLength(N);
    expect(new Set(rows.map((r) => r.id)).size).toBe(N);
    const key = (r: PayoutRow) =>
      column === 'amount'
        ? r.amount.minor
        : column === 'createdAt'
          ? r.createdAt
          : column === 'updatedAt'
            ? r.updatedAt
            : column === 'status'
              ? r.status
              : column === 'currency'
                ? r.amount.currency
                : column === 'connection'
                  ? r.connectionId
                  : column === 'reference'
                    ? r.clientReference
                    : (r.creatorName ?? '');
    for (let i = 1; i < rows.length; i += 1) {
      const [a, b] = [key(rows[i - 1]!), key(rows[i]!)];
      if (direction === 'asc') expect(a <= b).toBe(true);
      else expect(a >= b).toBe(true);
    }
  });

  it('filters combine and match a brute-force count', () => {
    const rows = readAll({
      filters: {
        statuses: ['paid', 'failed'],
        currencies: ['EUR'],
        connectionIds: ['a'],
        createdFrom: '2025-01-05',
        createdTo: '2025-01-20',
        minAmount: '100',
        maxAmount: '2000.50',
      },
    });
    const expected = (
      db
        .prepare(
          `SELECT count(*) n FROM payouts WHERE status IN ('paid','failed') AND currency='EUR' AND connection_id='a'
      AND created_at >= '2025-01-05' AND created_at < '2025-01-21' AND amount_minor BETWEEN 10000 AND 200050`,
        )
        .get() as { n: number }
    ).n;
    expect(expected).toBeGreaterThan(0);
    expect(rows).toHaveLength(expected);
  });

  it('searches names, e-mails, descriptions and references; FTS syntax is plain text', () => {
    const target = db.prepare('SELECT recipient_email FROM payouts WHERE id = 10').get() as { recipient_email: string };
    expect(readAll({ filters: { search: target.recipient_email } }).map((r) => r.id)).toContain(10);
    expect(readAll({ filters: { search: 'ref-1199' } }).map((r) => r.clientReference)).toEqual(['ref-1199']);
    expect(readAll({ filters: { search: '"Spring*" NEAR -video' } }).map((r) => r.clientReference)).toEqual(['ref-77']);
    expect(toFtsQuery('a "b" NEAR(c) refe')).toBe('"a" "b" "NEAR"* "c" "refe"*');
    expect(toFtsQuery('  "*" - ')).toBeNull();
  });

  it('rejects a forged cursor and a min above max with a clear message', () => {
    expect(() => repo.list(payoutListInput.parse({ cursor: 'not-a-cursor' }))).toThrow(/cursor is not valid/);
    expect(() => repo.list(payoutListInput.parse({ filters: { minAmount: '50', maxAmount: '10' } }))).toThrow(/minimum amount is above/);
    expect(() => repo.list(payoutListInput.parse({ filters: { minAmount: '0.001' } }))).toThrow(/decimal place/);
  });
});

describe('amount filters say what is wrong in words that fit the filter', () => {
  const refusal = (filters: Record<string, unknown>) => {
    try {
      repo.list(payoutListInput.parse({ filters }));
    } catch (error) {
      return error as { message: string; fieldErrors: Record<string, string> };
    }
    throw new Error('expected a refusal');
  };

  it('0.001 with every currency: amounts have at most 2 decimals (no currency is blamed)', () => {
    const error = refusal({ minAmount: '0.001' });
    expect(error.message).toBe(
      'The minimum amount 0.001 has 3 decimal places, but payout amounts have at most 2: no payout can be that precise.',
    );
    expect(error.message).not.toMatch(/USD/);
    expect(error.fieldErrors).toEqual({ 'filters.minAmount': error.message });
  });

  it('with one currency chosen, the message names it', () => {
    expect(refusal({ maxAmount: '12.345', currencies: ['EUR'] }).message).toBe(
      'The maximum amount 12.345 has 3 decimal places, but EUR amounts have at most 2: no payout can be that precise.',
    );
    expect(refusal({ minAmount: '1.5', currencies: ['JPY'] }).message).toMatch(/JPY amounts have at most 0 \(whole numbers\)/);
  });

  it('currencies with different decimals cannot share one amount filter: choose one currency', () => {
    const now = '2026-01-01T00:00:00.000Z';
    db.prepare(
      `INSERT INTO payouts (connection_id, remote_id, client_reference, amount_minor, currency, status, created_at, updated_at)
       VALUES ('a', 'jpy-1', 'ref-jpy-1', 5000, 'JPY', 'paid', ?, ?)`,
    ).run(now, now);
    try {
      expect(refusal({ minAmount: '10' }).message).toMatch(
        /currencies with different decimals \(EUR, GBP, JPY, USD\): choose one currency/,
      );
      expect(readAll({ filters: { minAmount: '4000', currencies: ['JPY'] } }).map((r) => r.remoteId)).toEqual(['jpy-1']);
    } finally {
      db.prepare("DELETE FROM payouts WHERE remote_id = 'jpy-1'").run();
    }
  });
});
