/**
 * Tracking sent payouts through the API: the poller moves statuses to the end with backoff, the timeline shows
 * every step, cancel works where the provider allows it, and the Attention list finds what needs a person.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dispatch } from '../../../src-main/api/dispatcher';
import { type Envelope, type ProviderId } from '@shared/contract/model';
import { providerIds } from '../../../src-main/providers/registry';
import type { AttentionItem, PayoutDetail, SendResult, TimelineEntry } from '@shared/contract/payouts-model';
import type { ProviderSimulator } from '../../../src-main/providers/simulator/types';
import type { Services } from '../../../src-main/services';
import { tempDataDir } from '../../helpers/temp-dir';
import { as, passphraseOf } from '../../helpers/team';
import { approvedPayouts, connect, createPath, dispatcherFor, draftFor, haveKeychain, ok, openServices, startSim } from './harness';

describe.runIf(haveKeychain)('payout tracking through the API', () => {
  const sims = new Map<ProviderId, ProviderSimulator>();
  const connections = new Map<ProviderId, string>();
  let services: Services;
  let dispatch: Dispatch;
  let dataDir: { dir: string; cleanup: () => void };
  let clock = new Date();

  beforeAll(async () => {
    dataDir = tempDataDir();
    services = await openServices(dataDir.dir, {
      payouts: { poller: false, settleMs: 0, sleep: async () => undefined, now: () => clock, pollBaseMs: 1000, pollMaxMs: 8000 },
    });
    dispatch = dispatcherFor(services);
    for (const provider of providerIds) {
      const sim = await startSim(provider, 11);
      sims.set(provider, sim);
      const connection = await connect(dispatch, provider, sim);
      connections.set(provider, connection.id);
      await services.sync.syncConnection(connection.id);
    }
  });
  afterAll(async () => {
    for (const id of connections.values()) await services.credentials.remove(id).catch(() => false);
    await services.close();
    await Promise.all([...sims.values()].map((s) => s.close()));
    dataDir.cleanup();
  });

  const detail = (id: number) => ok<PayoutDetail>(dispatch('payouts.get', { id }));

  it('drafting over the API returns inline field errors and writes nothing', async () => {
    const before = services.payouts.count();
    const result = (await dispatch('payouts.createDraft', {
      connectionId: connections.get('talentir'),
      amount: '1e3',
      currency: 'JPY',
      recipient: {},
      description: '',
    })) as Envelope<unknown>;
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INVALID_INPUT');
      expect(result.error.fieldErrors).toMatchObject({
        amount: expect.stringMatching(/exponent notation/),
        currency: expect.stringMatching(/Talentir pays only in EUR, USD, CHF or GBP; JPY is not possible/),
        'recipient.email': expect.stringMatching(/e-mail or social handle/),
        description: expect.stringMatching(/needs a description/),
      });
    }
    expect(services.payouts.count()).toBe(before);
    const noConfirm = (await dispatch('payouts.cancel', { id: 1 })) as Envelope<unknown>;
    expect(noConfirm.ok).toBe(false);
  });

  it.each(providerIds)('%s: draft → approve → send → the poller follows it to its end, with backoff', async (provider) => {
    const connectionId = connections.get(provider)!;
    const events: string[] = [];
    const off = services.events.on('payoutStatusChanged', (e) => events.push(e.status));
    as(services, 'maker');
    const draft = await ok<PayoutDetail>(dispatch('payouts.createDraft', draftFor(services, provider, connectionId)));
    expect(draft.actions.send).toMatch(/Approve the payout first/);
    as(services, 'checker');
    await ok(dispatch('approvals.approve', { ids: [draft.id], passphrase: passphraseOf('checker') }));
    as(services, 'maker');
    const sent = await ok<SendResult>(dispatch('payouts.send', { ids: [draft.id], passphrase: passphraseOf('maker') }));
    expect(sent.results[0]!.status).toBe('submitted');
    let current = await detail(draft.id);
    expect(current.remoteId).toBeTruthy();
    expect(current.send).toMatchObject({ create: 'done', open: false, createAttempts: 1 });
    if (provider === 'talentir') expect(current.statusMessage).toMatch(/Remaining at Talentir: approve it in the Talentir dashboard/);
    if (provider === 'creatorpay') expect(current.statusMessage).toMatch(/Remaining at Creator Pay: .*Creator Pay web app/);
    if (provider === 'talli') expect(current.send!.initiate).toBe('done');

    // Nothing changes at the provider: the poll interval doubles.
    clock = new Date(clock.getTime() + 1000);
    await services.payoutWorkflow.poller.pollDue();
    expect(services.payoutWorkflow.ctx.store.tracking(draft.id)?.interval_ms).toBe(2000);

    const sim = sims.get(provider)!;
    for (let step = 0; step < 8 && !['paid', 'failed', 'cancelled', 'expired', 'returned'].includes(current.status); step += 1) {
      sim.advance(1);
      clock = new Date(clock.getTime() + 60_000);
      await services.payoutWorkflow.poller.pollDue();
      current = await detail(draft.id);
    }
    off();
    // Creator Pay's simulator plays the operator sending the draft in the web app; its seed decides posted or failed.
    expect(provider === 'creatorpay' ? ['paid', 'failed'] : ['paid']).toContain(current.status);
    expect(services.payoutWorkflow.ctx.store.tracking(draft.id)).toBeUndefined();
    expect(events).toContain('sending');
    const timeline = await ok<TimelineEntry[]>(dispatch('payouts.timeline', { id: draft.id }));
    // Our statuses in order (a provider-status change within one of ours adds an entry with the same status).
    const statuses = timeline
      .filter((t) => t.kind === 'status')
      .map((t) => t.status)
      .filter((s, i, all) => s !== all[i - 1]);
    expect(statuses.slice(0, 4)).toEqual(['draft', 'approved', 'sending', 'submitted']);
    expect(timeline.some((t) => t.kind === 'approval')).toBe(true);
    expect(timeline.some((t) => t.kind === 'attempt' && t.source === 'provider create')).toBe(true);
    const actions = services.audit.list({ subject: `payout:${draft.id}`, limit: 100 }).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['payout.draft_created', 'payout.approved', 'payout.sending', 'payout.submitted']));
    if (provider !== 'creatorpay') expect(actions).toContain('payout.status_changed');
  });

  it.each([['talli'], ['dots'], ['creatorpay']] as const)(
    '%s: cancel after confirmation, where the provider allows it',
    async (provider) => {
      const connectionId = connections.get(provider)!;
      const [id] = await approvedPayouts(services, provider, connectionId, 1);
      await ok(dispatch('payouts.send', { ids: [id], passphrase: passphraseOf('maker') }));
      expect((await detail(id!)).actions.cancel).toBe(true);
      const cancelled = await ok<PayoutDetail>(dispatch('payouts.cancel', { id, confirm: true }));
      expect(cancelled.status).toBe('cancelled');
      expect(services.audit.list({ action: 'payout.cancelled', subject: `payout:${id}` })).toHaveLength(1);
    },
  );

  it.each([['talentir'], ['tokenio']] as const)('%s: cancel is not offered, with the reason', async (provider) => {
    const [id] = await approvedPayouts(services, provider, connections.get(provider)!, 1);
    await ok(dispatch('payouts.send', { ids: [id], passphrase: passphraseOf('maker') }));
    const reason = (await detail(id!)).actions.cancel;
    expect(typeof reason).toBe('string');
    const result = (await dispatch('payouts.cancel', { id, confirm: true })) as Envelope<unknown>;
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toBe(reason);
  });

  it('an approved payout that was never sent can be cancelled locally', async () => {
    const [id] = await approvedPayouts(services, 'dots', connections.get('dots')!, 1);
    const cancelled = await ok<PayoutDetail>(dispatch('payouts.cancel', { id, confirm: true }));
    expect(cancelled).toMatchObject({ status: 'cancelled', remoteId: null });
    expect((await ok<SendResult>(dispatch('payouts.send', { ids: [id], passphrase: passphraseOf('maker') }))).results[0]!.message).toMatch(
      /cancelled; a payout is sent only once/,
    );
  });

  it('the Attention list: unknown, failed, stuck and expiring payouts', async () => {
    const dots = connections.get('dots')!;
    const sim = sims.get('dots')!;
    // Unknown: the create was committed but every answer and look-up failed.
    const [unknownId] = await approvedPayouts(services, 'dots', dots, 1);
    sim.faults.add({ method: 'POST', path: createPath.dots, fault: { kind: 'commitThenReset' } });
    sim.faults.add({ method: 'GET', fault: { kind: 'status', status: 503 }, times: Infinity });
    await ok(dispatch('payouts.send', { ids: [unknownId], passphrase: passphraseOf('maker') }));
    sim.faults.clear();
    // Failed: the provider refused it.
    const [failedId] = await approvedPayouts(services, 'dots', dots, 1);
    sim.faults.add({
      method: 'POST',
      path: createPath.dots,
      fault: { kind: 'status', status: 400, body: { success: false, message: 'Payee is blocked' } },
    });
    await ok(dispatch('payouts.send', { ids: [failedId], passphrase: passphraseOf('maker') }));
    expect((await detail(failedId!)).statusMessage).toMatch(/Dots refused the payout: .*Payee is blocked/);
    // Stuck and expiring: sent, then time passes.
    const [stuckId, expiringId] = await approvedPayouts(services, 'dots', dots, 2);
    await ok(dispatch('payouts.send', { ids: [stuckId, expiringId], passphrase: passphraseOf('maker') }));
    services.db
      .prepare('UPDATE payouts SET expires_at = ? WHERE id = ?')
      .run(new Date(clock.getTime() + 9 * 86_400_000).toISOString(), expiringId);
    clock = new Date(clock.getTime() + 8 * 86_400_000);
    // Eight days without input: the desk locked itself, and the maker's passphrase opens it again.
    expect(await dispatch('attention.list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await ok(dispatch('session.unlock', { passphrase: passphraseOf('maker') }))).toMatchObject({ state: 'signed-in' });

    const items = await ok<AttentionItem[]>(dispatch('attention.list', {}));
    const reasonOf = (id: number) => items.filter((i) => i.payout.id === id).map((i) => i.reason);
    expect(reasonOf(unknownId!)).toContain('unknown');
    expect(reasonOf(failedId!)).toEqual(['failed']);
    expect(reasonOf(stuckId!)).toEqual(['stuck']);
    expect(reasonOf(expiringId!)).toEqual(expect.arrayContaining(['stuck', 'expiring']));
    expect(items.find((i) => i.payout.id === stuckId)!.message).toMatch(/submitted for more than 7 days/);

    // "Check again" settles the unknown one by reference: found, not resent.
    const before = sim.payoutCount();
    const checked = await ok<SendResult>(dispatch('payouts.reconcile', { ids: [unknownId] }));
    expect(checked.results[0]!.status).toBe('submitted');
    expect(sim.payoutCount()).toBe(before);
  });

  it('policy changes are for an admin, validated and audited', async () => {
    const policy = {
      approvalThresholds: [{ minor: 1000_00, currency: 'USD' }],
      maxPerPayout: [{ minor: 20_000_00, currency: 'USD' }],
      dailyCaps: [{ connectionId: connections.get('dots'), cap: { minor: 5000_00, currency: 'USD' } }],
      workspaceDailyCaps: [{ minor: 50_000_00, currency: 'USD' }],
      makerMayApproveOwn: false,
      duplicateWindowDays: 14,
      stuckAfterDays: 5,
      expiringWithinDays: 2,
    };
    as(services, 'maker');
    expect(await dispatch('policy.update', policy)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    as(services, 'admin');
    const bad = (await dispatch('policy.update', { ...policy, approvalThresholds: [{ minor: 1, currency: 'usd' }] })) as Envelope<unknown>;
    expect(bad.ok).toBe(false);
    const updated = await ok(dispatch('policy.update', policy));
    expect(updated).toMatchObject({ duplicateWindowDays: 14, approvalThresholds: [{ minor: 100000, currency: 'USD' }] });
    const event = services.audit.list({ action: 'policy.changed' })[0]!;
    expect(event.details).toMatchObject({ before: { duplicateWindowDays: 30 }, after: { duplicateWindowDays: 14 } });
    expect(services.audit.verify()).toMatchObject({ intact: true });
  });
});
