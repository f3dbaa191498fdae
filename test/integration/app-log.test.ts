/**
 * The application log: a real file in <dataDir>/logs/, rotated with a bounded number of files, every line redacted,
 * written by the dispatcher, the services and the crash monitor; and the dispatcher's words for failed reads and writes.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src-main/api/dispatcher';
import { createHandlers } from '../../src-main/api/handlers/index';
import type { CredentialStore } from '../../src-main/credentials/credential-store';
import { openAppLog } from '../../src-main/logging/app-log';
import { createServices, type Services } from '../../src-main/services';
import { tempDataDir } from '../helpers/temp-dir';

const memoryKeychain: CredentialStore = {
  save: async () => undefined,
  load: async () => null,
  remove: async () => true,
  status: async () => ({ available: true, message: null }),
};

let cleanups: Array<() => void> = [];
let services: Services | undefined;
afterEach(async () => {
  await services?.close();
  services = undefined;
  cleanups.forEach((c) => c());
  cleanups = [];
});
function dataDir(): string {
  const t = tempDataDir();
  cleanups.push(t.cleanup);
  return t.dir;
}
const logText = (dir: string) =>
  readdirSync(join(dir, 'logs'))
    .map((name) => readFileSync(join(dir, 'logs', name), 'utf8'))
    .join('');
const lines = (dir: string) =>
  logText(dir)
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('application log', () => {
  it('writes JSON lines to <dataDir>/logs (0600) with start, stop and dispatcher errors', async () => {
    const dir = dataDir();
    services = await createServices({
      dataDir: dir,
      host: 'browser',
      version: 'log-test',
      credentials: memoryKeychain,
      dailyBackups: false,
    });
    const handlers = createHandlers(services);
    handlers['connections.list'] = () => {
      throw new TypeError('boom in a handler');
    };
    const dispatch = createDispatcher(handlers);
    const reply = await dispatch('connections.list', {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(await dispatch('app.logFolder', {})).toEqual({ ok: true, value: { path: join(dir, 'logs') } });
    await services.close();
    services = undefined;
    const entries = lines(dir);
    expect(entries.map((e) => e.msg)).toEqual(expect.arrayContaining(['starting', 'started', 'stopped']));
    const failure = entries.find((e) => String(e.msg).startsWith('connections.list: unexpected TypeError'));
    expect(failure?.level).toBe('error');
    expect(String(failure?.msg)).toContain('boom in a handler');
    for (const name of readdirSync(join(dir, 'logs'))) expect(statSync(join(dir, 'logs', name)).mode & 0o777).toBe(0o600);
  });

  it('redacts every connection secret (in any encoding) and anything that looks like a credential', async () => {
    const dir = dataDir();
    services = await createServices({
      dataDir: dir,
      host: 'browser',
      version: 'log-test',
      credentials: memoryKeychain,
      dailyBackups: false,
    });
    const secret = 'sk live+key/with=signs';
    services.redaction.forConnection('c1').addSecret(secret);
    services.log.warn(`provider said: key=${encodeURIComponent(secret)} and ${JSON.stringify({ apiKey: secret })}`, {
      header: `Basic ${Buffer.from(`id:${secret}`).toString('base64')}`,
      bearer: 'Authorization: Bearer abc.def.ghi-jkl',
      pem: '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIAbc\n-----END PRIVATE KEY-----',
    });
    await services.log.flush();
    const text = logText(dir);
    expect(text).toContain('provider said');
    for (const leak of [
      secret,
      encodeURIComponent(secret),
      'abc.def.ghi-jkl',
      'MC4CAQAw',
      Buffer.from(`id:${secret}`).toString('base64'),
    ]) {
      expect(text).not.toContain(leak);
    }
    expect(text).toContain('[redacted]');
  });

  it('logs sync failures and send outcomes from the services’ events', async () => {
    const dir = dataDir();
    services = await createServices({
      dataDir: dir,
      host: 'browser',
      version: 'log-test',
      credentials: memoryKeychain,
      dailyBackups: false,
    });
    services.events.emit('syncFinished', {
      connectionId: 'c1',
      cancelled: false,
      setAside: 0,
      errors: ['Talentir is having trouble (HTTP 503).'],
    });
    services.events.emit('payoutStatusChanged', {
      payoutId: 7,
      connectionId: 'c1',
      status: 'paid',
      providerStatus: 'completed',
      message: 'Sent.',
    });
    await services.log.flush();
    const entries = lines(dir);
    expect(entries).toContainEqual(
      expect.objectContaining({ level: 'warn', msg: 'sync failed', errors: ['Talentir is having trouble (HTTP 503).'] }),
    );
    expect(entries).toContainEqual(expect.objectContaining({ level: 'info', msg: 'payout status changed', payoutId: 7, status: 'paid' }));
  });

  it('rotates by size and keeps a bounded number of files', async () => {
    const dir = dataDir();
    const log = openAppLog({ dataDir: dir, maxFileSize: '20k', keepFiles: 3 });
    await log.flush();
    for (let i = 0; i < 3000; i += 1) {
      log.info('filler line', { i, text: 'x'.repeat(100) });
      if (i % 200 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    await new Promise((r) => setTimeout(r, 100));
    await log.close();
    const files = readdirSync(join(dir, 'logs'));
    expect(files.length).toBeGreaterThan(1);
    expect(files.length).toBeLessThanOrEqual(4);
    for (const name of files) expect(statSync(join(dir, 'logs', name)).size).toBeLessThan(80_000);
  });

  it('records an uncaught error before the process dies', () => {
    const dir = dataDir();
    const script = `
      const { createServices } = await import(${JSON.stringify(resolve(import.meta.dirname, '../../src-main/services.ts'))});
      const keychain = { save: async () => {}, load: async () => null, remove: async () => true, status: async () => ({ available: true, message: null }) };
      const s = await createServices({ dataDir: ${JSON.stringify(dir)}, host: 'browser', version: 'crash', credentials: keychain, dailyBackups: false });
      await s.log.flush();
      setTimeout(() => { throw new RangeError('the crash to remember'); }, 10);
    `;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: resolve(import.meta.dirname, '../..'),
      encoding: 'utf8',
    });
    expect(run.status).not.toBe(0);
    const fatal = lines(dir).find((e) => e.level === 'fatal');
    expect(fatal).toMatchObject({
      msg: 'uncaught error',
      error: 'RangeError',
      message: 'the crash to remember',
      origin: 'uncaughtException',
    });
  });
});

describe('dispatcher: a failed read is not a refused change', () => {
  it('words database errors of reads and writes apart, each with what happened', async () => {
    const dir = dataDir();
    services = await createServices({
      dataDir: dir,
      host: 'browser',
      version: 'log-test',
      credentials: memoryKeychain,
      dailyBackups: false,
    });
    const s = services;
    const handlers = createHandlers(s);
    // Real SQLite errors: a read of a table that is not there, and a write on a database that is full.
    handlers['connections.list'] = () => s.db.prepare('SELECT * FROM no_such_table').all() as never;
    const dispatch = createDispatcher(handlers, { error: () => undefined });
    const read = await dispatch('connections.list', {});
    expect(read).toMatchObject({ ok: false, error: { code: 'DATABASE' } });
    if (read.ok) throw new Error('unreachable');
    expect(read.error.message).toMatch(/^Paydesk could not read its database: .*Nothing was changed\./);
    expect(read.error.message).not.toMatch(/refused the change|Nothing was saved/);

    // Fill the database up to a page limit, as a full disk would.
    s.db.pragma(`max_page_count = ${s.db.pragma('page_count', { simple: true }) as number}`);
    const filler = s.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
    let n = 0;
    for (const size of [2000, 500, 100, 10, 1]) {
      for (;;) {
        try {
          filler.run(`filler-${(n += 1)}`, 'f'.repeat(size));
        } catch {
          break;
        }
      }
    }
    const write = await dispatch('settings.update', { idleLockMinutes: 77 });
    s.db.pragma('max_page_count = 1073741823');
    expect(write).toMatchObject({ ok: false, error: { code: 'DATABASE' } });
    if (write.ok) throw new Error('unreachable');
    expect(write.error.message).toMatch(/^The database refused the change: the disk is full\. Nothing was saved\. Free some disk space/);
    expect(s.settings.get().idleLockMinutes).toBe(15);
  });
});
