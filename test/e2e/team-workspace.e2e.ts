/**
 * Two desktops (two browser hosts, each its own data directory) in one team workspace on a real PostgreSQL server:
 * the database's administrator sets the schema up from the sign-in screen; each desktop opens on the team sign-in, a wrong password gets the database's answer, operators sign in with their own
 * database logins; Alice (preparer, admin) connects a provider and drafts a payout through the UI on hers, Bob
 * (approver, sender) approves and sends it through the UI on his; the provider receives it once, both desktops show
 * it paid from their own replicas, and both show the same team audit trail, which verifies on each.
 */
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../src-main/api/browser-host/host';
import { KeytarCredentialStore } from '../../src-main/credentials/keytar-store';
import { PG_SCHEMA_VERSION } from '../../src-main/storage/postgres/migrations';
import { tempDataDir } from '../helpers/temp-dir';
import { launchChromium } from '../support/chromium';
import { INSTALLER, postgresAvailable, startPostgres, type PgServer } from '../support/postgres';
import { simulatorConnection } from '../support/simulator-connection';
import type { Connection, Envelope } from '@shared/contract/model';
import { createServiceDispatcher } from '../../src-main/api/service-dispatcher';
import { providerModule } from '../../src-main/providers/registry';
import type { ProviderSimulator } from '../../src-main/providers/simulator/types';
import { remoteCounts } from '../integration/payouts/harness';
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
    const screen = page.getByRole('form', { name: 'Sign in to the team workspace' });
    await screen.getByLabel('Database login', { exact: true }).fill(login);
    await screen.getByLabel('Password', { exact: true }).fill(password);
    await screen.getByRole('button', { name: 'Sign in' }).click();
  }

  async function openBySearch(page: Page, search: string) {
    await nav(page, 'Payouts');
    await page.getByLabel('Search').fill(search);
    const row = page.getByTestId('payout-row').first();
    await expect.poll(async () => (await row.count()) === 1 && (await row.innerText()).includes(search), { timeout: 30_000 }).toBe(true);
    await row.click();
    const drawer = page.getByTestId('payout-drawer');
    await expect.poll(() => drawer.isVisible(), { timeout: 10_000 }).toBe(true);
    return drawer;
  }

  beforeAll(async () => {
    server = await startPostgres('paydesk_e2e');
    sim = await providerModule('tokenio').startSimulator({ seed: 5, payouts: 0, creators: 6, campaigns: 3, logLimit: 0 });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    for (const h of hosts) await h.close().catch(() => undefined);
    for (const c of cleanups) c();
    await sim?.close();
    server?.stop();
  });

  it('Alice drafts on her desktop, Bob approves and sends on his: sent once, paid on both, the same audit trail on both', async () => {
    const a = await desktop('desk-alice');
    const b = await desktop('desk-bob');
    await expect.poll(() => a.page.getByTestId('team-sign-in-screen').isVisible(), { timeout: 20_000 }).toBe(true);

    // The database is new and empty: its administrator sets the schema up from the sign-in screen.
    await a.page.getByRole('button', { name: 'Set up the team database…' }).click();
    const setup = a.page.getByTestId('team-schema-setup');
    await setup.getByLabel('Database login', { exact: true }).fill(INSTALLER.user);
    await setup.getByLabel('Password', { exact: true }).fill(INSTALLER.password);
    await setup.getByRole('button', { name: 'Set up the team database' }).click();
    await expect
      .poll(() => a.page.getByTestId('team-schema-setup-result').innerText(), { timeout: 30_000 })
      .toBe(`The team schema is now at version ${PG_SCHEMA_VERSION} (it was empty).`);
    await server.createLogin('alice', 'alice-team-password', ['paydesk_preparer', 'paydesk_admin']);
    await server.createLogin('bob', 'bob-team-password', ['paydesk_approver', 'paydesk_sender']);

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

    // Alice (admin) connects Token.io on her desktop: its secret goes to this computer's keychain, its settings to the
    // team (adding shares them; the card's button shares them again on request).
    const dispatch = createServiceDispatcher(a.host.services, { error: () => undefined });
    const added = (await dispatch('connections.add', simulatorConnection('tokenio', sim, 'Team Token.io'))) as Envelope<Connection>;
    if (!added.ok) throw new Error(added.error.message);
    await nav(a.page, 'Connections');
    await a.page.getByTestId('connection-share-team').click();
    await expect.poll(() => a.page.getByTestId('connection-share-result').innerText(), { timeout: 20_000 }).toMatch(/Shared with the team/);

    // Alice drafts through the form.
    await nav(a.page, 'Payouts');
    await a.page.getByTestId('new-payout').click();
    const form = a.page.getByRole('dialog', { name: 'New payout' });
    await expect.poll(() => form.getByLabel('Connection').isVisible(), { timeout: 10_000 }).toBe(true);
    await form.getByLabel('Connection').selectOption({ label: 'Team Token.io (Token.io)' });
    await form.getByLabel('Account holder').fill('Zoe Teamwork');
    await form.getByLabel('Currency').selectOption('GBP');
    await form.getByLabel('Sort code').fill('20-00-00');
    await form.getByLabel('Account number').fill('55779911');
    await form.getByLabel('Amount').fill('42.00');
    await form.getByLabel('Description').fill('Team e2e fee');
    await form.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => form.count(), { timeout: 20_000 }).toBe(0);

    // Bob's desktop hears of it (LISTEN/NOTIFY) and approves it, with his password again.
    await nav(b.page, 'Approvals');
    const rows = b.page.getByTestId('approval-row').filter({ hasText: 'Zoe Teamwork' });
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(1);
    await rows.first().getByRole('checkbox').click();
    await b.page.getByTestId('approve-selected').click();
    const approve = b.page.getByRole('dialog', { name: 'Approve 1 payout' });
    await expect.poll(() => approve.isVisible(), { timeout: 10_000 }).toBe(true);
    await approve.getByLabel('Your passphrase').fill('bob-team-password');
    await approve.getByRole('button', { name: 'Approve', exact: true }).click();
    const approved = b.page.getByTestId('approval-results').locator('[data-outcome="approved"]');
    await expect.poll(() => approved.count(), { timeout: 20_000 }).toBe(1);

    // Bob sends it.
    await b.page.getByRole('tab', { name: /Ready to send/ }).click();
    const ready = b.page.getByTestId('ready-row').filter({ hasText: 'Zoe Teamwork' });
    await expect.poll(() => ready.count(), { timeout: 20_000 }).toBe(1);
    await ready.first().getByRole('checkbox').click();
    const send = b.page.getByTestId('send-selected');
    await expect.poll(() => send.isEnabled(), { timeout: 20_000 }).toBe(true);
    await send.click();
    const confirm = b.page.getByRole('dialog', { name: 'Send 1 payout' });
    await expect.poll(() => confirm.getByRole('button', { name: 'Send now' }).isEnabled(), { timeout: 20_000 }).toBe(true);
    await confirm.getByLabel('Your passphrase').fill('bob-team-password');
    await confirm.getByRole('button', { name: 'Send now' }).click();
    await expect.poll(() => b.page.getByTestId('send-result').count(), { timeout: 45_000 }).toBe(1);
    await b.page.getByRole('dialog', { name: 'Send results' }).getByRole('button', { name: 'Close' }).click();

    // The provider pays it; Bob's desktop looks it up and records it in the team database.
    sim.advance(5);
    const drawer = await openBySearch(b.page, 'Zoe Teamwork');
    const deadline = Date.now() + 40_000;
    while ((await drawer.getAttribute('data-status')) !== 'paid' && Date.now() < deadline) {
      await drawer.getByRole('button', { name: 'Refresh status' }).click();
      await b.page.waitForTimeout(1_000);
    }
    expect(await drawer.getAttribute('data-status')).toBe('paid');
    await b.page.keyboard.press('Escape');

    // Alice's desktop shows it paid, from its own replica.
    const aliceDrawer = await openBySearch(a.page, 'Zoe Teamwork');
    await expect.poll(() => aliceDrawer.getAttribute('data-status'), { timeout: 30_000 }).toBe('paid');
    await a.page.keyboard.press('Escape');

    // Sent once: the provider holds exactly one payout with our reference.
    const { id: payoutId } = a.host.services.db.prepare("SELECT id FROM payouts WHERE recipient_name = 'Zoe Teamwork'").get() as {
      id: number;
    };
    const counts = await remoteCounts(a.host.services, 'tokenio', added.value.id, [payoutId]);
    expect(counts.get(payoutId)).toBe(1);

    // Both desktops show the same team audit trail, and it verifies on each.
    const trails: string[][] = [];
    for (const page of [a.page, b.page]) {
      await nav(page, 'Audit log');
      await expect.poll(() => page.getByTestId('audit-trail').isVisible(), { timeout: 10_000 }).toBe(true);
      const auditRows = page.getByTestId('audit-row');
      const root = await server.installer();
      const onServer = Number((await root.query('SELECT count(*) AS n FROM paydesk.audit_events')).rows[0].n);
      await root.end();
      await expect.poll(() => auditRows.count(), { timeout: 30_000 }).toBe(onServer);
      trails.push(await auditRows.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-seq')} ${e.textContent ?? ''}`)));
      await page.getByRole('button', { name: 'Verify' }).click();
      const verdict = page.getByTestId('audit-verify-result');
      await expect.poll(() => verdict.getAttribute('data-tone'), { timeout: 20_000 }).toBe('green');
      expect(await verdict.innerText()).toMatch(/Team audit trail intact and anchored/);
    }
    expect(trails[1]).toEqual(trails[0]);
    const joined = trails[0]!.join('\n');
    expect(joined).toMatch(/payout\.draft_created[\s\S]*alice/);
    expect(joined).toMatch(/payout\.approved[\s\S]*bob/);
    expect(joined).toMatch(/payout\.sending[\s\S]*bob/);
  }, 240_000);
});
