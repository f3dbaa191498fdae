/**
 * The provider cache of a team, shared: one desktop syncs a connection and publishes what the provider listed to the
 * team database (migration 0004), and every desktop's replica writes it into its own cache with the same rules a
 * desk of its own uses. So a desktop that never synced shows the same creators, campaigns and payout history, with
 * the same freshness; the team's own payouts stay the team database's rows; a re-read of unchanged data costs the
 * replicas nothing; the cache is written only through the functions; and an item this desktop cannot read is set
 * aside here, not stored. The demo never starts on a team desktop.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '@shared/contract/model';
import type { ProviderSimulator } from '../../../src-main/providers/simulator/types';
import { TEAM_CACHE_PAYOUT_IDS_FROM } from '../../../src-main/storage/cache-repository';
import { postgresAvailable } from '../../support/postgres';
import { dispatcherFor, draftFor, haveKeychain, ok, startSim } from '../payouts/harness';
import { adminConnects, openDesktop, type Desktop } from './desktops';
import { startTeamDb, type TeamDb } from './team-fixture';

const count = (desk: Desktop, sql: string, ...params: unknown[]) =>
  desk.services.db
    .prepare(sql)
    .pluck()
    .get(...params) as number;

/** What a desktop's views read of the provider's data, independent of local ids. */
function cacheView(desk: Desktop, connectionId: string) {
  const db = desk.services.db;
  return {
    creators: db.prepare('SELECT remote_id, name, email FROM creators WHERE connection_id = ? ORDER BY remote_id').all(connectionId),
    campaigns: db.prepare('SELECT remote_id, name, status FROM campaigns WHERE connection_id = ? ORDER BY remote_id').all(connectionId),
    payouts: db
      .prepare(
        `SELECT p.remote_id, p.amount_minor, p.currency, p.status, p.provider_status, c.remote_id AS creator
           FROM payouts p LEFT JOIN creators c ON c.id = p.creator_id WHERE p.connection_id = ? AND p.id >= ? ORDER BY p.remote_id`,
      )
      .all(connectionId, TEAM_CACHE_PAYOUT_IDS_FROM),
    syncState: db
      .prepare('SELECT resource, cursor, last_synced_at, last_error, item_count FROM sync_state WHERE connection_id = ? ORDER BY resource')
      .all(connectionId),
  };
}

async function serverChangeSeq(team: TeamDb): Promise<number> {
  const { q } = await team.queries('dana');
  return q.lastChangeSeq();
}

