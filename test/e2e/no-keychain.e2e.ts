import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFirstAdmin, MissingKeychain, nav, screenshot, startE2E, type E2EContext } from './harness';

/**
 * First start on a computer without a keychain (issue 9 item 16, issue 10 "Bad input"): the workspace works, Verify
 * says plainly that the trail is chained but not anchored, and saving a connection says what to do, at the form.
 */
let ctx: E2EContext;
beforeAll(async () => {
  ctx = await startE2E({ credentials: new MissingKeychain() });
});
afterAll(async () => {
  await ctx?.close();
});

describe('Without a keychain', () => {
  it('still creates the first admin, and says the keychain is missing', async () => {
    const { page, host } = ctx;
    await createFirstAdmin(page, host.url, 'Nora Nokeys', 'nora-no-keychain-here');
    await expect.poll(() => page.getByTestId('keychain-alert').first().isVisible(), { timeout: 10_000 }).toBe(true);
  });

  it('Verify calls the trail hash-chained but not anchored, in yellow, with the reason — never plainly intact', async () => {
    const { page } = ctx;
    await nav(page, 'Audit log');
    await expect.poll(() => page.getByTestId('audit-row').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Verify' }).click();
    const result = page.getByTestId('audit-verify-result');
    await expect.poll(() => result.getAttribute('data-tone'), { timeout: 20_000 }).toBe('yellow');
    expect(await result.innerText()).toMatch(/^Hash chain intact, but not anchored/);
    expect(await result.getAttribute('data-anchored')).toBe('false');
    expect(await page.getByTestId('audit-verify-detail').innerText()).toMatch(/no keychain/);
    await screenshot(page, 'audit-not-anchored-light');
  });

  it('saving a connection says, beside Save, what to do and that the demo needs no keychain; nothing is saved', async () => {
    const { page } = ctx;
    await nav(page, 'Connections');
    await page.getByRole('button', { name: 'Add connection' }).click();
    const dialog = page.getByRole('dialog', { name: 'New connection' });
    await dialog.getByLabel('Provider').selectOption('talentir');
    await dialog.getByLabel('Name', { exact: true }).fill('Agency Talentir');
    await dialog.getByLabel('Environment').selectOption('custom');
    await dialog.getByLabel('Base URL').fill('https://talentir.example.test/api/v1');
    await dialog.getByLabel('API key').fill('tk_live_e2e_secret_nokeychain');
    await dialog.getByRole('button', { name: 'Save' }).click();
    const help = dialog.getByTestId('connection-keychain-help');
    await expect.poll(() => help.isVisible(), { timeout: 20_000 }).toBe(true);
    const text = await help.innerText();
    expect(text).toMatch(/nothing was saved/);
    expect(text).toMatch(/demo workspace/);
    // The form keeps what was typed, so Save can be pressed again once the keychain is there.
    expect(await dialog.getByLabel('Name', { exact: true }).inputValue()).toBe('Agency Talentir');
    await screenshot(page, 'connection-no-keychain-light');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByTestId('connections-empty').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await page.getByTestId('connection-card').count()).toBe(0);
  });
});
