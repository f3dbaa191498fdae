import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../src-main/api/browser-host/host';
import { keychainUnavailable, type CredentialStore, type SecretFields } from '../../src-main/credentials/credential-store';
import { KeytarCredentialStore } from '../../src-main/credentials/keytar-store';
import { tempDataDir } from '../helpers/temp-dir';
import { launchChromium } from '../support/chromium';

export const ARTIFACTS = resolve('test-results');

export interface E2EContext {
  host: BrowserHost;
  browser: Browser;
  page: Page;
  dataDir: string;
  close(): Promise<void>;
}

/** A computer without a keychain: every call fails the way KeytarCredentialStore does without a Secret Service. */
export class MissingKeychain implements CredentialStore {
  save(): Promise<void> {
    return Promise.reject(keychainUnavailable('no Secret Service'));
  }
  load(): Promise<SecretFields | null> {
    return Promise.reject(keychainUnavailable('no Secret Service'));
  }
  remove(): Promise<boolean> {
    return Promise.reject(keychainUnavailable('no Secret Service'));
  }
  status() {
    return Promise.resolve({ available: false, message: keychainUnavailable().message });
  }
}

/** A browser host on an empty temporary data directory, and Debian's Chromium pointed at it. */
export async function startE2E(
  options: { demoPayouts?: number; colorScheme?: 'light' | 'dark'; credentials?: CredentialStore } = {},
): Promise<E2EContext> {
  const { dir, cleanup } = tempDataDir();
  const host = await startBrowserHost({
    dataDir: dir,
    version: 'e2e',
    rendererDir: resolve('out/renderer'),
    credentials: options.credentials ?? new KeytarCredentialStore('Paydesk-e2e'),
    demo: { payoutsPerProvider: options.demoPayouts ?? 150 },
  });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: options.colorScheme ?? 'light' });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message + (process.env.E2E_STACKS ? e.stack : '')));
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

/** The demo's operators (src-main/workspace/demo-operators.ts): Alice drafts, Bob approves and sends, Carol administers. */
export type DemoOperator = 'Alice' | 'Bob' | 'Carol';
export const demoPassphrase = (name: DemoOperator) => `${name.toLowerCase()}-demo-passphrase`;

const nav = (page: Page, name: string) =>
  page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: new RegExp(`^${name}\\b`) })
    .click();

/** Signs in by typing the name and passphrase, and waits for the desk to show the operator. */
export async function signIn(page: Page, name: string, passphrase: string): Promise<void> {
  const screen = page.getByTestId('sign-in-screen');
  await screen.getByLabel('Name', { exact: true }).fill(name);
  await screen.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await screen.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.getByTestId('operator-name').innerText(), { timeout: 20_000 }).toBe(name);
}

export async function signOut(page: Page): Promise<void> {
  await page.getByTestId('operator-bar').getByRole('button', { name: 'Sign out' }).click();
  await expect.poll(() => page.getByTestId('sign-in-screen').isVisible(), { timeout: 10_000 }).toBe(true);
}

/** From the setup screen of a new workspace: the demo, then the sign-in screen with its operators. */
export async function createDemo(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('button', { name: 'Try the demo workspace' }).click();
  await expect.poll(() => page.getByTestId('demo-operators').isVisible(), { timeout: 90_000 }).toBe(true);
}

/** The demo workspace with one of its operators signed in, on the Payouts screen with synced rows. */
export async function startDemoAs(page: Page, url: string, name: DemoOperator): Promise<void> {
  await createDemo(page, url);
  await signIn(page, name, demoPassphrase(name));
  await nav(page, 'Payouts');
  await expect.poll(() => page.getByTestId('payout-row').count(), { timeout: 60_000 }).toBeGreaterThan(10);
}

/** Signs the current operator out and another demo operator in, back on the screen named. */
export async function switchTo(page: Page, name: DemoOperator, screen?: string): Promise<void> {
  await signOut(page);
  await signIn(page, name, demoPassphrase(name));
  if (screen) await nav(page, screen);
}

/** A new workspace (not the demo) with its first admin signed in: real-looking connections may be added here. */
export async function createFirstAdmin(page: Page, url: string, name: string, passphrase: string): Promise<void> {
  await page.goto(url);
  const setup = page.getByTestId('setup-screen');
  await expect.poll(() => setup.isVisible(), { timeout: 20_000 }).toBe(true);
  await setup.getByLabel('Your name').fill(name);
  await setup.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await setup.getByLabel('Repeat the passphrase').fill(passphrase);
  await setup.getByRole('button', { name: 'Create admin and sign in' }).click();
  await expect.poll(() => page.getByTestId('operator-name').innerText(), { timeout: 20_000 }).toBe(name);
}

export { nav };
