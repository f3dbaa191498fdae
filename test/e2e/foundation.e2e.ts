import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../src-main/storage/database';
import { createDemo, createFirstAdmin, nav, screenshot, startE2E, type E2EContext } from './harness';

let demo: E2EContext;
let fresh: E2EContext;
beforeAll(async () => {
  demo = await startE2E();
  fresh = await startE2E();
});
afterAll(async () => {
  await demo?.close();
  await fresh?.close();
});

describe('Paydesk from an empty data directory: the demo', () => {
  it('creates the demo workspace; one of its operators signs in and sees payouts', async () => {
    const { page, host } = demo;
    await createDemo(page, host.url);
    await expect.poll(() => page.getByTestId('demo-banner').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Fill in Carol' }).click();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByTestId('operator-name').innerText(), { timeout: 20_000 }).toBe('Carol');
    await nav(page, 'Payouts');
    const rows = page.getByTestId('payout-row');
    await expect.poll(() => rows.count(), { timeout: 60_000 }).toBeGreaterThan(10);
    await expect.poll(async () => /[$€£]\s?\d/.test(await page.getByTestId('payouts-table').innerText())).toBe(true);
    await screenshot(page, 'payouts-light');
  });
});

describe('Paydesk from an empty data directory: a workspace of its own', () => {
  it('creates the first admin, who lands on the welcome screen', async () => {
    const { page, host } = fresh;
    await createFirstAdmin(page, host.url, 'Ada Admin', 'ada-admin-passphrase');
    await expect.poll(() => page.getByTestId('welcome-screen').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await page.getByTestId('operator-roles').innerText()).toMatch(/admin/);
  });

  it('adds a connection with inline validation, then archives it: it moves to the archived connections', async () => {
    const { page } = fresh;
    await page.getByRole('link', { name: 'Connections' }).click();
    await page.getByRole('button', { name: 'Add connection' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() =>
        dialog
          .getByText(/required|Give the connection a name/i)
          .first()
          .isVisible(),
      )
      .toBe(true);

    await dialog.getByLabel('Provider').selectOption('talentir');
    await dialog.getByLabel('Name', { exact: true }).fill('Agency Talentir');
    await dialog.getByLabel('Environment').selectOption('custom');
    await dialog.getByLabel('Base URL').fill('https://talentir.example.test/api/v1');
    await dialog.getByLabel('API key').fill('tk_live_e2e_secret_9f3a');
    await dialog.getByRole('button', { name: 'Save' }).click();
    const card = page.getByTestId('connection-card').filter({ hasText: 'Agency Talentir' });
    await expect.poll(() => card.isVisible(), { timeout: 20_000 }).toBe(true);
    // The secret never reaches the page; its masked hint does.
    expect(await page.content()).not.toContain('tk_live_e2e_secret_9f3a');
    await expect.poll(() => card.getByText('••••9f3a').isVisible()).toBe(true);
    await screenshot(page, 'connections-light');

    await card.getByRole('button', { name: 'Archive…' }).click();
    const confirm = page.getByTestId('archive-connection');
    expect(await confirm.innerText()).toMatch(/History stays/);
    expect(await confirm.innerText()).toMatch(/secret is deleted from the system keychain/);
    await page.getByRole('dialog').getByRole('button', { name: 'Archive', exact: true }).click();
    await expect.poll(() => card.count(), { timeout: 20_000 }).toBe(0);
    const archived = page.getByTestId('archived-connection-card').filter({ hasText: 'Agency Talentir' });
    await expect.poll(() => archived.isVisible(), { timeout: 20_000 }).toBe(true);
    // Read only: no sync, test or edit.
    for (const name of ['Sync now', 'Test', 'Edit']) expect(await archived.getByRole('button', { name }).count()).toBe(0);
  });

  it('verifies the audit trail (anchored in the keychain), then names the event changed behind its back', async () => {
    const { page, dataDir } = fresh;
    await page.getByRole('link', { name: 'Audit log' }).click();
    await expect.poll(() => page.getByText('connection.archived').first().isVisible(), { timeout: 20_000 }).toBe(true);
    await page.getByRole('button', { name: 'Verify' }).click();
    const result = page.getByTestId('audit-verify-result');
    await expect.poll(() => result.innerText(), { timeout: 20_000 }).toMatch(/intact and anchored/i);
    expect(await result.getAttribute('data-tone')).toBe('green');
    await screenshot(page, 'audit-light');

    // Edit event 2 directly in the database file, as someone with file access could.
    const raw = new Database(join(dataDir, DATABASE_FILE));
    raw.exec('DROP TRIGGER audit_events_no_update');
    raw.prepare("UPDATE audit_events SET actor = 'mallory' WHERE seq = 2").run();
    raw.exec(
      "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;",
    );
    raw.close();

    await page.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => result.innerText(), { timeout: 20_000 }).toMatch(/broken at event #2/i);
    expect(await result.getAttribute('data-tone')).toBe('red');
  });
});
