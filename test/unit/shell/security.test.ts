import { beforeEach, describe, expect, it } from 'vitest';
import type { App, WebContents } from 'electron';
import { providerCatalog } from '../../../src-main/providers/registry';
import { isAppUrl } from '../../../src-main/shell/app-url';
import { applySessionSecurity, isAllowedExternalUrl, lockDownContents, STRICT_CSP } from '../../../src-main/shell/security';
import { fakeApp, FakeBrowserWindow, FakeWebContents, fakeSession, fakeShell, resetFakes } from './fake-electron';

const APP = 'app://paydesk/index.html';

describe('session: permissions and CSP', () => {
  beforeEach(() => {
    resetFakes();
    applySessionSecurity(fakeSession as never);
  });

  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen'])(
    'denies a %s request',
    (permission) => {
      const answers: boolean[] = [];
      fakeSession.permissionRequestHandler!(new FakeWebContents(APP), permission, (granted) => answers.push(granted));
      expect(answers).toEqual([false]);
    },
  );

  it('answers every permission check and device request with no', () => {
    expect(fakeSession.permissionCheckHandler!(null, 'media', APP, {})).toBe(false);
    expect(fakeSession.permissionCheckHandler!(new FakeWebContents(APP), 'clipboard-sanitized-write', APP, {})).toBe(false);
    expect(fakeSession.devicePermissionHandler!({ deviceType: 'usb', origin: APP })).toBe(false);
  });

  it('puts the strict CSP on every response it sees, replacing none of the other headers', () => {
    let result: { responseHeaders?: Record<string, string[]> } = {};
    fakeSession.headersReceived!({ responseHeaders: { 'x-other': ['1'], 'Content-Security-Policy': ['default-src *'] } }, (r) => {
      result = r as typeof result;
    });
    expect(result.responseHeaders).toEqual({ 'x-other': ['1'], 'Content-Security-Policy': [STRICT_CSP] });
    expect(STRICT_CSP).toContain("script-src 'self'");
    expect(STRICT_CSP).toContain("connect-src 'self'");
    expect(STRICT_CSP).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
  });
});

describe('web contents: navigation, redirects, webviews, new windows', () => {
  let contents: FakeWebContents;
  beforeEach(() => {
    resetFakes();
    lockDownContents(fakeApp as unknown as App, fakeShell, {
      isAppUrl: (url) => isAppUrl(url, APP),
      isExternalAllowed: (url) => isAllowedExternalUrl(url, providerCatalog),
    });
    contents = new FakeBrowserWindow({}).webContents;
    void contents.navigate(APP);
  });

  it('every web contents created is locked down (windows and anything else)', () => {
    const other = new FakeWebContents();
    fakeApp.emit('web-contents-created', {}, other as unknown as WebContents);
    expect(other.windowOpenHandler).not.toBeNull();
    expect(other.navigate('https://evil.example/')).toBe(false);
  });

  it.each([
    'https://evil.example/',
    'http://127.0.0.1:8080/',
    'file:///etc/passwd',
    'app://paydesk/other.html',
    'app://evil/index.html',
    'javascript:alert(1)',
  ])('prevents navigating to %s', (url) => {
    expect(contents.navigate(url)).toBe(false);
    expect(contents.mainFrame.url).toBe(APP);
  });

  it('lets the page reload itself (its own URL, any query or fragment)', () => {
    expect(contents.navigate(`${APP}?screen=payouts`)).toBe(true);
    expect(contents.navigate(`${APP}#top`)).toBe(true);
  });

  it('prevents sub-frames from navigating anywhere else, every redirect, and every webview', () => {
    expect(contents.navigateSubFrame('https://evil.example/')).toBe(false);
    expect(contents.redirect('https://evil.example/')).toBe(false);
    expect(contents.redirect(APP)).toBe(false);
    expect(contents.attachWebview()).toBe(false);
  });

  it('denies every window.open; only a provider dashboard reaches the user’s browser', async () => {
    const dashboards = providerCatalog.flatMap((p) => p.dashboardUrls);
    expect(dashboards.length).toBeGreaterThan(0);
    const allowed = [...dashboards, `${dashboards[0]}/payouts/123?tab=details`];
    const refused = [
      'https://evil.example/',
      `${dashboards[0]!.replace('https://', 'http://')}/`,
      `${dashboards[0]!.replace('https://', 'https://user:pass@')}/`,
      `${dashboards[0]}.evil.example/`,
      `https://evil.example/?next=${dashboards[0]}`,
      'file:///etc/passwd',
      'smb://server/share',
      'ms-msdt:/id PCWDiagnostic',
      'javascript:alert(1)',
      APP,
      'not a url',
    ];
    for (const url of [...allowed, ...refused]) expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(fakeShell.openExternal.mock.calls.map(([url]) => url)).toEqual(allowed);
  });
});

describe('isAllowedExternalUrl', () => {
  const catalog = [{ dashboardUrls: ['https://dash.example.com/console'] }];
  it.each([
    ['https://dash.example.com/console', true],
    ['https://dash.example.com/console/x', true],
    ['https://dash.example.com/consoles', false],
    ['https://dash.example.com/', false],
    ['https://dash.example.com:8443/console', false],
    ['https://DASH.example.com/console', true],
  ])('%s → %s', (url, expected) => {
    expect(isAllowedExternalUrl(url, catalog)).toBe(expected);
  });
});
