import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, startDemoAs, startE2E, type E2EContext } from './harness';

let ctx: E2EContext;

/**
 * The demo simulators answer in milliseconds, so a sync would finish before anyone could look at its progress.
 * The page's WebSocket is routed through the test, which can hold back syncFinished events while the
 * progress UI is checked, then release them.
 */
let holdFinished = false;
let held: Array<() => void> = [];
function releaseFinished() {
  holdFinished = false;
  const pending = held;
  held = [];
  for (const send of pending) send();
}

beforeAll(async () => {
  ctx = await startE2E();
  await ctx.page.routeWebSocket(/\/api\?token=/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => server.send(message));
    server.onMessage((message) => {
      if (holdFinished && typeof message === 'string' && message.includes('"event":"syncFinished"')) {
        held.push(() => ws.send(message));
        return;
      }
      ws.send(message);
    });
  });
});
afterAll(async () => {
  releaseFinished();
  await ctx?.close();
});

describe('Syncing connections', () => {
  it('creates the demo workspace; the payouts header shows labelled Refresh and Sync all buttons', async () => {
    const { page, host } = ctx;
    await startDemoAs(page, host.url, 'Carol');

    for (const name of ['Refresh', 'Sync all']) {
      const button = page.getByRole('button', { name, exact: true });
      await expect.poll(() => button.isVisible()).toBe(true);
      expect((await button.innerText()).trim()).toBe(name);
      const box = await button.boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(60);
    }
  });

  it('syncs one demo connection with progress, then reports it finished and when it synced', async () => {
    const { page } = ctx;
    await page.getByRole('link', { name: 'Connections' }).click();
    const card = page.getByTestId('connection-card').filter({ hasText: 'Demo Talentir' });
    await expect.poll(() => card.isVisible(), { timeout: 20_000 }).toBe(true);

    // Demo connections cannot be edited; the other actions stay (archiving is the admin's, and Carol is one).
    expect(await card.getByRole('button', { name: 'Edit' }).count()).toBe(0);
    for (const name of ['Test', 'Sync now', 'Archive…']) expect(await card.getByRole('button', { name }).isVisible()).toBe(true);

    holdFinished = true;
    await card.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => card.getByTestId('connection-sync-progress').isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await card.getByRole('button', { name: 'Sync now' }).isDisabled()).toBe(true);
    expect(await card.getByRole('button', { name: 'Cancel sync' }).isVisible()).toBe(true);
    expect(await card.getByRole('progressbar').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('global-sync-indicator').innerText()).toBe('Syncing 1 connection…');
    const payouts = card.locator('[data-testid="sync-progress-resource"][data-resource="payouts"]');
    await expect.poll(() => payouts.getAttribute('data-done'), { timeout: 30_000 }).toBe('true');
    expect(await payouts.innerText()).toMatch(/^Payouts: [\d,]+ fetched$/);
    await screenshot(page, 'connections-sync-progress-light');

    releaseFinished();
    const notice = card.getByTestId('connection-sync-notice');
    await expect.poll(() => notice.isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await notice.getAttribute('data-status')).toBe('success');
    expect(await notice.innerText()).toMatch(/Sync finished/);
    await expect.poll(() => page.getByTestId('global-sync-indicator').count()).toBe(0);
    expect(await card.getByRole('button', { name: 'Sync now' }).isEnabled()).toBe(true);
    expect(await card.getByRole('button', { name: 'Cancel sync' }).count()).toBe(0);

    const payoutsRow = card.locator('[data-testid="sync-resource-row"][data-resource="payouts"]');
    await expect.poll(() => payoutsRow.getByTestId('sync-last-synced').innerText(), { timeout: 20_000 }).toMatch(/^synced .+ ago$/);
  });

  it('syncs all connections, with the app-wide indicator while they run', async () => {
    const { page } = ctx;
    const cards = page.getByTestId('connection-card');
    const total = await cards.count();
    expect(total).toBe(5);

    holdFinished = true;
    await page.getByRole('button', { name: 'Sync all' }).click();
    await expect
      .poll(() => page.getByTestId('global-sync-indicator').innerText(), { timeout: 20_000 })
      .toBe(`Syncing ${total} connections…`);
    const payoutsDone = page.locator('[data-testid="sync-progress-resource"][data-resource="payouts"][data-done="true"]');
    await expect.poll(() => payoutsDone.count(), { timeout: 60_000 }).toBe(total);
    await screenshot(page, 'connections-sync-all-progress-light');

    releaseFinished();
    await expect.poll(() => page.getByTestId('connection-sync-notice').count(), { timeout: 30_000 }).toBe(total);
    const statuses = await page.getByTestId('connection-sync-notice').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    expect(statuses).toEqual(Array(total).fill('success'));
    await expect.poll(() => page.getByTestId('global-sync-indicator').count()).toBe(0);
  });

  it('says what Talentir cannot do, and why', async () => {
    const { page } = ctx;
    const card = page.getByTestId('connection-card').filter({ hasText: 'Demo Talentir' });
    const createItem = card.locator('[data-testid="capability"][data-capability="createPayout"]');
    expect(await createItem.getAttribute('data-supported')).toBe('true');
    const creatorsItem = card.locator('[data-testid="capability"][data-capability="listCreators"]');
    expect(await creatorsItem.getAttribute('data-supported')).toBe('false');

    // The reason is in a tooltip…
    await creatorsItem.hover();
    await expect.poll(() => page.getByRole('tooltip').filter({ hasText: 'Talentir has no creator resource' }).isVisible()).toBe(true);
    await page.mouse.move(0, 0);

    // …and in the expandable list.
    await card.getByRole('button', { name: /What this provider cannot do/ }).click();
    const reasons = card.getByTestId('capability-reasons');
    await expect.poll(() => reasons.isVisible()).toBe(true);
    const reason = reasons.getByText(/Talentir has no creator resource/);
    await expect.poll(() => reason.isVisible()).toBe(true);
    expect(await reason.innerText()).toMatch(/Talentir.*creator/);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'connections-sync-light');
  });
});