describe.skipIf(!postgresAvailable() || !haveKeychain)('the provider cache shared by a team', () => {
  let team: TeamDb;
  let sim: ProviderSimulator;
  let a: Desktop;
  let b: Desktop;
  let connection: Connection;

  beforeAll(async () => {
    team = await startTeamDb();
    sim = await startSim('creatorpay');
    connection = await adminConnects(team, 'creatorpay', sim);
    a = await openDesktop(team, 'desk-a', 'alice');
    b = await openDesktop(team, 'desk-b', 'bob');
  }, 120_000);

  afterAll(async () => {
    for (const d of [a, b]) await d?.close();
    await sim?.close();
    await team?.close();
  });

  it('one desktop syncs; the other, which never synced, shows the same creators, campaigns, payouts and freshness', async () => {
    const result = await a.services.sync.syncConnection(connection.id);
    for (const resource of ['creators', 'payouts'] as const) {
      expect(result.resources[resource]).toMatchObject({ error: null, skipped: null, complete: true });
      expect(result.resources[resource].fetched).toBeGreaterThan(0);
    }
    await b.services.team!.catchUp();
    const seenOnA = cacheView(a, connection.id);
    const seenOnB = cacheView(b, connection.id);
    expect(seenOnA.payouts.length).toBe(result.resources.payouts.fetched);
    expect(seenOnA.creators.length).toBe(result.resources.creators.fetched);
    expect(seenOnB).toEqual(seenOnA);
    // Payees are linked to the provider's creators on B too, as a sync of B's own would link them.
    expect(seenOnB.payouts.filter((p) => (p as { creator: string | null }).creator !== null).length).toBeGreaterThan(0);
    // The freshness every view shows: when the team last read the provider to its end, on both desktops.
    const payoutsState = seenOnB.syncState.find((s) => (s as { resource: string }).resource === 'payouts') as Record<string, unknown>;
    expect(payoutsState).toMatchObject({ cursor: null, last_error: null, item_count: result.resources.payouts.fetched });
    expect(payoutsState.last_synced_at).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/));
    // Through the API, as the Payouts screen asks.
    const list = await ok<{ rows: unknown[] }>(
      dispatcherFor(b.services)('payouts.list', { filters: { connectionIds: [connection.id] }, limit: 100 }),
    );
    expect(list.rows.length).toBe(result.resources.payouts.fetched);
    // The server holds each item once.
    const c = await team.client('dana');
    const held = await c.query("SELECT count(*)::int AS n FROM paydesk.provider_items WHERE resource = 'payouts'");
    expect(held.rows[0].n).toBe(result.resources.payouts.fetched);
  });

  it('a re-read of unchanged data changes nothing on the server; the team’s payouts stay the team database’s rows', async () => {
    const before = await serverChangeSeq(team);
    await a.services.sync.syncConnection(connection.id);
    // Only the sync state moved (cursors and the time of the run), not one item.
    const c = await team.client('dana');
    const changedItems = await c.query('SELECT count(*)::int AS n FROM paydesk.provider_items WHERE change_seq > $1', [before]);
    expect(changedItems.rows[0].n).toBe(0);

    const draft = await a.services.payoutWorkflow.drafts.create(draftFor(a.services, 'creatorpay', connection.id));
    expect(draft.id).toBeLessThan(TEAM_CACHE_PAYOUT_IDS_FROM);
    await b.services.team!.catchUp();
    const cached = count(b, 'SELECT count(*) FROM payouts WHERE connection_id = ? AND id >= ?', connection.id, TEAM_CACHE_PAYOUT_IDS_FROM);
    await a.services.sync.syncConnection(connection.id);
    await b.services.team!.catchUp();
    for (const desk of [a, b]) {
      expect(desk.services.payoutWorkflow.ctx.store.payout(draft.id)).toMatchObject({ status: 'draft', created_by_id: 'pg:alice' });
      expect(
        count(desk, 'SELECT count(*) FROM payouts WHERE connection_id = ? AND id >= ?', connection.id, TEAM_CACHE_PAYOUT_IDS_FROM),
      ).toBe(cached);
      // The draft's creator is the same person on both desktops (each desktop numbers its creators itself).
      const creatorOf = desk.services.db
        .prepare('SELECT c.remote_id FROM payouts p JOIN creators c ON c.id = p.creator_id WHERE p.id = ?')
        .pluck()
        .get(draft.id);
      expect(creatorOf).toEqual(
        a.services.db
          .prepare('SELECT c.remote_id FROM payouts p JOIN creators c ON c.id = p.creator_id WHERE p.id = ?')
          .pluck()
          .get(draft.id),
      );
      expect(creatorOf).toEqual(expect.any(String));
    }
  });

  it('the cache is written only through its functions, for a shared connection, and what B cannot read is set aside there', async () => {
    const pete = await team.client('pete');
    await expect(
      pete.query(
        "INSERT INTO paydesk.provider_items (connection_id, resource, remote_id, item, fetched_at, fetched_by) VALUES ($1, 'payouts', 'x', '{}', 'now', 'pete')",
        [connection.id],
      ),
    ).rejects.toMatchObject({ code: '42501' });
    await expect(pete.query('UPDATE paydesk.provider_items SET item = item || \'{"status":"paid"}\'')).rejects.toMatchObject({
      code: '42501',
    });
    await expect(pete.query("SELECT paydesk.publish_provider_items('no-such-connection', 'payouts', '[]', null)")).rejects.toMatchObject({
      message: expect.stringMatching(/not shared with the team/),
    });
    const mallory = await team.client('mallory');
    await expect(mallory.query("SELECT paydesk.publish_provider_items($1, 'payouts', '[]', null)", [connection.id])).rejects.toMatchObject({
      code: '42501',
    });
    // A login may publish what looks like a provider's payout; B checks each item before storing it.
    const base = {
      clientReference: null,
      recipientName: 'Odd Item',
      recipientEmail: 'odd@example.com',
      recipientHandle: null,
      creatorRemoteId: null,
      campaignRemoteId: null,
      amount: { minor: 1200, currency: 'USD' },
      description: null,
      providerStatus: 'paid',
      createdAt: '2026-11-01T10:00:00.000Z',
      updatedAt: null,
      raw: {},
    };
    await pete.query("SELECT paydesk.publish_provider_items($1, 'payouts', $2::jsonb, null)", [
      connection.id,
      JSON.stringify([
        { ...base, remoteId: 'team-odd-1', status: 'stolen' },
        { ...base, remoteId: 'team-fine-1', status: 'paid' },
      ]),
    ]);
    await b.services.team!.catchUp();
    expect(b.services.db.prepare('SELECT remote_id, status FROM payouts WHERE remote_id LIKE ? ORDER BY remote_id').all('team-%')).toEqual([
      { remote_id: 'team-fine-1', status: 'paid' },
    ]);
    expect(b.services.db.prepare("SELECT remote_id, reason FROM sync_set_aside WHERE remote_id = 'team-odd-1'").all()).toEqual([
      { remote_id: 'team-odd-1', reason: expect.stringMatching(/not one Paydesk can read/) },
    ]);
  });

  it('a desktop signed out of the team database cannot sync, and says why', async () => {
    await b.services.team!.signOut();
    const result = await b.services.sync.syncConnection(connection.id);
    expect(result.resources.payouts.error).toMatch(/Sign in to the team workspace/);
    await b.services.team!.signIn('bob', 'bob-team-password');
  });

  it('refuses to start the demo on a team desktop', async () => {
    expect(await dispatcherFor(b.services)('workspace.createDemo', undefined)).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringMatching(/works in a team workspace/) },
    });
  });
});
