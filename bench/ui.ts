/**
 * The UI in Debian's Chromium through the browser host (the real services on the generated database):
 *  - first table: from navigation to the first `[data-testid="payout-row"]` visible (Payouts opened directly with
 *    ?screen=payouts; the workspace has connections, so no welcome screen). The first run includes Chromium's
 *    renderer start; later runs are new tabs.
 *  - filter change: set a value in the native 'Connection' / 'Currency' selects (input + change events, as a user's
 *    choice fires) and time, inside the page, until the first animation frame whose visible rows differ.
 *  - search: typing in 'Search' to the changed table; includes the screen's 300 ms debounce (informational).
 *  - renderer JS heap (CDP Performance.getMetrics JSHeapUsedSize): after the first table, and at the end after
 *    the filter changes and scrolling through ~10 pages (the table loads more as you scroll).
 */
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { startBrowserHost } from '../src-main/api/browser-host/host';
import { launchChromium } from '../test/support/chromium';
import { CONNECTIONS } from './generate';
import { dataRoot, log, median, projectRoot, round, summarize, type Summary } from './lib/common';
import { topSelfTime } from './lib/profile';
import { timeStatements } from './lib/statement-timing';
import { benchKeychain } from './lib/workspace';
import { benchUiScreens, signInThroughUi, type ScreenUiResult } from './ui-screens';

export interface ApiCall {
  op: string;
  sentAtMs: number;
  ms: number;
}

export interface UiResult {
  /** WebSocket API calls of the first navigation, in order, with their round-trip times. */
  firstLoadCalls: ApiCall[];
  /** API calls made by the filter changes (op → count, p50 and max ms). */
  filterChangeCalls: Record<string, { n: number; p50: number; max: number }>;
  firstTableMs: number[];
  firstTableMedianMs: number;
  filterChange: Summary;
  filterChangeSamples: Array<{ what: string; ms: number }>;
  searchWithDebounce: Summary;
  heapAfterFirstTableMb: number;
  heapMaxMb: number;
  rowsLoadedAtEnd: number;
  rendererBuilt: boolean;
  /** Statements in the host that took ≥ 2 ms. */
  slowStatements: Array<{ sql: string; ms: number; phase: string }>;
  firstLoadTimeline: {
    htmlMs: number;
    scriptsLoadedMs: number;
    scriptBytes: number;
    domContentLoadedMs: number;
    firstContentfulPaintMs: number | null;
    rowsVisibleByMs: number;
  };
  filterChangeProfile?: { file: string; top: Array<{ fn: string; selfMs: number; pct: number }> };
  /** Every screen from navigation to rows, a creator search and page, the audit filter and Verify. */
  screens: ScreenUiResult[];
}

const rendererDir = join(projectRoot, 'out/renderer');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds the renderer when out/renderer is missing or older than src-renderer (or when forced). */
export function ensureRenderer(force = false): boolean {
  const index = join(rendererDir, 'index.html');
  const stale = !existsSync(index) || newestMtime(join(projectRoot, 'src-renderer')) > statSync(index).mtimeMs;
  if (!force && !stale) return false;
  log('ui: building the renderer (npx electron-vite build)');
  execFileSync('npx', ['electron-vite', 'build'], { cwd: projectRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  return true;
}

async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
  await cdp.detach();
  return round((metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN) / 2 ** 20, 1);
}

const rowsSignature = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll('[data-testid="payout-row"]'))
      .map((r) => r.textContent)
      .join('|'),
  );

async function timeChange(page: Page, act: () => Promise<unknown>): Promise<number> {
  const before = await rowsSignature(page);
  const t0 = performance.now();
  await act();
  await page.waitForFunction(
    (previous) => {
      const rows = document.querySelectorAll('[data-testid="payout-row"]');
      if (rows.length === 0) return false;
      return (
        Array.from(rows)
          .map((r) => r.textContent)
          .join('|') !== previous
      );
    },
    before,
    { polling: 'raf', timeout: 30_000 },
  );
  return performance.now() - t0;
}

