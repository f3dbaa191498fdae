import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// What the shell does is tested against a stand-in electron module in test/unit/shell/. These check the
// boundaries around it, which ESLint also enforces (eslint.config.js).
describe('Electron boundaries', () => {
  it('only src-main/shell/ imports electron in main; the renderer never does', () => {
    const importers = execSync(`grep -rlE "from '(electron)'|require\\('electron'\\)" src-main src-renderer || true`, { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean)
      .sort();
    expect(importers.length).toBeGreaterThan(0);
    expect(importers.filter((file) => !file.startsWith('src-main/shell/'))).toEqual([]);
  });

  it('the preload exposes the bridge and never ipcRenderer itself', () => {
    const preload = readFileSync('src-preload/index.ts', 'utf8');
    expect(preload).toMatch(/exposeInMainWorld\('paydesk', bridge\)/);
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
  });

  it('the renderer page carries a strict CSP of its own', () => {
    const html = readFileSync('src-renderer/index.html', 'utf8');
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  });
});
