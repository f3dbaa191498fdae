import { beforeEach, describe, expect, it } from 'vitest';
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { APP_ENTRY_URL } from '../../../src-main/shell/app-protocol';
import { isAppUrl, rendererEntryUrl } from '../../../src-main/shell/app-url';
import { createMainWindow } from '../../../src-main/shell/window';
import { FakeBrowserWindow, resetFakes } from './fake-electron';

const create = (isPackaged: boolean) =>
  createMainWindow(FakeBrowserWindow as unknown as new (o: BrowserWindowConstructorOptions) => BrowserWindow, {
    preload: '/app/out/preload/index.cjs',
    isPackaged,
  }) as unknown as FakeBrowserWindow;

describe('the main window', () => {
  beforeEach(resetFakes);

  it.each([false, true])('is isolated and sandboxed, without Node or webviews (packaged: %s)', (isPackaged) => {
    const window = create(isPackaged);
    expect(window.options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: !isPackaged,
    });
    expect(window.options.show).toBe(false);
    window.emit('ready-to-show');
    expect(window.shown).toBe(true);
  });

  it('closes DevTools at once in a packaged app, and leaves them to the developer otherwise', () => {
    const packaged = create(true);
    packaged.webContents.openDevTools();
    expect(packaged.webContents.devToolsOpen).toBe(false);
    const development = create(false);
    development.webContents.openDevTools();
    expect(development.webContents.devToolsOpen).toBe(true);
  });
});

describe('where the renderer comes from', () => {
  it('app:// always in a packaged app, whatever ELECTRON_RENDERER_URL says', () => {
    expect(rendererEntryUrl({ isPackaged: true, devServerUrl: 'http://localhost:5173/' })).toBe(APP_ENTRY_URL);
    expect(rendererEntryUrl({ isPackaged: true, devServerUrl: undefined })).toBe(APP_ENTRY_URL);
  });

  it('the development server in development, when it is on this machine', () => {
    expect(rendererEntryUrl({ isPackaged: false, devServerUrl: 'http://localhost:5173/' })).toBe('http://localhost:5173/');
    expect(rendererEntryUrl({ isPackaged: false, devServerUrl: 'http://127.0.0.1:5173' })).toBe('http://127.0.0.1:5173/');
    expect(rendererEntryUrl({ isPackaged: false, devServerUrl: undefined })).toBe(APP_ENTRY_URL);
    for (const elsewhere of ['https://evil.example/', 'http://10.0.0.5:5173/', 'file:///tmp/x.html', 'not a url']) {
      expect(rendererEntryUrl({ isPackaged: false, devServerUrl: elsewhere })).toBe(APP_ENTRY_URL);
    }
  });

  it('isAppUrl: same scheme, host and path only', () => {
    expect(isAppUrl(`${APP_ENTRY_URL}#/payouts`, APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl(`${APP_ENTRY_URL}?screen=audit`, APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('app://paydesk/../index.html', APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('app://paydesk/assets/x.js', APP_ENTRY_URL)).toBe(false);
    expect(isAppUrl('https://evil.example/index.html', APP_ENTRY_URL)).toBe(false);
    expect(isAppUrl('file:///index.html', APP_ENTRY_URL)).toBe(false);
    expect(isAppUrl('not a url', APP_ENTRY_URL)).toBe(false);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
  });
});
