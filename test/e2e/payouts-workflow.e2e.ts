import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassphrase, nav, screenshot, startDemoAs, switchTo, type E2EContext } from './harness';
import { startWorkflowE2E } from './payouts-harness';

/**
 * The payout workflow through the UI, against the demo simulators, by the demo's operators: Alice drafts a payout for
 * each provider and imports a CSV batch; Bob approves and sends them (his passphrase again each time), watches
 * statuses move and cancels one; a failed one is drafted again by Alice and dismissed by Bob; it is all in Attention
 * and the Audit log.
 */
let ctx: E2EContext;
beforeAll(async () => {
  ctx = await startWorkflowE2E();
});
afterAll(async () => {
  await ctx?.close();
});

const dialogNamed = (page: Page, name: string | RegExp) => page.getByRole('dialog', { name });

async function openNewPayout(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'New payout' }).click();
  const dialog = dialogNamed(page, 'New payout');
  await expect.poll(() => dialog.getByLabel('Connection').isVisible(), { timeout: 10_000 }).toBe(true);
  return dialog;
}

async function saveDraft(page: Page, dialog: Locator, connectionLabel: string) {
  await dialog.getByRole('button', { name: 'Save draft' }).click();
  await expect.poll(() => dialog.count(), { timeout: 15_000 }).toBe(0);
  await expect.poll(() => page.getByTestId('draft-saved').innerText(), { timeout: 10_000 }).toContain(connectionLabel);
}

async function openPayoutBySearch(page: Page, search: string): Promise<Locator> {
  await nav(page, 'Payouts');
  await page.getByLabel('Search').fill(search);
  const row = page.getByTestId('payout-row').first();
  await expect
    .poll(async () => (await page.getByTestId('payout-row').count()) === 1 && (await row.innerText()).includes(search), { timeout: 15_000 })
    .toBe(true);
  await row.click();
  const drawer = page.getByTestId('payout-drawer');
  await expect.poll(() => drawer.isVisible(), { timeout: 10_000 }).toBe(true);
  return drawer;
}

/** Lets Mantine's open transitions finish so screenshots show the finished state. */
const settle = (page: Page) => page.waitForTimeout(400);

async function closeDrawer(page: Page) {
  await page.keyboard.press('Escape');
  await expect.poll(() => page.getByTestId('payout-drawer').count(), { timeout: 5_000 }).toBe(0);
}

