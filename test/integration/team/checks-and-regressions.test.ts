/**
 * The workflow records that were a desk's own, now the team database's (migration 5): a payee check run on the
 * preparer's desktop is the one the approver and the sender see on theirs, and the payout is sent with its id; a
 * provider reporting a paid payout in flight again keeps it paid everywhere, is audited once and shows in every
 * desktop's Attention list until the provider's status is final again; a payout the provider deleted outright when it
 * was cancelled there is recorded as cancelled. Each is a function of the team database, which checks its rules on
 * the locked row: raw calls that bend them are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '@shared/contract/model';
import { providerModule } from '../../../src-main/providers/registry';
import type { ProviderSimulator } from '../../../src-main/providers/simulator/types';
import type { TokenioSimulator } from '../../../src-main/providers/tokenio/simulator';
import { attentionList } from '../../../src-main/payouts/tracking';
import { postgresAvailable } from '../../support/postgres';
import { draftFor, haveKeychain } from '../payouts/harness';
import { adminConnects, openDesktop, type Desktop } from './desktops';
import { ctx, details, startTeamDb, type TeamDb } from './team-fixture';
import { iban } from '../../helpers/iban';

const EVA = { name: 'Eva Lind', iban: iban('NL', 'ABNA0417164300') };

/** A euro payout to a bank account on Token.io, drafted on a desktop (its payee check runs as it is made). */
function euroDraft(desk: Desktop, connectionId: string, holder: string, amount: string, description: string) {
  return desk.services.payoutWorkflow.drafts.create({
    connectionId,
    recipient: { bank: { accountHolderName: holder, iban: EVA.iban } },
    amount,
    currency: 'EUR',
    description,
  });
}

async function teamAudit(team: TeamDb, subject: string) {
  const c = await team.client('dana');
  const r = await c.query('SELECT action, actor FROM paydesk.audit_events WHERE subject = $1 ORDER BY seq', [subject]);
  return r.rows as Array<{ action: string; actor: string }>;
}

/** Drafted on A by Alice, approved on B by Bob, sent on A: the payout's id. */
async function sentPayout(a: Desktop, b: Desktop, draft: Parameters<Desktop['services']['payoutWorkflow']['drafts']['create']>[0]) {
  const created = await a.services.payoutWorkflow.drafts.create(draft);
  await b.services.team!.catchUp();
  expect((await b.services.payoutWorkflow.approvals.approve([created.id])).results[0]).toMatchObject({ outcome: 'approved' });
  await a.services.team!.catchUp();
  await a.services.payoutWorkflow.sender.send([created.id]);
  return created.id;
}

