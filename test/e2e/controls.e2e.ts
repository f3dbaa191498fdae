import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemo, demoPassphrase, nav, screenshot, signIn, switchTo, type E2EContext } from './harness';
import { startWorkflowE2E } from './payouts-harness';

/**
 * The money controls through the real UI (issue 10), by the demo's three operators: signing in, the lock, the
 * maximum per payout, four eyes above a threshold an admin set, the passphrase again before approving and sending,
 * the daily caps in the confirmations, duplicates, archiving a connection, and the desk at the window's minimum size.
 */
let ctx: E2EContext;
beforeAll(async () => {
  ctx = await startWorkflowE2E({ demoPayouts: 40 });
});
afterAll(async () => {
  await ctx?.close();
});

const dialogNamed = (page: Page, name: string | RegExp) => page.getByRole('dialog', { name });

/** Elements under `root` matching `selector` whose content is wider than their box: text running over its column. */
function overflowing(root: Locator, selector: string): Promise<string[]> {
  return root.evaluate(
    (el, sel) =>
      [...el.querySelectorAll<HTMLElement>(sel)]
        .filter((e) => e.scrollWidth > e.clientWidth + 1)
        .map((e) => `${e.tagName.toLowerCase()} "${(e.textContent ?? '').trim().slice(0, 40)}" ${e.scrollWidth}>${e.clientWidth}`),
    selector,
  );
}

/** A Token.io GBP draft to a UK account, saved from the form by whoever is signed in. */
async function draftTokenIo(page: Page, holder: string, amount: string): Promise<Locator> {
  await nav(page, 'Payouts');
  await page.getByTestId('new-payout').click();
  const dialog = dialogNamed(page, 'New payout');
  await expect.poll(() => dialog.getByLabel('Connection').isVisible(), { timeout: 10_000 }).toBe(true);
  await dialog.getByLabel('Connection').selectOption({ label: 'Demo Token.io (Token.io)' });
  await dialog.getByLabel('Account holder').fill(holder);
  await dialog.getByLabel('Currency').selectOption('GBP');
  await dialog.getByLabel('Sort code').fill('20-00-00');
  await dialog.getByLabel('Account number').fill('55779911');
  await dialog.getByLabel('Amount').fill(amount);
  await dialog.getByLabel('Description').fill('Controls fee');
  await dialog.getByRole('button', { name: 'Save draft' }).click();
  return dialog;
}

async function saved(page: Page, dialog: Locator) {
  await expect.poll(() => dialog.count(), { timeout: 15_000 }).toBe(0);
  await expect.poll(() => page.getByTestId('draft-saved').isVisible(), { timeout: 10_000 }).toBe(true);
}

/** Selects every row of the focused selectable table with its keyboard shortcut. */
async function selectAll(page: Page, rows: Locator) {
  await rows.first().focus();
  await page.keyboard.press('a');
}

