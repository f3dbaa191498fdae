/**
 * The money controls driven through the IPC contract, as a modified renderer could call them: four eyes by operator
 * id (maker ≠ checker, two different checkers above the threshold, the maker's own approval only where the policy
 * allows it), step-up passphrases on approve and send, the maximum per payout, daily caps per connection and per
 * workspace (shown at approval, enforced at send), duplicates from the form, and redraft / dismiss of a failed payout.
 * Real services, SQLite, keychain and the Dots simulator over loopback HTTP.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Dispatch } from '../../../src-main/api/dispatcher';
import type { Envelope } from '@shared/contract/model';
import type { PayoutPolicy } from '@shared/contract/payouts-model';
import type {
  ApprovalQueueItem,
  AttentionItem,
  BatchResult,
  BatchSummary,
  ImportPreview,
  PayoutDetail,
  SendResult,
} from '@shared/contract/payouts-model';
import type { ProviderSimulator } from '../../../src-main/providers/simulator/types';
import type { Services } from '../../../src-main/services';
import { tempDataDir } from '../../helpers/temp-dir';
import { as, passphraseOf, type Member } from '../../helpers/team';
import { connect, createPath, dispatcherFor, draftFor, haveKeychain, ok, openServices, startSim } from '../payouts/harness';

describe.runIf(haveKeychain)('four eyes, step-up and limits through the contract', () => {
  let services: Services;
  let dispatch: Dispatch;
  let sim: ProviderSimulator;
  let connectionId: string;
  let dataDir: { dir: string; cleanup: () => void };
  let defaults: PayoutPolicy;

  beforeAll(async () => {
    dataDir = tempDataDir();
    services = await openServices(dataDir.dir);
    dispatch = dispatcherFor(services);
    sim = await startSim('dots', 5);
    connectionId = (await connect(dispatch, 'dots', sim)).id;
    await services.sync.syncConnection(connectionId);
    defaults = await ok<PayoutPolicy>(dispatch('policy.get', undefined));
  });
  afterAll(async () => {
    await services.credentials.remove(connectionId).catch(() => false);
    await services.close();
    await sim.close();
    dataDir.cleanup();
  });
  beforeEach(async () => {
    as(services, 'admin');
    await ok(dispatch('policy.update', defaults));
    sim.faults.clear();
  });

  const call = (member: Member, name: string, input: unknown) => {
    as(services, member);
    return dispatch(name, input) as Promise<Envelope<unknown>>;
  };
  const draft = async (member: Member, amount?: string) => {
    const input = draftFor(services, 'dots', connectionId);
    return ok<PayoutDetail>(call(member, 'payouts.createDraft', amount ? { ...input, amount } : input));
  };
  const approve = (member: Member, ids: number[], passphrase = passphraseOf(member)) =>
    ok<BatchResult>(call(member, 'approvals.approve', { ids, passphrase }));
  const send = (member: Member, ids: number[], passphrase = passphraseOf(member)) =>
    ok<SendResult>(call(member, 'payouts.send', { ids, passphrase }));
  const detail = (id: number) => ok<PayoutDetail>(call('admin', 'payouts.get', { id }));
  const setPolicy = (patch: Partial<PayoutPolicy>) => ok<PayoutPolicy>(call('admin', 'policy.update', { ...defaults, ...patch }));
  const auditCount = () => services.audit.list({ limit: 100_000 }).length;

  it('the maker cannot approve their own payout; another operator can', async () => {
    const payout = await draft('admin');
    expect(payout.createdBy).toBe('Ada Admin');
    const own = await approve('admin', [payout.id]);
    expect(own.results[0]).toMatchObject({
      outcome: 'skipped',
      message: expect.stringMatching(/You drafted this payout: another operator/),
    });
    expect((await detail(payout.id)).status).toBe('draft');
    const queue = await ok<{ rows: ApprovalQueueItem[] }>(call('admin', 'approvals.queue', { limit: 200 }));
    expect(queue.rows.find((r) => r.payout.id === payout.id)!.canApprove).toMatch(/four eyes/);

    expect((await approve('checker', [payout.id])).results[0]).toMatchObject({ outcome: 'approved', message: 'Approved by Cleo Checker.' });
    const approvedEvent = services.audit.list({ action: 'payout.approved', subject: `payout:${payout.id}` })[0]!;
    expect(approvedEvent).toMatchObject({ actor: 'Cleo Checker', actorId: 'op-checker' });
    expect(approvedEvent.details).toMatchObject({ maker: 'op-admin', after: { approverIds: ['op-checker'] } });
  });

  it('where the policy allows it, the maker may approve alone below the threshold, never above it', async () => {
    await setPolicy({ makerMayApproveOwn: true, approvalThresholds: [{ minor: 100_00, currency: 'USD' }] });
    const small = await draft('admin', '99.00');
    const large = await draft('admin', '150.00');
    const results = (await approve('admin', [small.id, large.id])).results;
    expect(results[0]).toMatchObject({ outcome: 'approved' });
    expect(results[1]).toMatchObject({
      outcome: 'skipped',
      message: expect.stringMatching(/above the approval threshold: two other operators/),
    });
  });

  it('above the threshold: two different checkers, neither the maker; the same checker twice does not count', async () => {
    await setPolicy({ approvalThresholds: [{ minor: 100_00, currency: 'USD' }] });
    const payout = await draft('maker', '250.00');
    const first = await approve('checker', [payout.id]);
    expect(first.results[0]).toMatchObject({ outcome: 'awaiting_second_approval' });
    expect((await approve('checker', [payout.id])).results[0]).toMatchObject({
      outcome: 'skipped',
      message: expect.stringMatching(/second approval must come from a different operator/),
    });
    // A new display name is still the same operator (four eyes compares ids).
    await ok(call('admin', 'operators.update', { id: 'op-checker', name: 'Someone Else' }));
    expect((await approve('checker', [payout.id])).results[0]!.outcome).toBe('skipped');
    await ok(call('admin', 'operators.update', { id: 'op-checker', name: 'Cleo Checker' }));
    // Sending with one approval is refused, whoever sends.
    expect((await send('maker', [payout.id])).results[0]).toMatchObject({ status: 'draft' });
    expect((await approve('second', [payout.id])).results[0]).toMatchObject({
      outcome: 'approved',
      message: 'Approved by Cleo Checker and Sam Second.',
    });
    expect((await detail(payout.id)).approvals.map((a) => a.operatorId)).toEqual(['op-checker', 'op-second']);
  });

  it('approving and sending ask for the passphrase again: a wrong one changes nothing and is recorded', async () => {
    const payout = await draft('maker');
    const before = auditCount();
    const wrong = await call('checker', 'approvals.approve', { ids: [payout.id], passphrase: 'not my passphrase' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', fieldErrors: { passphrase: 'Wrong passphrase.' } } });
    expect((await detail(payout.id)).status).toBe('draft');
    expect(services.audit.list({ limit: 1 })[0]).toMatchObject({ action: 'session.passphrase_refused', actorId: 'op-checker' });
    expect(auditCount()).toBe(before + 1);
    // Without a passphrase the contract refuses the call before anything runs.
    expect(await call('checker', 'approvals.approve', { ids: [payout.id] })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });

    await approve('checker', [payout.id]);
    const held = sim.payoutCount();
    expect(await call('maker', 'payouts.send', { ids: [payout.id], passphrase: passphraseOf('checker') })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(sim.payoutCount()).toBe(held);
    expect((await detail(payout.id)).status).toBe('approved');
    expect((await send('maker', [payout.id])).results[0]!.status).toBe('submitted');
    expect(sim.payoutCount()).toBe(held + 1);
  });

  it('roles hold in main: a checker cannot draft, a maker cannot approve or change the policy', async () => {
    expect(await call('checker', 'payouts.createDraft', draftFor(services, 'dots', connectionId))).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringMatching(/preparer role/) },
    });
    expect(await call('maker', 'approvals.approve', { ids: [1], passphrase: passphraseOf('maker') })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringMatching(/approver role/) },
    });
    expect(await call('maker', 'policy.update', defaults)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('the maximum per payout: drafting, importing, approving and sending above it are refused, naming the limit', async () => {
    const tooMuch = await call('maker', 'payouts.createDraft', { ...draftFor(services, 'dots', connectionId), amount: '10000.01' });
    expect(tooMuch).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', fieldErrors: { amount: expect.stringMatching(/above the most one payout may be, 10000\.00 USD/) } },
    });
    const csv = [
      'name,phone_country_code,phone,amount,currency,description',
      'Ann Row,1,2025550111,25.00,USD,Fee',
      'Ben Row,1,2025550112,99999999999.00,USD,Fee',
    ].join('\n');
    const preview = await ok<ImportPreview>(call('maker', 'payouts.importPreview', { connectionId, content: csv }));
    expect(preview.invalid).toEqual([expect.objectContaining({ line: 3, errors: { amount: expect.stringMatching(/10000\.00 USD/) } })]);
    expect(await call('maker', 'payouts.importCommit', { connectionId, content: csv })).toMatchObject({ ok: false });

    // A maximum lowered after approval holds at approval and again at send.
    const payout = await draft('maker', '500.00');
    const other = await draft('maker', '500.00');
    await approve('checker', [payout.id]);
    await setPolicy({ maxPerPayout: [{ minor: 100_00, currency: 'USD' }] });
    expect((await approve('checker', [other.id])).results[0]!.message).toMatch(/above the most one payout may be, 100\.00 USD/);
    expect((await send('maker', [payout.id])).results[0]).toMatchObject({
      status: 'approved',
      message: expect.stringMatching(/100\.00 USD/),
    });
    // A currency without a maximum is not paid out at all.
    await setPolicy({ maxPerPayout: [{ minor: 100_00, currency: 'EUR' }] });
    expect((await call('maker', 'payouts.createDraft', draftFor(services, 'dots', connectionId))) as Envelope<unknown>).toMatchObject({
      ok: false,
      error: { fieldErrors: { amount: expect.stringMatching(/No payout limit is set for USD/) } },
    });
  });

  it.each([
    ['a negative limit', { maxPerPayout: [{ minor: -1, currency: 'USD' }] }],
    ['a zero cap', { workspaceDailyCaps: [{ minor: 0, currency: 'USD' }] }],
    ['an absurd limit', { maxPerPayout: [{ minor: 10 ** 15, currency: 'USD' }] }],
    ['a fraction of a cent', { maxPerPayout: [{ minor: 10.5, currency: 'USD' }] }],
    [
      'one currency twice',
      {
        maxPerPayout: [
          { minor: 100, currency: 'USD' },
          { minor: 200, currency: 'USD' },
        ],
      },
    ],
  ])('a policy with %s is refused with a message and changes nothing', async (_label, patch) => {
    const before = auditCount();
    const result = await call('admin', 'policy.update', { ...defaults, ...patch });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    if (!result.ok) expect(result.error.message.length).toBeGreaterThan(15);
    expect(await ok(call('admin', 'policy.get', undefined))).toEqual(defaults);
    expect(auditCount()).toBe(before);
  });

  it('daily caps: the approval shows what remains today, the send blocks what would go above it', async () => {
    await setPolicy({
      dailyCaps: [{ connectionId, cap: { minor: 1000_00, currency: 'USD' } }],
      workspaceDailyCaps: [{ minor: 300_00, currency: 'USD' }],
    });
    const a = await draft('maker', '200.00');
    const b = await draft('maker', '150.00');
    as(services, 'checker');
    const summary = await ok<BatchSummary>(dispatch('approvals.summary', { ids: [a.id, b.id] }));
    const workspace = summary.allowances.find((x) => x.scope === 'workspace')!;
    expect(workspace).toMatchObject({ cap: { minor: 300_00 }, selected: { minor: 350_00 }, fits: false, label: 'All connections' });
    expect(workspace.remaining.minor).toBe(300_00 - workspace.used.minor);
    expect(summary.allowances.find((x) => x.scope === 'connection')).toMatchObject({ connectionId, cap: { minor: 1000_00 }, fits: true });
    await approve('checker', [a.id, b.id]);
    const sent = await send('maker', [a.id, b.id]);
    expect(sent.results.find((r) => r.id === a.id)!.status).toBe('submitted');
    expect(sent.results.find((r) => r.id === b.id)).toMatchObject({
      status: 'approved',
      message: expect.stringMatching(/workspace's daily send cap is reached/),
    });
  });

  it('the same payout saved twice from the form is flagged in the draft, in Approvals and in the batch summary', async () => {
    const input = draftFor(services, 'dots', connectionId);
    const first = await ok<PayoutDetail>(call('maker', 'payouts.createDraft', input));
    const second = await ok<PayoutDetail>(call('maker', 'payouts.createDraft', input));
    expect(first.possibleDuplicateOf).toBeNull();
    expect(second.possibleDuplicateOf).toBe(`payout #${first.id} of ${first.createdAt.slice(0, 10)}`);
    as(services, 'checker');
    const queue = await ok<{ rows: ApprovalQueueItem[] }>(dispatch('approvals.queue', { limit: 200 }));
    expect(queue.rows.find((r) => r.payout.id === second.id)!.possibleDuplicateOf).toBe(second.possibleDuplicateOf);
    const summary = await ok<BatchSummary>(dispatch('approvals.summary', { ids: [second.id] }));
    expect(summary.duplicates).toEqual([{ id: second.id, duplicateOf: second.possibleDuplicateOf }]);
  });

  it('a failed payout can be drafted again once (new reference, linked) or dismissed with a reason, both audited', async () => {
    const payout = await draft('maker');
    await approve('checker', [payout.id]);
    sim.faults.add({
      method: 'POST',
      path: createPath.dots,
      fault: { kind: 'status', status: 400, body: { success: false, message: 'Payee is blocked' } },
    });
    expect((await send('maker', [payout.id])).results[0]!.status).toBe('failed');
    const failed = await detail(payout.id);
    expect(failed.actions).toMatchObject({ redraft: true, dismiss: true });

    const again = await ok<PayoutDetail>(call('maker', 'payouts.redraft', { id: payout.id }));
    expect(again).toMatchObject({ status: 'draft', redraftOf: payout.id, amount: failed.amount, createdBy: 'Max Maker' });
    expect(again.clientReference).not.toBe(failed.clientReference);
    // A redraft of a failed payout is not its duplicate; a second redraft would be, and is refused.
    expect(again.possibleDuplicateOf).toBeNull();
    expect((await detail(payout.id)).redraftedAs).toEqual([again.id]);
    expect(await call('maker', 'payouts.redraft', { id: payout.id })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringMatching(new RegExp(`Already drafted again as payout #${again.id}`)) },
    });
    expect(services.audit.list({ action: 'payout.redrafted' })[0]!.details).toMatchObject({ redraftOf: payout.id });

    const attention = () => ok<AttentionItem[]>(call('admin', 'attention.list', {}));
    expect((await attention()).some((i) => i.payout.id === payout.id)).toBe(true);
    expect(await call('maker', 'payouts.dismiss', { id: payout.id, reason: ' ' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    const dismissed = await ok<PayoutDetail>(call('maker', 'payouts.dismiss', { id: payout.id, reason: 'Paid by bank transfer instead' }));
    expect(dismissed).toMatchObject({ status: 'failed', dismissed: { reason: 'Paid by bank transfer instead' } });
    expect((await attention()).some((i) => i.payout.id === payout.id)).toBe(false);
    expect(services.audit.list({ action: 'payout.dismissed', subject: `payout:${payout.id}` })[0]).toMatchObject({
      actorId: 'op-maker',
      details: { reason: 'Paid by bank transfer instead' },
    });
  });
});
