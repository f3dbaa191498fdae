import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nav, screenshot, startDemoAs, startE2E, switchTo, type E2EContext } from './harness';

/**
 * A new user tries the demo, then wants the agency's own workspace on the same computer (an installed app has one
 * data folder): the demo's admin leaves the demo from Settings, after a confirmation that says what goes and what
 * stays, and the desk opens on its first-admin set-up with nothing of the demo in it but its audit events.
 */
let ctx: E2EContext;
beforeAll(async () => {
  ctx = await startE2E({ demoPayouts: 30 });
});
afterAll(async () => {
  await ctx?.close();
});

describe('Leaving the demo', () => {
  it('is offered to the demo’s admin only', async () => {
    const { page, host } = ctx;
    await startDemoAs(page, host.url, 'Alice');
    await nav(page, 'Settings');
    const card = page.getByTestId('leave-demo');
    await expect.poll(() => card.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await card.getByRole('button', { name: 'Leave the demo…' }).isDisabled()).toBe(true);
    expect(await card.innerText()).toMatch(/needs the admin role; Alice is/);
  });

  it('Carol leaves it after the confirmation; the desk asks for the first admin, and the workspace is empty', async () => {
    const { page } = ctx;
    await switchTo(page, 'Carol', 'Settings');
    await page.getByTestId('leave-demo').getByRole('button', { name: 'Leave the demo…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Leave the demo?' });
    expect(await dialog.innerText()).toMatch(/5 demo connections go[\s\S]*audit trail keeps every event/);
    await screenshot(page, 'leave-demo-confirm-light');
    await dialog.getByRole('button', { name: 'Leave the demo', exact: true }).click();

    const setup = page.getByTestId('setup-screen');
    await expect.poll(() => setup.isVisible(), { timeout: 20_000 }).toBe(true);
    await setup.getByLabel('Your name').fill('Agency Admin');
    await setup.getByLabel('Passphrase', { exact: true }).fill('agency-admin-passphrase');
    await setup.getByLabel('Repeat the passphrase').fill('agency-admin-passphrase');
    await setup.getByRole('button', { name: 'Create admin and sign in' }).click();
    await expect.poll(() => page.getByTestId('operator-name').innerText(), { timeout: 20_000 }).toBe('Agency Admin');

    await nav(page, 'Connections');
    await expect.poll(() => page.getByTestId('connections-empty').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await page.getByTestId('demo-banner').count()).toBe(0);
    await nav(page, 'Audit log');
    await expect.poll(() => page.getByTestId('audit-row').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => page.getByTestId('audit-verify-result').getAttribute('data-tone'), { timeout: 20_000 }).toBe('green');
  });
});
