/**
 * Electron entry: single instance, locked-down window, services from userData, IPC bound to the contract.
 * Everything else lives in plain-Node modules that the tests and the browser host use as they are.
 */
import { app, BrowserWindow, dialog } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createDispatcher } from '../api/dispatcher';
import { createHandlers } from '../api/handlers/index';
import { createServices, type Services } from '../services';
import { bindIpc } from './ipc';
import { applySessionSecurity, lockDownContents } from './security';

const rendererUrl = process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(join(__dirname, '../renderer/index.html')).toString();
let services: Services | undefined;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.enableSandbox();
  lockDownContents(() => rendererUrl);
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      dialog.showErrorBox('Paydesk could not start', error instanceof Error ? error.message : String(error));
      app.exit(1);
    });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => void services?.close());
}

async function start() {
  applySessionSecurity();
  services = createServices({
    dataDir: app.getPath('userData'),
    host: 'electron',
    version: app.getVersion(),
    // better-sqlite3 built for Electron's ABI by scripts/rebuild-electron.mjs (npm start sets this).
    ...(process.env.PAYDESK_SQLITE_BINDING ? { nativeBinding: process.env.PAYDESK_SQLITE_BINDING } : {}),
  });
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    title: 'Paydesk',
    show: false,
    webPreferences: {
      preload: join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  bindIpc(createDispatcher(createHandlers(services)), services.events, window, () => rendererUrl);
  window.once('ready-to-show', () => window.show());
  await window.loadURL(rendererUrl);
}
