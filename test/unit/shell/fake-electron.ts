/**
 * A stand-in for the `electron` module, just large enough for the shell: the app's events, windows with web
 * contents and frames, the default session's handlers, protocol, shell, ipcMain and dialog. Each records what
 * the shell did with it, so that tests can fire the events Electron would and look at the outcome.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

export class FakeFrame {
  constructor(public url: string) {}
}

let nextContentsId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  mainFrame: FakeFrame;
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  devToolsOpen = false;
  constructor(url = 'about:blank') {
    super();
    this.mainFrame = new FakeFrame(url);
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }) {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown) {
    this.sent.push({ channel, payload });
  }
  openDevTools() {
    this.devToolsOpen = true;
    this.emit('devtools-opened');
  }
  closeDevTools() {
    this.devToolsOpen = false;
  }
  /** What Electron does before a navigation: emits will-navigate; true when no listener prevented it. */
  navigate(url: string): boolean {
    const event = new FakeEvent({ url });
    this.emit('will-navigate', event, url);
    this.emit('will-frame-navigate', event);
    if (!event.defaultPrevented) this.mainFrame.url = url;
    return !event.defaultPrevented;
  }
  /** A sub-frame navigation (will-frame-navigate only); true when allowed. */
  navigateSubFrame(url: string): boolean {
    const event = new FakeEvent({ url, isMainFrame: false });
    this.emit('will-frame-navigate', event);
    return !event.defaultPrevented;
  }
  redirect(url: string): boolean {
    const event = new FakeEvent({ url });
    this.emit('will-redirect', event, url);
    return !event.defaultPrevented;
  }
  attachWebview(): boolean {
    const event = new FakeEvent({});
    this.emit('will-attach-webview', event, {}, {});
    return !event.defaultPrevented;
  }
}

export class FakeEvent {
  defaultPrevented = false;
  constructor(fields: Record<string, unknown>) {
    Object.assign(this, fields);
  }
  preventDefault() {
    this.defaultPrevented = true;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static readonly created: FakeBrowserWindow[] = [];
  static getAllWindows() {
    return FakeBrowserWindow.created.filter((w) => !w.destroyed);
  }
  readonly webContents = new FakeWebContents();
  readonly loaded: string[] = [];
  destroyed = false;
  shown = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.created.push(this);
    fakeApp.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url: string) {
    this.loaded.push(url);
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }
  isDestroyed() {
    return this.destroyed;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  focus() {}
  show() {
    this.shown = true;
  }
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  singleInstance = true;
  readonly exits: number[] = [];
  quits = 0;
  sandboxed = false;
  userData = '/tmp/paydesk-fake-user-data';
  private markReady!: () => void;
  private readyPromise = new Promise<void>((r) => (this.markReady = r));
  requestSingleInstanceLock() {
    return this.singleInstance;
  }
  enableSandbox() {
    this.sandboxed = true;
  }
  whenReady() {
    return this.readyPromise;
  }
  /** What Electron does once it has initialised. */
  becomeReady() {
    this.markReady();
    this.emit('ready');
  }
  getPath(name: string) {
    if (name !== 'userData') throw new Error(`unexpected path ${name}`);
    return this.userData;
  }
  getVersion() {
    return '9.9.9-test';
  }
  quit() {
    this.quits++;
    const event = new FakeEvent({});
    this.emit('before-quit', event);
  }
  exit(code = 0) {
    this.exits.push(code);
  }
  reset() {
    this.removeAllListeners();
    this.isPackaged = false;
    this.singleInstance = true;
    this.exits.length = 0;
    this.quits = 0;
    this.sandboxed = false;
    this.readyPromise = new Promise<void>((r) => (this.markReady = r));
  }
}

export const fakeApp = new FakeApp();

type PermissionRequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;
type HeadersReceivedHandler = (details: { responseHeaders?: Record<string, string[]> }, callback: (response: unknown) => void) => void;

export const fakeSession: {
  permissionRequestHandler: PermissionRequestHandler | null;
  permissionCheckHandler: ((...args: unknown[]) => boolean) | null;
  devicePermissionHandler: ((...args: unknown[]) => boolean) | null;
  headersReceived: HeadersReceivedHandler | null;
  setPermissionRequestHandler(handler: PermissionRequestHandler): void;
  setPermissionCheckHandler(handler: (...args: unknown[]) => boolean): void;
  setDevicePermissionHandler(handler: (...args: unknown[]) => boolean): void;
  webRequest: { onHeadersReceived(handler: HeadersReceivedHandler): void };
} = {
  permissionRequestHandler: null,
  permissionCheckHandler: null,
  devicePermissionHandler: null,
  headersReceived: null,
  setPermissionRequestHandler(handler) {
    fakeSession.permissionRequestHandler = handler;
  },
  setPermissionCheckHandler(handler) {
    fakeSession.permissionCheckHandler = handler;
  },
  setDevicePermissionHandler(handler) {
    fakeSession.devicePermissionHandler = handler;
  },
  webRequest: {
    onHeadersReceived(handler) {
      fakeSession.headersReceived = handler;
    },
  },
};

export const fakeProtocol = {
  privileged: [] as Array<{ scheme: string; privileges: Record<string, boolean> }>,
  handlers: new Map<string, (request: Request) => Promise<Response>>(),
  /** Whether the app was ready when each call was made (Electron requires schemes before, handlers after). */
  calls: [] as Array<{ method: string; appReady: boolean }>,
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges: Record<string, boolean> }>) {
    fakeProtocol.calls.push({ method: 'registerSchemesAsPrivileged', appReady: appIsReady });
    fakeProtocol.privileged.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response>) {
    fakeProtocol.calls.push({ method: 'handle', appReady: appIsReady });
    fakeProtocol.handlers.set(scheme, handler);
  },
};
let appIsReady = false;
fakeApp.on('ready', () => (appIsReady = true));

export const fakeShell = { openExternal: vi.fn((_url: string) => Promise.resolve()) };

export const fakeIpcMain = {
  handlers: new Map<string, (event: unknown, input: unknown) => unknown>(),
  handle(channel: string, handler: (event: never, input: unknown) => unknown) {
    if (fakeIpcMain.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    fakeIpcMain.handlers.set(channel, handler as (event: unknown, input: unknown) => unknown);
  },
  removeHandler(channel: string) {
    fakeIpcMain.handlers.delete(channel);
  },
};

export const fakeDialog = { showErrorBox: vi.fn() };

/** Back to a fresh state between tests. */
export function resetFakes() {
  fakeApp.reset();
  fakeApp.on('ready', () => (appIsReady = true));
  appIsReady = false;
  FakeBrowserWindow.created.length = 0;
  fakeSession.permissionRequestHandler = null;
  fakeSession.permissionCheckHandler = null;
  fakeSession.devicePermissionHandler = null;
  fakeSession.headersReceived = null;
  fakeProtocol.privileged.length = 0;
  fakeProtocol.handlers.clear();
  fakeProtocol.calls.length = 0;
  fakeShell.openExternal.mockClear();
  fakeIpcMain.handlers.clear();
  fakeDialog.showErrorBox.mockClear();
}

/** The module as `import … from 'electron'` sees it under vi.mock('electron', () => fakeElectronModule). */
export const fakeElectronModule = {
  app: fakeApp,
  BrowserWindow: FakeBrowserWindow,
  session: { defaultSession: fakeSession },
  protocol: fakeProtocol,
  shell: fakeShell,
  ipcMain: fakeIpcMain,
  dialog: fakeDialog,
};
