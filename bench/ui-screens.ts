/**
 * Every screen in Chromium through the browser host, from navigation to its rows: Overview, Payouts, Approvals,
 * Attention, Creators (and a search), a creator page, Campaigns, the Audit log (list, a filter, Verify). Each
 * navigation is a new tab on the screen's address (?screen=…), signed in already (the session lives in main).
 */
import type { BrowserContext, Page } from 'playwright-core';
import { log, median, round } from './lib/common';
import { BENCH_OPERATOR } from './lib/workspace';

export interface ScreenUiResult {
  screen: string;
  what: string;
  ms: number[];
  medianMs: number;
}

/** What shows that a screen has its rows (or says it has none). */
const READY: Record<string, string> = {
  overview: '[data-testid="stat-count"], [data-testid="overview-empty"]',
  payouts: '[data-testid="payout-row"], [data-testid="payouts-empty"]',
  approvals: '[data-testid="approval-row"], [data-testid="approvals-empty"]',
  attention: '[data-testid="attention-row"], [data-testid="attention-empty"]',
  creators: '[data-testid="creator-row"], [data-testid="creators-empty"]',
  campaigns: '[data-testid="campaign-row"], [data-testid="campaigns-empty"]',
  audit: '[data-testid="audit-row"], [data-testid="audit-empty"]',
};

/** Signs the bench operator in through the sign-in screen, as a person would. */
export async function signInThroughUi(page: Page, url: string): Promise<void> {
  await page.goto(url);
  const screen = page.getByTestId('sign-in-screen');
  await screen.waitFor({ state: 'visible', timeout: 60_000 });
  await screen.getByLabel('Name', { exact: true }).fill(BENCH_OPERATOR.name);
  await screen.getByLabel('Passphrase', { exact: true }).fill(BENCH_OPERATOR.passphrase);
  await screen.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('operator-name').waitFor({ state: 'visible', timeout: 30_000 });
}

/** The text of the rows a selector matches, to see when a table changed. */
const signature = (page: Page, selector: string) =>
  page.evaluate(
    (s) =>
      Array.from(document.querySelectorAll(s))
        .map((r) => r.textContent)
        .join('|'),
    selector,
  );

async function untilChanged(page: Page, selector: string, before: string, started: number): Promise<number> {
  await page.waitForFunction(
    ([s, previous]) => {
      const rows = document.querySelectorAll(s!);
      return (
        rows.length > 0 &&
        Array.from(rows)
          .map((r) => r.textContent)
          .join('|') !== previous
      );
    },
    [selector, before],
    { polling: 'raf', timeout: 120_000 },
  );
  return performance.now() - started;
}

/** `typed`: how many searches and filters are typed (creators search, audit filter); one more than `runs` by default. */
export async function benchUiScreens(
  context: BrowserContext,
  origin: string,
  token: string,
  runs: number,
  typed = Math.max(2, runs + 1),
): Promise<ScreenUiResult[]> {
  const url = (screen: string) => `${origin}/?screen=${screen}#token=${token}`;
  const results: ScreenUiResult[] = [];
  const record = (screen: string, what: string, ms: number[]) => {
    const r = { screen, what, ms: ms.map((m) => round(m, 0)), medianMs: round(median(ms), 0) };
    results.push(r);
    log(`ui screens: ${`${screen} · ${what}`.padEnd(44)} ${r.ms.join(', ')} ms`);
  };
  const open = async (screen: string): Promise<{ page: Page; ms: number }> => {
    const page = await context.newPage();
    const t0 = performance.now();
    await page.goto(url(screen), { waitUntil: 'commit' });
    await page.locator(READY[screen]!).first().waitFor({ state: 'visible', timeout: 120_000 });
    return { page, ms: performance.now() - t0 };
  };
  for (const screen of Object.keys(READY)) {
    const ms: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      const { page, ms: took } = await open(screen);
      ms.push(took);
      await page.close();
    }
    record(screen, 'navigation → rows', ms);
  }

  // Creators: a search typed (with the screen's debounce), and a creator page opened from the list.
  {
    const { page } = await open('creators');
    const search = page.getByTestId('creators-search');
    const searchMs: number[] = [];
    for (const word of ['ava', 'nguyen', 'sofia', 'omar', 'lind'].slice(0, typed)) {
      const before = await signature(page, '[data-testid="creator-row"]');
      const t0 = performance.now();
      await search.fill(word);
      searchMs.push(await untilChanged(page, '[data-testid="creator-row"]', before, t0));
    }
    record('creators', 'search typed → rows (incl. debounce)', searchMs);
    await search.fill('');
    await page.locator('[data-testid="creator-row"]').first().waitFor({ state: 'visible' });
    const pageMs: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      const t0 = performance.now();
      await page
        .locator('[data-testid="creator-row"]')
        .nth(i * 3)
        .click();
      await page
        .locator('[data-testid="creator-payout-row"], [data-testid="creator-totals"]')
        .first()
        .waitFor({ state: 'visible', timeout: 60_000 });
      await page
        .locator('[data-testid="creator-payout-row"]')
        .first()
        .waitFor({ state: 'visible', timeout: 60_000 })
        .catch(() => undefined);
      pageMs.push(performance.now() - t0);
      await page.getByTestId('creator-back').click();
      await page.locator('[data-testid="creator-row"]').first().waitFor({ state: 'visible' });
    }
    record('creator page', 'click → totals and payouts', pageMs);
    await page.close();
  }

  // Audit log: a filter typed, and Verify.
  {
    const { page } = await open('audit');
    const action = page.getByLabel('Action', { exact: true });
    const filterMs: number[] = [];
    for (const prefix of ['sync.', 'payout.approved', 'payout.sent', ''].slice(0, typed)) {
      const before = await signature(page, '[data-testid="audit-row"]');
      const t0 = performance.now();
      await action.fill(prefix);
      filterMs.push(await untilChanged(page, '[data-testid="audit-row"]', before, t0));
    }
    record('audit', 'filter typed → rows', filterMs);
    const verifyMs: number[] = [];
    const t0 = performance.now();
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByTestId('audit-verify-result').waitFor({ state: 'visible', timeout: 300_000 });
    verifyMs.push(performance.now() - t0);
    record('audit', 'Verify → result', verifyMs);
    await page.close();
  }
  return results;
}
