import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dispatch } from '../../src-main/api/dispatcher';
import { createServiceDispatcher } from '../../src-main/api/service-dispatcher';
import type { Connection, Envelope } from '@shared/contract/model';
import type { CampaignSummary, CreatorPerson, Overview } from '@shared/contract/insights-model';
import { KeytarCredentialStore } from '../../src-main/credentials/keytar-store';
import { parseDecimal } from '@shared/money';
import { createServices, type Services } from '../../src-main/services';
import { tempDataDir } from '../helpers/temp-dir';
import { readExport } from '../helpers/exports';
import type { PreparedFile } from '@shared/contract/model';

let services: Services;
let dispatch: Dispatch;
let cleanup: () => void;
const ok = async <T>(p: Promise<Envelope<unknown>>) => {
  const e = await p;
  if (!e.ok) throw new Error(`${e.error.code}: ${e.error.message}`);
  return e.value as T;
};

beforeAll(async () => {
  const t = tempDataDir();
  cleanup = t.cleanup;
  // The demo workspace needs no keychain: its credentials come from the simulators.
  services = await createServices({
    dataDir: t.dir,
    host: 'browser',
    version: 'test',
    credentials: new KeytarCredentialStore('Paydesk-test'),
    demo: { payoutsPerProvider: 120 },
    payouts: { poller: false },
  });
  dispatch = createServiceDispatcher(services, { error: () => undefined });
  await ok(dispatch('workspace.createDemo', undefined));
  // The demo's admin (src-main/workspace/demo-operators.ts) reads the insights.
  await ok(dispatch('session.signIn', { name: 'Carol', passphrase: 'carol-demo-passphrase' }));
});
afterAll(async () => {
  await services.close();
  cleanup();
});

const sumSql = (where: string, ...params: unknown[]) =>
  Object.fromEntries(
    (
      services.db
        .prepare(`SELECT currency, sum(amount_minor) AS minor FROM payouts WHERE ${where} GROUP BY currency`)
        .all(...params) as Array<{ currency: string; minor: number }>
    ).map((r) => [r.currency, r.minor]),
  );

