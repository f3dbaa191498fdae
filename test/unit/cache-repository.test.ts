/**
 * The sync's writes into the offline cache, on a real SQLite file: an item the database refuses is set aside with the
 * reason and the rest of its page is stored; payees come from linked creators; creators are derived once per person.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RemotePayout } from '../../src-main/providers/provider';
import { CacheRepository } from '../../src-main/storage/cache-repository';
import { InsightQueries } from '../../src-main/storage/insights-queries';
import { takeAsJson } from '../../src-main/sync/cache-writer';
import { openDatabase, type Db } from '../../src-main/storage/database';
import { tempDataDir } from '../helpers/temp-dir';

let db: Db;
let cache: CacheRepository;
let cleanup: () => void;
const now = '2026-03-01T10:00:00.000Z';

beforeEach(() => {
  const t = tempDataDir();
  cleanup = t.cleanup;
  db = openDatabase({ dataDir: t.dir });
  db.prepare(
    "INSERT INTO connections (id, provider, label, environment, base_url, auth_mode, public_fields, credential_hint, is_demo, created_at, updated_at) VALUES ('c1','x','Conn 1','custom','https://x','k','{}',NULL,0,?,?)",
  ).run(now, now);
  cache = new CacheRepository(db);
});
afterEach(() => {
  db.close();
  cleanup();
});

const payout = (n: number, overrides: Partial<RemotePayout> = {}): RemotePayout => ({
  remoteId: `r${n}`,
  clientReference: null,
  recipientName: null,
  recipientEmail: `p${n}@example.com`,
  recipientHandle: null,
  creatorRemoteId: null,
  campaignRemoteId: null,
  amount: { minor: 1000 + n, currency: 'USD' },
  description: null,
  status: 'paid',
  providerStatus: 'done',
  createdAt: '2026-02-01T00:00:00.000Z',
  updatedAt: null,
  raw: { n },
  ...overrides,
});
const write = (items: RemotePayout[], options = { runId: 'run-1', deriveCreators: true }) =>
  cache.writePages('c1', 'payouts', [{ items }], null, now, options);
const remoteIds = () => (db.prepare('SELECT remote_id FROM payouts ORDER BY remote_id').pluck().all() as string[]).sort();

describe('cache writes: one item that cannot be stored', () => {
  it('is set aside with the reason; the rest of the page is stored', () => {
    const page = Array.from({ length: 200 }, (_, i) => payout(i));
    page[137] = payout(137, { amount: { minor: 5, currency: 'EURO' } });
    const outcome = write(page);
    expect(outcome.stored).toBe(199);
    expect(outcome.setAside).toEqual([
      {
        remoteId: 'r137',
        reason: expect.stringMatching(/^Paydesk could not store this item: the database refused it \(CHECK constraint failed/),
      },
    ]);
    expect(remoteIds()).toHaveLength(199);
    expect(remoteIds()).not.toContain('r137');
    expect(cache.setAsideItems('c1', 10)).toEqual([
      { connectionId: 'c1', resource: 'payouts', remoteId: 'r137', reason: outcome.setAside[0]!.reason, at: now, runId: 'run-1' },
    ]);
    // Stored later, it is no longer set aside.
    write([payout(137)], { runId: 'run-2', deriveCreators: true });
    expect(cache.setAsideItems('c1', 10)).toEqual([]);
  });

  it('a full disk is not one refused item: wherever it strikes in a page, the page fails whole and nothing of it is kept', () => {
    // SQLite may roll the whole transaction back on SQLITE_FULL: setting the item aside and writing on would have
    // committed the rest of the page row by row, then failed at COMMIT with "no transaction is active".
    write(Array.from({ length: 50 }, (_, i) => payout(i)));
    const before = remoteIds();
    const pages = db.pragma('page_count', { simple: true }) as number;
    const page = Array.from({ length: 600 }, (_, i) => payout(1000 + i, { raw: { n: i, pad: 'x'.repeat(400) } }));
    const outcomes = { full: 0, stored: 0 };
    for (let room = 0; room <= 120; room += 3) {
      db.pragma(`max_page_count = ${pages + room}`);
      try {
        cache.writePages('c1', 'payouts', [{ items: page }], 'cursor-after', now, { runId: `run-${room}`, deriveCreators: true });
        outcomes.stored++;
        break;
      } catch (error) {
        expect((error as { code?: string }).code).toMatch(/^SQLITE_FULL/);
        expect(db.inTransaction).toBe(false);
        expect(remoteIds()).toEqual(before);
        expect(db.prepare("SELECT count(*) FROM sync_state WHERE cursor = 'cursor-after'").pluck().get()).toBe(0);
        expect(cache.setAsideItems('c1', 10)).toEqual([]);
        outcomes.full++;
      }
    }
    db.pragma('max_page_count = 1073741823');
    expect(outcomes.full).toBeGreaterThan(5);
    if (outcomes.stored === 0)
      cache.writePages('c1', 'payouts', [{ items: page }], 'cursor-after', now, { runId: 'run-last', deriveCreators: true });
    expect(remoteIds()).toHaveLength(650);
  });

  it('a payout without an id (not one of ours) is set aside rather than stored twice on the next sync', () => {
    const outcome = write([payout(1), payout(2, { remoteId: null })]);
    expect(outcome.setAside).toEqual([{ remoteId: null, reason: expect.stringMatching(/without an id/) }]);
    write([payout(1), payout(2, { remoteId: null })], { runId: 'run-2', deriveCreators: true });
    expect(remoteIds()).toEqual(['r1']);
    // Kept per run: a complete run that no longer sees it forgets the older run's entry.
    cache.completeSync('c1', 'payouts', now, 'run-3');
    expect(cache.setAsideItems('c1', 10)).toEqual([]);
  });
});

describe('a page held as JSON text while it waits (the worker writer)', () => {
  it('stores the same raw_json as the object itself, and null where the provider object is missing', () => {
    const raw = { id: 'r1', nested: { amount: '10.50', tags: ['a', 'ü'] }, note: null };
    const held = takeAsJson({ items: [payout(1, { raw }), payout(2, { raw: undefined })], nextCursor: null });
    expect(held.items[0]).toMatchObject({ raw: undefined, rawJson: JSON.stringify(raw) });
    write(held.items as RemotePayout[]);
    write([payout(3, { raw })]);
    const stored = db.prepare('SELECT remote_id, raw_json FROM payouts ORDER BY remote_id').all() as Array<{
      remote_id: string;
      raw_json: string | null;
    }>;
    expect(stored).toEqual([
      { remote_id: 'r1', raw_json: JSON.stringify(raw) },
      { remote_id: 'r2', raw_json: null },
      { remote_id: 'r3', raw_json: JSON.stringify(raw) },
    ]);
  });
});

describe('dates a provider does not give', () => {
  it('a first-seen date is kept on later syncs and charts in no month; a time of payment charts in its month', () => {
    write([
      payout(1, { createdAt: '2026-03-01T10:00:00.000Z', createdAtFirstSeen: true }),
      payout(2, { createdAt: '2026-03-01T10:00:00.000Z', createdAtFirstSeen: true, paidAt: '2025-11-20T08:00:00.000Z' }),
      payout(3, { createdAt: '2026-01-15T00:00:00.000Z' }),
    ]);
    // A later sync "sees" them again at a later time: the first-seen date stays.
    write([payout(1, { createdAt: '2026-03-05T00:00:00.000Z', createdAtFirstSeen: true })], { runId: 'run-2', deriveCreators: true });
    const created = db.prepare("SELECT created_at, created_at_first_seen FROM payouts WHERE remote_id = 'r1'").get();
    expect(created).toEqual({ created_at: '2026-03-01T10:00:00.000Z', created_at_first_seen: 1 });

    const overview = new InsightQueries(db).overview(0, new Date('2026-03-10T00:00:00.000Z'));
    expect(overview.paidByMonth).toEqual([
      { month: '2025-11', currency: 'USD', minor: 1002, count: 1 },
      { month: '2026-01', currency: 'USD', minor: 1003, count: 1 },
    ]);
    expect(overview.paidUndated).toEqual([{ provider: 'x', currency: 'USD', minor: 1001, count: 1 }]);

    // The provider starts dating it: the real date replaces the first-seen one.
    write([payout(1, { createdAt: '2026-02-02T00:00:00.000Z' })], { runId: 'run-3', deriveCreators: true });
    expect(db.prepare("SELECT created_at, created_at_first_seen FROM payouts WHERE remote_id = 'r1'").get()).toEqual({
      created_at: '2026-02-02T00:00:00.000Z',
      created_at_first_seen: 0,
    });
  });
});

describe('creators derived from recipients', () => {
  it('one person paid by e-mail, then by handle, then by both is one creator with all three payouts', () => {
    write([payout(1, { recipientEmail: 'jane@example.com' })]);
    write([payout(2, { recipientEmail: null, recipientHandle: '@jane.creates', recipientPlatform: 'tiktok' })], {
      runId: 'run-2',
      deriveCreators: true,
    });
    expect(db.prepare('SELECT count(*) FROM creators').pluck().get()).toBe(2);
    write([payout(3, { recipientEmail: 'Jane@Example.com', recipientHandle: '@jane.creates' })], { runId: 'run-3', deriveCreators: true });
    const creators = db.prepare('SELECT id, email, handle, platform FROM creators').all() as Array<{ id: number }>;
    expect(creators).toEqual([{ id: creators[0]!.id, email: 'jane@example.com', handle: '@jane.creates', platform: 'tiktok' }]);
    expect(db.prepare('SELECT DISTINCT creator_id FROM payouts').pluck().all()).toEqual([creators[0]!.id]);
  });

  it('where the provider lists its creators, a payee is linked to one by e-mail or phone, never duplicated', () => {
    db.prepare(
      "INSERT INTO creators (connection_id, remote_id, name, email, phone, updated_at) VALUES ('c1', 'u1', 'Lena Lindqvist', 'lena@example.com', '+12025551000', ?)",
    ).run(now);
    const listed = { runId: 'run-1', deriveCreators: false };
    write([payout(1, { recipientEmail: null, recipientPhone: '+12025551000' }), payout(2, { recipientEmail: 'LENA@example.com' })], listed);
    expect(db.prepare('SELECT count(*) FROM creators').pluck().get()).toBe(1);
    expect(db.prepare('SELECT recipient_name FROM payouts ORDER BY remote_id').pluck().all()).toEqual(['Lena Lindqvist', 'Lena Lindqvist']);
  });
});
