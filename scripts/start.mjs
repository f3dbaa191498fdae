#!/usr/bin/env node
// `npm start`: sets up, builds, and runs Paydesk in Electron where its binary is installed; otherwise says so
// in one line and runs the same app in the browser host (loopback web server + the real services).
import { spawnSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run('bash', ['scripts/setup.sh']);
run('npx', ['electron-vite', 'build']);

let electronPath = null;
try {
  // The electron package exports the binary's path, and throws when the binary was never downloaded.
  electronPath = createRequire(import.meta.url)('electron');
} catch {
  electronPath = null;
}

if (electronPath) {
  // better-sqlite3 must be compiled for Electron's ABI; `npm run rebuild:electron` does it (needs Electron headers).
  const child = spawn(electronPath, ['.'], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('Electron is not installed on this machine (its binary could not be downloaded), so Paydesk starts in your browser instead: open the URL below.');
  const child = spawn('npx', ['tsx', 'src-main/api/browser-host/main.ts'], { stdio: 'inherit' });
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}