/**
 * Changes a native select (or types into a text field: its value set as a keystroke sets it, then the input event)
 * inside the page and times, in the page, until a frame shows different rows: no Playwright round trips in the figure.
 * (A string script: tsx would wrap named inner functions in __name.)
 */
async function timeSelect(page: Page, select: ReturnType<Page['getByLabel']>, value: string, typed = false): Promise<number> {
  await select.evaluate((el) => el.setAttribute('data-bench-select', '1'));
  const script = `(async () => {
    const select = document.querySelector('[data-bench-select]');
    select.removeAttribute('data-bench-select');
    const signature = () => Array.from(document.querySelectorAll('[data-testid="payout-row"]')).map((r) => r.textContent).join('|');
    const before = signature();
    const t0 = performance.now();
    if (${JSON.stringify(typed)}) {
      // React follows a field through the native value setter and the input event, as when a key is pressed.
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(select, ${JSON.stringify(value)});
      select.dispatchEvent(new Event('input', { bubbles: true }));
    } else {
      select.value = ${JSON.stringify(value)};
      select.dispatchEvent(new Event('input', { bubbles: true }));
      select.dispatchEvent(new Event('change', { bubbles: true }));
    }
    return await new Promise((resolve, reject) => {
      const tick = () => {
        if (document.querySelectorAll('[data-testid="payout-row"]').length && signature() !== before) resolve(performance.now() - t0);
        else if (performance.now() - t0 > 30000) reject(new Error('the table did not change'));
        else requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
  })()`;
  return (await page.evaluate(script)) as number;
}

