/**
 * The real Electron app (out/main/index.cjs, loaded from app://paydesk), driven by Playwright's _electron:
 * the page has no Node, cannot navigate away or open windows, and shows its first screen. Runs where the
 * Electron binary is installed; elsewhere (this project's CI cannot download it) it is skipped with the reason.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDataDir } from '../helpers/temp-dir';

/** The installed Electron binary, found the way scripts/start.mjs does (require('electron') would try to download it). */
function installedElectron(): { path: string } | { missing: string } {
  const pathFile = join('node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return { missing: `${pathFile} does not exist (the Electron binary was never downloaded)` };
  const binary = join(
    process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join('node_modules', 'electron', 'dist'),
    readFileSync(pathFile, 'utf8').trim(),
  );
  return existsSync(binary) ? { path: resolve(binary) } : { missing: `${binary} does not exist` };
}

/** better-sqlite3 built for Electron's ABI (as `npm start` does), or why it could not be. */
function electronSqlite(): { binding: string } | { missing: string } {
  const result = spawnSync(process.execPath, ['scripts/rebuild-electron.mjs'], { stdio: 'ignore' });
  const binding = resolve('.electron-native', 'better_sqlite3.node');
  return result.status === 0 && existsSync(binding) ? { binding } : { missing: 'better-sqlite3 could not be built for Electron' };
}

const electron = installedElectron();
const sqlite = 'path' in electron ? electronSqlite() : null;
const skipReason = 'missing' in electron ? electron.missing : sqlite && 'missing' in sqlite ? sqlite.missing : null;
if (skipReason) console.log(`electron.e2e: skipped, no runnable Electron here: ${skipReason}`);

describe.skipIf(skipReason !== null)('the Electron app', () => {
  let app: ElectronApplication;
  let page: Page;
  const data = tempDataDir();

  beforeAll(async () => {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) if (value !== undefined && key !== 'ELECTRON_RENDERER_URL') env[key] = value;
    app = await _electron.launch({
      executablePath: (electron as { path: string }).path,
      args: ['.', '--no-sandbox'],
      env: { ...env, PAYDESK_DATA_DIR: data.dir, PAYDESK_SQLITE_BINDING: (sqlite as { binding: string }).binding },
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });
  afterAll(async () => {
    await app?.close();
    data.cleanup();
  });

  it('loads from app://paydesk and shows the first screen', async () => {
    expect(page.url()).toMatch(/^app:\/\/paydesk\/index\.html/);
    await expect.poll(() => page.getByRole('button', { name: 'Try the demo workspace' }).isVisible(), { timeout: 30_000 }).toBe(true);
  });

  it('gives the page no Node, only the bridge', async () => {
    const globals = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown> & { paydesk?: Record<string, unknown> };
      return {
        require: typeof w.require,
        process: typeof w.process,
        module: typeof w.module,
        bridge: typeof w.paydesk,
        ipcRenderer: typeof w.paydesk?.ipcRenderer,
      };
    });
    expect(globals).toEqual({
      require: 'undefined',
      process: 'undefined',
      module: 'undefined',
      bridge: 'object',
      ipcRenderer: 'undefined',
    });
  });

  it('denies navigation away and new windows', async () => {
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toMatch(/^app:\/\/paydesk\//);
    expect(await page.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
    expect(await page.evaluate(() => window.open('app://paydesk/index.html') === null)).toBe(true);
    expect(app.windows()).toHaveLength(1);
  });
});
