/**
 * A final status never moves back quietly. When a provider reports a paid (or expired) payout as in flight again — a
 * simulator restarted from its seed, a provider's own correction — Paydesk keeps the final status, records the
 * regression with both statuses and when, and shows it in the Attention list until the provider reports a final
 * status again. Against the provider simulators, with real SQLite and keychain.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Dispatch } from '../../src-main/api/dispatcher';
import type { AttentionItem, PayoutDetail, PayoutRow, SendResult } from '@shared/contract';
import type { ProviderId } from '@shared/contract/model';
import { providerModule } from '../../src-main/providers/registry';
import type { ProviderSimulator } from '../../src-main/providers/simulator/types';
import type { Services } from '../../src-main/services';
import { tempDataDir } from '../helpers/temp-dir';
import { passphraseOf } from '../helpers/team';
import { approvedPayouts, connect, dispatcherFor, haveKeychain, ok, openServices } from './payouts/harness';

let services: Services;
let dispatch: Dispatch;
let sims: ProviderSimulator[] = [];
let cleanup: () => void;

async function setup() {
  const t = tempDataDir();
  cleanup = t.cleanup;
  services = await openServices(t.dir);
  dispatch = dispatcherFor(services);
}
afterEach(async () => {
  for (const c of services?.connectionRepo.list() ?? []) await services.credentials.remove(c.id).catch(() => false);
  await services?.close();
  await Promise.all(sims.map((s) => s.close()));
  sims = [];
  cleanup?.();
});

async function start(provider: ProviderId, options: { port?: number } = {}) {
  const sim = await providerModule(provider).startSimulator({ seed: 5, payouts: 120, creators: 10, logLimit: 0, ...options });
  sims.push(sim);
  return sim;
}

const rows = async (connectionId: string) =>
  (await ok<{ rows: PayoutRow[] }>(dispatch('payouts.list', { limit: 500, filters: { connectionIds: [connectionId] } }))).rows;
const attention = () => ok<AttentionItem[]>(dispatch('attention.list', {}));

describe.runIf(haveKeychain)('status regressions', () => {
  it('a simulator restarted from its seed: paid payouts it reports as in flight again stay paid and show in Attention', async () => {
    await setup();
    const sim = await start('talentir');
    const connection = await connect(dispatch, 'talentir', sim);
    // The simulator moves its in-flight payouts to the end; the sync caches them as paid.
    sim.advance(5);
    await services.sync.syncConnection(connection.id);
    const before = new Map((await rows(connection.id)).map((r) => [r.remoteId, r]));

    // Restarted from the same seed on the same address: those payouts are in flight again.
    await sim.close();
    const restarted = await start('talentir', { port: sim.port });
    const result = await services.sync.syncConnection(connection.id);
    expect(result.resources.payouts.error).toBeNull();
    const regressions = result.resources.payouts.regressions;
    expect(regressions).toBeGreaterThan(0);

    const after = await rows(connection.id);
    const regressed = after.filter(
      (r) => before.get(r.remoteId)?.status === 'paid' && r.providerStatus === before.get(r.remoteId)?.providerStatus,
    );
    expect(regressed.length).toBe(after.filter((r) => before.get(r.remoteId)?.status === 'paid').length);
    expect(after.filter((r) => r.status === 'paid')).toHaveLength([...before.values()].filter((r) => r.status === 'paid').length);

    const items = (await attention()).filter((i) => i.reason === 'regressed');
    expect(items).toHaveLength(regressions);
    const item = items[0]!;
    expect(item.payout.status).toBe('paid');
    expect(item.regression).toEqual({
      keptStatus: 'paid',
      keptProviderStatus: 'completed',
      reportedStatus: expect.stringMatching(/^(submitted|processing)$/),
      reportedProviderStatus: expect.stringMatching(/^(created|approved|requested)$/),
      firstReportedAt: expect.any(String),
      lastReportedAt: expect.any(String),
      source: 'sync',
    });
    expect(item.since).toBe(item.regression!.firstReportedAt);
    expect(item.message).toMatch(
      /^Paydesk has this payout as paid \("completed"\), but since .* Talentir reports it as .*Paydesk kept paid/,
    );
    const detail = await ok<PayoutDetail>(dispatch('payouts.get', { id: item.payout.id }));
    expect(detail.statusRegression).toEqual(item.regression);
    const [audited] = services.audit.list({ action: 'sync.completed' });
    expect((audited!.details.regressions as unknown[]).length).toBe(Math.min(regressions, 50));

    // The provider reports the final status again: the regression ends and leaves the Attention list.
    restarted.advance(5);
    await services.sync.syncConnection(connection.id);
    expect((await attention()).filter((i) => i.reason === 'regressed')).toEqual([]);
    expect((await ok<PayoutDetail>(dispatch('payouts.get', { id: item.payout.id }))).statusRegression).toBeNull();
  });

  it('an expired payout the provider lists as sent again stays expired', async () => {
    await setup();
    const sim = await start('dots');
    const connection = await connect(dispatch, 'dots', sim);
    await services.sync.syncConnection(connection.id);
    const authorization = `Basic ${Buffer.from(`${sim.credentials.publicFields.clientId}:${sim.credentials.secrets.apiKey}`).toString('base64')}`;
    const page = (await (await fetch(`${sim.baseUrl}/v2/payout-links?limit=100`, { headers: { authorization } })).json()) as {
      data: Array<Record<string, unknown>>;
    };
    const link = page.data.find((l) => l.status === 'expired')!;
    const expired = (await rows(connection.id)).find((r) => r.remoteId === link.id)!;
    expect(expired.status).toBe('expired');
    link.status = 'sent';
    sim.faults.add({ method: 'GET', path: /\/v2\/payout-links$/, fault: { kind: 'malformed', body: JSON.stringify(page) } });
    const result = await services.sync.syncConnection(connection.id);
    expect(result.resources.payouts.regressions).toBe(1);
    const now = (await rows(connection.id)).find((r) => r.id === expired.id)!;
    expect(now).toMatchObject({ status: 'expired', providerStatus: 'expired' });
    const [regressed] = (await attention()).filter((i) => i.reason === 'regressed');
    expect(regressed!.regression).toMatchObject({ keptStatus: 'expired', reportedStatus: 'processing', reportedProviderStatus: 'sent' });
  });

  it('a payout Paydesk sent, paid, then read back in flight: the check keeps it paid and audits the regression once', async () => {
    await setup();
    const sim = await start('talentir');
    const connection = await connect(dispatch, 'talentir', sim);
    const [id] = await approvedPayouts(services, 'talentir', connection.id, 1);
    const draft = { id: id! };
    await ok<SendResult>(dispatch('payouts.send', { ids: [draft.id], passphrase: passphraseOf('maker') }));
    sim.advance(5);
    const paid = await ok<PayoutDetail>(dispatch('payouts.refreshStatus', { id: draft.id }));
    expect(paid.status).toBe('paid');

    const body = (await (
      await fetch(`${sim.baseUrl}/payout/${paid.remoteId}`, { headers: { authorization: `Bearer ${sim.credentials.secrets.apiKey}` } })
    ).json()) as Record<string, unknown>;
    const inFlight = JSON.stringify({ ...body, status: 'requested' });
    sim.faults.add({ method: 'GET', path: `/api/v1/payout/${paid.remoteId}`, fault: { kind: 'malformed', body: inFlight }, times: 2 });
    for (let i = 0; i < 2; i += 1) {
      const checked = await ok<PayoutDetail>(dispatch('payouts.refreshStatus', { id: draft.id }));
      expect(checked).toMatchObject({ status: 'paid', providerStatus: 'completed' });
      expect(checked.statusRegression).toMatchObject({ keptStatus: 'paid', reportedProviderStatus: 'requested', source: 'poller' });
    }
    expect(services.audit.list({ action: 'payout.status_regressed' })).toHaveLength(1);
    expect((await attention()).map((i) => [i.payout.id, i.reason])).toContainEqual([draft.id, 'regressed']);
    // The provider says paid again: the regression ends, audited, and Attention no longer lists it.
    const settled = await ok<PayoutDetail>(dispatch('payouts.refreshStatus', { id: draft.id }));
    expect(settled).toMatchObject({ status: 'paid', statusRegression: null });
    expect(services.audit.list({ action: 'payout.status_regression_ended', exactSubject: `payout:${draft.id}` })).toHaveLength(1);
    expect((await attention()).map((i) => [i.payout.id, i.reason])).not.toContainEqual([draft.id, 'regressed']);
  });
});