describe.skipIf(!postgresAvailable() || !haveKeychain)('payee checks, regressions and provider-side deletes in a team', () => {
  let team: TeamDb;
  let tokenio: TokenioSimulator;
  let talentir: ProviderSimulator;
  let creatorpay: ProviderSimulator;
  let a: Desktop;
  let b: Desktop;
  const connections: Partial<Record<'tokenio' | 'talentir' | 'creatorpay', Connection>> = {};

  beforeAll(async () => {
    team = await startTeamDb();
    tokenio = (await providerModule('tokenio').startSimulator({ seed: 3, payouts: 5, logLimit: 5000 })) as TokenioSimulator;
    tokenio.registerAccount(EVA.iban, EVA.name);
    talentir = await providerModule('talentir').startSimulator({ seed: 5, payouts: 5, logLimit: 0 });
    creatorpay = await providerModule('creatorpay').startSimulator({ seed: 5, payouts: 5, creators: 5, logLimit: 0 });
    connections.tokenio = await adminConnects(team, 'tokenio', tokenio);
    connections.talentir = await adminConnects(team, 'talentir', talentir);
    connections.creatorpay = await adminConnects(team, 'creatorpay', creatorpay);
    a = await openDesktop(team, 'desk-a', 'alice');
    b = await openDesktop(team, 'desk-b', 'bob');
  }, 180_000);

  afterAll(async () => {
    for (const d of [a, b]) await d?.close();
    for (const s of [tokenio, talentir, creatorpay]) await s?.close();
    await team?.close();
  });

  it('a payee check made on the preparer’s desktop is the one the approver and the sender see, and the payout goes with its id', async () => {
    const created = await euroDraft(a, connections.tokenio!.id, EVA.name, '120.00', 'Creator fee March');
    const onA = await a.services.payoutWorkflow.ctx.store.latestPayeeCheck(created.id);
    expect(onA).toMatchObject({ status: 'match', checked_name: EVA.name, check_id: expect.stringMatching(/^avr-/) });
    await b.services.team!.catchUp();
    expect(b.services.payoutWorkflow.ctx.store.latestPayeeCheck(created.id)).toEqual(onA);
    const c = await team.client('dana');
    const held = await c.query('SELECT check_id, status, checked_by FROM paydesk.payee_checks WHERE payout_id = $1', [created.id]);
    expect(held.rows).toEqual([{ check_id: onA!.check_id, status: 'match', checked_by: 'alice' }]);
    expect(await teamAudit(team, `payout:${created.id}`)).toContainEqual({ action: 'payout.payee_checked', actor: 'alice' });

    // Bob approves on his desktop and sends it there: the check he sees is the one Token.io gets the id of.
    expect((await b.services.payoutWorkflow.approvals.approve([created.id])).results[0]).toMatchObject({ outcome: 'approved' });
    await b.services.payoutWorkflow.sender.send([created.id]);
    const sent = b.services.payoutWorkflow.ctx.store.payout(created.id)!;
    expect(sent.remote_id).toBeTruthy();
    const client = await b.services.clients.clientFor(connections.tokenio!.id);
    const remote = await client.getPayout(sent.remote_id!);
    expect((remote.raw as { initiation: { creditor: Record<string, string> } }).initiation.creditor).toMatchObject({
      iban: EVA.iban,
      accountVerificationId: onA!.check_id,
    });
  });

  it('“no match” blocks approving and sending in the team database too, whatever a desktop decides', async () => {
    const created = await euroDraft(a, connections.tokenio!.id, 'Somebody Else', '130.00', 'Creator fee April');
    expect(a.services.payoutWorkflow.ctx.store.latestPayeeCheck(created.id)).toMatchObject({ status: 'no_match' });
    const { q: bob } = await team.queries('bob');
    await expect(bob.decide(created.id, 'approved', null, details({}), ctx('psql'))).rejects.toThrow(/does not belong to "Somebody Else"/);

    // Approved while a check matched; a later check finds no match: the first send is refused at the server.
    const matched = await euroDraft(a, connections.tokenio!.id, EVA.name, '140.00', 'Creator fee May');
    await b.services.team!.catchUp();
    expect((await b.services.payoutWorkflow.approvals.approve([matched.id])).results[0]).toMatchObject({ outcome: 'approved' });
    const { q: pete } = await team.queries('pete');
    await pete.recordPayeeCheck(
      matched.id,
      { checkId: 'avr-later', status: 'no_match', checkedName: EVA.name, checkedKey: 'k', trigger: 'operator', reasons: [] },
      details({}),
      ctx('psql'),
    );
    await expect(
      bob.claimSend(matched.id, { json: '{}', initiate: false, message: 'Sending' }, 60, details({}), ctx('psql')),
    ).rejects.toThrow(/can be neither approved nor sent/);
    const c = await team.client('dana');
    expect((await c.query('SELECT status FROM paydesk.payouts WHERE id = $1', [matched.id])).rows[0].status).toBe('approved');
  });

  it('a paid payout the provider reports in flight again stays paid on every desktop, audited once, until it is final again', async () => {
    const id = await sentPayout(a, b, draftFor(a.services, 'talentir', connections.talentir!.id));
    talentir.advance(5);
    expect((await a.services.payoutWorkflow.refreshStatus(id)).status).toBe('paid');
    const remoteId = a.services.payoutWorkflow.ctx.store.payout(id)!.remote_id!;
    const body = (await (
      await fetch(`${talentir.baseUrl}/payout/${remoteId}`, { headers: { authorization: `Bearer ${talentir.credentials.secrets.apiKey}` } })
    ).json()) as Record<string, unknown>;
    talentir.faults.add({
      method: 'GET',
      path: `/api/v1/payout/${remoteId}`,
      fault: { kind: 'malformed', body: JSON.stringify({ ...body, status: 'requested' }) },
      times: 2,
    });
    for (let i = 0; i < 2; i += 1) {
      const checked = await a.services.payoutWorkflow.refreshStatus(id);
      expect(checked).toMatchObject({ status: 'paid', statusRegression: { keptStatus: 'paid', reportedProviderStatus: 'requested' } });
    }
    expect((await teamAudit(team, `payout:${id}`)).filter((e) => e.action === 'payout.status_regressed')).toEqual([
      { action: 'payout.status_regressed', actor: 'alice' },
    ]);
    await b.services.team!.catchUp();
    expect(b.services.payoutWorkflow.ctx.store.payout(id)!.status).toBe('paid');
    expect(attentionList(b.services.payoutWorkflow.ctx, 100).map((item) => [item.payout.id, item.reason])).toContainEqual([
      id,
      'regressed',
    ]);

    // The provider says paid again: the regression ends on the server and on B.
    await a.services.payoutWorkflow.refreshStatus(id);
    const c = await team.client('dana');
    const open = await c.query(
      'SELECT count(*)::int AS n FROM paydesk.payout_status_regressions WHERE payout_id = $1 AND resolved_at IS NULL',
      [id],
    );
    expect(open.rows[0].n).toBe(0);
    expect((await teamAudit(team, `payout:${id}`)).at(-1)).toEqual({ action: 'payout.status_regression_ended', actor: 'alice' });
    await b.services.team!.catchUp();
    expect(attentionList(b.services.payoutWorkflow.ctx, 100).map((item) => [item.payout.id, item.reason])).not.toContainEqual([
      id,
      'regressed',
    ]);
  });

  it('a payout the provider deleted outright when cancelled there is recorded as cancelled, on every desktop', async () => {
    await a.services.sync.syncConnection(connections.creatorpay!.id);
    await b.services.team!.catchUp();
    const id = await sentPayout(a, b, draftFor(a.services, 'creatorpay', connections.creatorpay!.id));
    const cancelled = await a.services.payoutWorkflow.cancel(id);
    expect(cancelled.status).toBe('cancelled');
    await b.services.team!.catchUp();
    expect(b.services.payoutWorkflow.ctx.store.payout(id)).toMatchObject({ status: 'cancelled' });
    expect(await teamAudit(team, `payout:${id}`)).toEqual(
      expect.arrayContaining([
        { action: 'payout.cancel_requested', actor: 'alice' },
        { action: 'payout.cancelled', actor: 'alice' },
      ]),
    );
  });

  it('raw calls that bend the rules are refused', async () => {
    const { q } = await team.queries('pete');
    const draft = await a.services.payoutWorkflow.drafts.create(draftFor(a.services, 'talentir', connections.talentir!.id));
    const paid = (await (await team.client('dana')).query("SELECT id::int AS id FROM paydesk.payouts WHERE status = 'paid' LIMIT 1"))
      .rows[0].id as number;
    // A draft is not final: nothing to regress from. A paid payout is past its payee check.
    await expect(
      q.recordStatusRegression(draft.id, { status: 'processing', providerStatus: 'x', source: 'poller' }, null, ctx('psql')),
    ).rejects.toThrow(/not a regression/);
    await expect(
      q.recordPayeeCheck(
        paid,
        { checkId: 'avr-x', status: 'match', checkedName: 'X', checkedKey: 'k', trigger: 'operator', reasons: [] },
        details({}),
        ctx('psql'),
      ),
    ).rejects.toThrow(/no longer applies/);
    // The events of these changes cannot be written on their own.
    for (const action of ['payout.payee_checked', 'payout.status_regressed']) {
      await expect(q.auditPayout(draft.id, action, details({}), ctx('psql'))).rejects.toThrow(/written only by the change/);
    }
    // A payout that was never sent cannot be recorded as deleted at the provider; a preparer cannot record it at all.
    const { q: bob } = await team.queries('bob');
    await expect(bob.cancelDeleted(draft.id, 'gone', details({}), ctx('psql'))).rejects.toThrow(/not at the provider/);
    await expect(q.cancelDeleted(paid, 'gone', details({}), ctx('psql'))).rejects.toMatchObject({ code: '42501' });
    const c = await team.client('pete');
    await expect(
      c.query(
        "INSERT INTO paydesk.payee_checks (payout_id, status, checked_name, checked_key, trigger, at, checked_by) VALUES ($1, 'match', 'x', 'k', 't', 'now', 'pete')",
        [draft.id],
      ),
    ).rejects.toMatchObject({ code: '42501' });
  });
});
