/**
 * Browser-host start-up to first rendered screen: host start (services + database + HTTP) and the UI's first
 * paint of the first-admin set-up screen (what an empty workspace opens on) in Debian's Chromium, on an empty
 * temporary data directory. Prints milliseconds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startBrowserHost } from '../src-main/api/browser-host/host';
import { launchChromium } from '../test/support/chromium';
import { MemoryCredentialStore } from './lib/common';

export async function measureFirstScreen(runs = 3): Promise<{ hostStartMs: number; firstScreenMs: number }[]> {
  const results = [];
  const browser = await launchChromium();
  try {
    for (let i = 0; i < runs; i += 1) {
      const dir = mkdtempSync(join(tmpdir(), 'paydesk-bench-'));
      const t0 = performance.now();
      const host = await startBrowserHost({
        dataDir: dir,
        version: 'bench',
        rendererDir: resolve('out/renderer'),
        credentials: new MemoryCredentialStore(),
      });
      const hostStartMs = performance.now() - t0;
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(host.url);
      // An empty workspace opens on its first admin's set-up (the sign-in gate), with the demo offered beside it.
      await page.getByTestId('setup-screen').waitFor({ state: 'visible', timeout: 60_000 });
      const firstScreenMs = performance.now() - t0;
      results.push({ hostStartMs: Math.round(hostStartMs), firstScreenMs: Math.round(firstScreenMs) });
      await page.close();
      await host.close();
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    await browser.close();
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await measureFirstScreen());
}
