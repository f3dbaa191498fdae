/**
 * The electron-builder configuration, checked without packaging (no Electron binary can be downloaded here):
 * loaded and validated by electron-builder's own code against its own schema (app-builder-lib/scheme.json),
 * then the decisions that matter: targets, fuses, native modules outside the asar, no browser host inside.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { minimatch } from 'minimatch';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

const flipFuses = vi.fn((_path: string, _config: Record<string, unknown>) => Promise.resolve(0));
vi.mock('@electron/fuses', async (importOriginal) => ({ ...(await importOriginal<Record<string, unknown>>()), flipFuses }));

const { FuseV1Options, FuseVersion } = await import('@electron/fuses');
const hook = await import('../../scripts/electron-fuses.mjs');

const projectDir = resolve('.');
const require = createRequire(import.meta.url);
// electron-builder's own configuration loading and validation (what `electron-builder` runs before packaging).
const builderConfig = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: unknown): Promise<Record<string, unknown>>;
  validateConfiguration(config: Record<string, unknown>, debugLogger: { isEnabled: boolean; add(): void }): Promise<void>;
};
const debugLogger = { isEnabled: false, add: () => undefined };

interface Config {
  files: Array<string | { filter?: string[] }>;
  asar: boolean;
  asarUnpack: string[];
  npmRebuild: boolean;
  afterPack: string;
  electronFuses?: unknown;
  linux: { target: string[] };
  mac: { target: string[]; hardenedRuntime: boolean; entitlements: string };
  win: { target: string[] };
}

let config: Config;
beforeAll(async () => {
  config = (await builderConfig.getConfig(projectDir, null, null)) as unknown as Config;
});

describe('electron-builder configuration', () => {
  it('is the one in electron-builder.yml, and valid by electron-builder’s own schema', async () => {
    expect(config.afterPack).toBe('./scripts/electron-fuses.mjs');
    await expect(builderConfig.validateConfiguration(config as unknown as Record<string, unknown>, debugLogger)).resolves.toBeUndefined();
  });

  it('the validator does refuse a broken configuration (so the check above means something)', async () => {
    const broken = { ...config, asarUnpack: 5, linux: { target: 7 }, notAnOption: true };
    await expect(builderConfig.validateConfiguration(broken, debugLogger)).rejects.toThrow(/Invalid configuration object/);
  });

  it('builds AppImage and deb for Linux, dmg for macOS, NSIS for Windows', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(existsSync(config.mac.entitlements)).toBe(true);
    expect(readFileSync(config.mac.entitlements, 'utf8')).not.toContain('disable-library-validation');
  });

  it('rebuilds the native modules for Electron and keeps them outside the asar', () => {
    expect(config.asar).toBe(true);
    expect(config.npmRebuild).toBe(true);
    for (const file of [
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      'node_modules/better-sqlite3/lib/index.js',
      'node_modules/keytar/build/Release/keytar.node',
    ]) {
      expect(
        config.asarUnpack.some((pattern) => minimatch(file, pattern, { dot: true })),
        file,
      ).toBe(true);
    }
    expect(config.asarUnpack.some((pattern) => minimatch('out/main/index.cjs', pattern, { dot: true }))).toBe(false);
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { main: string; dependencies: Record<string, string> };
    expect(Object.keys(pkg.dependencies)).toEqual(expect.arrayContaining(['better-sqlite3', 'keytar']));
  });

  it('packages the built bundles and nothing of the browser host, the sources or the development SQLite build', () => {
    // electron-builder has merged the list into file sets ({ filter: [...] }) by now.
    const patterns = (config.files as Array<string | { filter?: string[] }>).flatMap((f) =>
      typeof f === 'string' ? [f] : (f.filter ?? []),
    );
    expect(patterns.length).toBeGreaterThan(3);
    const included = (file: string) =>
      patterns.some((p) => !p.startsWith('!') && minimatch(file, p, { dot: true })) &&
      !patterns.some((p) => p.startsWith('!') && minimatch(file, p.slice(1), { dot: true }));
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { main: string; dependencies: Record<string, string> };
    for (const file of [pkg.main, 'out/preload/index.cjs', 'out/renderer/index.html', 'out/renderer/assets/index.js', 'package.json']) {
      expect(included(file), file).toBe(true);
    }
    for (const file of [
      'src-main/api/browser-host/host.ts',
      'src-main/shell/main.ts',
      'out/main/browser-host/host.js',
      'out/main/index.cjs.map',
      '.electron-native/better_sqlite3.node',
      'test/integration/hostile/host-process.ts',
      'scripts/electron-fuses.mjs',
    ]) {
      expect(included(file), file).toBe(false);
    }
    // The browser host's only dependency is not shipped, and the shell never reaches the browser host.
    expect(pkg.dependencies).not.toHaveProperty('ws');
    expect(readFileSync('src-main/shell/main.ts', 'utf8') + readFileSync('src-main/shell/bootstrap.ts', 'utf8')).not.toContain(
      'browser-host',
    );
  });
});

describe('fuses (afterPack hook)', () => {
  beforeEach(() => flipFuses.mockClear());

  it('turns off every way to run the app as Node or inspect it, and requires its own, intact asar', () => {
    expect(config.electronFuses).toBeUndefined(); // one place flips them: the hook
    expect(hook.fuses).toEqual({
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    });
  });

  it.each([
    ['linux', join('/dist/linux-unpacked', 'paydesk'), false],
    ['win32', join('/dist/win-unpacked', 'Paydesk.exe'), false],
    ['darwin', join('/dist/mac-arm64', 'Paydesk.app'), true],
  ])('flips them in the %s binary electron-builder laid out', async (platform, binary, resetAdHoc) => {
    const appOutDir = binary.slice(0, binary.lastIndexOf('/'));
    await hook.default({
      appOutDir,
      electronPlatformName: platform,
      arch: 3,
      packager: { appInfo: { productFilename: 'Paydesk' }, executableName: 'paydesk' },
    });
    expect(flipFuses).toHaveBeenCalledTimes(1);
    expect(flipFuses).toHaveBeenCalledWith(binary, { ...hook.fuses, resetAdHocDarwinSignature: resetAdHoc });
  });

  it('refuses a platform it does not know rather than leave the fuses as they are', async () => {
    await expect(
      hook.default({ appOutDir: '/x', electronPlatformName: 'freebsd', arch: 1, packager: { appInfo: { productFilename: 'P' } } }),
    ).rejects.toThrow(/not packaged for freebsd/);
    expect(flipFuses).not.toHaveBeenCalled();
  });
});
