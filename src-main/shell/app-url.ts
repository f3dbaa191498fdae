import { APP_ENTRY_URL } from './app-protocol';

/** True when `url` is the app's own page (same scheme, host and path): the only place the window may be. */
export function isAppUrl(url: string, appUrl: string): boolean {
  try {
    const target = new URL(url);
    const own = new URL(appUrl);
    return target.protocol === own.protocol && target.host === own.host && target.pathname === own.pathname;
  } catch {
    return false;
  }
}

/**
 * Where the window loads the renderer from: app://paydesk/index.html, or, in development only (never in a
 * packaged app), the electron-vite dev server named by ELECTRON_RENDERER_URL when it is on this machine.
 */
export function rendererEntryUrl(options: { isPackaged: boolean; devServerUrl: string | undefined }): string {
  if (options.isPackaged || !options.devServerUrl) return APP_ENTRY_URL;
  try {
    const url = new URL(options.devServerUrl);
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    return url.protocol === 'http:' && loopback ? url.toString() : APP_ENTRY_URL;
  } catch {
    return APP_ENTRY_URL;
  }
}
