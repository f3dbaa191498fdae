#!/usr/bin/env node
// Builds better-sqlite3 for Electron's ABI into .electron-native/, leaving node_modules (the Node build that the
// tests and the browser host use) untouched. The Electron shell loads it through better-sqlite3's nativeBinding.
// Needs Electron's headers from electronjs.org, so it runs only where Electron itself could be installed.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const electronVersion = JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8')).version;
const target = resolve('.electron-native');
const marker = join(target, `electron-${electronVersion}`);
const binding = join(target, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
if (existsSync(marker) && existsSync(binding)) process.exit(0);

rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });
cpSync('node_modules/better-sqlite3', join(target, 'better-sqlite3'), {
  recursive: true,
  filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`),
});
console.log(`Building better-sqlite3 for Electron ${electronVersion} in .electron-native/ …`);
const result = spawnSync(
  'npx',
  ['node-gyp', 'rebuild', `--target=${electronVersion}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'],
  {
    cwd: join(target, 'better-sqlite3'),
    stdio: 'inherit',
  },
);
if (result.status !== 0) {
  console.error(
    'Could not build better-sqlite3 for Electron (are Electron headers reachable?). `npm start` falls back to the browser host.',
  );
  process.exit(1);
}
cpSync(binding, join(target, 'better_sqlite3.node'));
cpSync(binding, marker);
