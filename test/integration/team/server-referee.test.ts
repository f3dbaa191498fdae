/**
 * The team database is the referee: with nothing but a `pg` client and an operator's own login (what a modified
 * desktop or a raw psql session has), nobody can approve their own payout, skip a status, write the tables directly
 * or rewrite the audit trail; four eyes, the maximum and the daily caps hold; and the audit chain the database writes
 * is the one the desktop's verifier checks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyRows } from '../../../src-main/audit/audit-log';
import type { AuditRow } from '../../../src-main/storage/audit-store';
import { postgresAvailable } from '../../support/postgres';
import { ctx, details, draftDoc, startTeamDb, testConnection, type TeamDb } from './team-fixture';

const unanchored = { kind: 'unavailable' as const, reason: 'team database: chained by the server' };

describe.skipIf(!postgresAvailable())('team database as the referee', () => {
  let team: TeamDb;

  beforeAll(async () => {
    team = await startTeamDb();
    const { q } = await team.queries('dana');
    await q.saveConnection(testConnection, details({ label: testConnection.label }), ctx('desk-admin'));
    await q.setPolicy(
      {
        approvalThresholds: [{ minor: 100_000, currency: 'EUR' }],
        maxPerPayout: [{ minor: 1_000_000, currency: 'EUR' }],
        dailyCaps: [],
        workspaceDailyCaps: [{ minor: 2_000_000, currency: 'EUR' }],
        makerMayApproveOwn: false,
        duplicateWindowDays: 30,
        stuckAfterDays: 7,
        expiringWithinDays: 3,
        payeeCheckMaxAgeHours: 24,
        payeeNoMatchBlocks: true,
      },
      details({ before: {}, after: { threshold: 100_000 } }),
      ctx('desk-admin'),
    );
  }, 60_000);
  afterAll(async () => team?.close());

  async function draftBy(login: 'alice' | 'pete' | 'dana', amountMinor = 2500) {
    const { q } = await team.queries(login);
    return q.createDraft(draftDoc(testConnection.id, amountMinor), ['team'], details({ amountMinor }), ctx(`desk-${login}`));
  }

  it('a preparer cannot approve their own payout, through the function or around it', async () => {
    const id = await draftBy('alice');
    const alice = await team.client('alice');
    await expect(alice.query("SELECT paydesk.decide($1, 'approved', null, '{}', '{}')", [id])).rejects.toThrow(
      /You drafted this payout: another operator must approve it/,
    );
    await expect(alice.query("UPDATE paydesk.payouts SET status = 'approved' WHERE id = $1", [id])).rejects.toThrow(/permission denied/);
    await expect(
      alice.query(
        "INSERT INTO paydesk.payout_approvals (payout_id, operator, operator_id, decision, at) VALUES ($1, 'bob', 'pg:bob', 'approved', 'now')",
        [id],
      ),
    ).rejects.toThrow(/permission denied/);
    // A login with only the preparer role cannot approve at all, not even someone else's payout.
    const pete = await team.client('pete');
    await expect(pete.query("SELECT paydesk.decide($1, 'approved', null, '{}', '{}')", [id])).rejects.toThrow(
      /does not have the approver role/,
    );
    const status = await alice.query('SELECT status FROM paydesk.payouts WHERE id = $1', [id]);
    expect(status.rows[0].status).toBe('draft');
  });

  it('nobody skips a status: a draft cannot be sent, marked paid or given a provider status', async () => {
    const id = await draftBy('alice');
    const bob = await team.client('bob');
    await expect(bob.query("SELECT * FROM paydesk.claim_send($1, '{}', false, 60, 'Sending', '{}', '{}')", [id])).rejects.toThrow(
      /Only approved payouts can be sent; this payout is draft/,
    );
    await expect(bob.query(`SELECT paydesk.record_provider_status($1, '{"status":"paid"}', null, null, '{}')`, [id])).rejects.toThrow(
      /cannot go from draft to paid/,
    );
    await expect(
      bob.query(`SELECT paydesk.apply_send_transition($1, '{"payout":{"status":"paid"}}', null, null, '{}')`, [id]),
    ).rejects.toThrow(/never handed to the sender/);
    await expect(bob.query("UPDATE paydesk.payouts SET status = 'paid' WHERE id = $1", [id])).rejects.toThrow(/permission denied/);
    await expect(bob.query('DELETE FROM paydesk.payouts WHERE id = $1', [id])).rejects.toThrow(/permission denied/);
    // The helpers the functions use are not callable either.
    await expect(bob.query("SELECT paydesk.append_audit('payout.approved', 'payout:1', '{}', '{}')")).rejects.toThrow(/permission denied/);
    await expect(bob.query("SELECT paydesk.add_history(1, 'paid', null, 'x', null, 'now')")).rejects.toThrow(/permission denied/);
  });

  it('the audit trail cannot be inserted into, changed or deleted, not even by the installer', async () => {
    await draftBy('alice');
    const alice = await team.client('alice');
    await expect(
      alice.query(
        "INSERT INTO paydesk.audit_events (seq, at, actor, action, subject, details, prev_hash, hash) VALUES (100000, 'x', 'bob', 'payout.approved', 'payout:1', '{}', 'x', 'x')",
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(alice.query("UPDATE paydesk.audit_events SET actor = 'bob'")).rejects.toThrow(/permission denied/);
    await expect(alice.query('DELETE FROM paydesk.audit_events')).rejects.toThrow(/permission denied/);
    await expect(alice.query('TRUNCATE paydesk.audit_events')).rejects.toThrow(/permission denied/);
    const installer = await team.server.installer();
    try {
      await expect(installer.query("UPDATE paydesk.audit_events SET actor = 'bob'")).rejects.toThrow(/append-only/);
      await expect(installer.query('DELETE FROM paydesk.audit_events WHERE seq = 1')).rejects.toThrow(/append-only/);
      await expect(installer.query('TRUNCATE paydesk.audit_events')).rejects.toThrow(/append-only/);
    } finally {
      await installer.end();
    }
  });

  it('four eyes above the threshold: two different approvers, neither the maker; the actor is the login', async () => {
    const id = await draftBy('alice', 150_000);
    const { q: bob } = await team.queries('bob');
    const { q: carol } = await team.queries('carol');
    const { q: alice } = await team.queries('alice');
    await expect(alice.decide(id, 'approved', null, details({}), ctx('desk-a'))).rejects.toThrow(/above the approval threshold/);
    expect(await bob.decide(id, 'approved', null, details({ step: 1 }), ctx('desk-b'))).toBe('draft');
    await expect(bob.decide(id, 'approved', null, details({ step: 2 }), ctx('desk-b'))).rejects.toThrow(/already approved/);
    expect(await carol.decide(id, 'approved', null, details({ step: 2 }), ctx('desk-c'))).toBe('approved');
    const c = await team.client('bob');
    const events = await c.query(
      "SELECT actor, actor_id, host FROM paydesk.audit_events WHERE subject = $1 AND action = 'payout.approved' ORDER BY seq",
      [`payout:${id}`],
    );
    expect(events.rows).toEqual([
      { actor: 'bob', actor_id: 'pg:bob', host: 'desk-b' },
      { actor: 'carol', actor_id: 'pg:carol', host: 'desk-c' },
    ]);
  });

  it('the maximum per payout holds at draft time, and a login without grants can do nothing', async () => {
    await expect(draftBy('alice', 1_000_001)).rejects.toThrow(/above the maximum per payout/);
    const mallory = await team.client('mallory');
    await expect(mallory.query('SELECT paydesk.my_roles()')).rejects.toThrow(/permission denied/);
    await expect(mallory.query('SELECT count(*) FROM paydesk.payouts')).rejects.toThrow(/permission denied/);
  });

  it('a send claim is won once; others are told who sends it and from where', async () => {
    const id = await draftBy('alice');
    const { q: carol } = await team.queries('carol');
    await carol.decide(id, 'approved', null, details({}), ctx('desk-c'));
    const { q: bob } = await team.queries('bob');
    const request = { json: '{}', initiate: false, message: 'Sending' };
    const [first, second] = await Promise.all([
      bob.claimSend(id, request, 60, details({}), ctx('desk-b')),
      carol.claimSend(id, request, 60, details({}), ctx('desk-c')),
    ]);
    const outcomes = [first.outcome, second.outcome].sort();
    expect(outcomes).toEqual(['taken', 'won']);
    const taken = first.outcome === 'taken' ? first : second;
    const winner = first.outcome === 'won' ? 'bob' : 'carol';
    expect(taken.claimedBy).toBe(winner);
    expect(taken.claimHost).toBe(winner === 'bob' ? 'desk-b' : 'desk-c');
    // The loser cannot go on with the send either.
    const loser = winner === 'bob' ? carol : bob;
    await expect(loser.startAttempt(id, 'create', 60, ctx(winner === 'bob' ? 'desk-c' : 'desk-b'))).rejects.toThrow(/being sent by/);
  });

  it('the daily cap of the workspace blocks the claim that would go over it', async () => {
    const { q: carol } = await team.queries('carol');
    const { q: bob } = await team.queries('bob');
    const ids = [];
    for (let i = 0; i < 3; i += 1) ids.push(await draftBy('alice', 900_000));
    for (const id of ids) {
      await bob.decide(id, 'approved', null, details({}), ctx('desk-b'));
      await carol.decide(id, 'approved', null, details({}), ctx('desk-c'));
    }
    const request = { json: '{}', initiate: false, message: 'Sending' };
    await bob.claimSend(ids[0]!, request, 60, details({}), ctx('desk-b'));
    await bob.claimSend(ids[1]!, request, 60, details({}), ctx('desk-b'));
    await expect(bob.claimSend(ids[2]!, request, 60, details({}), ctx('desk-b'))).rejects.toThrow(/daily cap of the workspace/);
  });

  it("the desktop's verifier accepts the chain the database wrote, awkward characters included, and catches a rewrite", async () => {
    const { q } = await team.queries('alice');
    const awkward = 'Zoë "quoted" \\ back\nslash\ttab \u0001\u001f ünïcødé 💸 </script> \u2028';
    await q.createDraft(
      { ...draftDoc(testConnection.id), description: awkward },
      [],
      details({ note: awkward, n: 12.5, list: [1, 'two', null] }),
      ctx(awkward),
    );
    const rows = (await q.auditRows()) as unknown as AuditRow[];
    expect(rows.length).toBeGreaterThan(5);
    const verdict = verifyRows(rows, unanchored, true);
    expect(verdict).toMatchObject({ intact: true, checked: rows.length });
    // The same check catches a changed actor (what an owner with the triggers dropped could do).
    const forged = rows.map((r, i) => (i === 2 ? { ...r, actor: 'mallory' } : r));
    expect(verifyRows(forged, unanchored, true)).toMatchObject({ intact: false, brokenSeq: rows[2]!.seq });
  });
});
