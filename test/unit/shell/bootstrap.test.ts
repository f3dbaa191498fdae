/**
 * The shell's start-up against a stand-in `electron` module: first the real entry (src-main/shell/main.ts,
 * real services on a temporary userData), then bootstrap() alone with stand-in services for the decisions
 * that depend on packaging and quitting.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ipcChannel } from '@shared/contract/names';
import { EventBus } from '../../../src-main/events';
import { StartupError } from '../../../src-main/startup/startup-error';
import { bootstrap, type ElectronApi, type ShellServices } from '../../../src-main/shell/bootstrap';
import { tempDataDir } from '../../helpers/temp-dir';
import {
  fakeApp,
  FakeBrowserWindow,
  fakeDialog,
  fakeElectronModule,
  FakeEvent,
  fakeIpcMain,
  fakeProtocol,
  resetFakes,
} from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectronModule);

const electron = fakeElectronModule as unknown as ElectronApi;
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('src-main/shell/main.ts with the stand-in electron', () => {
  const userData = tempDataDir();
  afterAll(() => userData.cleanup());

  it('registers app:// before ready, then opens the locked-down window on it with IPC bound, and closes the services before quitting', async () => {
    resetFakes();
    fakeApp.userData = userData.dir;
    await import('../../../src-main/shell/main');
    expect(fakeProtocol.calls).toEqual([{ method: 'registerSchemesAsPrivileged', appReady: false }]);
    expect(FakeBrowserWindow.created).toHaveLength(0);

    fakeApp.becomeReady();
    await vi.waitFor(() => expect(FakeBrowserWindow.created[0]?.loaded).toEqual(['app://paydesk/index.html']));
    expect(fakeProtocol.calls.at(-1)).toEqual({ method: 'handle', appReady: true });
    expect(fakeApp.sandboxed).toBe(true);
    const window = FakeBrowserWindow.created[0]!;
    expect(window.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(window.webContents.windowOpenHandler).not.toBeNull();

    // A call from the window reaches the real services; the same call from elsewhere does not.
    const call = fakeIpcMain.handlers.get(ipcChannel('session.status'))!;
    expect(await call({ sender: window.webContents, senderFrame: window.webContents.mainFrame }, undefined)).toMatchObject({
      ok: true,
      value: { state: 'setup' },
    });
    // Everything beyond sign-in asks for a signed-in operator, checked in main.
    const settings = fakeIpcMain.handlers.get(ipcChannel('settings.get'))!;
    expect(await settings({ sender: window.webContents, senderFrame: window.webContents.mainFrame }, undefined)).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    expect(await call({ sender: { id: -1 }, senderFrame: window.webContents.mainFrame }, undefined)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });

    const quit = new FakeEvent({});
    fakeApp.emit('before-quit', quit);
    expect(quit.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(fakeApp.exits).toEqual([0]));
  });
});

describe('bootstrap()', () => {
  let closing: { resolve: () => void; reject: (e: Error) => void } | null;
  const services = () => {
    const s = {
      events: new EventBus(),
      close: vi.fn(
        () =>
          new Promise<void>((resolve, reject) => {
            closing = { resolve, reject };
          }),
      ),
    };
    return s;
  };
  let created: Array<{ dataDir: string; nativeBinding?: string }>;
  let lastServices: ReturnType<typeof services> | null;
  const start = (env: Record<string, string | undefined> = {}, log = vi.fn()) =>
    bootstrap(electron, {
      rendererDir: '/nowhere/renderer',
      preload: '/nowhere/preload.cjs',
      env,
      log,
      createServices: (options) => {
        created.push(options);
        lastServices = services();
        return Promise.resolve(lastServices as ShellServices & ReturnType<typeof services>);
      },
      createDispatch: () => () => Promise.resolve({ ok: true, value: null }),
    });

  beforeEach(() => {
    resetFakes();
    created = [];
    lastServices = null;
    closing = null;
  });

  it('in a packaged app: app:// whatever ELECTRON_RENDERER_URL says, userData, no development native binding, no DevTools', async () => {
    fakeApp.isPackaged = true;
    const shell = start({
      ELECTRON_RENDERER_URL: 'http://localhost:5173/',
      PAYDESK_DATA_DIR: '/tmp/elsewhere',
      PAYDESK_SQLITE_BINDING: '/tmp/x.node',
    });
    fakeApp.becomeReady();
    await shell.ready;
    expect(shell.rendererUrl).toBe('app://paydesk/index.html');
    expect(FakeBrowserWindow.created[0]!.loaded).toEqual(['app://paydesk/index.html']);
    expect(created).toEqual([{ dataDir: fakeApp.userData, version: '9.9.9-test' }]);
    expect(FakeBrowserWindow.created[0]!.options.webPreferences).toMatchObject({ devTools: false });
  });

  it('in development: the local dev server, PAYDESK_DATA_DIR and the Electron build of SQLite are honoured', async () => {
    const shell = start({
      ELECTRON_RENDERER_URL: 'http://localhost:5173/',
      PAYDESK_DATA_DIR: '/tmp/dev-data',
      PAYDESK_SQLITE_BINDING: '/tmp/x.node',
    });
    fakeApp.becomeReady();
    await shell.ready;
    expect(FakeBrowserWindow.created[0]!.loaded).toEqual(['http://localhost:5173/']);
    expect(created).toEqual([{ dataDir: '/tmp/dev-data', version: '9.9.9-test', nativeBinding: '/tmp/x.node' }]);
    expect(FakeBrowserWindow.created[0]!.options.webPreferences).toMatchObject({ devTools: true });
  });

  it('quitting waits for the services to close, once, then exits', async () => {
    const shell = start();
    fakeApp.becomeReady();
    await shell.ready;
    fakeApp.quit();
    fakeApp.quit(); // e.g. Cmd+Q twice, or window-all-closed while closing
    await tick();
    expect(lastServices!.close).toHaveBeenCalledTimes(1);
    expect(fakeApp.exits).toEqual([]);
    closing!.resolve();
    await vi.waitFor(() => expect(fakeApp.exits).toEqual([0]));
  });

  it('closing the last window quits the same way', async () => {
    const shell = start();
    fakeApp.becomeReady();
    await shell.ready;
    fakeApp.emit('window-all-closed');
    expect(fakeApp.quits).toBe(1);
    expect(lastServices!.close).toHaveBeenCalledTimes(1);
  });

  it('a failure to close is logged and ends the app with exit code 1', async () => {
    const log = vi.fn();
    const shell = start({}, log);
    fakeApp.becomeReady();
    await shell.ready;
    fakeApp.quit();
    closing!.reject(new Error('disk gone'));
    await vi.waitFor(() => expect(fakeApp.exits).toEqual([1]));
    expect(log).toHaveBeenCalledWith(expect.stringContaining('disk gone'));
  });

  it('quitting before start-up finished still exits', async () => {
    start();
    fakeApp.quit();
    await vi.waitFor(() => expect(fakeApp.exits).toEqual([0]));
  });

  it('a second instance only quits: no window, no services', async () => {
    fakeApp.singleInstance = false;
    const shell = start();
    fakeApp.becomeReady();
    await shell.ready;
    expect(fakeApp.quits).toBe(1);
    expect(FakeBrowserWindow.created).toHaveLength(0);
    expect(created).toHaveLength(0);
  });

  const failing = (error: unknown) =>
    bootstrap(electron, {
      rendererDir: '/nowhere',
      preload: '/nowhere.cjs',
      env: {},
      createServices: () => {
        throw error;
      },
      createDispatch: () => () => Promise.resolve({ ok: true, value: null }),
    });
  const pageOf = (url: string | undefined) => {
    expect(url).toMatch(/^data:text\/html;charset=utf-8,/);
    return decodeURIComponent(url!.slice('data:text/html;charset=utf-8,'.length));
  };

  it('a start-up failure opens the locked-down window on the start-up error page, with no IPC bound', async () => {
    const shell = failing(
      new StartupError('DATABASE_CORRUPT', 'The database file is damaged', 'Restore a backup from the backups folder', '/data/paydesk.db'),
    );
    fakeApp.becomeReady();
    await shell.ready;
    const [window] = FakeBrowserWindow.created;
    expect(FakeBrowserWindow.created).toHaveLength(1);
    expect(window!.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    const page = pageOf(window!.loaded[0]);
    expect(page).toContain('The Paydesk database is damaged');
    expect(page).toContain('Restore a backup from the backups folder');
    expect(page).toContain('/data/paydesk.db');
    expect(page).toMatch(/Content-Security-Policy" content="default-src 'none'/);
    expect(page).not.toMatch(/<script/i);
    expect(fakeIpcMain.handlers.size).toBe(0);
    expect(fakeDialog.showErrorBox).not.toHaveBeenCalled();
    expect(fakeApp.exits).toEqual([]);
    // The page cannot navigate anywhere: the window is locked down like the app's.
    const navigate = new FakeEvent({});
    window!.webContents.emit('will-navigate', navigate, 'https://example.com/');
    expect(navigate.defaultPrevented).toBe(true);
  });

  it('an unexpected start-up error gets the general page; if even the page cannot load, a dialog and exit', async () => {
    const shell = failing(new Error(`something odd in ${join(tmpdir(), 'paydesk-data')}`));
    fakeApp.becomeReady();
    await shell.ready;
    const page = pageOf(FakeBrowserWindow.created[0]!.loaded[0]);
    expect(page).toContain('Paydesk could not start');
    expect(page).toContain('application log');

    resetFakes();
    const loadURL = vi.spyOn(FakeBrowserWindow.prototype, 'loadURL').mockRejectedValueOnce(new Error('renderer crashed'));
    const second = failing(new Error('database locked'));
    fakeApp.becomeReady();
    await second.ready;
    loadURL.mockRestore();
    expect(fakeDialog.showErrorBox).toHaveBeenCalledWith('Paydesk could not start', 'database locked');
    expect(fakeApp.exits).toEqual([1]);
  });
});
