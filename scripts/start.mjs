#!/usr/bin/env node
// `npm start`: sets up, builds, and runs Paydesk in Electron where its binary is installed; otherwise says so
// in one line and runs the same app in the browser host (loopback web server + the real services).
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run('bash', ['scripts/setup.sh']);
run('npx', ['electron-vite', 'build']);

/**
 * The installed Electron binary, or null. Read from the electron package's own files rather than by
 * require('electron'), which would try to download a missing binary (and fail slowly on a closed network).
 */
function installedElectron() {
  const pkg = join('node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(pkg, 'dist');
  const binary = join(dist, relative);
  return existsSync(binary) ? binary : null;
}

const electronPath = installedElectron();

const electronSqlite = electronPath && spawnSync('node', ['scripts/rebuild-electron.mjs'], { stdio: 'inherit' }).status === 0;

if (electronPath && electronSqlite) {
  const child = spawn(electronPath, ['.'], {
    stdio: 'inherit',
    env: { ...process.env, PAYDESK_SQLITE_BINDING: join(process.cwd(), '.electron-native', 'better_sqlite3.node') },
  });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(
    electronPath
      ? 'Electron is installed but its SQLite module could not be built for it, so Paydesk starts in your browser instead: open the URL below.'
      : 'Electron is not installed on this machine (its binary could not be downloaded), so Paydesk starts in your browser instead: open the URL below.',
  );
  const child = spawn('npx', ['tsx', 'src-main/api/browser-host/main.ts'], { stdio: 'inherit' });
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}
