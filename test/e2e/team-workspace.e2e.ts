/**
 * Two desktops (two browser hosts, each its own data directory) in one team workspace on a real PostgreSQL server:
 * each opens on the team sign-in, a wrong password gets the database's answer, operators sign in with their own
 * database logins, and a draft Alice makes on one desktop shows up on the other's payout list through the replica.
 * (The full draft → approve → send → paid flow through the UI is not covered yet: docs/team-workspace.md.)
 */
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../src-main/api/browser-host/host';
import { KeytarCredentialStore } from '../../src-main/credentials/keytar-store';
import { migrateSchema } from '../../src-main/storage/postgres/schema';
import { tempDataDir } from '../helpers/temp-dir';
import { postgresAvailable, startPostgres, type PgServer } from '../support/postgres';
import type { Connection, Envelope } from '@shared/contract/model';
import { createServiceDispatcher } from '../../src-main/api/service-dispatcher';
import { findAuthMode, providerModule } from '../../src-main/providers/registry';
import type { ProviderSimulator } from '../../src-main/providers/simulator/types';
import { nav } from './harness';

describe.skipIf(!postgresAvailable())('team workspace, two desktops', () => {
  let server: PgServer;
  let browser: Browser;
  let sim: ProviderSimulator;
  const hosts: BrowserHost[] = [];
  const cleanups: Array<() => void> = [];

  async function desktop(name: string): Promise<{ host: BrowserHost; page: Page }> {
    const { dir, cleanup } = tempDataDir();
    cleanups.push(cleanup);
    const host = await startBrowserHost({
      dataDir: dir,
      version: 'e2e',
      rendererDir: resolve('out/renderer'),
      credentials: new KeytarCredentialStore('Paydesk-e2e'),
      dailyBackups: false,
      team: { settings: { host: server.host, port: server.port, database: server.database, tls: { mode: 'plain' } }, host: name },
    });
    hosts.push(host);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(host.url);
    return { host, page };
  }

  async function teamSignIn(page: Page, login: string, password: string) {
    const screen = page.getByTestId('team-sign-in-screen');
    await screen.getByLabel('Database login', { exact: true }).fill(login);
    await screen.getByLabel('Password', { exact: true }).fill(password);
    await screen.getByRole('button', { name: 'Sign in' }).click();
  }

  beforeAll(async () => {
    server = await startPostgres('paydesk_e2e');
    const installer = await server.installer();
    await migrateSchema(installer);
    await installer.end();
    await server.createLogin('alice', 'alice-team-password', ['paydesk_preparer', 'paydesk_admin']);
    await server.createLogin('bob', 'bob-team-password', ['paydesk_approver', 'paydesk_sender']);
    sim = await providerModule('talentir').startSimulator({ seed: 5, payouts: 0, creators: 6, campaigns: 3, logLimit: 0 });
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu'],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    for (const h of hosts) await h.close().catch(() => undefined);
    for (const c of cleanups) c();
    await sim?.close();
    server?.stop();
  });

  it('signs in with database logins on two desktops; a draft made on one shows on the other', async () => {
    const a = await desktop('desk-alice');
    const b = await desktop('desk-bob');
    await expect.poll(() => a.page.getByTestId('team-sign-in-screen').isVisible(), { timeout: 20_000 }).toBe(true);

    await teamSignIn(a.page, 'alice', 'not-alices-password');
    await expect
      .poll(() => a.page.getByTestId('team-sign-in-error').innerText(), { timeout: 20_000 })
      .toContain('The team database refused the password for alice.');
    await teamSignIn(a.page, 'alice', 'alice-team-password');
    await expect.poll(() => a.page.getByTestId('operator-name').innerText(), { timeout: 20_000 }).toBe('alice');

    await teamSignIn(b.page, 'bob', 'bob-team-password');
    await expect.poll(() => b.page.getByTestId('operator-name').innerText(), { timeout: 20_000 }).toBe('bob');
    await nav(b.page, 'Settings');
    await expect
      .poll(() => b.page.getByTestId('team-workspace-state').innerText(), { timeout: 20_000 })
      .toMatch(/team workspace · online/i);

    // Alice's desktop adds and shares a connection and drafts a payout (through the contract, as its UI would).
    const dispatch = createServiceDispatcher(a.host.services, { error: () => undefined });
    const fields = findAuthMode('talentir', sim.credentials.authMode)!.fields.map((f) => f.key);
    const all = { ...sim.credentials.publicFields, ...sim.credentials.secrets };
    const added = (await dispatch('connections.add', {
      provider: 'talentir',
      label: 'Team Talentir',
      environment: 'custom',
      baseUrl: sim.baseUrl,
      authMode: sim.credentials.authMode,
      credentials: Object.fromEntries(Object.entries(all).filter(([k]) => fields.includes(k))),
    })) as Envelope<Connection>;
    if (!added.ok) throw new Error(added.error.message);
    expect(await dispatch('team.shareConnection', { connectionId: added.value.id })).toMatchObject({ ok: true });
    const draft = await dispatch('payouts.createDraft', {
      connectionId: added.value.id,
      recipient: { email: 'zoe.teamwork@example.com', name: 'Zoe Teamwork' },
      amount: '42.00',
      currency: 'EUR',
      description: 'Team e2e fee',
    });
    expect(draft).toMatchObject({ ok: true });

    // Bob's desktop hears of it (LISTEN/NOTIFY) and its payout list, read from its own replica, shows it.
    await nav(b.page, 'Payouts');
    await expect.poll(() => b.page.getByText('Zoe Teamwork').first().isVisible(), { timeout: 30_000 }).toBe(true);
  }, 180_000);
});
