import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isAppUrl } from '../../src-main/shell/app-url';

describe('Electron shell guards', () => {
  const app = 'file:///opt/Paydesk/resources/app/out/renderer/index.html';

  it('lets the window stay on its own page only', () => {
    expect(isAppUrl(`${app}#/payouts`, app)).toBe(true);
    expect(isAppUrl('https://evil.example/', app)).toBe(false);
    expect(isAppUrl('file:///etc/passwd', app)).toBe(false);
    expect(isAppUrl('javascript:alert(1)', app)).toBe(false);
    expect(isAppUrl('not a url', app)).toBe(false);
    expect(isAppUrl('http://localhost:5173/', 'http://localhost:5173/')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
  });

  // The Electron binary cannot run here, so these read the shell's source: a regression in the window's
  // security options must fail a test, not wait for a manual review.
  it('creates the window with isolation, sandbox and no Node in the renderer', () => {
    const main = readFileSync('src-main/shell/main.ts', 'utf8');
    for (const option of ['contextIsolation: true', 'sandbox: true', 'nodeIntegration: false', 'webSecurity: true', 'webviewTag: false']) {
      expect(main).toContain(option);
    }
    expect(main).toContain('requestSingleInstanceLock');
    expect(main).toContain("app.getPath('userData')");
    const security = readFileSync('src-main/shell/security.ts', 'utf8');
    expect(security).toMatch(/setPermissionRequestHandler\(\(_wc, _permission, callback\) => callback\(false\)\)/);
    expect(security).toMatch(/setWindowOpenHandler[\s\S]*action: 'deny'/);
    expect(security).toContain("'will-navigate'");
    expect(security).toContain("'will-redirect'");
  });

  it('only the shell imports electron, and the preload exposes no ipcRenderer', () => {
    const importers = execSync('grep -rlE "from \'electron\'" src-main src-renderer || true', { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean)
      .sort();
    expect(importers).toEqual(['src-main/shell/ipc.ts', 'src-main/shell/main.ts', 'src-main/shell/security.ts']);
    const preload = readFileSync('src-preload/index.ts', 'utf8');
    expect(preload).toMatch(/exposeInMainWorld\('paydesk', bridge\)/);
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
  });

  it('the renderer page carries a strict CSP', () => {
    const html = readFileSync('src-renderer/index.html', 'utf8');
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  });
});
