/**
 * The payout totals kept by triggers (migrations/0011-payout-totals.ts) equal a full recount of the payouts after any
 * mix of writes: inserts, status and amount changes, moves between creators and campaigns, tags, deletes and the
 * cascade of a removed connection; and a database migrated from version 10 starts with totals that equal a recount.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src-main/storage/database';
import { tempDataDir } from '../../helpers/temp-dir';

let db: Db;
let dir: string;
let cleanup: () => void;
const now = '2026-03-01T10:00:00.000Z';

const MONTH = "coalesce(substr(coalesce(paid_at, CASE WHEN created_at_first_seen = 0 THEN created_at END), 1, 7), '')";
const recount = {
  month: `SELECT ${MONTH} AS k1, connection_id AS k2, currency, status, count(*) AS payouts, sum(amount_minor) AS minor FROM payouts GROUP BY 1, 2, 3, 4`,
  creator: `SELECT creator_id AS k1, '' AS k2, currency, status, count(*) AS payouts, sum(amount_minor) AS minor,
            max(CASE WHEN status = 'paid' THEN coalesce(status_changed_at, updated_at) END) AS last_at FROM payouts WHERE creator_id IS NOT NULL GROUP BY 1, 3, 4`,
  campaign: `SELECT campaign_id AS k1, '' AS k2, currency, status, count(*) AS payouts, sum(amount_minor) AS minor FROM payouts
             WHERE campaign_id IS NOT NULL GROUP BY 1, 3, 4`,
  tag: `SELECT local_campaign AS k1, '' AS k2, currency, status, count(*) AS payouts, sum(amount_minor) AS minor FROM payouts
        WHERE coalesce(local_campaign, '') <> '' GROUP BY 1, 3, 4`,
};
const kept = {
  month: 'SELECT month AS k1, connection_id AS k2, currency, status, payouts, minor FROM payout_month_totals WHERE payouts > 0',
  creator: "SELECT creator_id AS k1, '' AS k2, currency, status, payouts, minor, last_at FROM payout_creator_totals WHERE payouts > 0",
  campaign: "SELECT campaign_id AS k1, '' AS k2, currency, status, payouts, minor FROM payout_campaign_totals WHERE payouts > 0",
  tag: "SELECT local_campaign AS k1, '' AS k2, currency, status, payouts, minor FROM payout_tag_totals WHERE payouts > 0",
};
const sorted = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).sort();

function expectTotalsMatch(): void {
  for (const name of Object.keys(recount) as Array<keyof typeof recount>) {
    expect(sorted(db.prepare(kept[name]).all()), name).toEqual(sorted(db.prepare(recount[name]).all()));
  }
}

function seed(target: Db): void {
  const connection = target.prepare(
    `INSERT INTO connections (id, provider, label, environment, base_url, auth_mode, public_fields, credential_hint, is_demo, created_at, updated_at)
     VALUES (?, 'x', ?, 'custom', 'https://x', 'k', '{}', NULL, 0, ?, ?)`,
  );
  connection.run('c1', 'One', now, now);
  connection.run('c2', 'Two', now, now);
  for (let i = 1; i <= 6; i += 1)
    target
      .prepare('INSERT INTO creators (id, connection_id, remote_id, name, updated_at) VALUES (?, ?, ?, ?, ?)')
      .run(i, i <= 3 ? 'c1' : 'c2', `cr${i}`, `Creator ${i}`, now);
  for (let i = 1; i <= 3; i += 1)
    target
      .prepare("INSERT INTO campaigns (id, connection_id, remote_id, name, updated_at) VALUES (?, 'c1', ?, ?, ?)")
      .run(i, `k${i}`, `K${i}`, now);
}

/** A deterministic pseudo-random sequence (no flakiness, same run every time). */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

const statuses = ['paid', 'draft', 'approved', 'processing', 'failed', 'cancelled'];
const currencies = ['USD', 'EUR', 'JPY'];

