/**
 * A real PostgreSQL server per test file: a temporary cluster on a free loopback port, stopped and removed in
 * `stop()`. initdb refuses to run as root, so as root every server command runs as the `postgres` user (the data
 * directory is handed to it); as anyone else it runs directly. Operators log in with SCRAM passwords over TCP (so a
 * wrong password is testable); the bootstrap superuser `paydesk_installer` (who creates the schema, like an agency's
 * database administrator would) has a password too.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const BIN_DIRS = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/14/bin'];

export const INSTALLER = { user: 'paydesk_installer', password: 'installer-test-password' };

export interface PgServer {
  host: string;
  port: number;
  /** The database the tests use (created empty). */
  database: string;
  dir: string;
  /** A client as the installer (superuser) on `database`, or another database of the cluster. */
  installer(database?: string): Promise<pg.Client>;
  /** Creates a login role with a password and the given Paydesk group roles. */
  createLogin(name: string, password: string, groups: string[]): Promise<void>;
  /** Stops the server (fast shutdown): "the server going away". */
  halt(): void;
  /** Starts it again after `halt()`. */
  start(): void;
  stop(): void;
}

export function postgresAvailable(): boolean {
  return BIN_DIRS.some((d) => existsSync(join(d, 'initdb')));
}

function binDir(): string {
  const dir = BIN_DIRS.find((d) => existsSync(join(d, 'initdb')));
  if (!dir) throw new Error('PostgreSQL is not installed (scripts/setup.sh installs the postgresql package)');
  return dir;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const asRoot = process.getuid?.() === 0;

function run(command: string, args: string[]): string {
  const file = join(binDir(), command);
  return asRoot
    ? execFileSync('runuser', ['-u', 'postgres', '--', file, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    : execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export interface PgServerOptions {
  /** Serve TLS with this certificate and key (PEM text); the key is written readable by the server only. */
  tls?: { cert: string; key: string };
}

export async function startPostgres(database = 'paydesk_team', options: PgServerOptions = {}): Promise<PgServer> {
  const dir = mkdtempSync(join(tmpdir(), 'paydesk-pg-'));
  const data = join(dir, 'data');
  const pwfile = join(dir, 'pwfile');
  writeFileSync(pwfile, `${INSTALLER.password}\n`);
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
    chownSync(pwfile, uid, gid);
  }
  run('initdb', ['-D', data, '-U', INSTALLER.user, '--pwfile', pwfile, '-A', 'scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8']);
  // Passwords for everyone, over TCP on loopback only (no trust: a wrong password must fail).
  writeFileSync(
    join(data, 'pg_hba.conf'),
    ['local all all scram-sha-256', 'host all all 127.0.0.1/32 scram-sha-256', 'host all all ::1/128 scram-sha-256', ''].join('\n'),
  );
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(join(data, 'pg_hba.conf'), uid, Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()));
  }
  let tlsArgs = '';
  if (options.tls) {
    const cert = join(dir, 'server.crt');
    const key = join(dir, 'server.key');
    writeFileSync(cert, options.tls.cert);
    writeFileSync(key, options.tls.key, { mode: 0o600 });
    if (asRoot) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      chownSync(cert, uid, gid);
      chownSync(key, uid, gid);
    }
    tlsArgs = ` -c ssl=on -c ssl_cert_file=${cert} -c ssl_key_file=${key}`;
  }
  const port = await freePort();
  const start = () => {
    run('pg_ctl', [
      '-D',
      data,
      '-l',
      join(dir, 'server.log'),
      '-w',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200${tlsArgs}`,
      'start',
    ]);
  };
  start();
  let running = true;
  const installer = async (db = database) => {
    const client = new pg.Client({ host: '127.0.0.1', port, user: INSTALLER.user, password: INSTALLER.password, database: db });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  };
  const boot = await installer('postgres');
  await boot.query(`CREATE DATABASE ${database}`);
  await boot.end();
  return {
    host: '127.0.0.1',
    port,
    database,
    dir,
    installer,
    async createLogin(name, password, groups) {
      const client = await installer();
      try {
        await client.query(`CREATE ROLE ${pg.escapeIdentifier(name)} LOGIN PASSWORD ${pg.escapeLiteral(password)}`);
        for (const group of groups) await client.query(`GRANT ${pg.escapeIdentifier(group)} TO ${pg.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
    },
    halt() {
      if (!running) return;
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      running = false;
    },
    start() {
      if (running) return;
      start();
      running = true;
    },
    stop() {
      try {
        if (running) run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } catch {
        // already gone
      }
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A CA and a server certificate it signed for 127.0.0.1 and localhost (openssl), for the TLS tests. */
export function makeCertificates(dir: string): { ca: string; cert: string; key: string; caFile: string } {
  const path = (name: string) => join(dir, name);
  const ssl = (args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  ssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    path('ca.key'),
    '-out',
    path('ca.crt'),
    '-days',
    '2',
    '-subj',
    '/CN=Paydesk Test CA',
  ]);
  ssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', path('server.key'), '-out', path('server.csr'), '-subj', '/CN=localhost']);
  writeFileSync(path('san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  ssl([
    'x509',
    '-req',
    '-in',
    path('server.csr'),
    '-CA',
    path('ca.crt'),
    '-CAkey',
    path('ca.key'),
    '-CAcreateserial',
    '-out',
    path('server.crt'),
    '-days',
    '2',
    '-extfile',
    path('san.ext'),
  ]);
  return {
    ca: readFileSync(path('ca.crt'), 'utf8'),
    cert: readFileSync(path('server.crt'), 'utf8'),
    key: readFileSync(path('server.key'), 'utf8'),
    caFile: path('ca.crt'),
  };
}
