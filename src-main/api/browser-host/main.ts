/**
 * `npm run start:browser`: runs Paydesk's main services under Node and serves the UI on 127.0.0.1.
 * Data directory: --data-dir, else PAYDESK_DATA_DIR, else the folder Electron would use (~/.config/Paydesk).
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startBrowserHostOrErrorPage } from './startup-error-host';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function defaultDataDir(): string {
  const config = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(config, 'Paydesk');
}

async function main() {
  const { values } = parseArgs({
    options: { 'data-dir': { type: 'string' }, port: { type: 'string' }, 'demo-payouts': { type: 'string' } },
  });
  const dataDir = resolve(values['data-dir'] ?? process.env.PAYDESK_DATA_DIR ?? defaultDataDir());
  const port = Number(values.port ?? process.env.PAYDESK_PORT ?? 0);
  const version = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
  const demoPayouts = Number(values['demo-payouts'] ?? process.env.PAYDESK_DEMO_PAYOUTS ?? 400);
  const started = performance.now();
  const startup = await startBrowserHostOrErrorPage({
    dataDir,
    port,
    version,
    rendererDir: join(projectRoot, 'out/renderer'),
    demo: { payoutsPerProvider: demoPayouts, autoAdvanceMs: 15_000 },
  });
  if (startup.failed) {
    // The page says what happened and what to do; the host stays up to show it until it is stopped.
    const failed = startup.failed;
    console.log(`Paydesk could not start (data: ${dataDir}). Open ${failed.url} for what happened and what to do.`);
    const stopPage = () => void failed.close().then(() => process.exit(1));
    process.on('SIGINT', stopPage);
    process.on('SIGTERM', stopPage);
    return;
  }
  const host = startup.host;
  console.log(`Paydesk browser host (data: ${dataDir}) ready in ${Math.round(performance.now() - started)} ms`);
  console.log(`Open ${host.url}`);
  console.log('The link works once: the browser that opens it stays signed in until you quit the host.');
  if (process.stdin.isTTY) {
    // A second browser (or a link opened by mistake elsewhere) needs a link of its own.
    console.log('Press Enter for another link.');
    process.stdin.on('data', () => console.log(`Open ${host.url}`));
  }
  const stop = () => {
    void host.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`Paydesk could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
