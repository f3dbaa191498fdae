/**
 * The real browser host in a process of its own, for the hostile-input suite: a crash shows as this process
 * exiting. Real services, real SQLite in a fresh data directory, the real keychain under a test service.
 * It serves the small page the suite writes into <renderer dir>. Protocol on stdio: prints one `READY {json}` line; for each `token` line on stdin prints `TOKEN <launch token>`.
 */
import { createInterface } from 'node:readline';
import { startBrowserHost } from '../../../src-main/api/browser-host/host';
import { KeytarCredentialStore } from '../../../src-main/credentials/keytar-store';

const dataDir = process.argv[2];
const keychainService = process.argv[3];
const rendererDir = process.argv[4];
if (!dataDir || !keychainService || !rendererDir) throw new Error('usage: host-process.ts <data dir> <keychain service> <renderer dir>');

const host = await startBrowserHost({
  dataDir,
  version: 'hostile',
  rendererDir,
  credentials: new KeytarCredentialStore(keychainService),
  // No background work of its own: a change in the database between two calls is the work of those calls.
  demo: { payoutsPerProvider: 25 },
  payouts: { poller: false },
  // Unexpected failures go to stderr for whoever debugs a failing run; the test reads only stdout.
  log: (message) => process.stderr.write(`${message}\n`),
});
process.stdout.write(`READY ${JSON.stringify({ origin: host.origin })}\n`);
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === 'token') process.stdout.write(`TOKEN ${host.token}\n`);
});
const stop = () => void host.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
