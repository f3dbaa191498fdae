/**
 * Renderer lockdown (Electron security checklist): no permission grants, the strict CSP on every response, no
 * navigation away from the app, no new windows (only the providers' dashboards open, in the user's browser), no
 * webviews. Each takes the Electron objects it needs, so that tests can hand it stand-ins.
 */
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
}

/** Locks down one web contents: navigation, redirects, webviews, new windows. */
export function lockDownWebContents(contents: WebContents, shell: Pick<Shell, 'openExternal'>, policy: ContentsPolicy): void {
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
    return { action: 'deny' };
  });
}

export function lockDownContents(app: Pick<App, 'on'>, shell: Pick<Shell, 'openExternal'>, policy: ContentsPolicy): void {
  app.on('web-contents-created', (_event, contents) => lockDownWebContents(contents, shell, policy));
}
