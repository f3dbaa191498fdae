/**
 * The demo workspace as a bookkeeper reads it, through the contract: every payout names who is paid (table, drawer,
 * CSV), every provider's recipients are creators, people paid through several providers are one linked person, no
 * creator appears twice in one connection, and a payout the provider does not date is never charted in the month
 * Paydesk first saw it.
 */
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dispatch } from '../../src-main/api/dispatcher';
import type { Connection, CreatorRow, Envelope, PayoutRow } from '@shared/contract/model';
import type { CreatorPerson, Overview } from '@shared/contract/insights-model';
import type { PayoutDetail } from '@shared/contract/payouts-model';
import { createDispatcher } from '../../src-main/api/dispatcher';
import { createHandlers } from '../../src-main/api/handlers/index';
import { createServices, type Services } from '../../src-main/services';
import { tempDataDir } from '../helpers/temp-dir';
import { readExport } from '../helpers/exports';
import type { PreparedFile } from '@shared/contract/model';

let services: Services;
let dispatch: Dispatch;
let cleanup: () => void;
let connections: Connection[];
const ok = async <T>(p: Promise<Envelope<unknown>>) => {
  const e = await p;
  if (!e.ok) throw new Error(`${e.error.code}: ${e.error.message}`);
  return e.value as T;
};

beforeAll(async () => {
  const t = tempDataDir();
  cleanup = t.cleanup;
  // The demo needs no keychain: its credentials come from the simulators.
  services = await createServices({
    dataDir: t.dir,
    host: 'browser',
    version: 'test',
    credentials: {
      save: () => Promise.resolve(),
      load: () => Promise.resolve(null),
      remove: () => Promise.resolve(false),
      status: () => Promise.resolve({ available: false, message: 'no keychain in this test' }),
    },
    demo: { payoutsPerProvider: 400 },
    payouts: { poller: false },
  });
  dispatch = createDispatcher(createHandlers(services), { error: () => undefined });
  await ok(dispatch('workspace.createDemo', undefined));
  connections = await ok<Connection[]>(dispatch('connections.list', undefined));
}, 60_000);
afterAll(async () => {
  await services.close();
  cleanup();
});

