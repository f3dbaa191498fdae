/**
 * Renderer lockdown (Electron security checklist): no permission grants, the strict CSP on every response, no
 * navigation away from the app, no new windows (only the providers' dashboards open, in the user's browser), no
 * webviews. Each takes the Electron objects it needs, so that tests can hand it stand-ins.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { App, Session, Shell, WebContents } from 'electron';
import type { ProviderInfo } from '@shared/contract/providers';
import { STRICT_CSP } from './csp';

export { STRICT_CSP };

/**
 * True for an https URL on one of the providers' dashboards (its origin, under its path). Anything else a page
 * asks to open — another site, a file, a custom scheme that would start another program — is dropped.
 */
export function isAllowedExternalUrl(url: string, catalog: readonly Pick<ProviderInfo, 'dashboardUrls'>[]): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  if (target.protocol !== 'https:' || target.username || target.password) return false;
  return catalog.some((provider) =>
    provider.dashboardUrls.some((dashboard) => {
      const allowed = new URL(dashboard);
      const base = allowed.pathname.endsWith('/') ? allowed.pathname : `${allowed.pathname}/`;
      return target.origin === allowed.origin && (target.pathname === allowed.pathname || target.pathname.startsWith(base));
    }),
  );
}

export type SecuredSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'> & {
  webRequest: Pick<Session['webRequest'], 'onHeadersReceived'>;
};

export function applySessionSecurity(ses: SecuredSession): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  // app:// responses carry the CSP themselves; this covers the development server.
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [STRICT_CSP] } });
  });
}

export interface ContentsPolicy {
  /** The app's own page: the only place a window may navigate to. */
  isAppUrl: (url: string) => boolean;
  /** URLs that may be handed to the user's browser. */
  isExternalAllowed: (url: string) => boolean;
  /**
   * Folders the app may show in the system's file manager (Settings → Open log folder): a window.open of exactly
   * such a folder's file:// URL opens it with shell.openPath; every other file URL is dropped.
   */
  openableFolders?: () => readonly string[];
}

/** The folder a file:// URL names, when it is exactly one of the openable folders; else null. */
export function openableFolder(url: string, folders: readonly string[]): string | null {
  let path: string;
  try {
    const target = new URL(url);
    if (target.protocol !== 'file:' || target.search || target.hash || (target.host && target.host !== 'localhost')) return null;
    path = resolve(fileURLToPath(target));
  } catch {
    return null;
  }
  return folders.map((f) => resolve(f)).find((f) => f === path || f === path.replace(/[\\/]+$/, '')) ?? null;
}

/** Locks down one web contents: navigation, redirects, webviews, new windows. */
export function lockDownWebContents(contents: WebContents, shell: ShellOpeners, policy: ContentsPolicy): void {
  contents.on('will-navigate', (event, url) => {
    if (!policy.isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!policy.isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Links to provider dashboards open in the user's browser, never inside Paydesk.
    if (policy.isExternalAllowed(url)) void shell.openExternal(url).catch(() => undefined);
    else {
      const folder = policy.openableFolders && shell.openPath ? openableFolder(url, policy.openableFolders()) : null;
      if (folder && shell.openPath) void shell.openPath(folder).catch(() => undefined);
    }
    return { action: 'deny' };
  });
}

/** openPath is optional so that callers without folders to open need not provide it. */
export type ShellOpeners = Pick<Shell, 'openExternal'> & Partial<Pick<Shell, 'openPath'>>;

export function lockDownContents(app: Pick<App, 'on'>, shell: ShellOpeners, policy: ContentsPolicy): void {
  app.on('web-contents-created', (_event, contents) => lockDownWebContents(contents, shell, policy));
}