describe('Payout workflow', () => {
  it('creates the demo workspace; Alice signs in', async () => {
    const { page, host } = ctx;
    await startDemoAs(page, host.url, 'Alice');
    await expect.poll(() => page.getByTestId('demo-banner').isVisible()).toBe(true);
  });

  it('drafts a Talentir payout, with an inline error for a bad amount', async () => {
    const { page } = ctx;
    const dialog = await openNewPayout(page);
    await dialog.getByLabel('Connection').selectOption({ label: 'Demo Talentir (Talentir)' });
    await dialog.getByLabel('Name', { exact: true }).fill('E2E Talentir Creator');
    await dialog.getByLabel('E-mail', { exact: true }).fill('e2e.talentir@example.com');
    await dialog.getByLabel('Amount').fill('10,00');
    await dialog.getByLabel('Currency').selectOption('EUR');
    await dialog.getByLabel('Description').fill('E2E campaign fee');
    await dialog.getByLabel('Campaign').fill('E2E launch');
    await dialog.getByRole('button', { name: 'Save draft' }).click();
    // main's precise message, under the Amount field
    const amountError = dialog.getByText(/contains a comma/);
    await expect.poll(() => amountError.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await dialog.getByLabel('Amount').getAttribute('aria-invalid')).toBe('true');

    await dialog.getByLabel('Amount').fill('12.50');
    await saveDraft(page, dialog, 'Demo Talentir');
  });

  it('drafts a Dots payout to a phone number', async () => {
    const { page } = ctx;
    const dialog = await openNewPayout(page);
    await dialog.getByLabel('Connection').selectOption({ label: 'Demo Dots (Dots)' });
    await dialog.getByText('By phone number', { exact: true }).click();
    await dialog.getByLabel('Name', { exact: true }).fill('E2E Dots Phone');
    await dialog.getByLabel('Phone', { exact: true }).fill('+1 202 555 0139');
    await dialog.getByLabel('Amount').fill('7.25');
    await saveDraft(page, dialog, 'Demo Dots');
  });

  it('drafts a Talli payout for a campaign', async () => {
    const { page } = ctx;
    const dialog = await openNewPayout(page);
    await dialog.getByLabel('Connection').selectOption({ label: 'Demo Talli (Talli)' });
    await dialog.getByLabel('Name', { exact: true }).fill('E2E Talli Creator');
    await dialog.getByLabel('E-mail', { exact: true }).fill('e2e.talli@example.com');
    await dialog.getByLabel('Amount').fill('20.00');
    const campaign = dialog.getByLabel('Campaign');
    await expect.poll(() => campaign.locator('option').count(), { timeout: 10_000 }).toBeGreaterThan(1);
    await campaign.selectOption({ index: 1 });
    await saveDraft(page, dialog, 'Demo Talli');
  });

  it('drafts a Token.io GBP payout to a UK account', async () => {
    const { page } = ctx;
    const dialog = await openNewPayout(page);
    await dialog.getByLabel('Connection').selectOption({ label: 'Demo Token.io (Token.io)' });
    await dialog.getByLabel('Account holder').fill('E2E Holder');
    await dialog.getByLabel('Currency').selectOption('GBP');
    await dialog.getByLabel('Sort code').fill('20-00-00');
    await dialog.getByLabel('Account number').fill('55779911');
    await dialog.getByLabel('Amount').fill('30.00');
    await dialog.getByLabel('Description').fill('Creator fee E2E');
    await saveDraft(page, dialog, 'Demo Token.io');
  });

  it('drafts a Creator Pay payout to a synced creator', async () => {
    const { page } = ctx;
    const dialog = await openNewPayout(page);
    await dialog.getByLabel('Connection').selectOption({ label: 'Demo Creator Pay (Creator Pay)' });
    await dialog.getByRole('combobox', { name: 'Creator' }).click();
    const option = page.getByRole('listbox', { name: 'Creator' }).getByRole('option').first();
    await expect.poll(() => option.isVisible(), { timeout: 10_000 }).toBe(true);
    await option.click();
    await dialog.getByLabel('Amount').fill('15.00');
    await dialog.getByLabel('Description').fill('E2E creator pay fee');
    await saveDraft(page, dialog, 'Demo Creator Pay');
  });

  it('imports a CSV batch from the template; one row is invalid, so only the valid rows are imported', async () => {
    const { page } = ctx;
    await page.getByRole('button', { name: 'Import CSV' }).click();
    const dialog = dialogNamed(page, 'Import payouts from CSV');
    await dialog.getByLabel('Connection').selectOption({ label: 'Demo Token.io (Token.io)' });
    const downloadPromise = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Download template' }).click();
    const download = await downloadPromise;
    const template = readFileSync(await download.path(), 'utf8')
      .trim()
      .split(/\r?\n/);
    expect(template[0]).toContain('account_holder');
    const columns = template[0]!.split(',');
    const row = (values: Record<string, string>) => columns.map((c) => values[c] ?? '').join(',');
    const csv = [
      template[0],
      template[1],
      row({
        account_holder: 'Failing Creator',
        sort_code: '20-00-00',
        account_number: '11223344',
        amount: '42.00',
        currency: 'GBP',
        description: 'Creator fee batch',
      }),
      row({
        account_holder: 'Broken Row',
        sort_code: '12',
        account_number: '11223344',
        amount: '5.00',
        currency: 'GBP',
        description: 'Creator fee batch',
      }),
    ].join('\n');
    await dialog.locator('input[type="file"]').setInputFiles({ name: 'batch.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });

    await expect.poll(() => dialog.getByTestId('import-summary').isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await dialog.getByTestId('import-total-rows').innerText()).toBe('3 rows');
    expect(await dialog.getByTestId('import-valid-rows').innerText()).toBe('2 valid');
    expect(await dialog.getByTestId('import-invalid-rows').innerText()).toBe('1 with errors');
    const invalid = dialog.locator('[data-testid="import-row"][data-valid="false"]');
    expect(await invalid.getAttribute('data-line')).toBe('4');
    expect(await invalid.innerText()).toMatch(/sort_code/);
    expect(await dialog.getByRole('button', { name: 'Import all' }).isDisabled()).toBe(true);
    await dialog.getByText('All rows', { exact: true }).click();
    await expect.poll(() => dialog.getByTestId('import-row').count()).toBe(3);
    await settle(page);
    await screenshot(page, 'import-light');

    await dialog.getByRole('button', { name: 'Import only valid rows (2)' }).click();
    const result = dialog.getByTestId('import-result');
    await expect.poll(() => result.isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await result.innerText()).toMatch(/Imported 2 drafts/);
    expect(await result.innerText()).toMatch(/1 invalid row was skipped/);
    await dialog.getByRole('button', { name: 'Go to Approvals' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
  });

  it('Alice drafted them all, so she may approve none of them (four eyes)', async () => {
    const { page } = ctx;
    await expect.poll(() => page.getByRole('heading', { name: 'Approvals' }).isVisible()).toBe(true);
    const rows = page.getByTestId('approval-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(7);
    const reasons = await rows.getByTestId('cannot-approve').allInnerTexts();
    expect(reasons).toHaveLength(7);
    for (const reason of reasons) expect(reason).toMatch(/You drafted this payout: another operator must approve it/);
  });

  it('Bob approves all drafts after a confirmation with the count, totals per currency and his passphrase', async () => {
    const { page } = ctx;
    await switchTo(page, 'Bob', 'Approvals');
    await expect.poll(() => page.getByRole('heading', { name: 'Approvals' }).isVisible()).toBe(true);
    const rows = page.getByTestId('approval-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(7);
    expect(await rows.getByTestId('cannot-approve').count()).toBe(0);
    // Keyboard: focus the first row, Space toggles it, A selects all.
    await rows.first().focus();
    await page.keyboard.press(' ');
    await expect.poll(() => rows.first().getAttribute('data-selected')).toBe('true');
    await page.keyboard.press('a');
    await expect.poll(() => page.getByTestId('approvals-selection').innerText()).toMatch(/^7 selected/);

    await page.getByTestId('approve-selected').click();
    const dialog = dialogNamed(page, 'Approve 7 payouts');
    await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await dialog.getByTestId('approve-count').innerText()).toMatch(/^7 payouts/);
    const totals = await dialog.getByTestId('total-line').evaluateAll((els) => els.map((e) => e.getAttribute('data-currency')));
    expect(totals).toEqual(['EUR', 'GBP', 'USD']);
    expect(await dialog.getByTestId('approve-totals').innerText()).toMatch(/£322\.00/);
    await settle(page);
    await screenshot(page, 'approvals-light');

    await dialog.getByLabel('Your passphrase').fill(demoPassphrase('Bob'));
    await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect.poll(() => page.getByTestId('approval-results').isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => page.getByTestId('approvals-empty').isVisible(), { timeout: 15_000 }).toBe(true);
  });

  it('sends the approved payouts after a "Send now" confirmation and shows each result', async () => {
    const { page } = ctx;
    await page.getByRole('tab', { name: /Ready to send/ }).click();
    const rows = page.getByTestId('ready-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(7);
    await rows.first().focus();
    await page.keyboard.press('a');
    const send = page.getByTestId('send-selected');
    await expect.poll(() => send.isEnabled(), { timeout: 20_000 }).toBe(true);
    await send.click();
    const dialog = dialogNamed(page, 'Send 7 payouts');
    await expect.poll(() => dialog.getByRole('button', { name: 'Send now' }).isEnabled(), { timeout: 20_000 }).toBe(true);
    expect(await dialog.getByTestId('send-totals').innerText()).toMatch(/£322\.00/);
    await dialog.getByLabel('Your passphrase').fill(demoPassphrase('Bob'));
    await dialog.getByRole('button', { name: 'Send now' }).click();

    const results = page.getByTestId('send-result');
    await expect.poll(() => results.count(), { timeout: 45_000 }).toBe(7);
    const text = await page.getByTestId('send-results').innerText();
    expect(text).toMatch(/Remaining at Talentir/);
    expect(text).toMatch(/Remaining at Creator Pay/);
    const statuses = await results.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    expect(statuses.every((s) => s && !['approved', 'draft', 'failed', 'unknown'].includes(s))).toBe(true);
    await page.getByRole('dialog', { name: 'Send results' }).getByRole('button', { name: 'Close' }).click();
  });

  it('cancels the Dots payout behind its confirmation', async () => {
    const { page } = ctx;
    const drawer = await openPayoutBySearch(page, 'E2E Dots Phone');
    await drawer.getByRole('button', { name: 'Cancel payout' }).click();
    const confirm = dialogNamed(page, 'Cancel this payout?');
    await expect.poll(() => confirm.isVisible()).toBe(true);
    await confirm.getByRole('button', { name: 'Cancel payout' }).click();
    await expect.poll(() => drawer.getAttribute('data-status'), { timeout: 20_000 }).toBe('cancelled');
    await closeDrawer(page);
  });

  it('watches a Token.io payout move to paid, with its timeline', async () => {
    const { page } = ctx;
    const drawer = await openPayoutBySearch(page, 'E2E Holder');
    const deadline = Date.now() + 40_000;
    while ((await drawer.getAttribute('data-status')) !== 'paid' && Date.now() < deadline) {
      await drawer.getByRole('button', { name: 'Refresh status' }).click();
      await page.waitForTimeout(1_500);
    }
    expect(await drawer.getAttribute('data-status')).toBe('paid');
    const statuses = await drawer
      .locator('[data-testid="timeline-entry"][data-kind="status"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    expect(statuses).toEqual(expect.arrayContaining(['draft', 'approved', 'sending', 'paid']));
    await settle(page);
    await screenshot(page, 'payout-drawer-light');
    await drawer.getByRole('button', { name: 'Provider data (JSON)' }).click();
    await expect.poll(() => drawer.getByTestId('payout-raw').isVisible()).toBe(true);
    await closeDrawer(page);
  });

  it('lists the failed payout under Attention, with a count in the navigation', async () => {
    const { page } = ctx;
    await page.getByRole('link', { name: 'Attention' }).click();
    const failed = page.locator('[data-testid="attention-row"][data-reason="failed"]');
    const deadline = Date.now() + 40_000;
    while ((await failed.count()) === 0 && Date.now() < deadline) {
      await page.getByRole('button', { name: 'Reload' }).click();
      await page.waitForTimeout(1_500);
    }
    expect(await failed.first().innerText()).toMatch(/Failing Creator/);
    await expect.poll(() => page.getByTestId('attention-count').isVisible(), { timeout: 10_000 }).toBe(true);
    await screenshot(page, 'attention-light');
    await failed.first().click();
    const drawer = page.getByTestId('payout-drawer');
    await expect.poll(() => drawer.getAttribute('data-status'), { timeout: 10_000 }).toBe('failed');
    // Bob sends; drafting again is a preparer's, so he is told why it is not offered to him.
    expect(await drawer.getByTestId('payout-redraft').count()).toBe(0);
    await drawer.getByTestId('payout-why-not-toggle').click();
    expect(await drawer.locator('[data-testid="payout-unavailable-actions"] [data-action="redraft"]').innerText()).toMatch(
      /needs the preparer role; Bob is approver and sender/,
    );
    await closeDrawer(page);
  });

  it('Alice drafts the failed payout again: a new draft with a new reference, linked to the old one', async () => {
    const { page } = ctx;
    await switchTo(page, 'Alice', 'Attention');
    const failed = page.locator('[data-testid="attention-row"][data-reason="failed"]').filter({ hasText: 'Failing Creator' });
    await expect.poll(() => failed.isVisible(), { timeout: 15_000 }).toBe(true);
    await failed.click();
    const drawer = page.getByTestId('payout-drawer');
    await expect.poll(() => drawer.getAttribute('data-status'), { timeout: 10_000 }).toBe('failed');
    const failedId = await drawer.getAttribute('data-payout-id');
    await drawer.getByTestId('payout-redraft').click();
    await expect.poll(() => drawer.getAttribute('data-status'), { timeout: 15_000 }).toBe('draft');
    expect(await drawer.getAttribute('data-payout-id')).not.toBe(failedId);
    expect(await drawer.getByTestId('payout-redraft-of').innerText()).toBe(`Payout #${failedId}`);
    expect(await drawer.getByTestId('payout-created-by').innerText()).toMatch(/by Alice/);
    expect(await drawer.getByTestId('payout-drawer-amount').innerText()).toBe('£42.00');
    // The link leads back to the failed one, which stays as it was.
    await drawer.getByTestId('payout-redraft-of').click();
    await expect.poll(() => drawer.getAttribute('data-payout-id'), { timeout: 10_000 }).toBe(failedId);
    expect(await drawer.getAttribute('data-status')).toBe('failed');
    await closeDrawer(page);
  });

  it('Bob dismisses the failed payout with a reason: it leaves the Attention list', async () => {
    const { page } = ctx;
    await switchTo(page, 'Bob', 'Attention');
    const failed = page.locator('[data-testid="attention-row"][data-reason="failed"]').filter({ hasText: 'Failing Creator' });
    await expect.poll(() => failed.count(), { timeout: 15_000 }).toBe(1);
    await failed.click();
    const drawer = page.getByTestId('payout-drawer');
    await expect.poll(() => drawer.getAttribute('data-status'), { timeout: 10_000 }).toBe('failed');
    await drawer.getByTestId('payout-dismiss').click();
    const confirm = dialogNamed(page, 'Dismiss this payout?');
    await confirm.getByRole('button', { name: 'Dismiss', exact: true }).click();
    // A reason is required.
    await expect.poll(() => confirm.getByText(/Give a reason/).isVisible()).toBe(true);
    await confirm.getByLabel('Reason').fill('Drafted again with the right account number');
    await confirm.getByRole('button', { name: 'Dismiss', exact: true }).click();
    await expect.poll(() => drawer.getByTestId('payout-dismissed').innerText(), { timeout: 15_000 }).toMatch(/right account number/);
    expect(await drawer.getByTestId('payout-dismiss').count()).toBe(0);
    await closeDrawer(page);
    await page.getByRole('button', { name: 'Reload' }).click();
    await expect.poll(() => failed.count(), { timeout: 15_000 }).toBe(0);
  });

  it('finds the payout steps in the Audit log', async () => {
    const { page } = ctx;
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByLabel('Action').fill('payout.');
    const table = page.getByTestId('audit-table');
    await expect.poll(async () => (await table.isVisible()) && (await table.innerText()), { timeout: 20_000 }).toMatch(/payout\.cancelled/);
    const text = await table.innerText();
    for (const action of [
      'payout.draft_created',
      'payout.imported',
      'payout.approved',
      'payout.sending',
      'payout.redrafted',
      'payout.dismissed',
    ])
      expect(text).toContain(action);
  });
});
