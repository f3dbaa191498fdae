/**
 * Exactly once across desktops. Five desktops (each its own data directory, services and sender login) race to send
 * the same 200 approved payouts: the send claim in the team database lets one desktop send each, counted at the
 * provider simulator. And a desktop that dies mid-send leaves a lease; another desktop waits for it to expire and
 * then reconciles by looking our reference up, never by sending again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '@shared/contract/model';
import type { ProviderSimulator } from '../../../src-main/providers/simulator/types';
import { postgresAvailable } from '../../support/postgres';
import { connect, dispatcherFor, draftFor, haveKeychain, remotePayouts, startSim } from '../payouts/harness';
import { openDesktop, type Desktop } from './desktops';
import { ctx, details, startTeamDb, type TeamDb } from './team-fixture';

const SENDERS = ['s1', 's2', 's3', 's4', 's5'];
const PASSWORD = (login: string) => `${login}-sender-password`;

describe.skipIf(!postgresAvailable() || !haveKeychain)('exactly once across desktops', () => {
  let team: TeamDb;
  let sim: ProviderSimulator;
  let connection: Connection;
  let maker: Desktop;
  let checker: Desktop;
  const open: Desktop[] = [];

  async function approvedPayouts(count: number): Promise<number[]> {
    const ids: number[] = [];
    for (let i = 0; i < count; i += 1)
      ids.push((await maker.services.payoutWorkflow.drafts.create(draftFor(maker.services, 'talentir', connection.id))).id);
    await checker.services.team!.catchUp();
    const approved = await checker.services.payoutWorkflow.approvals.approve(ids);
    expect(approved.results.filter((r) => r.outcome === 'approved')).toHaveLength(count);
    return ids;
  }

  /** How many payouts the provider holds per payout of ours (by our reference). */
  async function countsAtProvider(desk: Desktop, ids: number[]): Promise<Map<number, number>> {
    const byReference = new Map<string, number>();
    for (const p of await remotePayouts(desk.services, connection.id)) {
      if (p.clientReference) byReference.set(p.clientReference, (byReference.get(p.clientReference) ?? 0) + 1);
    }
    const counts = new Map<number, number>();
    for (const id of ids) counts.set(id, byReference.get(desk.services.payoutWorkflow.ctx.store.payout(id)!.client_reference) ?? 0);
    return counts;
  }

  beforeAll(async () => {
    team = await startTeamDb();
    for (const login of SENDERS) await team.server.createLogin(login, PASSWORD(login), ['paydesk_sender']);
    sim = await startSim('talentir');
    const admin = await openDesktop(team, 'desk-admin', 'dana');
    open.push(admin);
    connection = await connect(dispatcherFor(admin.services), 'talentir', sim);
    await admin.services.team!.shareConnection(connection);
    const { q } = await team.queries('dana');
    // Caps high enough for the race; one approval per payout.
    await q.setPolicy(
      {
        ...admin.services.payoutWorkflow.policy(),
        approvalThresholds: [{ minor: 1_000_000, currency: 'EUR' }],
        workspaceDailyCaps: [],
        dailyCaps: [],
      },
      details({ race: true }),
      ctx('desk-admin'),
    );
    maker = await openDesktop(team, 'desk-maker', 'alice');
    checker = await openDesktop(team, 'desk-checker', 'bob');
    open.push(maker, checker);
  }, 120_000);

  afterAll(async () => {
    for (const d of open) await d.close().catch(() => undefined);
    await sim?.close();
    await team?.close();
  });

  it('five desktops racing to send the same 200 approved payouts send each exactly once', async () => {
    const ids = await approvedPayouts(200);
    const before = sim.payoutCount();
    const desktops: Desktop[] = [];
    for (const [i, login] of SENDERS.entries()) desktops.push(await openDesktop(team, `desk-${i + 1}`, login, PASSWORD(login)));
    open.push(...desktops);
    for (const d of desktops) await d.services.team!.catchUp();

    // Every desktop tries every payout, in its own order, at the same time.
    const results = await Promise.all(
      desktops.map((d, i) =>
        d.services.payoutWorkflow.sender.send(i % 2 ? [...ids].reverse() : [...ids.slice(i * 40), ...ids.slice(0, i * 40)]),
      ),
    );

    const counts = await countsAtProvider(desktops[0]!, ids);
    const sent = [...counts.values()].filter((n) => n >= 1).length;
    const duplicated = [...counts.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
    const lost = [...counts.values()].filter((n) => n === 0).length;
    console.log(`team-race: desktops=${desktops.length} payouts=${ids.length} sent=${sent} duplicated=${duplicated} lost=${lost}`);
    expect({ sent, duplicated, lost }).toEqual({ sent: 200, duplicated: 0, lost: 0 });
    expect(sim.payoutCount() - before).toBe(200);

    // Each payout was sent by one desktop; the others were told who sends it.
    const refusals = results
      .flatMap((r) => r.results)
      .filter((r) => /being sent by|already|sent once|not approved|Only approved/i.test(r.message ?? ''));
    expect(refusals.length).toBeGreaterThanOrEqual(200 * 4 - 200);
    const c = await team.client('dana');
    const claims = await c.query<{ claimed_by: string; n: string }>(
      'SELECT claimed_by, count(*) AS n FROM paydesk.payout_outbox WHERE payout_id = ANY($1) GROUP BY claimed_by',
      [ids],
    );
    expect(claims.rows.reduce((sum, r) => sum + Number(r.n), 0)).toBe(200);
    const statuses = await c.query<{ status: string }>('SELECT DISTINCT status FROM paydesk.payouts WHERE id = ANY($1)', [ids]);
    for (const { status } of statuses.rows) expect(['sending', 'submitted', 'processing', 'paid']).toContain(status);

    // Every replica equals the server once caught up.
    const server = await c.query('SELECT id::int AS id, status, remote_id FROM paydesk.payouts ORDER BY id');
    for (const d of desktops) {
      await d.services.team!.catchUp();
      expect(d.services.db.prepare('SELECT id, status, remote_id FROM payouts ORDER BY id').all()).toEqual(server.rows);
    }
  }, 300_000);

  it('a desktop killed mid-send leaves a lease; after it expires another desktop reconciles by reference, never resends', async () => {
    const [id] = await approvedPayouts(1);
    const killed = await openDesktop(team, 'desk-killed', 's1', PASSWORD('s1'), { leaseSeconds: 5 });
    const rescuer = await openDesktop(team, 'desk-rescuer', 's2', PASSWORD('s2'), { leaseSeconds: 5 });
    open.push(killed, rescuer);
    const before = sim.payoutCount();

    // The first desktop claims the payout, counts its attempt, and its request reaches the provider; then it dies
    // before it can record the reply.
    const marked = await killed.services.payoutWorkflow.sender.markSending([id!], killed.services.actor());
    expect(marked.prepared).toEqual([id]);
    await killed.services.payoutWorkflow.ctx.store.startAttempt(id!, 'create');
    const outbox = killed.services.payoutWorkflow.ctx.store.outbox(id!)!;
    const client = await killed.services.clients.clientFor(connection.id);
    await client.createPayout(JSON.parse(outbox.request_json));
    await killed.close();
    expect(sim.payoutCount() - before).toBe(1);

    // While the lease runs, the other desktop is told who sends it and leaves it alone.
    await rescuer.services.team!.catchUp();
    const refused = await rescuer.services.payoutWorkflow.sender.send([id!]);
    expect(refused.results[0]?.message).toMatch(/being sent by s1 on desk-killed|already being sent|handed/i);
    await rescuer.services.payoutWorkflow.reconcile(undefined);
    expect(rescuer.services.payoutWorkflow.ctx.store.payout(id!)?.status).toBe('sending');

    // After the lease: the rescuer claims it for reconciling and finds it at the provider by our reference.
    await new Promise((resolve) => setTimeout(resolve, 5_500));
    await rescuer.services.payoutWorkflow.reconcile(undefined);
    expect(sim.payoutCount() - before).toBe(1);
    const counts = await countsAtProvider(rescuer, [id!]);
    expect(counts.get(id!)).toBe(1);
    const row = rescuer.services.payoutWorkflow.ctx.store.payout(id!)!;
    expect(row.remote_id).toBeTruthy();
    expect(['submitted', 'processing', 'paid', 'sending']).toContain(row.status);
    const c = await team.client('dana');
    const events = await c.query<{ action: string; actor: string; host: string }>(
      'SELECT action, actor, host FROM paydesk.audit_events WHERE subject = $1 ORDER BY seq',
      [`payout:${id}`],
    );
    expect(events.rows.map((e) => `${e.action} ${e.actor}@${e.host}`)).toEqual(
      expect.arrayContaining(['payout.sending s1@desk-killed', 'payout.send_reclaimed s2@desk-rescuer']),
    );
    const attempts = await c.query<{ step: string; by_login: string }>(
      'SELECT step, by_login FROM paydesk.payout_send_attempts WHERE payout_id = $1 ORDER BY id',
      [id],
    );
    // One create (the dead desktop's), then the rescuer's look-up: no second create.
    expect(attempts.rows.filter((a) => a.step === 'create')).toHaveLength(1);
    expect(attempts.rows.some((a) => a.step === 'lookup' && a.by_login === 's2')).toBe(true);
  }, 120_000);
});