describe('Money controls', () => {
  it('signs in: the demo offers its operators with their passphrases; a wrong passphrase is refused and cleared', async () => {
    const { page, host } = ctx;
    await createDemo(page, host.url);
    const offered = page.getByTestId('demo-operator');
    expect(await offered.count()).toBe(3);
    for (const name of ['Alice', 'Bob', 'Carol'] as const)
      expect(await offered.filter({ hasText: name }).innerText()).toContain(demoPassphrase(name));
    // Nothing of the workspace shows before someone signs in.
    expect(await page.getByTestId('payouts-table').count()).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Main navigation' }).count()).toBe(0);

    const screen = page.getByTestId('sign-in-screen');
    await screen.getByLabel('Name', { exact: true }).fill('Alice');
    await screen.getByLabel('Passphrase', { exact: true }).fill('not-alices-passphrase');
    await screen.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByTestId('sign-in-error').innerText(), { timeout: 10_000 }).toMatch(/do not match an operator/);
    expect(await screen.getByLabel('Passphrase', { exact: true }).inputValue()).toBe('');
    await screenshot(page, 'sign-in-light');

    await signIn(page, 'Alice', demoPassphrase('Alice'));
    expect(await page.getByTestId('operator-roles').innerText()).toBe('preparer · approver');
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
    expect(stored).not.toContain('demo-passphrase');
  });

  it('locks now; the lock screen hides the desk; only the same passphrase opens it', async () => {
    const { page } = ctx;
    await nav(page, 'Payouts');
    await expect.poll(() => page.getByTestId('payout-row').count(), { timeout: 20_000 }).toBeGreaterThan(5);
    await page.getByTestId('operator-bar').getByRole('button', { name: 'Lock now' }).click();
    const lock = page.getByTestId('lock-screen');
    await expect.poll(() => lock.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await lock.getByTestId('locked-operator').innerText()).toMatch(/^Alice is still signed in/);
    expect(await page.getByTestId('payouts-table').count()).toBe(0);

    await lock.getByLabel('Passphrase').fill(demoPassphrase('Bob'));
    await lock.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => lock.getByText('Wrong passphrase.').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await lock.getByLabel('Passphrase').inputValue()).toBe('');
    await screenshot(page, 'lock-light');

    await lock.getByLabel('Passphrase').fill(demoPassphrase('Alice'));
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('operator-name').innerText(), { timeout: 10_000 }).toBe('Alice');
    await expect.poll(() => page.getByTestId('payout-row').count(), { timeout: 20_000 }).toBeGreaterThan(5);
  });

  it('refuses a payout above the maximum per payout, naming the limit at the amount', async () => {
    const { page } = ctx;
    const dialog = await draftTokenIo(page, 'Too Much Holder', '20000.00');
    const error = dialog.getByText('20000.00 GBP is above the most one payout may be, 10000.00 GBP.', { exact: false });
    await expect.poll(() => error.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await dialog.getByLabel('Amount').getAttribute('aria-invalid')).toBe('true');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  it('Carol, the admin, sets a second-approval threshold, a higher maximum and a small daily cap for GBP', async () => {
    const { page } = ctx;
    await switchTo(page, 'Carol', 'Settings');
    const policy = page.getByTestId('policy-settings');
    await expect.poll(() => policy.getByRole('button', { name: 'Save policy' }).isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await policy.getByTestId('policy-maker-may-approve').isChecked()).toBe(false);

    await policy.getByRole('button', { name: 'Add threshold' }).click();
    const threshold = policy.getByTestId('threshold-row').last();
    await threshold.getByLabel('Currency').selectOption('GBP');
    await threshold.getByLabel('Threshold', { exact: true }).fill('100.00');

    const maxes = policy.getByTestId('max-row');
    const gbp = await maxes.evaluateAll((rows) => rows.findIndex((r) => r.querySelector('select')?.value === 'GBP'));
    expect(gbp).toBeGreaterThanOrEqual(0);
    await maxes.nth(gbp).getByLabel('Maximum', { exact: true }).fill('1000000000.00');

    await policy.getByRole('button', { name: 'Add workspace cap' }).click();
    const cap = policy.getByTestId('workspace-cap-row').last();
    await cap.getByLabel('Currency').selectOption('GBP');
    await cap.getByLabel('Daily cap', { exact: true }).fill('200.00');

    await policy.getByRole('button', { name: 'Save policy' }).click();
    await expect.poll(() => policy.getByTestId('policy-saved').isVisible(), { timeout: 10_000 }).toBe(true);
  });

  it('Alice drafts the same payout twice (flagged at once), and one too large to fit anywhere', async () => {
    const { page } = ctx;
    await switchTo(page, 'Alice');
    await saved(page, await draftTokenIo(page, 'Dup Holder', '150.00'));
    expect(await page.getByTestId('draft-saved-duplicate').count()).toBe(0);
    await saved(page, await draftTokenIo(page, 'Dup Holder', '150.00'));
    await expect
      .poll(() => page.getByTestId('draft-saved-duplicate').innerText())
      .toMatch(/Possible duplicate: .* as payout #\d+ of \d{4}-/);
    await saved(page, await draftTokenIo(page, 'Layout Holder With A Long Name', '999999999.00'));
  });

  it('the maker cannot approve: Alice sees why, and the confirmation approves none of hers', async () => {
    const { page } = ctx;
    await nav(page, 'Approvals');
    const rows = page.getByTestId('approval-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(3);
    const reasons = await rows.getByTestId('cannot-approve').allInnerTexts();
    expect(reasons).toHaveLength(3);
    for (const reason of reasons)
      expect(reason).toMatch(/^You drafted this payout, and .* is above the approval threshold: two other operators/);
    expect(await rows.getByTestId('needs-two-badge').count()).toBe(3);
    // Main flags each of the pair as looking like the other.
    expect(await rows.getByTestId('duplicate-badge').count()).toBe(2);

    await selectAll(page, rows);
    await page.getByTestId('approve-selected').click();
    const dialog = dialogNamed(page, 'Approve 0 payouts');
    await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await dialog.getByTestId('approve-blocked').innerText()).toMatch(/3 cannot be approved by you now/);
    expect(await dialog.getByRole('button', { name: 'Approve', exact: true }).isDisabled()).toBe(true);
    await dialog.getByRole('button', { name: 'Go back' }).click();
  });

  it('the approvals queue keeps its columns at the window minimum of 960 × 600', async () => {
    const { page } = ctx;
    await page.setViewportSize({ width: 960, height: 600 });
    try {
      const table = page.getByTestId('approvals-table');
      await expect.poll(() => table.getByTestId('approval-row').count(), { timeout: 10_000 }).toBe(3);
      await page.waitForTimeout(300);
      expect(await overflowing(table, 'th')).toEqual([]);
      expect(await overflowing(table, 'td')).toEqual([]);
      // Recipients are shown in full, not cut to "J…".
      expect(await overflowing(table, 'tr[data-testid="approval-row"] td:nth-child(3) > :first-child')).toEqual([]);
      const fits = await table.evaluate((t) => t.getBoundingClientRect().right <= document.documentElement.clientWidth);
      expect(fits).toBe(true);
      await screenshot(page, 'approvals-960');
    } finally {
      await page.setViewportSize({ width: 1400, height: 900 });
    }
  });

  it('Bob approves first: the confirmation shows second approvals, duplicates and the daily cap; a wrong passphrase is refused', async () => {
    const { page } = ctx;
    await switchTo(page, 'Bob', 'Approvals');
    const rows = page.getByTestId('approval-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(3);
    expect(await rows.getByTestId('cannot-approve').count()).toBe(0);
    await selectAll(page, rows);
    await page.getByTestId('approve-selected').click();
    const dialog = dialogNamed(page, 'Approve 3 payouts');
    await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await dialog.getByTestId('approve-second').innerText()).toMatch(/3 of them are above the approval threshold/);
    expect(await dialog.getByTestId('approve-duplicates').innerText()).toMatch(/2 possible duplicates/);
    const workspaceCap = dialog.locator('[data-testid="allowance-row"][data-scope="workspace"]');
    expect(await workspaceCap.getAttribute('data-fits')).toBe('false');
    expect(await workspaceCap.innerText()).toMatch(/All connections[\s\S]*£200\.00/);
    expect(await workspaceCap.getByTestId('allowance-remaining').innerText()).toBe('£200.00');
    expect(await dialog.getByTestId('allowance-warning').innerText()).toMatch(/above All connections \(GBP\) today/);
    await screenshot(page, 'approve-confirm-light');

    const passphrase = dialog.getByLabel('Your passphrase');
    await passphrase.fill(demoPassphrase('Alice'));
    await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect
      .poll(() => dialog.getByText('That passphrase is not right. Nothing was approved or sent.').isVisible(), { timeout: 10_000 })
      .toBe(true);
    expect(await passphrase.inputValue()).toBe('');
    expect(await dialog.isVisible()).toBe(true);
    expect(await rows.first().getByTestId('approvals-text').innerText()).toBe('0 of 2');

    await passphrase.fill(demoPassphrase('Bob'));
    await page.keyboard.press('Enter');
    const results = page.getByTestId('approval-results');
    await expect.poll(() => results.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await results.locator('[data-outcome="awaiting_second_approval"]').count()).toBe(3);
    await expect.poll(() => rows.first().getByTestId('approvals-text').innerText(), { timeout: 10_000 }).toBe('1 of 2 — approved by Bob');
    expect(await rows.first().getByTestId('cannot-approve').innerText()).toMatch(/You already approved this payout/);
  });

  it('Carol, a second and different operator, completes the approvals', async () => {
    const { page } = ctx;
    await switchTo(page, 'Carol', 'Approvals');
    const rows = page.getByTestId('approval-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(3);
    await selectAll(page, rows);
    await page.getByTestId('approve-selected').click();
    const dialog = dialogNamed(page, 'Approve 3 payouts');
    await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await dialog.getByTestId('approve-second').count()).toBe(0);
    await dialog.getByLabel('Your passphrase').fill(demoPassphrase('Carol'));
    await dialog.getByRole('button', { name: 'Approve', exact: true }).click();
    const results = page.getByTestId('approval-results');
    await expect.poll(() => results.isVisible(), { timeout: 15_000 }).toBe(true);
    const approved = results.locator('[data-outcome="approved"]');
    expect(await approved.count()).toBe(3);
    expect(await approved.first().innerText()).toMatch(/Approved by Bob and Carol/);
    await expect.poll(() => page.getByTestId('approvals-empty').isVisible(), { timeout: 15_000 }).toBe(true);
  });

  it('Bob sends: duplicates are listed, a wrong passphrase sends nothing, and the daily cap stops the second payout', async () => {
    const { page } = ctx;
    await switchTo(page, 'Bob', 'Approvals');
    await page.getByRole('tab', { name: /Ready to send/ }).click();
    const dups = page.getByTestId('ready-row').filter({ hasText: 'Dup Holder' });
    await expect.poll(() => dups.count(), { timeout: 15_000 }).toBe(2);
    for (const row of await dups.all()) await row.getByRole('checkbox').click();
    const send = page.getByTestId('send-selected');
    await expect.poll(() => send.isEnabled(), { timeout: 20_000 }).toBe(true);
    await send.click();
    const dialog = dialogNamed(page, 'Send 2 payouts');
    await expect.poll(() => dialog.getByRole('button', { name: 'Send now' }).isEnabled(), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => dialog.getByTestId('send-duplicates').isVisible(), { timeout: 10_000 }).toBe(true);

    await dialog.getByLabel('Your passphrase').fill('wrong-passphrase-for-bob');
    await dialog.getByRole('button', { name: 'Send now' }).click();
    await expect
      .poll(() => dialog.getByText('That passphrase is not right. Nothing was approved or sent.').isVisible(), { timeout: 10_000 })
      .toBe(true);
    expect(await page.getByTestId('send-results').count()).toBe(0);

    await dialog.getByLabel('Your passphrase').fill(demoPassphrase('Bob'));
    await dialog.getByRole('button', { name: 'Send now' }).click();
    const results = page.getByTestId('send-result');
    await expect.poll(() => results.count(), { timeout: 45_000 }).toBe(2);
    const text = await page.getByTestId('send-results').innerText();
    expect(text).toMatch(/daily send cap is reached/);
    const statuses = await results.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    expect(statuses).toContain('approved');
    expect(statuses.filter((s) => s !== 'approved')).toHaveLength(1);
    await page.getByRole('dialog', { name: 'Send results' }).getByRole('button', { name: 'Close' }).click();
  });

  it('at 960 × 600: payouts keep their rows and columns, and a huge amount stays inside its column and the send dialog', async () => {
    const { page } = ctx;
    await page.setViewportSize({ width: 960, height: 600 });
    try {
      await nav(page, 'Payouts');
      const scroller = page.getByTestId('payouts-scroll');
      await expect.poll(() => page.getByTestId('payout-row').count(), { timeout: 20_000 }).toBeGreaterThan(10);
      await page.waitForTimeout(300);
      await screenshot(page, 'payouts-960');
      expect(await scroller.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
      expect(await overflowing(scroller, 'th')).toEqual([]);
      expect(await overflowing(scroller, 'td')).toEqual([]);
      const creatorWidth = await scroller.evaluate((el) => el.querySelectorAll('th')[1]!.getBoundingClientRect().width);
      expect(creatorWidth).toBeGreaterThan(110);
      // The filters fold away, so the list shows rows, not a screen of filters.
      const visibleRows = await scroller.evaluate((el) => {
        const box = el.getBoundingClientRect();
        return [...el.querySelectorAll('tr[data-testid="payout-row"]')].filter((r) => {
          const b = r.getBoundingClientRect();
          return b.top >= box.top && b.bottom <= box.bottom;
        }).length;
      });
      expect(visibleRows).toBeGreaterThanOrEqual(5);
      expect(await page.getByLabel('Min amount').isVisible()).toBe(false);
      // Sorting by amount says it does not compare across currencies.
      await scroller.getByRole('button', { name: /Amount/ }).click();
      await expect.poll(() => page.getByTestId('amount-sort-note').innerText()).toMatch(/across currencies/);
      expect(await scroller.locator('th', { hasText: 'Amount' }).getAttribute('title')).toMatch(/across currencies/);
      await scroller.getByRole('button', { name: /Created/ }).click();

      // The huge payout, approved and ready: its amount wraps inside the column and inside the send dialog.
      await nav(page, 'Approvals');
      await page.getByRole('tab', { name: /Ready to send/ }).click();
      const huge = page.getByTestId('ready-row').filter({ hasText: 'Layout Holder' });
      await expect.poll(() => huge.count(), { timeout: 15_000 }).toBe(1);
      const ready = page.getByTestId('ready-table');
      expect(await overflowing(ready, 'th')).toEqual([]);
      expect(await overflowing(ready, 'td')).toEqual([]);
      expect(await huge.getByTestId('payout-amount').innerText()).toMatch(/^£999,999,\s?999\.00$/);
      await huge.getByRole('checkbox').click();
      const send = page.getByTestId('send-selected');
      await expect.poll(() => send.isEnabled(), { timeout: 20_000 }).toBe(true);
      await send.click();
      const dialog = dialogNamed(page, 'Send 1 payout');
      await expect.poll(() => dialog.getByRole('button', { name: 'Send now' }).isEnabled(), { timeout: 20_000 }).toBe(true);
      const confirm = dialog.getByTestId('send-confirm');
      expect(await confirm.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
      expect(await overflowing(confirm, 'td')).toEqual([]);
      await screenshot(page, 'send-confirm-960');
      await dialog.getByRole('button', { name: 'Go back' }).click();
    } finally {
      await page.setViewportSize({ width: 1400, height: 900 });
    }
  });

  it('Carol archives a connection Paydesk sent through: its payouts stay visible, marked archived, and are never deleted', async () => {
    const { page } = ctx;
    await switchTo(page, 'Carol', 'Connections');
    const card = page.getByTestId('connection-card').filter({ hasText: 'Demo Token.io' });
    await expect.poll(() => card.isVisible(), { timeout: 20_000 }).toBe(true);
    await card.getByRole('button', { name: 'Archive…' }).click();
    const confirm = dialogNamed(page, 'Archive this connection?');
    await expect.poll(() => confirm.isVisible()).toBe(true);
    expect(await confirm.innerText()).toMatch(/History stays/);
    await page.getByRole('dialog').getByRole('button', { name: 'Archive', exact: true }).click();
    const archived = page.getByTestId('archived-connection-card').filter({ hasText: 'Demo Token.io' });
    await expect.poll(() => archived.isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await card.count()).toBe(0);

    await archived.getByRole('button', { name: 'Delete cached data…' }).click();
    const purge = page.getByTestId('purge-connection');
    await expect.poll(() => purge.getByTestId('purge-refusal').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await purge.getByTestId('purge-refusal').innerText()).toMatch(
      /Paydesk sent 1 payout through "Demo Token.io": that history is never deleted/,
    );
    expect(await purge.getByTestId('purge-counts').innerText()).toMatch(/\d+ payouts/);
    expect(await page.getByRole('dialog').getByRole('button', { name: 'Delete for good' }).isDisabled()).toBe(true);
    await page.getByRole('dialog').getByRole('button', { name: 'Keep it' }).click();

    await archived.getByRole('button', { name: 'Show its payouts' }).click();
    const rows = page.getByTestId('payout-row');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBeGreaterThan(5);
    expect(await rows.getByTestId('archived-badge').count()).toBe(await rows.count());
    await rows.filter({ hasText: 'Dup Holder' }).first().click();
    const drawer = page.getByTestId('payout-drawer');
    await expect.poll(() => drawer.getByTestId('archived-badge').isVisible(), { timeout: 10_000 }).toBe(true);
    await page.keyboard.press('Escape');
  });

  it('Carol deletes the cached data of an archived connection nobody sent through, after its counts and a yes', async () => {
    const { page } = ctx;
    await nav(page, 'Connections');
    const card = page.getByTestId('connection-card').filter({ hasText: 'Demo Talli' });
    await card.getByRole('button', { name: 'Archive…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Archive', exact: true }).click();
    const archived = page.getByTestId('archived-connection-card').filter({ hasText: 'Demo Talli' });
    await expect.poll(() => archived.isVisible(), { timeout: 20_000 }).toBe(true);
    await archived.getByRole('button', { name: 'Delete cached data…' }).click();
    const purge = page.getByTestId('purge-connection');
    await expect.poll(() => purge.getByTestId('purge-counts').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await purge.getByTestId('purge-counts').innerText()).toMatch(/40 payouts/);
    const deleteButton = page.getByRole('dialog').getByRole('button', { name: 'Delete for good' });
    expect(await deleteButton.isDisabled()).toBe(true);
    await purge.getByTestId('purge-understood').click();
    await deleteButton.click();
    await expect
      .poll(() => page.getByTestId('connections-notice').innerText(), { timeout: 15_000 })
      .toMatch(/Deleted the cached data of “Demo Talli”: 40 payouts/);
    await expect.poll(() => archived.count(), { timeout: 10_000 }).toBe(0);
  });

  it('the audit log names each actor with the OS user and host; Verify is green; an export says it finished', async () => {
    const { page } = ctx;
    await nav(page, 'Audit log');
    const rows = page.getByTestId('audit-row');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBeGreaterThan(10);
    const carol = rows.filter({ hasText: 'connection.purged' }).first();
    expect(await carol.getByTestId('audit-actor').innerText()).toMatch(/^Carol\s+\S+@\S+$/);
    await page.getByRole('button', { name: 'Verify' }).click();
    const result = page.getByTestId('audit-verify-result');
    await expect.poll(() => result.getAttribute('data-tone'), { timeout: 20_000 }).toBe('green');
    expect(await result.innerText()).toMatch(/intact and anchored/);
    // Verify ran on main's reader worker; its progress ended with every event checked.
    const progress = page.getByTestId('task-progress-audit.verify');
    await expect.poll(() => progress.getAttribute('data-finished'), { timeout: 10_000 }).toBe('true');
    const total = Number(await progress.getAttribute('data-total'));
    expect(total).toBeGreaterThan(10);
    expect(await progress.getAttribute('data-done')).toBe(String(total));
    expect(await progress.innerText()).toBe(`Checked ${total.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} events`);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export JSON Lines' }).click();
    expect((await download).suggestedFilename()).toMatch(/\.jsonl$/);
    await expect
      .poll(() => page.getByTestId('audit-export-result').innerText(), { timeout: 10_000 })
      .toMatch(/Exported the audit log to .+\.jsonl/);
  });
});
