/**
 * Editing and deleting drafts, cancelling an approved payout before it is sent, and dismissing a payout, in a team workspace: through each desktop's real workflow,
 * with the team database checking the rules on the locked row. An edit voids the approvals of the old values (on
 * every desktop), an edit that has not seen an approval made meanwhile is refused, a deleted draft leaves every
 * replica and keeps its audit events, and a raw call cannot edit, delete or dismiss what the rules forbid.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '@shared/contract/model';
import type { ProviderSimulator } from '../../../src-main/providers/simulator/types';
import { postgresAvailable } from '../../support/postgres';
import { draftFor, haveKeychain, startSim } from '../payouts/harness';
import { adminConnects, openDesktop, type Desktop } from './desktops';
import { ctx, details, startTeamDb, type TeamDb } from './team-fixture';

describe.skipIf(!postgresAvailable() || !haveKeychain)('team drafts: edit, delete, dismiss', () => {
  let team: TeamDb;
  let sim: ProviderSimulator;
  let a: Desktop;
  let b: Desktop;
  let connection: Connection;

  const serverRow = async (id: number) => {
    const root = await team.server.installer();
    try {
      const r = await root.query(
        'SELECT status, amount_minor::int AS amount, dismissed_at, dismissed_reason FROM paydesk.payouts WHERE id = $1',
        [id],
      );
      return r.rows[0] as { status: string; amount: number; dismissed_at: string | null; dismissed_reason: string | null } | undefined;
    } finally {
      await root.end();
    }
  };
  const teamEvents = async (id: number) =>
    (
      (await (await team.queries('dana')).q.auditRows()) as Array<{ subject: string; action: string; actor: string; details: string }>
    ).filter((r) => r.subject === `payout:${id}`);

  beforeAll(async () => {
    team = await startTeamDb();
    sim = await startSim('talentir');
    connection = await adminConnects(team, 'talentir', sim, { thresholdEurMinor: 500 });
    a = await openDesktop(team, 'desk-a', 'alice');
    b = await openDesktop(team, 'desk-b', 'bob');
  }, 120_000);

  afterAll(async () => {
    for (const d of [a, b]) await d?.close();
    await sim?.close();
    await team?.close();
  });

  it('an edit saves the new values in the team database and voids the approval given for the old ones, on every desktop', async () => {
    const draft = await a.services.payoutWorkflow.drafts.create(draftFor(a.services, 'talentir', connection.id));
    await b.services.team!.catchUp();
    await b.services.payoutWorkflow.approvals.approve([draft.id]);
    await a.services.team!.catchUp();
    expect(a.services.payoutWorkflow.ctx.store.activeApprovers(draft.id)).toEqual(['pg:bob']);

    const edited = await a.services.payoutWorkflow.drafts.update(draft.id, {
      ...draftFor(a.services, 'talentir', connection.id),
      amount: '77.25',
      description: 'Edited on A',
    });
    expect(edited).toMatchObject({ status: 'draft', amount: { minor: 7725, currency: 'EUR' } });
    expect(await serverRow(draft.id)).toMatchObject({ status: 'draft', amount: 7725 });
    await b.services.team!.catchUp();
    expect(b.services.payoutWorkflow.ctx.store.payout(draft.id)).toMatchObject({ amount_minor: 7725, description: 'Edited on A' });
    expect(b.services.payoutWorkflow.ctx.store.activeApprovers(draft.id)).toEqual([]);

    const events = await teamEvents(draft.id);
    const update = events.find((e) => e.action === 'payout.draft_updated')!;
    expect(update.actor).toBe('alice');
    expect(JSON.parse(update.details)).toMatchObject({ approvalsVoided: 1 });
  });

  it('an edit that has not seen an approval made meanwhile on another desktop is refused, and nothing changes', async () => {
    const draft = await a.services.payoutWorkflow.drafts.create(draftFor(a.services, 'talentir', connection.id));
    await b.services.team!.catchUp();
    await b.services.payoutWorkflow.approvals.approve([draft.id]);
    // Alice's desktop as it was before Bob's approval reached it: it believes no approval is there to void.
    const { q } = await team.queries('alice');
    await expect(
      q.updateDraft(draft.id, { amountMinor: 9900, currency: 'EUR', recipientJson: '{}', display: {} }, [], 0, details({}), ctx('desk-a')),
    ).rejects.toThrow(/Someone approved this draft on another desktop meanwhile/);
    expect(await serverRow(draft.id)).toMatchObject({ amount: draft.amount.minor });
  });

  it('deleting a draft removes it from the team database and every replica; its audit events stay', async () => {
    const draft = await a.services.payoutWorkflow.drafts.create(draftFor(a.services, 'talentir', connection.id));
    await b.services.team!.catchUp();
    expect(b.services.payoutWorkflow.ctx.store.payout(draft.id)).toBeTruthy();
    await expect(a.services.payoutWorkflow.drafts.delete(draft.id)).resolves.toEqual({ deleted: true });
    expect(await serverRow(draft.id)).toBeUndefined();
    await b.services.team!.catchUp();
    expect(b.services.payoutWorkflow.ctx.store.payout(draft.id)).toBeUndefined();
    expect(a.services.payoutWorkflow.ctx.store.payout(draft.id)).toBeUndefined();
    expect((await teamEvents(draft.id)).map((e) => `${e.action} ${e.actor}`)).toEqual([
      'payout.draft_created alice',
      'payout.draft_deleted alice',
    ]);
  });

  it('a raw call cannot edit or delete an approved payout, nor dismiss one that did not fail; the events stay the changes’ own', async () => {
    const draft = await a.services.payoutWorkflow.drafts.create(draftFor(a.services, 'talentir', connection.id));
    await b.services.team!.catchUp();
    await b.services.payoutWorkflow.approvals.approve([draft.id]);
    const { q: carol } = await team.queries('carol');
    await carol.decide(draft.id, 'approved', null, details({}), ctx('desk-c'));
    expect((await serverRow(draft.id))?.status).toBe('approved');

    const { q: pete } = await team.queries('pete');
    await expect(pete.deleteDraft(draft.id, details({}), ctx('psql'))).rejects.toThrow(
      /Only drafts can be changed; this payout is approved/,
    );
    await expect(
      pete.updateDraft(draft.id, { amountMinor: 1, currency: 'EUR', recipientJson: '{}', display: {} }, [], 0, details({}), ctx('psql')),
    ).rejects.toThrow(/Only drafts can be changed/);
    // Pete is a preparer only: dismissing is a sender's step.
    await expect(pete.dismissPayout(draft.id, 'done', details({}), ctx('psql'))).rejects.toThrow(/does not have the sender role/);
    const { q: bob } = await team.queries('bob');
    await expect(bob.dismissPayout(draft.id, 'done', details({}), ctx('psql'))).rejects.toThrow(
      /Only a failed or returned payout can be dismissed/,
    );
    await expect(pete.auditPayout(draft.id, 'payout.draft_deleted', details({}), ctx('psql'))).rejects.toThrow(
      /written only by the change/,
    );
    expect((await serverRow(draft.id))?.status).toBe('approved');
  });

  it('an approved payout never sent is cancelled in the team database, by a sender only, and only while unsent', async () => {
    const draft = await a.services.payoutWorkflow.drafts.create(draftFor(a.services, 'talentir', connection.id));
    const { q: pete } = await team.queries('pete');
    await expect(pete.cancelUnsent(draft.id, 'x', details({}), ctx('psql'))).rejects.toThrow(/does not have the sender role/);
    const { q: bob } = await team.queries('bob');
    await expect(bob.cancelUnsent(draft.id, 'x', details({}), ctx('psql'))).rejects.toThrow(
      /The payout is draft; it can no longer be cancelled here/,
    );

    await b.services.team!.catchUp();
    await b.services.payoutWorkflow.approvals.approve([draft.id]);
    const { q: carol } = await team.queries('carol');
    await carol.decide(draft.id, 'approved', null, details({}), ctx('desk-c'));
    await b.services.team!.catchUp();
    const cancelled = await b.services.payoutWorkflow.cancel(draft.id);
    expect(cancelled.status).toBe('cancelled');
    expect((await serverRow(draft.id))?.status).toBe('cancelled');
    await a.services.team!.catchUp();
    expect(a.services.payoutWorkflow.ctx.store.payout(draft.id)?.status).toBe('cancelled');
    expect((await teamEvents(draft.id)).filter((e) => e.action === 'payout.cancelled').map((e) => e.actor)).toEqual(['bob']);
  });

  it('dismissing a failed payout takes it off Attention on every desktop, with the reason', async () => {
    const draft = await a.services.payoutWorkflow.drafts.create(draftFor(a.services, 'talentir', connection.id));
    // The provider's failure as the sender would record it (the status path itself is tested in desktops.test.ts).
    const root = await team.server.installer();
    await root.query("UPDATE paydesk.payouts SET status = 'failed' WHERE id = $1", [draft.id]);
    await root.end();
    await b.services.team!.catchUp();
    expect(b.services.payoutWorkflow.ctx.store.payout(draft.id)?.status).toBe('failed');

    await b.services.payoutWorkflow.drafts.dismiss(draft.id, '  Paid by bank transfer instead  ');
    expect(await serverRow(draft.id)).toMatchObject({
      dismissed_reason: 'Paid by bank transfer instead',
      dismissed_at: expect.any(String),
    });
    await a.services.team!.catchUp();
    expect(a.services.payoutWorkflow.ctx.store.payout(draft.id)).toMatchObject({ dismissed_reason: 'Paid by bank transfer instead' });
    await expect(a.services.payoutWorkflow.drafts.dismiss(draft.id, 'again')).rejects.toThrow(/already dismissed/);
    expect((await teamEvents(draft.id)).filter((e) => e.action === 'payout.dismissed').map((e) => e.actor)).toEqual(['bob']);
  });
});
