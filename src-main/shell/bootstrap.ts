/**
 * The Electron shell's start-up, with the Electron API passed in (main.ts passes the real one, the tests a
 * stand-in): custom scheme before ready, single instance, sandbox, locked-down contents, services from
 * userData, the window on app://, IPC bound to the contract, services closed before the app quits.
 */
import type { App, BrowserWindow, BrowserWindowConstructorOptions, Dialog, IpcMain, Protocol, Shell } from 'electron';
import type { Dispatch } from '../api/dispatcher';
import type { EventBus } from '../events';
import { providerCatalog } from '../providers/registry';
import { renderStartupErrorPage } from '../startup/startup-error';
import { registerAppProtocol, registerAppScheme } from './app-protocol';
import { isAppUrl, rendererEntryUrl } from './app-url';
import { bindIpc } from './ipc';
import { closeBeforeQuit } from './lifecycle';
import { applySessionSecurity, isAllowedExternalUrl, lockDownContents, type SecuredSession } from './security';
import { createMainWindow } from './window';

export interface ElectronApi {
  app: Pick<
    App,
    'isPackaged' | 'requestSingleInstanceLock' | 'quit' | 'exit' | 'enableSandbox' | 'on' | 'whenReady' | 'getPath' | 'getVersion'
  >;
  BrowserWindow: (new (options: BrowserWindowConstructorOptions) => BrowserWindow) & { getAllWindows(): BrowserWindow[] };
  protocol: Pick<Protocol, 'registerSchemesAsPrivileged' | 'handle'>;
  session: { defaultSession: SecuredSession };
  shell: Pick<Shell, 'openExternal'> & Partial<Pick<Shell, 'openPath'>>;
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  dialog: Pick<Dialog, 'showErrorBox'>;
}

/** What the shell needs of the services (createServices in services.ts gives all of it). */
export interface ShellServices {
  events: EventBus;
  close(): Promise<void>;
  /** The application log; Settings → Open log folder shows its folder in the file manager. */
  log?: { folder: string };
}

export interface ShellOptions<S extends ShellServices> {
  rendererDir: string;
  preload: string;
  env: Record<string, string | undefined>;
  /** The composition root: services for a data directory. */
  createServices(options: { dataDir: string; version: string; nativeBinding?: string }): Promise<S>;
  createDispatch(services: S): Dispatch;
  log?: (message: string) => void;
}

export interface ShellHandle {
  rendererUrl: string;
  /** Resolves once the window has loaded (or start-up failed and the app is exiting). */
  ready: Promise<void>;
}

export function bootstrap<S extends ShellServices>(electron: ElectronApi, options: ShellOptions<S>): ShellHandle {
  const { app } = electron;
  const log = options.log ?? ((message: string) => console.error(message));
  // Privileged schemes can only be registered before the app is ready.
  registerAppScheme(electron.protocol);
  const rendererUrl = rendererEntryUrl({ isPackaged: app.isPackaged, devServerUrl: options.env.ELECTRON_RENDERER_URL });

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { rendererUrl, ready: Promise.resolve() };
  }
  app.enableSandbox();
  let services: S | undefined;
  lockDownContents(app, electron.shell, {
    isAppUrl: (url) => isAppUrl(url, rendererUrl),
    isExternalAllowed: (url) => isAllowedExternalUrl(url, providerCatalog),
    openableFolders: () => (services?.log ? [services.log.folder] : []),
  });
  app.on('second-instance', () => {
    const [window] = electron.BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });

  app.on('window-all-closed', () => app.quit());
  closeBeforeQuit(app, () => services?.close() ?? Promise.resolve(), log);

  async function start() {
    registerAppProtocol(electron.protocol, options.rendererDir);
    applySessionSecurity(electron.session.defaultSession);
    const dataDir = (!app.isPackaged && options.env.PAYDESK_DATA_DIR) || app.getPath('userData');
    // Development only: better-sqlite3 built for Electron's ABI by scripts/rebuild-electron.mjs (npm start sets
    // this). A packaged app has its native modules rebuilt for Electron by electron-builder.
    const nativeBinding = app.isPackaged ? undefined : options.env.PAYDESK_SQLITE_BINDING;
    services = await options.createServices({ dataDir, version: app.getVersion(), ...(nativeBinding ? { nativeBinding } : {}) });
    const window = createMainWindow(electron.BrowserWindow, { preload: options.preload, isPackaged: app.isPackaged });
    bindIpc(electron.ipcMain, options.createDispatch(services), services.events, window, () => rendererUrl);
    await window.loadURL(rendererUrl);
  }

  const ready = app
    .whenReady()
    .then(start)
    .catch((error: unknown) =>
      // The services did not start (locked, damaged or foreign database, unusable data folder…): a window with the
      // page that says what happened and what to do; closing it quits. Only if even that fails, a bare dialog.
      showStartupError(electron, error, { preload: options.preload, isPackaged: app.isPackaged }).then(
        () => undefined,
        () => {
          electron.dialog.showErrorBox('Paydesk could not start', error instanceof Error ? error.message : String(error));
          app.exit(1);
        },
      ),
    );
  return { rendererUrl, ready };
}

/** The start-up error page as a URL the window loads: static HTML with its own CSP (no script, nothing fetched). */
export function startupErrorUrl(error: unknown): string {
  return `data:text/html;charset=utf-8,${encodeURIComponent(renderStartupErrorPage(error))}`;
}

/** Opens the locked-down main window on the start-up error page instead of the app (no IPC is bound to it). */
export async function showStartupError(
  electron: Pick<ElectronApi, 'BrowserWindow'>,
  error: unknown,
  options: { preload: string; isPackaged: boolean },
): Promise<BrowserWindow> {
  const window = createMainWindow(electron.BrowserWindow, options);
  await window.loadURL(startupErrorUrl(error));
  return window;
}
