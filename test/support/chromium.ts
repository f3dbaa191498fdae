import { chromium, type Browser } from 'playwright-core';

/**
 * The Chromium that the end-to-end tests and the benchmarks drive: Debian's, or the one CHROMIUM_PATH names; no
 * GPU, and none of the browser's own traffic (updates, sync, background requests) beside the app's.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