describe('insights over the cache', () => {
  it('overview totals agree with the payouts they summarise', async () => {
    const overview = await ok<Overview>(dispatch('overview.get', undefined));
    expect(overview.payoutCount).toBe(services.payouts.count());
    expect(overview.statusCounts.reduce((n, s) => n + s.count, 0)).toBe(overview.payoutCount);
    const byProvider: Record<string, number> = {};
    for (const p of overview.paidByProvider) byProvider[p.currency] = (byProvider[p.currency] ?? 0) + p.minor;
    expect(byProvider).toEqual(sumSql("status = 'paid'"));
    const months = overview.paidByMonth.map((m) => m.month);
    expect([...months].sort()).toEqual(months);
    expect(months.length).toBeLessThanOrEqual(12 * 4);
    expect(typeof overview.attentionCount).toBe('number');
    expect(Object.fromEntries(overview.awaitingApproval.map((a) => [a.currency, a.minor]))).toEqual(sumSql("status = 'draft'"));
  });

  it('links the same person across connections by e-mail, whatever its case', async () => {
    const connections = await ok<Connection[]>(dispatch('connections.list', undefined));
    const [a, b] = connections;
    const insert = services.db.prepare(
      "INSERT INTO creators (connection_id, remote_id, name, email, handle, updated_at) VALUES (?, ?, ?, ?, ?, '2026-01-01')",
    );
    insert.run(a!.id, 'x-1', 'Zed Crossover', 'Zed.Crossover@Example.com', '@zedx');
    insert.run(b!.id, 'x-2', 'Zed Crossover', 'zed.crossover@example.com', null);
    const people = await ok<CreatorPerson[]>(dispatch('creators.people', { search: 'crossover' }));
    expect(people).toHaveLength(1);
    expect(people[0]).toMatchObject({
      personKey: 'email:zed.crossover@example.com',
      emails: ['zed.crossover@example.com'],
      handles: ['@zedx'],
    });
    expect(people[0]!.providers.sort()).toEqual([a!.provider, b!.provider].sort());
    expect(people[0]!.creatorIds).toHaveLength(2);
    const person = await ok<CreatorPerson>(dispatch('creators.person', { personKey: people[0]!.personKey }));
    expect(person.creatorIds.sort()).toEqual(people[0]!.creatorIds.sort());
    expect(await ok(dispatch('creators.person', { personKey: 'email:nobody@example.com' }))).toBeNull();
  });

  it('a creator search finds exactly the creators whose name, e-mail or handle contains it, kept current by the triggers', async () => {
    const [connection] = await ok<Connection[]>(dispatch('connections.list', undefined));
    services.db
      .prepare("INSERT INTO creators (connection_id, remote_id, name, email, handle, updated_at) VALUES (?, 't-1', ?, ?, ?, '2026-01-01')")
      .run(connection!.id, 'Zoë "Q" 100%_Trigram', 'zoe.TRIGRAM@example.com', '@zoetri');
    const someName = services.db.prepare('SELECT name FROM creators WHERE name IS NOT NULL ORDER BY id LIMIT 1').pluck().get() as string;
    const likeIds = (search: string) =>
      (
        services.db
          .prepare(
            `SELECT id FROM creators WHERE name LIKE @p ESCAPE '\\' OR email LIKE @p ESCAPE '\\' OR handle LIKE @p ESCAPE '\\' ORDER BY id`,
          )
          .pluck()
          .all({ p: `%${search.replace(/[%_\\]/g, (m) => `\\${m}`)}%` }) as number[]
      ).sort((x, y) => x - y);
    const foundIds = async (search: string) =>
      (await ok<CreatorPerson[]>(dispatch('creators.people', { search, limit: 1000 }))).flatMap((p) => p.creatorIds).sort((x, y) => x - y);
    const searches = [someName.slice(1, 5), someName.toUpperCase(), 'trigram', 'TRI', '100%_', '"Q"', 'zoë', 'example.com', 'zo', 'qqqqqq'];
    for (const search of searches) expect({ search, ids: await foundIds(search) }).toEqual({ search, ids: likeIds(search) });
    expect(await foundIds('trigram')).not.toHaveLength(0);

    services.db.prepare("UPDATE creators SET name = 'Renamed Bystander', email = NULL, handle = NULL WHERE remote_id = 't-1'").run();
    expect(await foundIds('trigram')).toEqual([]);
    expect(await foundIds('bystander')).toEqual(likeIds('bystander'));
    services.db.prepare("DELETE FROM creators WHERE remote_id = 't-1'").run();
    expect(await foundIds('bystander')).toEqual([]);
  });

  it('campaign totals split paid and pending per currency', async () => {
    const campaigns = await ok<CampaignSummary[]>(dispatch('campaigns.summary', undefined));
    const withPayouts = campaigns.filter((c) => c.kind === 'provider' && c.payoutCount > 0);
    expect(withPayouts.length).toBeGreaterThan(0);
    for (const c of withPayouts) {
      expect(Object.fromEntries(c.paid.map((p) => [p.currency, p.minor]))).toEqual(
        sumSql("campaign_id = ? AND status = 'paid'", c.campaignId),
      );
    }
  });

  it('exports the filtered view as CSV with exact amounts and a totals row per currency', async () => {
    const [connection] = await ok<Connection[]>(dispatch('connections.list', undefined));
    const file = await ok<PreparedFile & { rows: number; truncated: boolean }>(
      dispatch('payouts.exportCsv', { filters: { connectionIds: [connection!.id] }, sort: { column: 'amount', direction: 'desc' } }),
    );
    const content = await readExport(file, (part) => ok(dispatch('files.part', part)));
    const parsed = Papa.parse<Record<string, string>>(content, { header: true, skipEmptyLines: true });
    const data = parsed.data.filter((r) => r.created_at !== 'TOTAL');
    const totals = parsed.data.filter((r) => r.created_at === 'TOTAL');
    expect(file.truncated).toBe(false);
    expect(data).toHaveLength(file.rows);
    expect(file.rows).toBe(
      (services.db.prepare('SELECT count(*) n FROM payouts WHERE connection_id = ?').get(connection!.id) as { n: number }).n,
    );
    const expected = sumSql('connection_id = ?', connection!.id);
    expect(Object.fromEntries(totals.map((t) => [t.currency, parseDecimal(t.amount!, t.currency!).minor]))).toEqual(expected);
    const amounts = data.map((r) => parseDecimal(r.amount!, r.currency!).minor);
    expect([...amounts].sort((x, y) => y - x)).toEqual(amounts);
    expect(file.fileName).toMatch(/\.csv$/);
  });
});
