import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, screenshot, startDemoAs, startE2E, type E2EContext } from './harness';

/**
 * Every screen of the demo workspace through the browser host: a meaningful element on each, the payouts filters
 * and CSV export, bad input that must stay inline, and screenshots of the main screens in light and dark themes.
 */
let ctx: E2EContext;
beforeAll(async () => {
  ctx = await startE2E();
});
afterAll(async () => {
  await ctx?.close();
});

/** Navbar links carry a shortcut hint and sometimes a count ("Attention 3 Alt+4"), so match the start of the name. */
const nav = (page: Page, name: string) =>
  page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: new RegExp(`^${name}\\b`) })
    .click();
/** Lets Mantine transitions and chart layout finish so screenshots show the finished state. */
const settle = async (page: Page) => {
  // Park the pointer on the empty foot of the navbar, where it opens no tooltip.
  await page.mouse.move(110, 760);
  await page.waitForTimeout(500);
};
const heading = (page: Page, name: string) => page.getByRole('heading', { name, exact: true, level: 2 });

async function visitOverview(page: Page) {
  await nav(page, 'Overview');
  await expect
    .poll(() => page.getByTestId('chart-paid-by-month').locator('svg.recharts-surface').count(), { timeout: 20_000 })
    .toBeGreaterThan(0);
  await expect.poll(() => page.getByTestId('status-distribution').locator('svg').count()).toBeGreaterThan(0);
}

async function visitPayouts(page: Page) {
  await nav(page, 'Payouts');
  await expect.poll(() => page.getByTestId('payout-row').count(), { timeout: 20_000 }).toBeGreaterThan(10);
}

async function visitCreators(page: Page) {
  await nav(page, 'Creators');
  await expect.poll(() => page.getByTestId('creator-row').count(), { timeout: 20_000 }).toBeGreaterThan(5);
}

async function visitCampaigns(page: Page) {
  await nav(page, 'Campaigns');
  await expect.poll(() => page.getByTestId('campaign-row').count(), { timeout: 20_000 }).toBeGreaterThan(0);
}

async function visitApprovals(page: Page) {
  await nav(page, 'Approvals');
  await expect.poll(() => heading(page, 'Approvals').isVisible()).toBe(true);
  await expect
    .poll(async () => (await page.getByTestId('approval-row').count()) + (await page.getByTestId('approvals-empty').count()), {
      timeout: 20_000,
    })
    .toBeGreaterThan(0);
}

async function visitAttention(page: Page) {
  await nav(page, 'Attention');
  await expect.poll(() => heading(page, 'Attention').isVisible()).toBe(true);
  await expect
    .poll(async () => (await page.getByTestId('attention-row').count()) + (await page.getByTestId('attention-empty').count()), {
      timeout: 20_000,
    })
    .toBeGreaterThan(0);
}

async function visitConnections(page: Page) {
  await nav(page, 'Connections');
  await expect.poll(() => page.getByTestId('connection-card').count(), { timeout: 20_000 }).toBe(5);
}

async function visitAudit(page: Page) {
  await nav(page, 'Audit log');
  await expect.poll(() => page.getByTestId('audit-row').count(), { timeout: 20_000 }).toBeGreaterThan(0);
}

async function visitSettings(page: Page) {
  await nav(page, 'Settings');
  await expect.poll(() => page.getByTestId('settings-info').isVisible(), { timeout: 20_000 }).toBe(true);
  await expect.poll(() => page.getByTestId('policy-settings').isVisible(), { timeout: 20_000 }).toBe(true);
}

/** Opens the creator page of the first person with payouts. */
async function openCreatorWithPayouts(page: Page) {
  const rows = page.getByTestId('creator-row');
  const counts = await rows.evaluateAll((els) =>
    els.map((el) => Number((el.querySelectorAll('td')[3]?.textContent ?? '0').replace(/\D/g, ''))),
  );
  const index = counts.findIndex((n) => n > 0);
  expect(index).toBeGreaterThanOrEqual(0);
  await rows.nth(index).click();
  const creatorPage = page.getByTestId('creator-page');
  await expect.poll(() => creatorPage.isVisible(), { timeout: 10_000 }).toBe(true);
  await expect.poll(() => page.getByTestId('creator-payout-row').count(), { timeout: 20_000 }).toBeGreaterThan(0);
  return counts[index]!;
}

async function payoutStatuses(page: Page): Promise<string[]> {
  return page
    .getByTestId('payout-row')
    .evaluateAll((els) => els.map((el) => el.querySelector('[data-status]')?.getAttribute('data-status') ?? ''));
}

