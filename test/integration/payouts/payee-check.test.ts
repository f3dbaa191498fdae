/**
 * Euro payouts with a payee check (Token.io's account verification, docs/providers/tokenio.md "Account
 * verification"), through the API against the Token.io simulator, which follows the documented request and reply: the
 * check runs when an EUR draft is made, imported or edited and again at send when it is older than the policy allows;
 * its id and outcome are in the audit trail; the approver sees it; a close match offers the bank's name; no match
 * blocks approving and sending by default; "not possible" warns; the payout carries the check's id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dispatch } from '../../../src-main/api/dispatcher';
import type { ApprovalQueueItem, BatchResult, Envelope, PayoutDetail, PayoutPolicy, SendResult } from '@shared/contract';
import { providerModule } from '../../../src-main/providers/registry';
import type { TokenioSimulator } from '../../../src-main/providers/tokenio/simulator';
import type { Services } from '../../../src-main/services';
import { tempDataDir } from '../../helpers/temp-dir';
import { as, passphraseOf, type Member } from '../../helpers/team';
import { connect, dispatcherFor, haveKeychain, ok, openServices } from './harness';
import { iban } from '../../helpers/iban';

const EVA = { name: 'Eva Lind', iban: iban('NL', 'ABNA0417164300') };
const HANS = { bank: 'H. C. Andersen', typed: 'Hans Christian Andersen', iban: iban('DE', '370400440532013000') };
const UNKNOWN_BANK = iban('FR', '30006000011234567890189');

describe.runIf(haveKeychain)('euro payouts with a payee check (Token.io)', () => {
  let sim: TokenioSimulator;
  let services: Services;
  let dispatch: Dispatch;
  let connectionId: string;
  let dataDir: { dir: string; cleanup: () => void };
  let clock = new Date('2026-03-02T09:00:00.000Z');
  let n = 0;

  beforeAll(async () => {
    dataDir = tempDataDir();
    sim = (await providerModule('tokenio').startSimulator({ seed: 3, payouts: 5, logLimit: 5000 })) as TokenioSimulator;
    sim.registerAccount(EVA.iban, EVA.name);
    sim.registerAccount(HANS.iban, HANS.bank);
    services = await openServices(dataDir.dir, { payouts: { poller: false, settleMs: 0, sleep: async () => undefined, now: () => clock } });
    dispatch = dispatcherFor(services);
    connectionId = (await connect(dispatch, 'tokenio', sim)).id;
  });
  afterAll(async () => {
    await services.credentials.remove(connectionId).catch(() => false);
    await services.close();
    await sim.close();
    dataDir.cleanup();
  });

  const euroDraft = (holder: string, account: string) => {
    n += 1;
    return {
      connectionId,
      recipient: { bank: { accountHolderName: holder, iban: account } },
      amount: `${100 + n}.00`,
      currency: 'EUR',
      description: `Creator fee ${n} March`,
    };
  };
  const draft = (holder: string, account: string) => ok<PayoutDetail>(dispatch('payouts.createDraft', euroDraft(holder, account)));
  const detail = (id: number) => ok<PayoutDetail>(dispatch('payouts.get', { id }));
  /** The admin drafts (and changes the policy); another operator approves and a third sends, as four eyes needs. */
  const asMember = async <T>(member: Member, task: () => Promise<T>): Promise<T> => {
    as(services, member);
    try {
      return await task();
    } finally {
      as(services, 'admin');
    }
  };
  const approve = (id: number) =>
    asMember(
      'checker',
      async () => (await ok<BatchResult>(dispatch('approvals.approve', { ids: [id], passphrase: passphraseOf('checker') }))).results[0]!,
    );
  const send = (id: number) =>
    asMember(
      'maker',
      async () => (await ok<SendResult>(dispatch('payouts.send', { ids: [id], passphrase: passphraseOf('maker') }))).results[0]!,
    );
  /** The approval queue as the approver sees it (the maker sees "you drafted this" first). */
  const queuedFor = (id: number) =>
    asMember('checker', async () =>
      (await ok<{ rows: ApprovalQueueItem[] }>(dispatch('approvals.queue', {}))).rows.find((r) => r.payout.id === id)!,
    );
  /** The creditor block of the payout as Token.io received it (read back from the simulator). */
  const sentCreditor = async (remoteId: string) => {
    const client = await services.clients.clientFor(connectionId);
    const payout = await client.getPayout(remoteId);
    return (payout.raw as { initiation: { creditor: Record<string, string> } }).initiation.creditor;
  };
  const verificationsAsked = () => sim.requestLog.filter((r) => r.method === 'POST' && r.path === '/account-verifications');

  it('a match: checked when drafted (audited with its id), approved, and sent with the check id', async () => {
    const asked = verificationsAsked().length;
    const created = await draft(EVA.name, EVA.iban);
    expect(created.payeeCheck).toMatchObject({
      status: 'match',
      checkId: expect.stringMatching(/^avr-[0-9A-Z]{26}$/),
      checkedName: EVA.name,
      effect: 'ok',
      outdated: false,
    });
    // The request as documented: name, EUR and the IBAN, against the settlement account the payout leaves from.
    expect(verificationsAsked().slice(asked)).toEqual([
      expect.objectContaining({
        body: { account: { name: EVA.name, currency: 'EUR', iban: EVA.iban }, virtualAccountId: sim.settlementAccounts.EUR },
      }),
    ]);
    const [checked] = services.audit.list({ action: 'payout.payee_checked', exactSubject: `payout:${created.id}` });
    expect(checked!.details).toMatchObject({
      checkId: created.payeeCheck!.checkId,
      outcome: 'match',
      providerStatus: 'MATCH',
      trigger: 'draft',
    });

    expect((await approve(created.id)).outcome).toBe('approved');
    expect((await send(created.id)).status).toBe('submitted');
    const sent = await detail(created.id);
    expect(await sentCreditor(sent.remoteId!)).toMatchObject({ iban: EVA.iban, accountVerificationId: created.payeeCheck!.checkId });
    const [sending] = services.audit.list({ action: 'payout.sending', exactSubject: `payout:${created.id}` });
    expect(sending!.details).toMatchObject({ payeeCheck: { checkId: created.payeeCheck!.checkId, outcome: 'match' } });
  });

  it('a close match shows the bank’s name and offers it; using it re-checks the draft, which then matches', async () => {
    const created = await draft(HANS.typed, HANS.iban);
    expect(created.payeeCheck).toMatchObject({ status: 'close_match', matchedName: HANS.bank, effect: 'warn' });
    expect(created.payeeCheck!.message).toMatch(/holds this account as "H\. C\. Andersen", close to "Hans Christian Andersen"/);
    expect(created.actions.usePayeeName).toBe(true);
    const queued = await queuedFor(created.id);
    expect(queued.payeeCheck).toMatchObject({ status: 'close_match', matchedName: HANS.bank });
    expect(queued.canApprove).toBe(true);

    const renamed = await ok<PayoutDetail>(dispatch('payouts.usePayeeName', { id: created.id }));
    expect(renamed.recipient?.bank?.accountHolderName).toBe(HANS.bank);
    expect(renamed.status).toBe('draft');
    expect(renamed.payeeCheck).toMatchObject({ status: 'match', checkedName: HANS.bank, effect: 'ok' });
    expect(renamed.actions.usePayeeName).not.toBe(true);
    expect(services.audit.list({ action: 'payout.payee_name_used', exactSubject: `payout:${created.id}` })[0]!.details).toMatchObject({
      before: { name: HANS.typed },
      after: { name: HANS.bank },
    });
    expect((await approve(created.id)).outcome).toBe('approved');
    expect((await send(created.id)).status).toBe('submitted');
    expect(await sentCreditor((await detail(created.id)).remoteId!)).toMatchObject({
      name: HANS.bank,
      accountVerificationId: renamed.payeeCheck!.checkId,
    });

    // Once approved as it is, the draft is no longer edited: the offer says why.
    const approvedAsIs = await draft(HANS.typed, HANS.iban);
    expect((await approve(approvedAsIs.id)).outcome).toBe('approved');
    expect((await detail(approvedAsIs.id)).actions.usePayeeName).toMatch(/Only drafts can be changed; this payout is approved/);
  });

  it('no match blocks approving and sending by default; a policy that allows it warns instead', async () => {
    const created = await draft('Somebody Else', EVA.iban);
    expect(created.payeeCheck).toMatchObject({ status: 'no_match', effect: 'block' });
    expect((await asMember('checker', () => detail(created.id))).actions.approve).toMatch(/does not belong to "Somebody Else"/);
    const refused = await approve(created.id);
    expect(refused).toMatchObject({ outcome: 'skipped', message: expect.stringMatching(/can be neither approved nor sent/) });
    const queued = await queuedFor(created.id);
    expect(queued.canApprove).toMatch(/does not belong/);

    const policy = await ok<PayoutPolicy>(dispatch('policy.get', undefined));
    await ok(dispatch('policy.update', { ...policy, payeeNoMatchBlocks: false }));
    try {
      expect((await detail(created.id)).payeeCheck).toMatchObject({ status: 'no_match', effect: 'warn' });
      expect((await approve(created.id)).outcome).toBe('approved');
      // Blocking again before it is sent: the send is refused and nothing leaves.
      await ok(dispatch('policy.update', { ...policy, payeeNoMatchBlocks: true }));
      const payoutsBefore = sim.payoutCount();
      expect(await send(created.id)).toMatchObject({ status: 'approved', message: expect.stringMatching(/does not belong/) });
      expect(sim.payoutCount()).toBe(payoutsBefore);
    } finally {
      await ok(dispatch('policy.update', policy));
    }
  });

  it('"not possible" warns, and the payout can be approved and sent with the check id', async () => {
    const created = await draft('Jean Dupont', UNKNOWN_BANK);
    expect(created.payeeCheck).toMatchObject({
      status: 'not_possible',
      effect: 'warn',
      message: expect.stringMatching(/could not check the name/),
    });
    expect((await approve(created.id)).outcome).toBe('approved');
    expect((await send(created.id)).status).toBe('submitted');
    expect((await sentCreditor((await detail(created.id)).remoteId!)).accountVerificationId).toBe(created.payeeCheck!.checkId);
  });

  it('a check older than the policy allows is made again at send, and the payout carries the new id', async () => {
    const policy = await ok<PayoutPolicy>(dispatch('policy.get', undefined));
    await ok(dispatch('policy.update', { ...policy, payeeCheckMaxAgeHours: 2 }));
    try {
      const created = await draft(EVA.name, EVA.iban);
      expect((await approve(created.id)).outcome).toBe('approved');
      clock = new Date(clock.getTime() + 3 * 3_600_000);
      // Three hours later the desk has locked itself: the admin signs in again.
      as(services, 'admin');
      expect((await detail(created.id)).payeeCheck).toMatchObject({ status: 'match', outdated: true });
      const asked = verificationsAsked().length;
      expect((await send(created.id)).status).toBe('submitted');
      expect(verificationsAsked().length).toBe(asked + 1);
      const after = await detail(created.id);
      expect(after.payeeCheck!.checkId).not.toBe(created.payeeCheck!.checkId);
      expect((await sentCreditor(after.remoteId!)).accountVerificationId).toBe(after.payeeCheck!.checkId);
      const checks = services.audit.list({ action: 'payout.payee_checked', exactSubject: `payout:${created.id}` });
      expect(checks.map((e) => e.details.trigger)).toEqual(['send', 'draft']);
    } finally {
      await ok(dispatch('policy.update', policy));
    }
  });

  it('Token.io not answering: the draft is saved with the check pending, the send refused until the check is made', async () => {
    sim.faults.add({ method: 'POST', path: '/account-verifications', fault: { kind: 'status', status: 503 }, times: Infinity });
    let created: PayoutDetail;
    try {
      created = await draft(EVA.name, EVA.iban);
      expect(created.status).toBe('draft');
      expect(created.payeeCheck).toMatchObject({ status: 'error', effect: 'warn', message: expect.stringMatching(/could not run/) });
      expect((await approve(created.id)).outcome).toBe('approved');
      const payoutsBefore = sim.payoutCount();
      expect(await send(created.id)).toMatchObject({ status: 'approved', message: expect.stringMatching(/only to a checked payee/) });
      expect(sim.payoutCount()).toBe(payoutsBefore);
    } finally {
      sim.faults.clear();
    }
    expect((await send(created.id)).status).toBe('submitted');
    expect((await detail(created.id)).payeeCheck).toMatchObject({ status: 'match' });
  });

  it('editing the IBAN or the name checks again; a GBP payout needs no check', async () => {
    const created = await draft(EVA.name, EVA.iban);
    const edited = await ok<PayoutDetail>(dispatch('payouts.updateDraft', { id: created.id, ...euroDraft('Eva Lind', UNKNOWN_BANK) }));
    expect(edited.payeeCheck).toMatchObject({ status: 'not_possible' });
    expect(services.audit.list({ action: 'payout.payee_checked', exactSubject: `payout:${created.id}` })[0]!.details.trigger).toBe('edit');
    const asked = verificationsAsked().length;
    const gbp = await ok<PayoutDetail>(
      dispatch('payouts.createDraft', {
        connectionId,
        recipient: { bank: { accountHolderName: 'Jane Creator', sortCode: '200000', accountNumber: '55779911' } },
        amount: '20.00',
        currency: 'GBP',
        description: 'Creator fee GBP',
      }),
    );
    expect(gbp.payeeCheck).toBeNull();
    expect(gbp.actions.checkPayee).toMatch(/needs no payee check/);
    expect(verificationsAsked().length).toBe(asked);
  });

  it('imported EUR drafts are checked after the import, one by one', async () => {
    const content = [
      'account_holder,iban,bic,sort_code,account_number,amount,currency,description,tags,campaign',
      `${EVA.name},${EVA.iban},,,,40.00,EUR,Creator fee April,,`,
      `${HANS.typed},${HANS.iban},,,,41.00,EUR,Creator fee April,,`,
      'Jane Creator,,,200000,55779911,42.00,GBP,Fee April,,',
    ].join('\n');
    const result = await ok<{ imported: number; batchId: string }>(
      dispatch('payouts.importCommit', { connectionId, content, validOnly: false, skipDuplicates: false }),
    );
    expect(result.imported).toBe(3);
    await services.payoutWorkflow.payeeChecks.idle();
    const ids = services.db.prepare('SELECT id FROM payouts WHERE import_batch = ? ORDER BY id').pluck().all(result.batchId) as number[];
    const checks = await Promise.all(ids.map(async (id) => (await detail(id)).payeeCheck?.status ?? null));
    expect(checks).toEqual(['match', 'close_match', null]);
    expect(services.audit.list({ action: 'payout.payee_checked', exactSubject: `payout:${ids[0]}` })[0]!.details.trigger).toBe('import');
  });

  it('the check can be run again on request, and the reply is refused when it is not what the spec defines', async () => {
    const created = await draft(EVA.name, EVA.iban);
    sim.faults.add({
      method: 'POST',
      path: '/account-verifications',
      fault: { kind: 'malformed', body: '{"id":"avr-1","result":{"status":"PERHAPS"}}' },
    });
    const again = await ok<PayoutDetail>(dispatch('payouts.checkPayee', { id: created.id }));
    expect(again.payeeCheck).toMatchObject({ status: 'error', details: expect.stringMatching(/unexpected shape/) });
    const fixed = await ok<PayoutDetail>(dispatch('payouts.checkPayee', { id: created.id }));
    expect(fixed.payeeCheck).toMatchObject({ status: 'match' });
    const triggers = services.audit
      .list({ action: 'payout.payee_checked', exactSubject: `payout:${created.id}` })
      .map((e) => [e.details.trigger, e.actor]);
    expect(triggers[0]![0]).toBe('operator');
    expect(((await dispatch('payouts.usePayeeName', { id: created.id })) as Envelope<unknown>).ok).toBe(false);
  });
});
