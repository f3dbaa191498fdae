/**
 * The team operations through the contract (the dispatcher the shell and the browser host use, access checks
 * included): a solo desktop says it works alone; an admin chooses the team workspace, which applies at the next
 * start; the schema is set up by a login that may; operators sign in with their database login and get the roles
 * the database grants.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '@shared/contract/model';
import type { TeamStatusView } from '@shared/contract/team';
import { KeytarCredentialStore } from '../../../src-main/credentials/keytar-store';
import { createServices, type Services } from '../../../src-main/services';
import { PG_SCHEMA_VERSION } from '../../../src-main/storage/postgres/migrations';
import { tempDataDir } from '../../helpers/temp-dir';
import { seedTeam } from '../../helpers/team';
import { INSTALLER, postgresAvailable, startPostgres, type PgServer } from '../../support/postgres';
import { dispatcherFor, haveKeychain, testHttp } from '../payouts/harness';

describe.skipIf(!postgresAvailable() || !haveKeychain)('team operations through the contract', () => {
  let server: PgServer;
  const data = tempDataDir();
  let services: Services | null = null;

  const open = () =>
    createServices({
      dataDir: data.dir,
      host: 'browser',
      version: 'test',
      credentials: new KeytarCredentialStore('Paydesk-test'),
      http: testHttp,
      payouts: { poller: false, settleMs: 0, sleep: async () => undefined },
      dailyBackups: false,
    });

  beforeAll(async () => {
    server = await startPostgres('paydesk_contract');
  }, 60_000);
  afterAll(async () => {
    await services?.close();
    data.cleanup();
    server?.stop();
  });

  it('solo, then the team workspace chosen by an admin at the next start, its schema, and a team sign-in', async () => {
    services = await open();
    await seedTeam(services);
    let dispatch = dispatcherFor(services);
    const solo = (await dispatch('team.status', undefined)) as Envelope<TeamStatusView>;
    expect(solo).toMatchObject({ ok: true, value: { mode: 'solo', state: 'solo', restartRequired: false } });
    const refused = await dispatch('team.signIn', { login: 'alice', password: 'x' });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringMatching(/This computer uses its own workspace/) },
    });

    // Plain TLS to another computer is refused with the field named; nothing is saved.
    const clear = await dispatch('team.configure', {
      mode: 'team',
      settings: { host: 'db.example.com', port: 5432, database: 'team', tls: { mode: 'plain' } },
    });
    expect(clear).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', fieldErrors: { tls: expect.stringMatching(/only to a database on this computer/) } },
    });
    const settings = { host: server.host, port: server.port, database: server.database, tls: { mode: 'plain' as const } };
    const chosen = (await dispatch('team.configure', { mode: 'team', settings })) as Envelope<TeamStatusView>;
    expect(chosen).toMatchObject({ ok: true, value: { mode: 'solo', restartRequired: true, settings } });
    const events = services.audit.list({ action: 'team.configured' });
    expect(events[0]).toMatchObject({
      actor: 'Ada Admin',
      details: { before: { mode: 'solo' }, after: { mode: 'team', host: server.host } },
    });

    // The next start opens the team workspace.
    await services.close();
    services = await open();
    dispatch = dispatcherFor(services);
    expect(await dispatch('team.status', undefined)).toMatchObject({
      ok: true,
      value: { mode: 'team', state: 'signed-out', restartRequired: false },
    });

    // The schema: a login that may not create it is told so; the installer creates it.
    const noSchema = await dispatch('team.signIn', { login: INSTALLER.user, password: INSTALLER.password });
    expect(noSchema).toMatchObject({ ok: false });
    expect(await dispatch('team.setUpSchema', { login: INSTALLER.user, password: 'wrong' })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: `The team database refused the password for ${INSTALLER.user}.` },
    });
    expect(await dispatch('team.setUpSchema', { login: INSTALLER.user, password: INSTALLER.password })).toEqual({
      ok: true,
      value: { from: 0, to: PG_SCHEMA_VERSION },
    });
    expect(await dispatch('team.setUpSchema', { login: INSTALLER.user, password: INSTALLER.password })).toEqual({
      ok: true,
      value: { from: PG_SCHEMA_VERSION, to: PG_SCHEMA_VERSION },
    });

    await server.createLogin('erin', 'erin-team-password', ['paydesk_approver', 'paydesk_admin']);
    const signedIn = (await dispatch('team.signIn', { login: 'erin', password: 'erin-team-password' })) as Envelope<TeamStatusView>;
    expect(signedIn).toMatchObject({ ok: true, value: { mode: 'team', state: 'online', login: 'erin', roles: ['approver', 'admin'] } });
    expect(await dispatch('session.status', undefined)).toMatchObject({
      ok: true,
      value: { state: 'signed-in', operator: { id: 'pg:erin', name: 'erin', roles: ['approver', 'admin'] } },
    });
    // The database's roles decide what the contract lets through: erin is no preparer.
    expect(await dispatch('payouts.createDraft', { connectionId: 'none', amount: '1.00', currency: 'EUR', recipient: {} })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await dispatch('team.signOut', undefined)).toMatchObject({ ok: true, value: { state: 'signed-out' } });
    expect(await dispatch('session.status', undefined)).toMatchObject({
      ok: true,
      value: { state: expect.not.stringMatching(/^signed-in$/) },
    });
  }, 120_000);
});