export async function benchUi(
  dataDir: string,
  options: {
    firstTableRuns: number;
    changes: number;
    searches: number;
    buildRenderer?: boolean;
    profile?: boolean;
    screenRuns?: number;
    /** Searches and filters typed on the other screens (bench/ui-screens.ts). */
    screenTyped?: number;
    /** Mouse-wheel steps of 1,500 px through the payouts table before the heap is read (40: about ten pages). */
    scrollSteps?: number;
  },
): Promise<UiResult> {
  const rendererBuilt = ensureRenderer(options.buildRenderer);
  // The keychain stand-in beside the generated database (bench/lib/workspace.ts): its audit trail stays anchored.
  const host = await startBrowserHost({ dataDir, version: 'bench', rendererDir, credentials: benchKeychain(dataDir) });
  if (host.services.operatorStore.count() === 0) throw new Error('run the screens benchmark first: it creates the bench operator');
  // Every statement the host runs that takes 2 ms or more, with its SQL: where main-process time goes.
  const slowStatements: Array<{ sql: string; ms: number; phase: string }> = [];
  let phase = 'first load';
  timeStatements(host.services.db, (sql, _params, ms) => {
    if (ms < 2) return;
    const text = sql.replace(/\s+/g, ' ').trim();
    slowStatements.push({ sql: text.length > 260 ? `${text.slice(0, 60)} … ${text.slice(-200)}` : text, ms: round(ms, 1), phase });
  });
  // Server-side time of each payouts.list (the query and row mapping), to separate it from transport and rendering.
  const serverListMs: number[] = [];
  const list = host.services.payouts.list.bind(host.services.payouts);
  host.services.payouts.list = (input) => {
    const t = performance.now();
    try {
      return list(input);
    } finally {
      serverListMs.push(performance.now() - t);
    }
  };
  const browser = await launchChromium();
  const url = `${host.origin}/?screen=payouts#token=${host.token}`;
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    // The desk has a sign-in gate: the bench operator signs in once, in a tab of its own (the session lives in main).
    const signInPage = await context.newPage();
    await signInThroughUi(signInPage, url);
    await signInPage.close();
    const firstTableMs: number[] = [];
    let page: Page | null = null;
    let calls: ApiCall[] = [];
    let traceStart = 0;
    const trace = (p: Page) =>
      p.on('websocket', (ws) => {
        const sent = new Map<number, { op: string; at: number }>();
        ws.on('framesent', (frame) => {
          const parsed = JSON.parse(String(frame.payload)) as { id?: number; op?: string };
          if (typeof parsed.id === 'number' && parsed.op) sent.set(parsed.id, { op: parsed.op, at: performance.now() });
        });
        ws.on('framereceived', (frame) => {
          const text = String(frame.payload);
          const id = /^\{"id":(\d+)/.exec(text)?.[1];
          const call = id ? sent.get(Number(id)) : undefined;
          if (call) calls.push({ op: call.op, sentAtMs: round(call.at - traceStart, 0), ms: round(performance.now() - call.at, 1) });
        });
      });
    for (let run = 0; run < options.firstTableRuns; run += 1) {
      if (page) await page.close();
      page = await context.newPage();
      trace(page);
      calls = [];
      const t0 = performance.now();
      traceStart = t0;
      await page.goto(url, { waitUntil: 'commit' });
      await page.locator('[data-testid="payout-row"]').first().waitFor({ state: 'visible', timeout: 60_000 });
      firstTableMs.push(round(performance.now() - t0, 0));
    }
    page = page!;
    // Where the last navigation's time went, from the page's own clock (ms since navigation start).
    const firstLoadTimeline = (await page.evaluate(`(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const scripts = performance.getEntriesByType('resource').filter((r) => r.initiatorType === 'script' || r.name.endsWith('.js'));
      const fcp = performance.getEntriesByType('paint').find((p) => p.name === 'first-contentful-paint');
      return {
        htmlMs: Math.round(nav.responseEnd),
        scriptsLoadedMs: Math.round(Math.max(0, ...scripts.map((r) => r.responseEnd))),
        scriptBytes: scripts.reduce((s, r) => s + (r.decodedBodySize || 0), 0),
        domContentLoadedMs: Math.round(nav.domContentLoadedEventEnd),
        firstContentfulPaintMs: fcp ? Math.round(fcp.startTime) : null,
        rowsVisibleByMs: Math.round(performance.now()),
      };
    })()`)) as UiResult['firstLoadTimeline'];
    const firstLoadCalls = calls.sort((a, b) => a.sentAtMs - b.sentAtMs);
    log(
      `ui: first table ${firstTableMs.join(', ')} ms; last load: ${JSON.stringify(firstLoadTimeline)}; API calls of the last load: ${firstLoadCalls.map((c) => `${c.op} ${c.ms}`).join(', ')}`,
    );
    await page.waitForTimeout(500);
    const heapAfterFirstTableMb = await heapMb(page);

    // Filter changes: connections one after another, currencies, and back to all.
    const connection = page.getByLabel('Connection', { exact: true });
    const currency = page.getByLabel('Currency', { exact: true });
    const plan: Array<{ what: string; act: () => Promise<number> }> = [];
    const sequence: Array<['connection' | 'currency', string]> = [
      ...CONNECTIONS.map((c) => ['connection', c.id] as ['connection', string]),
      ['connection', ''],
      ['currency', 'EUR'],
      ['currency', 'GBP'],
      ['currency', 'USD'],
      ['currency', ''],
      ['connection', CONNECTIONS[0]!.id],
      ['currency', 'CHF'],
      ['currency', ''],
      ['connection', ''],
    ];
    for (let i = 0; i < options.changes; i += 1) {
      const [select, value] = sequence[i % sequence.length]!;
      plan.push({
        what: `${select}=${value || 'all'}`,
        act: () => timeSelect(page!, select === 'connection' ? connection : currency, value),
      });
    }
    const filterChangeSamples: Array<{ what: string; ms: number }> = [];
    await page.waitForTimeout(300);
    phase = 'filter changes';
    calls = [];
    const cdp = options.profile ? await page.context().newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    for (const step of plan) {
      const ms = await step.act();
      filterChangeSamples.push({ what: step.what, ms: round(ms, 1) });
      await page.waitForTimeout(150);
    }
    let profile: UiResult['filterChangeProfile'];
    if (cdp) {
      const { profile: raw } = (await cdp.send('Profiler.stop')) as unknown as { profile: Parameters<typeof topSelfTime>[0] };
      const dir = join(dataRoot, 'profiles');
      mkdirSync(dir, { recursive: true });
      const file = join(dir, 'ui-filter-changes.cpuprofile');
      writeFileSync(file, JSON.stringify(raw));
      profile = { file: relative(projectRoot, file), top: topSelfTime(raw, 20) };
      log(
        `ui: renderer profile of the filter changes: ${profile.file}\n${profile.top.map((t) => `  ${t.pct}%  ${t.selfMs} ms  ${t.fn}`).join('\n')}`,
      );
      await cdp.detach();
    }
    const filterChange = summarize(filterChangeSamples.map((s) => s.ms));
    const filterChangeCalls: UiResult['filterChangeCalls'] = {};
    for (const op of new Set(calls.map((c) => c.op))) {
      const summary = summarize(calls.filter((c) => c.op === op).map((c) => c.ms));
      filterChangeCalls[op] = { n: summary.n, p50: summary.p50, max: summary.max };
    }
    log(
      `ui: API calls during filter changes: ${JSON.stringify(filterChangeCalls)}; payouts.list in main: ${JSON.stringify(summarize(serverListMs))}`,
    );
    log(`ui: filter change p50 ${filterChange.p50} ms, p95 ${filterChange.p95} ms`);

    phase = 'search and scroll';
    const search = page.getByLabel('Search', { exact: true });
    const words = ['Ava', 'Nguyen', 'sofia', 'Omar Patel', 'Livestream'];
    const searchSamples: number[] = [];
    for (let i = 0; i < options.searches; i += 1) {
      // Timed in the page like the filter changes (no Playwright round trips), from the typed text to the new rows.
      searchSamples.push(await timeSelect(page, search, words[i % words.length]!, true));
      await page.waitForTimeout(150);
    }
    await timeChange(page, () => search.fill(''));
    const searchWithDebounce = summarize(searchSamples);
    log(`ui: search (incl. 300 ms debounce) p50 ${searchWithDebounce.p50} ms`);

    // Scroll through about ten pages: the table fetches the next page as the end comes near.
    await page.locator('[data-testid="payout-row"]').first().hover();
    for (let i = 0; i < (options.scrollSteps ?? 40); i += 1) {
      await page.mouse.wheel(0, 1500);
      await page.waitForTimeout(60);
    }
    await page.waitForTimeout(500);
    const rowsLoadedAtEnd = await page.evaluate(() => {
      const rows = document.querySelectorAll('[data-testid="payout-row"]');
      const last = rows[rows.length - 1];
      return last ? Number(last.getAttribute('data-index')) + 1 : 0;
    });
    const heapEndMb = await heapMb(page);
    await page.close();
    phase = 'screens';
    const screens = await benchUiScreens(context, host.origin, host.token, options.screenRuns ?? 2, options.screenTyped);
    for (const st of slowStatements
      .filter((x) => x.phase === 'first load')
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 8))
      log(`ui: slow statement (first loads) ${st.ms} ms: ${st.sql}`);
    log(`ui: heap ${heapAfterFirstTableMb} MB after the first table, ${heapEndMb} MB at the end`);
    return {
      ...(profile ? { filterChangeProfile: profile } : {}),
      slowStatements,
      firstLoadTimeline,
      firstLoadCalls,
      filterChangeCalls,
      firstTableMs,
      firstTableMedianMs: median(firstTableMs),
      filterChange,
      filterChangeSamples,
      searchWithDebounce,
      heapAfterFirstTableMb,
      heapMaxMb: Math.max(heapAfterFirstTableMb, heapEndMb),
      rowsLoadedAtEnd,
      rendererBuilt,
      screens,
    };
  } finally {
    await browser.close();
    await host.close();
  }
}