async function allPayouts(connectionId: string): Promise<PayoutRow[]> {
  const out: PayoutRow[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await ok<{ rows: PayoutRow[]; nextCursor: string | null }>(
      dispatch('payouts.list', { limit: 500, filters: { connectionIds: [connectionId] }, ...(cursor ? { cursor } : {}) }),
    );
    out.push(...page.rows);
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
}
const payee = (r: Pick<PayoutRow, 'creatorName' | 'creatorEmail' | 'creatorHandle' | 'creatorPhone'>) =>
  r.creatorName ?? r.creatorEmail ?? r.creatorHandle ?? r.creatorPhone;
/** The providers that pay users or creators they list, by id (Dots users, Creator Pay creators). */
const providersWithCreators = () =>
  connections.filter(
    (c) => services.cache.listCreators(undefined, 1, c.id).length > 0 && c.sync.find((s) => s.resource === 'creators')?.lastSyncedAt,
  );

describe('payees on every row', () => {
  it('every synced payout of every connection names who is paid, in the list and in the drawer', async () => {
    for (const connection of connections) {
      const rows = await allPayouts(connection.id);
      expect(rows.length, connection.label).toBeGreaterThan(0);
      expect(
        rows.filter((r) => !payee(r)),
        connection.label,
      ).toEqual([]);
    }
    // The providers whose payouts point at a user or creator by id show that person's name.
    for (const connection of providersWithCreators()) {
      const rows = await allPayouts(connection.id);
      expect(
        rows.filter((r) => !r.creatorName),
        connection.label,
      ).toEqual([]);
      const detail = await ok<PayoutDetail>(dispatch('payouts.get', { id: rows[0]!.id }));
      expect(detail.creatorName).toBe(rows[0]!.creatorName);
    }
  });

  it('the CSV export has the payee in its creator columns on every row', async () => {
    for (const connection of connections) {
      const file = await ok<PreparedFile & { rows: number }>(
        dispatch('payouts.exportCsv', { filters: { connectionIds: [connection.id] } }),
      );
      const content = await readExport(file, (part) => ok(dispatch('files.part', part)));
      const data = Papa.parse<Record<string, string>>(content, { header: true, skipEmptyLines: true }).data.filter(
        (r) => r.created_at !== 'TOTAL',
      );
      expect(data).toHaveLength(file.rows);
      expect(
        data.filter((r) => !(r.creator || r.email || r.handle || r.phone)),
        connection.label,
      ).toEqual([]);
    }
  });
});

describe('creators from every provider', () => {
  it('every connection has creators: listed ones, or derived from its payouts’ recipients', async () => {
    // Nothing was set aside on the way: every payout and creator the simulators hold is in the cache.
    expect(connections.flatMap((c) => c.sync.filter((s) => s.setAside > 0))).toEqual([]);
    expect(services.cache.counts().payouts).toBe(5 * 400);
    for (const connection of connections) {
      const creators = await ok<CreatorRow[]>(dispatch('creators.list', { connectionId: connection.id, limit: 500 }));
      expect(creators.length, connection.label).toBeGreaterThan(0);
      expect(
        creators.some((c) => c.payoutCount > 0),
        connection.label,
      ).toBe(true);
    }
  });

  it('no creator appears twice in one connection (same name, e-mail or handle)', async () => {
    for (const connection of connections) {
      const creators = await ok<CreatorRow[]>(dispatch('creators.list', { connectionId: connection.id, limit: 500 }));
      for (const key of ['name', 'email', 'handle'] as const) {
        const values = creators.map((c) => c[key]?.toLowerCase()).filter(Boolean);
        expect(values.length - new Set(values).size, `${connection.label}: duplicate ${key}`).toBe(0);
      }
    }
  });

  it('people paid through several providers are one person, linked by e-mail or handle', async () => {
    const people = await ok<CreatorPerson[]>(dispatch('creators.people', { limit: 1000 }));
    const linked = people.filter((p) => p.providers.length >= 2);
    expect(linked.length).toBeGreaterThan(5);
    expect(people.some((p) => p.providers.length >= 4)).toBe(true);
    // Linked through a handle too: a person known by e-mail at one provider and by handle at another.
    expect(linked.some((p) => p.emails.length > 0 && p.handles.length > 0)).toBe(true);
    for (const person of linked.slice(0, 5)) {
      const detail = await ok<CreatorPerson>(dispatch('creators.person', { personKey: person.personKey }));
      expect(detail.creatorIds.sort()).toEqual([...person.creatorIds].sort());
      expect(detail.payoutCount).toBeGreaterThan(0);
    }
    // The person's creators are the ones the creator filter of the payouts list finds.
    const [person] = linked;
    const byFilter = await ok<{ rows: PayoutRow[] }>(
      dispatch('payouts.list', { limit: 500, filters: { creatorId: person!.creatorIds[0] } }),
    );
    expect(byFilter.rows.length).toBeGreaterThan(0);
  });
});

describe('dates', () => {
  it('a provider without creation times: its payouts are marked first seen, and that date does not move on the next sync', async () => {
    const marked = connections.filter(
      (c) =>
        services.payouts.list({ limit: 1, sort: { column: 'createdAt', direction: 'desc' }, filters: { connectionIds: [c.id] } }).rows[0]
          ?.createdAtFirstSeen,
    );
    expect(marked).toHaveLength(1);
    const connection = marked[0]!;
    const before = await allPayouts(connection.id);
    expect(before.every((r) => r.createdAtFirstSeen)).toBe(true);
    for (const other of connections.filter((c) => c !== connection))
      expect((await allPayouts(other.id)).some((r) => r.createdAtFirstSeen)).toBe(false);
    await services.sync.syncConnection(connection.id);
    const after = new Map((await allPayouts(connection.id)).map((r) => [r.id, r.createdAt]));
    expect(before.every((r) => after.get(r.id) === r.createdAt)).toBe(true);
  });

  it('the Overview charts a paid payout in the month it was paid or created, never in the month Paydesk first saw it', async () => {
    const overview = await ok<Overview>(dispatch('overview.get', undefined));
    const expected = new Map<string, number>();
    const undated = new Map<string, number>();
    const since = new Date();
    const first = new Date(Date.UTC(since.getUTCFullYear(), since.getUTCMonth() - 11, 1)).toISOString();
    for (const connection of connections) {
      for (const r of await allPayouts(connection.id)) {
        if (r.status !== 'paid') continue;
        const dated = r.paidAt ?? (r.createdAtFirstSeen ? null : r.createdAt);
        if (!dated) {
          undated.set(
            `${connection.provider}/${r.amount.currency}`,
            (undated.get(`${connection.provider}/${r.amount.currency}`) ?? 0) + r.amount.minor,
          );
          continue;
        }
        if (dated < first) continue;
        const key = `${dated.slice(0, 7)}/${r.amount.currency}`;
        expected.set(key, (expected.get(key) ?? 0) + r.amount.minor);
      }
    }
    expect(new Map(overview.paidByMonth.map((m) => [`${m.month}/${m.currency}`, m.minor]))).toEqual(expected);
    expect(new Map(overview.paidUndated.map((m) => [`${m.provider}/${m.currency}`, m.minor]))).toEqual(undated);
    // The payouts first seen today are paid over the whole year: this month holds only those paid this month.
    const firstSeen = connections.find((c) => c.provider === overview.paidByProvider.find(() => true)?.provider) ?? connections[0]!;
    expect(firstSeen).toBeDefined();
    const months = new Set(overview.paidByMonth.map((m) => m.month));
    expect(months.size).toBeGreaterThanOrEqual(10);
  });
});
