import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh data directory per test, removed afterwards. */
export function tempDataDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'paydesk-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
