import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startBrowserHost, type BrowserHost } from '../../src-main/api/browser-host/host';
import { KeytarCredentialStore } from '../../src-main/credentials/keytar-store';
import { tempDataDir } from '../helpers/temp-dir';

export const ARTIFACTS = resolve('test-results');

export interface E2EContext {
  host: BrowserHost;
  browser: Browser;
  page: Page;
  dataDir: string;
  close(): Promise<void>;
}

/** A browser host on an empty temporary data directory, and Debian's Chromium pointed at it. */
export async function startE2E(options: { demoPayouts?: number; colorScheme?: 'light' | 'dark' } = {}): Promise<E2EContext> {
  const { dir, cleanup } = tempDataDir();
  const host = await startBrowserHost({
    dataDir: dir,
    version: 'e2e',
    rendererDir: resolve('out/renderer'),
    credentials: new KeytarCredentialStore('Paydesk-e2e'),
    demo: { payoutsPerProvider: options.demoPayouts ?? 150 },
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: options.colorScheme ?? 'light' });
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

export const screenshot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
