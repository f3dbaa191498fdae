/**
 * The browser host's credentials and origin checks as a real browser meets them: the launch token leaves the
 * address bar at once and works once, the session cookie keeps the page signed in across a reload, and a page
 * on another local port can neither use the socket nor take the host down.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2EContext } from './harness';

let ctx: E2EContext;
let other: Server;
let otherOrigin: string;

beforeAll(async () => {
  ctx = await startE2E();
  const port = new URL(ctx.host.origin).port;
  // Another local web page: it tries a malformed request and a socket with the cookie the browser holds.
  other = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html>
      <img src="http://127.0.0.1:${port}/%">
      <img src="http://127.0.0.1:${port}/%E0%A4%A">
      <script>
        const ws = new WebSocket('ws://127.0.0.1:${port}/api');
        ws.onopen = () => { document.title = 'opened'; };
        ws.onerror = () => { document.title = 'refused'; };
      </script>`);
  });
  await new Promise<void>((r) => other.listen(0, '127.0.0.1', () => r()));
  otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => other?.close(r));
  await ctx?.close();
});

const welcome = (page: E2EContext['page']) => page.getByRole('button', { name: 'Try the demo workspace' });

describe('browser host sessions', () => {
  it('takes the token out of the address bar and stays signed in across a reload', async () => {
    const { page, host } = ctx;
    const link = host.url;
    await page.goto(link);
    await expect.poll(() => welcome(page).isVisible(), { timeout: 30_000 }).toBe(true);
    expect(page.url()).not.toContain('token');
    expect(await page.evaluate(() => document.cookie)).toBe(''); // HttpOnly: the page cannot read it

    await page.reload();
    await expect.poll(() => welcome(page).isVisible(), { timeout: 30_000 }).toBe(true);

    // The same link in another browser profile is worthless now.
    const stranger = await ctx.browser.newContext();
    const strangerPage = await stranger.newPage();
    await strangerPage.goto(link);
    const opened = await strangerPage.evaluate(
      (url) =>
        new Promise<boolean>((resolve) => {
          const ws = new WebSocket(url);
          ws.onopen = () => resolve(true);
          ws.onerror = () => resolve(false);
        }),
      `${host.origin.replace('http', 'ws')}/api?token=${new URL(link).hash.slice('#token='.length)}`,
    );
    expect(opened).toBe(false);
    await stranger.close();
  });

  it('a page on another local port can neither use the session nor end the host', async () => {
    const { page, browser, host } = ctx;
    // The signed-in page's own tab goes there, so the session cookie would be sent if the origin were not checked.
    await page.goto(otherOrigin);
    await expect.poll(() => page.title(), { timeout: 10_000 }).toBe('refused');
    expect(browser.isConnected()).toBe(true);
    // The host is still there, and the cookie still signs its own page in (no token in this address).
    await page.goto(`${host.origin}/`);
    await expect.poll(() => welcome(page).isVisible(), { timeout: 30_000 }).toBe(true);
  });
});
