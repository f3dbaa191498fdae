/**
 * Moving a solo workspace into a team database: its payouts (made, approved and sent on this desktop) and its audit
 * trail are copied in one transaction; the trail verifies in the team database with the desktop's verifier, keeps
 * its hashes, and new team events chain on from it. Refused into a team database that already holds data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '@shared/contract/model';
import type { PayoutPolicy } from '@shared/contract/payouts-model';
import type { SoloMoveResult } from '@shared/contract/team';
import { verifyRows } from '../../../src-main/audit/audit-log';
import { KeytarCredentialStore } from '../../../src-main/credentials/keytar-store';
import type { ProviderSimulator } from '../../../src-main/providers/simulator/types';
import { createServices, type Services } from '../../../src-main/services';
import type { AuditRow } from '../../../src-main/storage/audit-store';
import { migrateSchema } from '../../../src-main/storage/postgres/schema';
import { TeamQueries } from '../../../src-main/storage/postgres/team-queries';
import { tempDataDir } from '../../helpers/temp-dir';
import { as, seedTeam } from '../../helpers/team';
import { postgresAvailable, startPostgres, type PgServer } from '../../support/postgres';
import { approvedPayouts, connect, dispatcherFor, haveKeychain, remoteCounts, startSim, testHttp } from '../payouts/harness';

const unanchored = { kind: 'unavailable' as const, reason: 'team database' };

describe.skipIf(!postgresAvailable() || !haveKeychain)('moving a solo workspace into a team database', () => {
  let server: PgServer;
  let sim: ProviderSimulator;
  const data = tempDataDir();
  let services: Services | null = null;

  const open = () =>
    createServices({
      dataDir: data.dir,
      host: 'browser',
      version: 'test',
      credentials: new KeytarCredentialStore('Paydesk-test'),
      http: testHttp,
      payouts: { poller: false, settleMs: 0, sleep: async () => undefined },
      dailyBackups: false,
    });

  beforeAll(async () => {
    server = await startPostgres('paydesk_move');
    const installer = await server.installer();
    await migrateSchema(installer);
    await installer.end();
    await server.createLogin('dana', 'dana-team-password', ['paydesk_admin', 'paydesk_preparer', 'paydesk_approver', 'paydesk_sender']);
    await server.createLogin('bob', 'bob-team-password', ['paydesk_approver']);
    sim = await startSim('talentir');
  }, 60_000);
  afterAll(async () => {
    await services?.close();
    data.cleanup();
    await sim?.close();
    server?.stop();
  });

  it('copies history and audit trail in one transaction; the chain verifies there and goes on', async () => {
    services = await open();
    await seedTeam(services);
    const dispatch = dispatcherFor(services);
    const connection = await connect(dispatch, 'talentir', sim);
    const ids = await approvedPayouts(services, 'talentir', connection.id, 4);
    as(services, 'maker');
    await services.payoutWorkflow.sender.send(ids.slice(0, 2));
    as(services, 'admin');
    const localPayouts = services.db.prepare('SELECT id, status, client_reference, remote_id FROM payouts ORDER BY id').all();
    const settings = { host: server.host, port: server.port, database: server.database, tls: { mode: 'plain' as const } };
    expect(await dispatch('team.configure', { mode: 'team', settings })).toMatchObject({ ok: true });
    const localHashes = [...services.audit.list({ limit: 10_000 })].reverse().map((e) => e.hash);
    const soloPolicy = services.payoutWorkflow.policy();
    expect(soloPolicy.maxPerPayout.length).toBeGreaterThan(0);

    // A login without the admin role cannot move anything in.
    expect(await dispatch('team.moveSoloWorkspace', { login: 'bob', password: 'bob-team-password' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const moved = (await dispatch('team.moveSoloWorkspace', { login: 'dana', password: 'dana-team-password' })) as Envelope<SoloMoveResult>;
    expect(moved).toMatchObject({ ok: true, value: { payouts: localPayouts.length, verified: true } });

    const c = await server.installer();
    try {
      const teamPayouts = await c.query('SELECT id::int AS id, status, client_reference, remote_id FROM paydesk.payouts ORDER BY id');
      expect(teamPayouts.rows).toEqual(localPayouts);
      const q = new TeamQueries(c);
      const rows = (await q.auditRows()) as unknown as AuditRow[];
      // The copied events keep their hashes.
      expect(rows.slice(0, localHashes.length).map((r) => r.hash)).toEqual(localHashes.slice(0, localHashes.length));
      // The move itself is the next event, chained on; then the desk's approval policy, carried over and audited.
      expect(rows.at(-2)).toMatchObject({ action: 'team.solo_workspace_moved', actor: 'dana' });
      expect(rows.at(-1)).toMatchObject({ action: 'policy.changed', actor: 'dana' });
      const teamPolicy = (await c.query('SELECT doc FROM paydesk.policy WHERE id = 1')).rows[0].doc as PayoutPolicy;
      expect(teamPolicy).toMatchObject({
        approvalThresholds: soloPolicy.approvalThresholds,
        maxPerPayout: soloPolicy.maxPerPayout,
        makerMayApproveOwn: soloPolicy.makerMayApproveOwn,
      });
      expect(verifyRows(rows, unanchored, true)).toMatchObject({ intact: true, checked: rows.length });

      // A second move into the same database is refused, and changes nothing.
      const again = await dispatch('team.moveSoloWorkspace', { login: 'dana', password: 'dana-team-password' });
      expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/already moved/) } });
      expect((await q.auditRows()).length).toBe(rows.length);
    } finally {
      await c.end();
    }

    // The desktop restarts in the team workspace: the replica shows the moved history, the trail still verifies, and
    // the next action there chains on (the payouts sent before the move stay sent once).
    await services.close();
    services = await open();
    await services.team!.signIn('dana', 'dana-team-password');
    expect(services.db.prepare('SELECT id, status, client_reference, remote_id FROM payouts ORDER BY id').all()).toEqual(localPayouts);
    const draft = await services.payoutWorkflow.drafts.create({
      connectionId: connection.id,
      recipient: { email: 'after.move@example.com', name: 'After Move' },
      amount: '12.00',
      currency: 'EUR',
      description: 'Fee after the move',
    });
    expect(draft.id).toBeGreaterThan(Math.max(...ids));
    const replicated = [...services.team!.replicaStore.auditRows()] as unknown as AuditRow[];
    expect(replicated.at(-1)).toMatchObject({ action: 'payout.draft_created', actor: 'dana' });
    expect(verifyRows(replicated, unanchored, true)).toMatchObject({ intact: true, checked: replicated.length });
    const counts = await remoteCounts(services, 'talentir', connection.id, ids.slice(0, 2));
    expect([...counts.values()]).toEqual([1, 1]);
  }, 120_000);
});
