/**
 * The data directory's files at start: modes, the one-process lock, the checks that refuse a bad database with a
 * clear message (and leave it untouched), and the page shown instead of the app.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, readdirSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src-main/services';
import type { CredentialStore } from '../../src-main/credentials/credential-store';
import { LOCK_FILE } from '../../src-main/startup/data-dir';
import { StartupError, renderStartupErrorPage, type StartupErrorCode } from '../../src-main/startup/startup-error';
import { DATABASE_FILE, PAYDESK_APPLICATION_ID, openDatabase } from '../../src-main/storage/database';
import { tempDataDir } from '../helpers/temp-dir';

const memoryKeychain: CredentialStore = {
  save: async () => undefined,
  load: async () => null,
  remove: async () => true,
  status: async () => ({ available: true, message: null }),
};

let cleanups: Array<() => void> = [];
let open: Services[] = [];
afterEach(async () => {
  for (const s of open) await s.close();
  open = [];
  cleanups.forEach((c) => c());
  cleanups = [];
});
function dataDir(): string {
  const t = tempDataDir();
  cleanups.push(t.cleanup);
  return join(t.dir, 'Paydesk');
}
async function start(dir: string): Promise<Services> {
  const services = await createServices({
    dataDir: dir,
    host: 'browser',
    version: 'test',
    credentials: memoryKeychain,
    dailyBackups: false,
  });
  open.push(services);
  return services;
}
async function refusal(dir: string): Promise<StartupError> {
  try {
    await start(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(StartupError);
    return error as StartupError;
  }
  throw new Error('expected the start to be refused');
}
const mode = (path: string) => statSync(path).mode & 0o777;
const fileBytes = (path: string) => readFileSync(path);

describe('data directory and database files', () => {
  it('are private at creation: folder 0700, database, -wal and -shm 0600, logs and backups too', async () => {
    const dir = dataDir();
    const services = await start(dir);
    services.settings.update({ idleLockMinutes: 20 }, { id: null, name: 'test' });
    expect(mode(dir)).toBe(0o700);
    for (const suffix of ['', '-wal', '-shm']) expect(mode(join(dir, DATABASE_FILE + suffix))).toBe(0o600);
    expect(mode(join(dir, 'logs'))).toBe(0o700);
    expect(mode(join(dir, 'backups'))).toBe(0o700);
  });

  it('are made private again at every start', async () => {
    const dir = dataDir();
    await (await start(dir)).close();
    open = [];
    chmodSync(dir, 0o755);
    chmodSync(join(dir, DATABASE_FILE), 0o644);
    await start(dir);
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(dir, DATABASE_FILE))).toBe(0o600);
    expect(mode(join(dir, `${DATABASE_FILE}-wal`))).toBe(0o600);
  });

  it('carry Paydesk’s application_id: set on a new database, and on an older Paydesk database when it is opened', async () => {
    const dir = dataDir();
    const services = await start(dir);
    expect(services.db.pragma('application_id', { simple: true })).toBe(PAYDESK_APPLICATION_ID);
    // An older Paydesk file (tables, no application_id) is recognised by its tables and adopted.
    const older = dataDir();
    mkdirSync(older, { recursive: true });
    const db = openDatabase({ dataDir: older });
    db.pragma('application_id = 0');
    db.close();
    const adopted = await start(older);
    expect(adopted.db.pragma('application_id', { simple: true })).toBe(PAYDESK_APPLICATION_ID);
  });
});

describe('one process per data directory', () => {
  it('refuses a second start while the first holds the lock, and starts once it closed', async () => {
    const dir = dataDir();
    const first = await start(dir);
    const lock = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as { pid: number };
    expect(lock.pid).toBe(process.pid);
    const error = await refusal(dir);
    expect(error.reason).toBe('ALREADY_RUNNING');
    await first.close();
    open = [];
    expect(readdirSync(dir)).not.toContain(LOCK_FILE);
    await start(dir);
  });

  it('refuses when another live process holds the lock, and takes over the lock of a process that is gone', async () => {
    const dir = dataDir();
    await (await start(dir)).close();
    open = [];
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: other.pid, host: (await import('node:os')).hostname(), startedAt: 'now' }));
      const error = await refusal(dir);
      expect(error.reason).toBe('ALREADY_RUNNING');
      expect(error.message).toContain(`process ${other.pid}`);
    } finally {
      other.kill('SIGKILL');
      await new Promise((r) => other.once('exit', r));
    }
    // The process is gone: its lock no longer counts.
    const services = await start(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    expect(services.connections.list()).toEqual([]);
  });

  it('takes over a lock file that is unreadable (a crash while it was written)', async () => {
    const dir = dataDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, LOCK_FILE), '{"pid": 12');
    await start(dir);
  });
});

describe('bad database files are refused with what to do, and left untouched', () => {
  const expectRefused = async (dir: string, reason: StartupErrorCode, message: RegExp) => {
    const file = join(dir, DATABASE_FILE);
    const before = fileBytes(file);
    const error = await refusal(dir);
    expect(error.reason).toBe(reason);
    expect(error.message).toMatch(message);
    expect(fileBytes(file).equals(before)).toBe(true);
    // The refused start released its lock: nothing of it stays behind.
    expect(readdirSync(dir)).not.toContain(LOCK_FILE);
    return error;
  };

  it('a foreign SQLite file (no application_id, no Paydesk tables)', async () => {
    const dir = dataDir();
    mkdirSync(dir, { recursive: true });
    const foreign = new Database(join(dir, DATABASE_FILE));
    foreign.exec("CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup')");
    foreign.close();
    await expectRefused(dir, 'FOREIGN_DATABASE', /SQLite database of another program; Paydesk left it untouched.*Move that file/);
    const again = new Database(join(dir, DATABASE_FILE), { readonly: true });
    expect(again.prepare("SELECT name FROM sqlite_master WHERE type='table'").all()).toEqual([{ name: 'recipes' }]);
    expect(again.pragma('journal_mode', { simple: true })).toBe('delete');
    again.close();
  });

  it('an SQLite file of another application (its own application_id)', async () => {
    const dir = dataDir();
    mkdirSync(dir, { recursive: true });
    const foreign = new Database(join(dir, DATABASE_FILE));
    foreign.pragma('application_id = 1234');
    foreign.exec('CREATE TABLE settings (key TEXT)');
    foreign.close();
    await expectRefused(dir, 'FOREIGN_DATABASE', /application id 1234/);
  });

  it('a damaged database: quick_check fails at start, with restore or move-aside advice', async () => {
    const dir = dataDir();
    const services = await start(dir);
    const insert = services.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
    services.db.transaction(() => {
      for (let i = 0; i < 3000; i += 1) insert.run(`key-${i}`, 'v'.repeat(200));
    })();
    await services.close();
    open = [];
    // Overwrite one page in the middle of the file (a table page, not the header) with garbage.
    const file = join(dir, DATABASE_FILE);
    const pageSize = 4096;
    const pages = statSync(file).size / pageSize;
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, Math.floor(pages / 2) * pageSize);
    closeSync(fd);
    const error = await expectRefused(
      dir,
      'DATABASE_CORRUPT',
      /database is damaged.*Restore the latest backup.*move the damaged file aside/,
    );
    expect(renderStartupErrorPage(error)).toContain('The Paydesk database is damaged');
  });

  it('not a database at all', async () => {
    const dir = dataDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, DATABASE_FILE), 'spreadsheet, not a database\n'.repeat(300));
    await expectRefused(dir, 'NOT_A_DATABASE', /damaged or is not a Paydesk database/);
  });

  it('a read-only database is reported at start, not at the first write', async () => {
    const dir = dataDir();
    await (await start(dir)).close();
    open = [];
    chmodSync(join(dir, DATABASE_FILE), 0o444);
    try {
      await expectRefused(dir, 'DATABASE_READ_ONLY', /read-only, so nothing could be saved.*Make the file writable/);
    } finally {
      chmodSync(join(dir, DATABASE_FILE), 0o600);
    }
  });
});

describe('the start-up error page', () => {
  it('says what happened and what to do, escapes everything, and loads nothing', async () => {
    const error = new StartupError(
      'DATABASE_CORRUPT',
      'The <b>database</b> is damaged',
      'Restore a backup & retry.',
      join(tmpdir(), 'paydesk-data', 'x"y.sqlite'),
      'page 7',
    );
    const html = renderStartupErrorPage(error);
    expect(html).toContain('<h1>The Paydesk database is damaged</h1>');
    expect(html).toContain('The &lt;b&gt;database&lt;/b&gt; is damaged.');
    expect(html).toContain('Restore a backup &amp; retry.');
    expect(html).toContain('x&quot;y.sqlite');
    expect(html).toContain('data-startup-error="DATABASE_CORRUPT"');
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script|src=|href=/i);
    expect(renderStartupErrorPage(new Error('secret detail'))).not.toContain('secret detail');
  });
});
