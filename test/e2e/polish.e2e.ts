/**
 * Issue 9's and 11's details as a user sees them in the real UI: drafts at a provider counted apart from our approval
 * queue with only the provider's action in their drawer; Settings → Logs and backups; and the start-up error page the
 * browser host serves when its services cannot start.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHostOrErrorPage } from '../../src-main/api/browser-host/startup-error-host';
import { DATABASE_FILE } from '../../src-main/storage/database';
import { tempDataDir } from '../helpers/temp-dir';
import { createDemo, demoPassphrase, nav, screenshot, signIn, switchTo, type E2EContext, startE2E } from './harness';

let ctx: E2EContext;
beforeAll(async () => {
  ctx = await startE2E({ demoPayouts: 60 });
}, 180_000);
afterAll(async () => {
  await ctx?.close();
});

const countOf = async (testId: string) =>
  Number((await ctx.page.getByTestId(testId).getByTestId('stat-count').innerText()).replace(/,/g, ''));

describe('drafts at a provider', () => {
  it('Overview "Waiting for approval" is the approval queue; drafts at providers have their own card', async () => {
    const { page } = ctx;
    await createDemo(page, ctx.host.url);
    await signIn(page, 'Bob', demoPassphrase('Bob'));
    await nav(page, 'Overview');
    await expect.poll(() => page.getByTestId('stat-provider-drafts').isVisible(), { timeout: 30_000 }).toBe(true);
    const waiting = await countOf('stat-awaiting-approval');
    const atProviders = await countOf('stat-provider-drafts');
    expect(atProviders).toBeGreaterThan(0);
    await nav(page, 'Approvals');
    if (waiting === 0) await expect.poll(() => page.getByTestId('approvals-empty').isVisible(), { timeout: 20_000 }).toBe(true);
    else await expect.poll(() => page.getByTestId('approvals-selection').innerText()).toContain(`${waiting} awaiting approval`);

    // The card opens exactly those drafts in Payouts, each badge naming its provider.
    await nav(page, 'Overview');
    await page.getByTestId('stat-provider-drafts').click();
    await expect.poll(() => page.getByTestId('payout-row').count(), { timeout: 20_000 }).toBe(Math.min(atProviders, 200));
    const rows = await page.getByTestId('payout-row').count();
    expect(await page.getByTestId('payout-row').locator('.mantine-Badge-root[data-status="provider_draft"]').count()).toBe(rows);
    expect(await page.getByTestId('payout-row').first().locator('.mantine-Badge-root[data-status]').innerText()).toMatch(/^Draft at \S/i);
  });

  it('the drawer offers only what the provider allows, with one line that is not circular', async () => {
    const { page } = ctx;
    await page.getByTestId('payout-row').first().click();
    const drawer = page.getByTestId('payout-drawer');
    await expect.poll(() => drawer.getAttribute('data-status'), { timeout: 20_000 }).toBe('provider_draft');
    const buttons = await drawer.getByTestId('payout-actions').getByRole('button').allInnerTexts();
    expect(buttons).toHaveLength(1);
    expect(buttons[0]).toMatch(/^(Cancel|Delete) at \S/);
    const line = drawer.getByTestId('payout-why-not');
    expect(await line.getAttribute('data-action')).toBe('provider-draft');
    expect(await line.innerText()).toMatch(/not in Paydesk/);
    expect(await line.innerText()).not.toMatch(/instead|handed to the provider/i);
    expect(await drawer.getByTestId('payout-why-not-toggle').count()).toBe(0);
    await screenshot(page, 'polish-provider-draft-drawer');

    // Deleting or cancelling it at the provider, after a confirmation that says what happens.
    await drawer.getByTestId('payout-cancel').click();
    const confirm = page.getByRole('dialog').filter({ hasText: 'It was never sent' });
    await expect.poll(() => confirm.isVisible(), { timeout: 10_000 }).toBe(true);
    await confirm.getByRole('button', { name: /^Cancel payout$/ }).click();
    await expect.poll(() => drawer.getAttribute('data-status'), { timeout: 20_000 }).toBe('cancelled');
    await page.keyboard.press('Escape');
  });
});

describe('Settings → Logs and backups', () => {
  it('shows the log folder to copy, keeps backups for the days set, backs up now and asks before a restore', async () => {
    const { page } = ctx;
    await switchTo(page, 'Carol', 'Settings');
    const card = page.getByTestId('files-and-backups');
    await expect.poll(() => card.getByTestId('log-folder-path').innerText(), { timeout: 20_000 }).toBe(join(ctx.dataDir, 'logs'));
    // The browser host cannot open a folder: the path is there to copy.
    expect(await card.getByTestId('copy-log-folder').isVisible()).toBe(true);
    expect(await card.getByTestId('open-log-folder').count()).toBe(0);

    const days = card.getByTestId('backup-retention-days');
    await days.fill('0');
    await card.getByRole('form', { name: 'Backup retention' }).getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => card.getByText(/or more days for keeping backups/).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await days.fill('30');
    await card.getByRole('form', { name: 'Backup retention' }).getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => card.getByTestId('retention-saved').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(ctx.host.services.settings.get().backupRetentionDays).toBe(30);

    const before = await card.getByTestId('backup-row').count();
    await card.getByTestId('back-up-now').click();
    await expect.poll(() => card.getByTestId('backup-made').isVisible(), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => card.getByTestId('backup-row').count(), { timeout: 10_000 }).toBe(before + 1);
    await expect.poll(() => card.getByTestId('backup-row').first().innerText()).toContain('Made by hand');

    await card.getByTestId('restore-backup').first().click();
    const confirm = page.getByRole('dialog', { name: 'Restore this backup?' });
    await expect.poll(() => confirm.isVisible(), { timeout: 10_000 }).toBe(true);
    const text = await confirm.innerText();
    expect(text).toMatch(/whole database is replaced/);
    expect(text).toMatch(/current database is kept as a backup/);
    expect(text).toMatch(/reloads/);
    await screenshot(page, 'polish-restore-confirm');
    await confirm.getByRole('button', { name: 'Go back' }).click();
  });
});

describe('start-up error page', () => {
  it('the browser host serves the page that says what happened when its services cannot start', async () => {
    const { dir, cleanup } = tempDataDir();
    const foreign = new Database(join(dir, DATABASE_FILE));
    foreign.exec("CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup')");
    foreign.close();
    writeFileSync(join(dir, 'note.txt'), 'not Paydesk');
    const started = await startBrowserHostOrErrorPage({
      dataDir: dir,
      version: 'e2e',
      rendererDir: resolve('out/renderer'),
      log: () => undefined,
    });
    try {
      expect(started.host).toBeUndefined();
      const page = await ctx.browser.newPage();
      const response = await page.goto(started.failed!.url);
      expect(response?.status()).toBe(503);
      expect(await page.locator('h1').innerText()).toBe('This database does not belong to Paydesk');
      expect(await page.locator('body').innerText()).toContain(join(dir, DATABASE_FILE));
      // Any path gets the page; nothing of the app is served.
      expect((await page.goto(`${started.failed!.origin}/assets/index.js`))?.status()).toBe(503);
      await screenshot(page, 'polish-startup-error');
      await page.close();
      // The file was left untouched.
      const again = new Database(join(dir, DATABASE_FILE), { readonly: true });
      expect(again.prepare("SELECT name FROM sqlite_master WHERE type='table'").all()).toEqual([{ name: 'recipes' }]);
      again.close();
    } finally {
      await started.failed?.close();
      await started.host?.close();
      cleanup();
    }
  });
});