describe('Every screen, in the demo workspace', () => {
  it('creates the demo workspace and signs in as its admin', async () => {
    const { page, host } = ctx;
    await startDemoAs(page, host.url, 'Carol');
    await expect.poll(() => page.getByTestId('demo-banner').isVisible()).toBe(true);
  });

  it('Overview: charts, stat cards and data freshness; a card opens its screen', async () => {
    const { page } = ctx;
    // Overview is first in the navigation.
    const first = page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link').first();
    expect(await first.innerText()).toMatch(/^Overview/);
    await visitOverview(page);
    for (const id of ['stat-awaiting-approval', 'stat-approved-not-sent', 'stat-attention', 'stat-total']) {
      await expect.poll(() => page.getByTestId(id).isVisible()).toBe(true);
    }
    expect(Number((await page.getByTestId('stat-total').getByTestId('stat-count').innerText()).replace(/\D/g, ''))).toBeGreaterThan(100);
    expect(await page.getByTestId('paid-year-total').innerText()).toMatch(/\d/);
    expect(await page.getByTestId('provider-totals').innerText()).toMatch(/\d/);
    expect(await page.getByTestId('status-count').count()).toBeGreaterThan(1);
    await expect.poll(() => page.getByTestId('sync-freshness').innerText()).toMatch(/synced .+ ago/);
    await settle(page);
    await screenshot(page, 'overview-light');
    await page.screenshot({ path: join(ARTIFACTS, 'overview-full-light.png'), fullPage: true });

    // The tooltip of the latest month shows an exact amount, not the plotted float.
    const plot = await page.getByTestId('chart-paid-by-month').locator('svg.recharts-surface').first().boundingBox();
    expect(plot).not.toBeNull();
    await page.mouse.move(plot!.x + plot!.width - 25, plot!.y + plot!.height / 2);
    const tip = page.getByTestId('chart-tooltip');
    await expect.poll(() => tip.isVisible(), { timeout: 5_000 }).toBe(true);
    expect(await tip.innerText()).toMatch(/[$€£]\s?[\d,]+\.\d{2}[\s\S]*paid payout/);
    await settle(page);

    await page.getByTestId('stat-attention').click();
    await expect.poll(() => heading(page, 'Attention').isVisible()).toBe(true);
  });

  it('Payouts: a status filter, FTS operators as plain text, amount letters and an impossible date range stay inline', async () => {
    const { page } = ctx;
    await visitPayouts(page);
    await settle(page);
    await screenshot(page, 'payouts-light');
    // No cell's text runs into the next column (a "first seen" date is longer than its column: it takes two lines).
    const overflowing = await page
      .getByTestId('payout-row')
      .first()
      .evaluate((row) => Array.from(row.querySelectorAll('td')).filter((td) => td.scrollWidth > td.clientWidth + 1).length);
    expect(overflowing).toBe(0);

    // A status badge's tooltip names the provider's own status (mounted at the first hover, open at the next move).
    const badge = page.getByTestId('payout-row').first().locator('[data-status]');
    await badge.hover({ position: { x: 4, y: 4 } });
    await badge.hover({ position: { x: 10, y: 6 } });
    await expect
      .poll(
        () =>
          page
            .getByRole('tooltip')
            .innerText({ timeout: 1_000 })
            .catch(() => ''),
        { timeout: 5_000 },
      )
      .toMatch(/^Provider status: \S/);
    await page.mouse.move(0, 0);

    // Status: Paid only.
    await page.getByLabel('Status', { exact: true }).click();
    await page.getByRole('option', { name: 'Paid', exact: true }).click();
    await page.keyboard.press('Escape');
    await expect
      .poll(
        async () => {
          const statuses = await payoutStatuses(page);
          return statuses.length > 0 && statuses.every((s) => s === 'paid');
        },
        { timeout: 15_000 },
      )
      .toBe(true);

    // FTS syntax is searched as text: no error page, no error message.
    const search = page.getByLabel('Search');
    await search.fill('"*NEAR -');
    await page.waitForTimeout(800);
    await expect
      .poll(async () => (await page.getByTestId('payout-row').count()) + (await page.getByTestId('payouts-no-matches').count()), {
        timeout: 15_000,
      })
      .toBeGreaterThan(0);
    expect(await page.getByTestId('error-alert').count()).toBe(0);
    expect(await search.getAttribute('aria-invalid')).not.toBe('true');
    await search.fill('');

    // Letters in an amount: the message is under the field, the list stays.
    await page.getByTestId('payouts-more-filters').click();
    const min = page.getByLabel('Min amount');
    await min.fill('12abc');
    await expect
      .poll(() => page.getByText('Use digits with an optional dot, e.g. 100.50').first().isVisible(), { timeout: 10_000 })
      .toBe(true);
    expect(await min.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('error-alert').count()).toBe(0);
    await min.fill('');

    // A range whose start is after its end: main's message, under "To".
    await page.getByLabel('From', { exact: true }).fill('2025-06-10');
    await page.getByLabel('To', { exact: true }).fill('2025-06-01');
    await expect.poll(() => page.getByText('The start date is after the end date.').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await page.getByTestId('error-alert').count()).toBe(0);
    await settle(page);
    await screenshot(page, 'payouts-bad-input-light');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => page.getByTestId('payout-row').count(), { timeout: 15_000 }).toBeGreaterThan(10);
  });

  it('Payouts: Export CSV downloads the filtered view with a totals row', async () => {
    const { page } = ctx;
    await page.getByLabel('Status', { exact: true }).click();
    await page.getByRole('option', { name: 'Paid', exact: true }).click();
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await payoutStatuses(page)).every((s) => s === 'paid'), { timeout: 15_000 }).toBe(true);

    const downloadPromise = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const lines = readFileSync(await download.path(), 'utf8')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toContain('amount');
    const totals = lines.filter((l) => l.startsWith('TOTAL'));
    expect(totals.length).toBeGreaterThan(0);
    const body = lines.slice(1).filter((l) => !l.startsWith('TOTAL'));
    expect(body.length).toBeGreaterThan(0);
    expect(body.every((l) => l.includes(',paid,'))).toBe(true);
    const notice = page.getByTestId('export-result');
    await expect
      .poll(() => notice.innerText(), { timeout: 10_000 })
      .toMatch(new RegExp(`Exported ${body.length.toLocaleString('en-US')} payout`));
    // Main built the file on its reader worker and reported progress up to the last row beside the button.
    const progress = page.getByTestId('task-progress-payouts.exportCsv');
    await expect.poll(() => progress.getAttribute('data-finished'), { timeout: 10_000 }).toBe('true');
    expect([await progress.getAttribute('data-done'), await progress.getAttribute('data-total')]).toEqual([
      String(body.length),
      String(body.length),
    ]);
    expect(await progress.innerText()).toBe(
      `Exported ${body.length.toLocaleString('en-US')} of ${body.length.toLocaleString('en-US')} payouts`,
    );
    await page.getByRole('button', { name: 'Clear filters' }).click();
  });

  it('Payouts: the drawer shows audit events and the provider JSON', async () => {
    const { page } = ctx;
    await expect.poll(() => page.getByTestId('payout-row').count(), { timeout: 15_000 }).toBeGreaterThan(10);
    await page.getByTestId('payout-row').first().click();
    const drawer = page.getByTestId('payout-drawer');
    await expect.poll(() => drawer.isVisible(), { timeout: 10_000 }).toBe(true);
    await expect
      .poll(async () => (await drawer.getByTestId('payout-audit').count()) + (await drawer.getByTestId('payout-audit-empty').count()), {
        timeout: 10_000,
      })
      .toBe(1);
    await drawer.getByRole('button', { name: 'Provider data (JSON)' }).click();
    const raw = drawer.getByTestId('payout-raw');
    await expect.poll(() => raw.isVisible()).toBe(true);
    // A synced payout carries the provider's own JSON.
    expect((await raw.innerText()).trim()).toMatch(/^[{[]/);
    await page.keyboard.press('Escape');
    await expect.poll(() => drawer.count(), { timeout: 5_000 }).toBe(0);
  });

  it('Approvals and Attention', async () => {
    const { page } = ctx;
    await visitApprovals(page);
    await settle(page);
    await screenshot(page, 'approvals-light');
    await visitAttention(page);
    await settle(page);
    await screenshot(page, 'attention-light');
  });

  it('Creators: one list across providers; a creator page with totals and payouts', async () => {
    const { page } = ctx;
    await visitCreators(page);
    expect(await page.getByTestId('creators-table').getByTestId('provider-badge').count()).toBeGreaterThan(0);
    await settle(page);
    await screenshot(page, 'creators-light');

    const payoutCount = await openCreatorWithPayouts(page);
    expect(await page.getByTestId('creator-name').innerText()).not.toBe('');
    expect(await page.getByTestId('creator-details').isVisible()).toBe(true);
    expect(await page.getByTestId('creator-payout-row').count()).toBe(Math.min(payoutCount, 50));
    await settle(page);
    await screenshot(page, 'creator-page-light');

    // A payout of the creator opens the shared drawer; back to the list afterwards.
    await page.getByTestId('creator-payout-row').first().click();
    await expect.poll(() => page.getByTestId('payout-drawer').isVisible(), { timeout: 10_000 }).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('payout-drawer').count(), { timeout: 5_000 }).toBe(0);
    await expect.poll(() => page.getByTestId('creator-page').isVisible()).toBe(true);
    await page.getByTestId('creator-back').click();
    await expect.poll(() => page.getByTestId('creators-table').isVisible()).toBe(true);
  });

  it('Campaigns: paid and pending totals; a campaign opens its payouts', async () => {
    const { page } = ctx;
    await visitCampaigns(page);
    await settle(page);
    await screenshot(page, 'campaigns-light');
    const rows = page.locator('[data-testid="campaign-row"][data-kind="provider"]');
    const counts = await rows.evaluateAll((els) =>
      els.map((el) => Number((el.querySelectorAll('td')[4]?.textContent ?? '0').replace(/\D/g, ''))),
    );
    const index = counts.findIndex((n) => n > 0);
    expect(index).toBeGreaterThanOrEqual(0);
    const row = rows.nth(index);
    const name = (await row.locator('td').first().innerText()).split('\n')[0]!.trim();
    await row.click();
    await expect.poll(() => heading(page, 'Payouts').isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => page.getByTestId('filter-campaign').inputValue()).toContain(name);
    await expect.poll(() => page.getByTestId('payout-row').count(), { timeout: 15_000 }).toBe(Math.min(counts[index]!, 100));
    await page.getByRole('button', { name: 'Clear filters' }).click();
  });

  it('Connections, Audit log and Settings', async () => {
    const { page } = ctx;
    await visitConnections(page);
    await settle(page);
    await screenshot(page, 'connections-light');
    await visitAudit(page);
    await settle(page);
    await screenshot(page, 'audit-light');
    await visitSettings(page);
    await settle(page);
    await screenshot(page, 'settings-light');
  });

  it('shows the offline banner when the browser goes offline', async () => {
    const { page } = ctx;
    await visitOverview(page);
    const setOnline = (online: boolean) =>
      page.evaluate((value) => {
        Object.defineProperty(window.navigator, 'onLine', { configurable: true, get: () => value });
        window.dispatchEvent(new Event(value ? 'online' : 'offline'));
      }, online);
    await setOnline(false);
    const banner = page.getByTestId('offline-banner');
    await expect.poll(() => banner.isVisible()).toBe(true);
    expect(await banner.innerText()).toBe('Offline — showing cached data; sending is disabled');
    await settle(page);
    await screenshot(page, 'overview-offline-light');
    await setOnline(true);
    await expect.poll(() => banner.count()).toBe(0);
  });

  it('every main screen in the dark theme', async () => {
    const { page } = ctx;
    await page.getByRole('button', { name: 'Toggle color scheme' }).click();
    await expect.poll(() => page.locator('html').getAttribute('data-mantine-color-scheme')).toBe('dark');
    await page.mouse.move(0, 0);

    await visitOverview(page);
    await settle(page);
    await screenshot(page, 'overview-dark');
    await visitPayouts(page);
    await settle(page);
    await screenshot(page, 'payouts-dark');
    await page.getByTestId('payout-row').first().click();
    await expect.poll(() => page.getByTestId('payout-drawer').isVisible(), { timeout: 10_000 }).toBe(true);
    await settle(page);
    await screenshot(page, 'payout-drawer-dark');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('payout-drawer').count(), { timeout: 5_000 }).toBe(0);
    await visitApprovals(page);
    await settle(page);
    await screenshot(page, 'approvals-dark');
    await visitAttention(page);
    await settle(page);
    await screenshot(page, 'attention-dark');
    await visitCreators(page);
    await settle(page);
    await screenshot(page, 'creators-dark');
    await openCreatorWithPayouts(page);
    await settle(page);
    await screenshot(page, 'creator-page-dark');
    await visitCampaigns(page);
    await settle(page);
    await screenshot(page, 'campaigns-dark');
    await visitConnections(page);
    await settle(page);
    await screenshot(page, 'connections-dark');
    await visitAudit(page);
    await settle(page);
    await screenshot(page, 'audit-dark');
    await visitSettings(page);
    await settle(page);
    await screenshot(page, 'settings-dark');

    // Back to light, so the choice does not leak into anything that reuses this profile.
    await page.getByRole('button', { name: 'Toggle color scheme' }).click();
    await expect.poll(() => page.locator('html').getAttribute('data-mantine-color-scheme')).toBe('light');
  });
});
