import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../src-main/storage/database';
import { screenshot, startE2E, type E2EContext } from './harness';

let ctx: E2EContext;
beforeAll(async () => {
  ctx = await startE2E();
});
afterAll(async () => {
  await ctx?.close();
});

describe('Paydesk from an empty data directory', () => {
  it('creates the demo workspace and shows payouts', async () => {
    const { page, host } = ctx;
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Create demo workspace' }).click();
    await expect
      .poll(
        () =>
          page
            .getByText(/Demo workspace/i)
            .first()
            .isVisible(),
        { timeout: 60_000 },
      )
      .toBe(true);
    const rows = page.getByTestId('payout-row');
    await expect.poll(() => rows.count(), { timeout: 60_000 }).toBeGreaterThan(10);
    await expect.poll(async () => /[$€£]\s?\d/.test(await page.getByTestId('payouts-table').innerText())).toBe(true);
    await screenshot(page, 'payouts-light');
  });

  it('adds and removes a connection, with inline validation', async () => {
    const { page } = ctx;
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

    await card.getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => card.count(), { timeout: 20_000 }).toBe(0);
  });

  it('verifies the audit trail, then names the event changed behind its back', async () => {
    const { page, dataDir } = ctx;
    await page.getByRole('link', { name: 'Audit log' }).click();
    await expect.poll(() => page.getByText('connection.removed').first().isVisible(), { timeout: 20_000 }).toBe(true);
    await page.getByRole('button', { name: 'Verify' }).click();
    const result = page.getByTestId('audit-verify-result');
    await expect.poll(() => result.innerText(), { timeout: 20_000 }).toMatch(/intact/i);
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
  });
});
