/**
 * The bad input, against real servers: a wrong password, an unreachable server, a TLS certificate that does
 * not verify, a database of another application, a login without Paydesk grants, a schema from a newer Paydesk (or
 * one older than this Paydesk needs), and
 * settings that would send a password in the clear. Each gets a clear message, nothing is written on the desktop
 * (no operator, no replica rows) and the desktop stays usable.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeytarCredentialStore } from '../../../src-main/credentials/keytar-store';
import { createServices, type Services } from '../../../src-main/services';
import { PG_SCHEMA_VERSION } from '../../../src-main/storage/postgres/migrations';
import { migrateSchema } from '../../../src-main/storage/postgres/schema';
import type { TeamSettings } from '../../../src-main/team/connect';
import { assertTeamSettings, teamSettingsProblems } from '../../../src-main/team/connect';
import { tempDataDir } from '../../helpers/temp-dir';
import { makeCertificates, postgresAvailable, startPostgres, type PgServer } from '../../support/postgres';
import { haveKeychain, testHttp } from '../payouts/harness';
import { LOGINS, startTeamDb, type TeamDb } from './team-fixture';

describe.skipIf(!postgresAvailable() || !haveKeychain)('team workspace: bad input', () => {
  let team: TeamDb;
  let tlsServer: PgServer;
  let certs: ReturnType<typeof makeCertificates>;
  let otherCerts: ReturnType<typeof makeCertificates>;
  const certDirs: string[] = [];
  const opened: Array<{ services: Services; cleanup: () => void }> = [];

  const plain = (server: { host: string; port: number; database: string }): TeamSettings => ({
    host: server.host,
    port: server.port,
    database: server.database,
    tls: { mode: 'plain' },
  });

  async function desk(settings: TeamSettings): Promise<Services> {
    const { dir, cleanup } = tempDataDir();
    const services = await createServices({
      dataDir: dir,
      host: 'browser',
      version: 'test',
      credentials: new KeytarCredentialStore('Paydesk-test'),
      http: testHttp,
      payouts: { poller: false, settleMs: 0, sleep: async () => undefined },
      dailyBackups: false,
      team: { settings, host: 'desk-bad' },
    });
    opened.push({ services, cleanup });
    return services;
  }

  /** Nothing of a failed sign-in stays on the desktop. */
  function expectUntouched(services: Services, login: string) {
    expect(services.operatorStore.get(`pg:${login}`)).toBeUndefined();
    expect(services.team!.status()).toMatchObject({ state: 'signed-out', lastChangeSeq: 0 });
    expect(services.db.prepare('SELECT count(*) AS n FROM payouts').get()).toEqual({ n: 0 });
    expect(services.session.status().state).not.toBe('signed-in');
  }

  beforeAll(async () => {
    team = await startTeamDb();
    for (const name of ['ca-good', 'ca-other']) certDirs.push(mkdtempSync(join(tmpdir(), `paydesk-${name}-`)));
    certs = makeCertificates(certDirs[0]!);
    otherCerts = makeCertificates(certDirs[1]!);
    tlsServer = await startPostgres('paydesk_tls', { tls: { cert: certs.cert, key: certs.key } });
    const installer = await tlsServer.installer();
    await migrateSchema(installer);
    await installer.end();
    await tlsServer.createLogin('alice', LOGINS.alice.password, ['paydesk_preparer']);
  }, 120_000);

  afterAll(async () => {
    for (const { services, cleanup } of opened) {
      await services.close().catch(() => undefined);
      cleanup();
    }
    tlsServer?.stop();
    await team?.close();
    for (const d of certDirs) rmSync(d, { recursive: true, force: true });
  });

  it('a wrong password is refused by the database, with the login named; the right one then works', async () => {
    const services = await desk(plain(team.server));
    await expect(services.team!.signIn('alice', 'not-her-password')).rejects.toThrow('The team database refused the password for alice.');
    expectUntouched(services, 'alice');
    await expect(services.team!.signIn('alice', LOGINS.alice.password)).resolves.toMatchObject({
      state: 'online',
      login: 'alice',
      roles: ['preparer', 'approver', 'sender'],
    });
    expect(services.session.status()).toMatchObject({
      state: 'signed-in',
      operator: { id: 'pg:alice', roles: ['preparer', 'approver', 'sender'] },
    });
  });

  it('an unreachable server is named with what the network said', async () => {
    const services = await desk({ ...plain(team.server), port: 9 });
    await expect(services.team!.signIn('alice', LOGINS.alice.password)).rejects.toThrow(
      /The team database at 127\.0\.0\.1:9 cannot be reached \(ECONNREFUSED\)/,
    );
    expectUntouched(services, 'alice');
  });

  it('a TLS certificate that does not verify stops the connection before any password is sent', async () => {
    const wrongCa = await desk({
      host: '127.0.0.1',
      port: tlsServer.port,
      database: tlsServer.database,
      tls: { mode: 'verify-full', caFile: otherCerts.caFile },
    });
    await expect(wrongCa.team!.signIn('alice', LOGINS.alice.password)).rejects.toThrow(/TLS certificate did not verify/);
    expectUntouched(wrongCa, 'alice');
    // The right CA and a name on the certificate: verify-full connects.
    const rightCa = await desk({
      host: '127.0.0.1',
      port: tlsServer.port,
      database: tlsServer.database,
      tls: { mode: 'verify-full', caFile: certs.caFile },
    });
    await expect(rightCa.team!.signIn('alice', LOGINS.alice.password)).resolves.toMatchObject({ state: 'online' });
    // A CA file that cannot be read is a clear settings problem.
    const missing = await desk({
      host: '127.0.0.1',
      port: tlsServer.port,
      database: tlsServer.database,
      tls: { mode: 'verify-full', caFile: '/nonexistent/ca.pem' },
    });
    await expect(missing.team!.signIn('alice', LOGINS.alice.password)).rejects.toThrow(/The CA file \/nonexistent\/ca.pem cannot be read/);
  });

  it('plain connections only to this computer; incomplete settings are named field by field', () => {
    expect(teamSettingsProblems({ host: 'db.example.com', port: 5432, database: 'team', tls: { mode: 'plain' } })).toEqual({
      tls: expect.stringMatching(/Without TLS Paydesk connects only to a database on this computer/),
    });
    expect(teamSettingsProblems({ host: '', port: 0, database: '', tls: { mode: 'verify-full', caFile: '' } })).toEqual({
      host: expect.any(String),
      port: expect.any(String),
      database: expect.any(String),
      tls: expect.stringMatching(/CA certificate file/),
    });
    expect(() => assertTeamSettings({ host: 'db.example.com', port: 5432, database: 'team', tls: { mode: 'plain' } })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', message: 'The team workspace settings are not complete.' }),
    );
  });

  it('a database of another application is refused, for sign-in and for set-up, and nothing is created in it', async () => {
    const installer = await team.server.installer('postgres');
    await installer.query('CREATE DATABASE other_app');
    await installer.end();
    const other = await team.server.installer('other_app');
    await other.query('CREATE TABLE invoices (id int primary key, total numeric)');
    await other.query(`GRANT SELECT ON invoices TO alice`);
    await expect(migrateSchema(other)).rejects.toThrow(/belongs to another application \(it has tables such as public\.invoices/);
    const services = await desk({ ...plain(team.server), database: 'other_app' });
    await expect(services.team!.signIn('alice', LOGINS.alice.password)).rejects.toThrow(/belongs to another application/);
    expectUntouched(services, 'alice');
    const schemas = await other.query("SELECT count(*)::int AS n FROM information_schema.schemata WHERE schema_name = 'paydesk'");
    expect(schemas.rows[0].n).toBe(0);
    await other.end();
  });

  it('a login without Paydesk grants is told which roles it needs', async () => {
    const services = await desk(plain(team.server));
    await expect(services.team!.signIn('mallory', LOGINS.mallory.password)).rejects.toThrow(
      /Your database login mallory has no Paydesk role in this team workspace.*paydesk_preparer, paydesk_approver, paydesk_sender or paydesk_admin/,
    );
    expectUntouched(services, 'mallory');
  });

  it('a schema from a newer Paydesk is refused without changing anything, by sign-in and by set-up', async () => {
    const installer = await team.server.installer();
    await installer.query("INSERT INTO paydesk.paydesk_schema_migrations (version, name) VALUES (999, 'from the future')");
    try {
      const services = await desk(plain(team.server));
      await expect(services.team!.signIn('bob', LOGINS.bob.password)).rejects.toThrow(
        `set up by a newer Paydesk (schema 999; this Paydesk knows up to ${PG_SCHEMA_VERSION})`,
      );
      expectUntouched(services, 'bob');
      await expect(migrateSchema(installer)).rejects.toThrow(/newer Paydesk/);
    } finally {
      await installer.query('DELETE FROM paydesk.paydesk_schema_migrations WHERE version = 999');
      await installer.end();
    }
  });

  it('a schema older than this Paydesk needs is refused at sign-in, and the admin’s set-up brings it up to date', async () => {
    const installer = await team.server.installer();
    const { rows } = await installer.query('SELECT version, name FROM paydesk.paydesk_schema_migrations WHERE version = $1', [
      PG_SCHEMA_VERSION,
    ]);
    await installer.query('DELETE FROM paydesk.paydesk_schema_migrations WHERE version = $1', [PG_SCHEMA_VERSION]);
    try {
      const services = await desk(plain(team.server));
      await expect(services.team!.signIn('bob', LOGINS.bob.password)).rejects.toThrow(
        `schema is version ${PG_SCHEMA_VERSION - 1}; this Paydesk needs version ${PG_SCHEMA_VERSION}. The database's administrator updates it`,
      );
      expectUntouched(services, 'bob');
    } finally {
      // Put the record back as the set-up would leave it (its functions are all in place already).
      await installer.query('INSERT INTO paydesk.paydesk_schema_migrations (version, name) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
        rows[0].version,
        rows[0].name,
      ]);
      await installer.end();
    }
  });
});
