/**
 * Leaving the demo for the agency's own workspace in the same data folder (the installed app has only one): the
 * demo's admin, and only they, confirm it; the demo's connections, simulated payouts and every operator go in one
 * transaction; the audit trail keeps every event, says so and still verifies; the desk opens on its first-admin
 * set-up, and real connections are accepted from then on. Real services, real SQLite, the real keychain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope, LeaveDemoResult, SessionStatus } from '@shared/contract';
import type { Dispatch } from '../../src-main/api/dispatcher';
import { createServiceDispatcher } from '../../src-main/api/service-dispatcher';
import { KeytarCredentialStore } from '../../src-main/credentials/keytar-store';
import { providerModule } from '../../src-main/providers/registry';
import type { ProviderSimulator } from '../../src-main/providers/simulator/types';
import { createServices, type Services } from '../../src-main/services';
import { DEMO_OPERATORS } from '../../src-main/workspace/demo-operators';
import { tempDataDir } from '../helpers/temp-dir';
import { connect, haveKeychain, testHttp } from './payouts/harness';

const count = (s: Services, sql: string) => (s.db.prepare(sql).get() as { n: number }).n;
const demoOperator = (name: string) => DEMO_OPERATORS.find((o) => o.name === name)!;

describe.runIf(haveKeychain)('leaving the demo', () => {
  let services: Services;
  let dispatch: Dispatch;
  let sim: ProviderSimulator;
  let dataDir: { dir: string; cleanup: () => void };

  beforeAll(async () => {
    dataDir = tempDataDir();
    services = await createServices({
      dataDir: dataDir.dir,
      host: 'browser',
      version: 'test',
      credentials: new KeytarCredentialStore('Paydesk-test'),
      http: testHttp,
      dailyBackups: false,
      demo: { payoutsPerProvider: 40 },
      payouts: { poller: false, settleMs: 0, sleep: async () => undefined },
    });
    dispatch = createServiceDispatcher(services, { error: () => undefined });
    sim = await providerModule('talentir').startSimulator({ seed: 5, payouts: 3, logLimit: 0 });
    await ok(dispatch('workspace.createDemo', {}));
  }, 120_000);
  afterAll(async () => {
    for (const c of services.connectionRepo.list()) await services.credentials.remove(c.id).catch(() => false);
    await services.close();
    await sim.close();
    dataDir.cleanup();
  });

  const signIn = (name: string) => ok<SessionStatus>(dispatch('session.signIn', { name, passphrase: demoOperator(name).passphrase }));

  it('is for the demo’s admin only, and only with an explicit yes; a refusal changes nothing', async () => {
    const before = count(services, 'SELECT count(*) AS n FROM payouts');
    expect(before).toBeGreaterThan(0);
    await signIn('Alice');
    expect(await dispatch('workspace.leaveDemo', { confirm: true })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await signIn('Carol');
    expect(await dispatch('workspace.leaveDemo', {})).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await dispatch('workspace.leaveDemo', { confirm: 'yes' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(count(services, 'SELECT count(*) AS n FROM payouts')).toBe(before);
    expect(count(services, 'SELECT count(*) AS n FROM operators')).toBe(3);
    expect(services.audit.list({ action: 'workspace.demo_left' })).toHaveLength(0);
  });

  it('removes the demo’s connections, payouts and operators, keeps and extends the audit trail, and opens on set-up', async () => {
    await signIn('Alice');
    const demoConnection = services.connectionRepo.list().find((c) => c.isDemo)!;
    const eventsBefore = count(services, 'SELECT count(*) AS n FROM audit_events');
    const payoutsBefore = count(services, 'SELECT count(*) AS n FROM payouts');
    await signIn('Carol');

    const result = await ok<LeaveDemoResult>(dispatch('workspace.leaveDemo', { confirm: true }));
    expect(result).toEqual({ connections: 5, payouts: payoutsBefore, operators: 3 });
    for (const table of ['connections', 'payouts', 'creators', 'campaigns', 'operators', 'payout_approvals', 'sync_state'])
      expect(count(services, `SELECT count(*) AS n FROM ${table}`)).toBe(0);
    expect(services.connectionRepo.get(demoConnection.id)).toBeUndefined();

    // The trail keeps every event, adds the leaving, and still verifies end to end.
    expect(count(services, 'SELECT count(*) AS n FROM audit_events')).toBe(eventsBefore + 2); // signed in, left
    const [left] = services.audit.list({ action: 'workspace.demo_left' });
    expect(left).toMatchObject({ actor: 'Carol', details: { connections: 5, payouts: payoutsBefore, operators: 3 } });
    expect(services.audit.verify()).toMatchObject({ intact: true });

    // Nobody is signed in, and the desk opens on the first admin's set-up.
    expect(await ok<SessionStatus>(dispatch('session.status', undefined))).toMatchObject({ state: 'setup' });
    expect(await dispatch('payouts.list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('is the agency’s own workspace afterwards: a first admin, real connections, no demo to leave', async () => {
    await ok(dispatch('operators.createFirst', { name: 'Agency Admin', passphrase: 'agency-admin-passphrase' }));
    const connection = await connect(dispatch, 'talentir', sim);
    expect(connection).toMatchObject({ provider: 'talentir', isDemo: false });
    expect(await dispatch('workspace.leaveDemo', { confirm: true })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringMatching(/not the demo workspace/) },
    });
    // The demo can never come back into a workspace with real accounts.
    expect(await dispatch('workspace.createDemo', {})).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(services.connectionRepo.list().map((c) => c.id)).toEqual([connection.id]);
  });
});

async function ok<T>(promise: Promise<Envelope<unknown>>): Promise<T> {
  const envelope = await promise;
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as T;
}