function insertPayouts(target: Db, count: number, r: () => number, from = 1): void {
  const insert = target.prepare(`
    INSERT INTO payouts (connection_id, remote_id, client_reference, creator_id, campaign_id, local_campaign, amount_minor, currency,
      status, created_at, updated_at, status_changed_at, paid_at, created_at_first_seen)
    VALUES (@connection, @remote, @reference, @creator, @campaign, @tag, @amount, @currency, @status, @created, @updated, @changed, @paid, @firstSeen)`);
  for (let i = from; i < from + count; i += 1) {
    const month = 1 + Math.floor(r() * 12);
    const created = `2026-${String(month).padStart(2, '0')}-0${1 + Math.floor(r() * 9)}T10:00:00.000Z`;
    const status = statuses[Math.floor(r() * statuses.length)]!;
    insert.run({
      connection: r() < 0.6 ? 'c1' : 'c2',
      remote: `r${i}`,
      reference: `ref-${i}`,
      creator: r() < 0.9 ? 1 + Math.floor(r() * 6) : null,
      campaign: r() < 0.5 ? 1 + Math.floor(r() * 3) : null,
      tag: r() < 0.3 ? ['Spring', 'Launch', ''][Math.floor(r() * 3)] : null,
      amount: 1 + Math.floor(r() * 100_000),
      currency: currencies[Math.floor(r() * currencies.length)],
      status,
      created,
      updated: created.replace('T10', `T1${Math.floor(r() * 9)}`),
      changed: r() < 0.5 ? created.replace('T10', 'T19') : null,
      paid: status === 'paid' && r() < 0.5 ? created.replace('-0', '-1') : null,
      firstSeen: r() < 0.2 ? 1 : 0,
    });
  }
}

beforeEach(() => {
  const t = tempDataDir();
  dir = t.dir;
  cleanup = t.cleanup;
});
afterEach(() => {
  db?.close();
  cleanup();
});

describe('payout totals kept by triggers', () => {
  it('equal a recount after inserts, updates of every grouped column, moves, deletes and a connection removed', () => {
    db = openDatabase({ dataDir: dir });
    seed(db);
    const r = random(7);
    insertPayouts(db, 400, r);
    expectTotalsMatch();
    const ids = () => db.prepare('SELECT id FROM payouts ORDER BY id').pluck().all() as number[];
    const pick = () => {
      const all = ids();
      return all[Math.floor(r() * all.length)]!;
    };
    const updates = [
      (id: number) =>
        db
          .prepare('UPDATE payouts SET status = ?, status_changed_at = ? WHERE id = ?')
          .run(statuses[Math.floor(r() * 6)], `2026-12-0${1 + Math.floor(r() * 9)}T00:00:00.000Z`, id),
      (id: number) => db.prepare('UPDATE payouts SET amount_minor = ? WHERE id = ?').run(1 + Math.floor(r() * 1000), id),
      (id: number) => db.prepare('UPDATE payouts SET creator_id = ? WHERE id = ?').run(r() < 0.2 ? null : 1 + Math.floor(r() * 6), id),
      (id: number) => db.prepare('UPDATE payouts SET campaign_id = ? WHERE id = ?').run(r() < 0.3 ? null : 1 + Math.floor(r() * 3), id),
      (id: number) =>
        db.prepare('UPDATE payouts SET local_campaign = ? WHERE id = ?').run(['Spring', 'Autumn', null, ''][Math.floor(r() * 4)], id),
      (id: number) => db.prepare('UPDATE payouts SET currency = ? WHERE id = ?').run(currencies[Math.floor(r() * 3)], id),
      (id: number) => db.prepare("UPDATE payouts SET paid_at = '2025-01-15T00:00:00.000Z', created_at_first_seen = 1 WHERE id = ?").run(id),
      (id: number) =>
        db
          .prepare("UPDATE payouts SET paid_at = NULL, created_at = '2024-07-01T00:00:00.000Z', created_at_first_seen = 0 WHERE id = ?")
          .run(id),
      (id: number) =>
        db
          .prepare('UPDATE payouts SET updated_at = ?, status_changed_at = NULL WHERE id = ?')
          .run(`2020-0${1 + Math.floor(r() * 9)}-01T00:00:00.000Z`, id),
      (id: number) => db.prepare('UPDATE payouts SET description = ? WHERE id = ?').run('not a grouped column', id),
      (id: number) => db.prepare('DELETE FROM payouts WHERE id = ?').run(id),
    ];
    for (let step = 0; step < 600; step += 1) updates[Math.floor(r() * updates.length)]!(pick());
    expectTotalsMatch();
    // Merging creators (the sync does) moves every payout of one to the other; a removed connection cascades.
    db.prepare('UPDATE payouts SET creator_id = 1 WHERE creator_id = 2').run();
    db.prepare("DELETE FROM connections WHERE id = 'c2'").run();
    expectTotalsMatch();
    expect(db.prepare('SELECT count(*) FROM payouts').pluck().get()).toBeGreaterThan(0);
  });

  it('are backfilled when a database of version 10 is migrated', () => {
    const old = openDatabase({ dataDir: dir, targetVersion: 10 });
    seed(old);
    insertPayouts(old, 300, random(11));
    old.close();
    db = openDatabase({ dataDir: dir });
    expect(db.prepare('SELECT count(*) FROM payout_month_totals').pluck().get()).toBeGreaterThan(0);
    expectTotalsMatch();
    insertPayouts(db, 50, random(12), 1000);
    expectTotalsMatch();
  });
});
