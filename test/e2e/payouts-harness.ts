import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startBrowserHost } from '../../src-main/api/browser-host/host';
import { KeytarCredentialStore } from '../../src-main/credentials/keytar-store';
import { tempDataDir } from '../helpers/temp-dir';
import { launchChromium } from '../support/chromium';
import { ARTIFACTS, type E2EContext } from './harness';

/**
 * Like startE2E, but the demo simulators move in-flight payouts along on a short timer and the status poller runs
 * often, so a test can watch statuses change within seconds (the app itself uses 15 s and 30 s).
 */
export async function startWorkflowE2E(
  options: { demoPayouts?: number; autoAdvanceMs?: number; pollMs?: number } = {},
): Promise<E2EContext> {
  const { dir, cleanup } = tempDataDir();
  const pollMs = options.pollMs ?? 1_500;
  const host = await startBrowserHost({
    dataDir: dir,
    version: 'e2e',
    rendererDir: resolve('out/renderer'),
    credentials: new KeytarCredentialStore('Paydesk-e2e'),
    demo: { payoutsPerProvider: options.demoPayouts ?? 60, autoAdvanceMs: options.autoAdvanceMs ?? 4_000 },
    payouts: { pollBaseMs: pollMs, pollMaxMs: pollMs * 2, pollTickMs: 500 },
  });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, colorScheme: 'light', acceptDownloads: true });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    host,
    browser,
    page,
    dataDir: dir,
    async close() {
      await browser.close();
      await host.close();
      cleanup();
      if (errors.length) throw new Error(`Uncaught errors in the page: ${errors.join(' | ')}`);
    },
  };
}
