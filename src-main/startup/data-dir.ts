/**
 * The data directory's files at start-up: the folder is made private (0700) at creation and at every start, and one
 * Paydesk process at a time holds it through a lock file that names its pid. A lock whose process no longer exists
 * (a crash, a kill -9, a power cut) is taken over; a live one refuses the second process with a clear message.
 */
import { accessSync, chmodSync, constants, linkSync, mkdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { StartupError } from './startup-error';

export const LOCK_FILE = 'paydesk.lock';
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates the folder (0700) or corrects its mode, and checks that Paydesk may write in it. */
export function prepareDataDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
    if ((statSync(dataDir).mode & 0o777) !== PRIVATE_DIR_MODE) chmodSync(dataDir, PRIVATE_DIR_MODE);
  } catch (error) {
    throw new StartupError(
      'DATA_DIR_UNUSABLE',
      'Paydesk cannot create or secure its data folder',
      'Check that the folder exists, belongs to you and may be written, or start Paydesk with another data folder.',
      dataDir,
      osDetail(error),
    );
  }
  try {
    accessSync(dataDir, constants.W_OK);
  } catch (error) {
    throw new StartupError(
      'DATABASE_READ_ONLY',
      'The data folder is read-only, so Paydesk cannot save anything',
      'Make the folder writable for your user (or move it to a writable disk) and start Paydesk again.',
      dataDir,
      osDetail(error),
    );
  }
}

/** Sets a file's mode to 0600 if it exists (the database, its -wal and -shm, backups, logs). */
export function makePrivate(file: string): void {
  try {
    if ((statSync(file).mode & 0o777) !== PRIVATE_FILE_MODE) chmodSync(file, PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

interface LockContent {
  pid: number;
  host: string;
  startedAt: string;
}

export interface DataDirLock {
  readonly file: string;
  /** Removes the lock if it is still ours. */
  release(): void;
}

function readLock(file: string): { raw: string; content: LockContent | null } | null {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const parsed = JSON.parse(raw) as Partial<LockContent>;
    if (typeof parsed.pid === 'number' && Number.isInteger(parsed.pid) && parsed.pid > 0) {
      return { raw, content: { pid: parsed.pid, host: String(parsed.host ?? ''), startedAt: String(parsed.startedAt ?? '') } };
    }
  } catch {
    // A half-written or foreign file holds no live claim.
  }
  return { raw, content: null };
}

/** Whether a process with this pid exists (EPERM: it exists but belongs to someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the data directory's lock. The lock file is written whole under a temporary name and linked into place,
 * which fails if a lock exists: two processes starting at once cannot both succeed. A stale lock (dead pid, or
 * unreadable) is removed only if it is still the one that was judged stale, then the link is tried again.
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  const file = join(dataDir, LOCK_FILE);
  const mine: LockContent = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  const raw = `${JSON.stringify(mine)}\n`;
  const temp = join(dataDir, `${LOCK_FILE}.${process.pid}.${Math.random().toString(36).slice(2)}`);
  writeFileSync(temp, raw, { mode: PRIVATE_FILE_MODE });
  try {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      try {
        linkSync(temp, file);
        return {
          file,
          release() {
            const current = readLock(file);
            if (current && current.raw === raw) rmSync(file, { force: true });
          },
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw lockError(file, error);
      }
      const held = readLock(file);
      if (!held) continue;
      const owner = held.content;
      // Another host's pid means nothing here; such a lock (a data folder on a shared drive) is honoured.
      const sameHost = !owner || owner.host === '' || owner.host === mine.host;
      if (owner && (!sameHost || processAlive(owner.pid))) {
        throw new StartupError(
          'ALREADY_RUNNING',
          owner.pid === process.pid
            ? 'This Paydesk process already has this data folder open'
            : `Another Paydesk (process ${owner.pid}${sameHost ? '' : ` on ${owner.host}`}, started ${owner.startedAt || 'at an unknown time'}) is using this data folder`,
          'Switch to the Paydesk window that is already open, or quit it first. If no Paydesk is running, delete the lock file named below.',
          file,
        );
      }
      // Stale: remove it only if it is still the same file content we judged.
      const again = readLock(file);
      if (again && again.raw === held.raw) unlinkSync(file);
    }
    throw new StartupError(
      'ALREADY_RUNNING',
      'Paydesk could not take the lock of its data folder: another process keeps changing it',
      'Quit other Paydesk windows and start again.',
      file,
    );
  } finally {
    rmSync(temp, { force: true });
  }
}

function lockError(file: string, error: unknown): StartupError {
  return new StartupError(
    'DATA_DIR_UNUSABLE',
    'Paydesk cannot create the lock file in its data folder',
    'Check that the data folder may be written, then start Paydesk again.',
    file,
    osDetail(error),
  );
}

export function osDetail(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
