import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';

/** The main window's options: an isolated, sandboxed renderer without Node; DevTools only in development. */
export function mainWindowOptions(options: { preload: string; isPackaged: boolean }): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    title: 'Paydesk',
    show: false,
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !options.isPackaged,
    },
  };
}

type WindowConstructor = new (options: BrowserWindowConstructorOptions) => BrowserWindow;

export function createMainWindow(BrowserWindowClass: WindowConstructor, options: { preload: string; isPackaged: boolean }): BrowserWindow {
  const window = new BrowserWindowClass(mainWindowOptions(options));
  // devTools: false already refuses them; should anything open them anyway, they are closed at once.
  if (options.isPackaged) window.webContents.on('devtools-opened', () => window.webContents.closeDevTools());
  window.once('ready-to-show', () => window.show());
  return window;
}
