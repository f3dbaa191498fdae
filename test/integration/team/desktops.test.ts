/**
 * Several desktops, one team database: a draft made on A is approved on B and C and sent on A, through the real
 * workflow (drafts, approvals, the exactly-once sender) on each desktop's own services; every replica then matches
 * the server, and the audit trail is the same everywhere and verifies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '@shared/contract/model';
import { verifyRows } from '../../../src-main/audit/audit-log';
import type { AuditRow } from '../../../src-main/storage/audit-store';
import type { ProviderSimulator } from '../../../src-main/providers/simulator/types';
import { postgresAvailable } from '../../support/postgres';
import { draftFor, haveKeychain, remoteCounts, startSim } from '../payouts/harness';
import { adminConnects, openDesktop, type Desktop } from './desktops';
import { startTeamDb, type TeamDb } from './team-fixture';

const unanchored = { kind: 'unavailable' as const, reason: 'team database' };

/** What the server holds of the shared tables, and what a replica holds of the same rows. */
async function serverPayouts(team: TeamDb) {
  const c = await team.client('dana');
  const r = await c.query(
    'SELECT id::int AS id, status, remote_id, amount_minor::int AS amount_minor, created_by_id FROM paydesk.payouts ORDER BY id',
  );
  return r.rows as Array<{ id: number; status: string; remote_id: string | null; amount_minor: number; created_by_id: string }>;
}
function replicaPayouts(desk: Desktop) {
  return desk.services.db.prepare('SELECT id, status, remote_id, amount_minor, created_by_id FROM payouts ORDER BY id').all();
}

describe.skipIf(!postgresAvailable() || !haveKeychain)('team desktops on one PostgreSQL', () => {
  let team: TeamDb;
  let sim: ProviderSimulator;
  let a: Desktop;
  let b: Desktop;
  let c: Desktop;
  let connection: Connection;

  beforeAll(async () => {
    team = await startTeamDb();
    sim = await startSim('talentir');
    connection = await adminConnects(team, 'talentir', sim, { thresholdEurMinor: 500 });
    a = await openDesktop(team, 'desk-a', 'alice');
    b = await openDesktop(team, 'desk-b', 'bob');
    c = await openDesktop(team, 'desk-c', 'carol');
  }, 120_000);

  afterAll(async () => {
    for (const d of [a, b, c]) await d?.close();
    await sim?.close();
    await team?.close();
  });

  it('draft on A, approve on B and C, send on A: sent once, every desktop sees it and the same audit trail', async () => {
    const draft = await a.services.payoutWorkflow.drafts.create(draftFor(a.services, 'talentir', connection.id));
    expect(draft.status).toBe('draft');
    // B learns of the draft from the database (LISTEN wakes the pull; catchUp makes the test independent of timing).
    await b.services.team!.catchUp();
    expect(b.services.payoutWorkflow.ctx.store.payout(draft.id)?.created_by_id).toBe('pg:alice');

    const first = await b.services.payoutWorkflow.approvals.approve([draft.id]);
    expect(first.results[0]).toMatchObject({ id: draft.id });
    await c.services.team!.catchUp();
    expect(c.services.payoutWorkflow.ctx.store.payout(draft.id)?.status).toBe('draft');
    await c.services.payoutWorkflow.approvals.approve([draft.id]);
    expect(c.services.payoutWorkflow.ctx.store.payout(draft.id)?.status).toBe('approved');

    await a.services.team!.catchUp();
    const sent = await a.services.payoutWorkflow.sender.send([draft.id]);
    expect(sent.results[0]?.message ?? '').not.toMatch(/refused|cannot/i);
    const counts = await remoteCounts(a.services, 'talentir', connection.id, [draft.id]);
    expect(counts.get(draft.id)).toBe(1);

    const server = await serverPayouts(team);
    const mine = server.find((p) => p.id === draft.id)!;
    expect(['sending', 'submitted', 'processing', 'paid']).toContain(mine.status);
    expect(mine.remote_id).toBeTruthy();
    for (const desk of [a, b, c]) {
      await desk.services.team!.catchUp();
      expect(replicaPayouts(desk)).toEqual(server);
    }

    // The same trail everywhere: the server's rows, each replica's copy, and it verifies with the desktop's verifier.
    const rows = (await (await team.queries('dana')).q.auditRows()) as unknown as AuditRow[];
    for (const desk of [a, b, c]) {
      const replicated = [...desk.services.team!.replicaStore.auditRows()] as unknown as AuditRow[];
      expect(replicated.map((r) => r.hash)).toEqual(rows.map((r) => r.hash));
      expect(verifyRows(replicated, unanchored, true)).toMatchObject({ intact: true, checked: rows.length });
    }
    const actors = rows.filter((r) => r.subject === `payout:${draft.id}`).map((r) => `${r.action} ${r.actor}@${r.host}`);
    expect(actors).toEqual(
      expect.arrayContaining([
        'payout.draft_created alice@desk-a',
        'payout.approved bob@desk-b',
        'payout.approved carol@desk-c',
        'payout.sending alice@desk-a',
      ]),
    );
  });

  it('the maker cannot approve on their own desktop, whatever the desktop decides', async () => {
    const draft = await a.services.payoutWorkflow.drafts.create(draftFor(a.services, 'talentir', connection.id));
    const result = await a.services.payoutWorkflow.approvals.approve([draft.id]);
    expect(result.results[0]?.outcome).not.toBe('approved');
    expect((await serverPayouts(team)).find((p) => p.id === draft.id)?.status).toBe('draft');
  });

  it('the server going away: money commands refuse with the reason, the replica stays readable, and it recovers', async () => {
    const draft = await a.services.payoutWorkflow.drafts.create(draftFor(a.services, 'talentir', connection.id));
    // B's replica has the draft before the server goes (the notification may still be on its way under load).
    await b.services.team!.catchUp();
    team.server.halt();
    try {
      await expect(b.services.payoutWorkflow.approvals.approve([draft.id])).resolves.toMatchObject({
        results: [expect.objectContaining({ message: expect.stringMatching(/team database/) })],
      });
      // Reads: the replica, as it was.
      expect(b.services.payoutWorkflow.ctx.store.payout(draft.id)?.status).toBe('draft');
      expect(b.services.payouts).toBeTruthy();
      await expect(b.services.team!.catchUp()).rejects.toThrow(/cannot be reached|connection .* lost|team database/);
      expect(b.services.team!.status()).toMatchObject({ state: 'offline', problem: expect.stringMatching(/team database/) });
    } finally {
      team.server.start();
    }
    await b.services.team!.catchUp();
    expect(b.services.team!.status().state).toBe('online');
    expect((await serverPayouts(team)).find((p) => p.id === draft.id)?.status).toBe('draft');
  });
});
