/**
 * Reaching the team database: the settings (host, port, database, TLS), a connection pool per signed-in operator's
 * own login, and the one place that turns what PostgreSQL or the network said into a message an operator can act on.
 * Passwords are never kept here: the caller passes the one typed at sign-in (or read from the OS keychain).
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import pg from 'pg';
import { AppError } from '../errors';

export interface TeamSettings {
  host: string;
  port: number;
  database: string;
  /** verify-full: TLS, the server's certificate checked against `caFile` and its name; plain: loopback hosts only. */
  tls: { mode: 'verify-full'; caFile: string } | { mode: 'plain' };
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1']);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host.toLowerCase()) || (isIP(host) === 4 && host.startsWith('127.'));
}

/** Field → problem, empty when the settings can be used. */
export function teamSettingsProblems(settings: Partial<TeamSettings>): Record<string, string> {
  const problems: Record<string, string> = {};
  const host = settings.host?.trim() ?? '';
  if (!host) problems.host = 'Enter the database server’s host name.';
  else if (!/^[A-Za-z0-9.:-]+$/.test(host))
    problems.host = 'A host name has letters, digits, periods and hyphens (or it is an IP address).';
  if (!Number.isInteger(settings.port) || settings.port! < 1 || settings.port! > 65_535)
    problems.port = 'A port is a number from 1 to 65535.';
  if (!settings.database?.trim()) problems.database = 'Enter the database name.';
  if (!settings.tls) problems.tls = 'Choose how to secure the connection.';
  else if (settings.tls.mode === 'plain' && host && !isLoopback(host)) {
    problems.tls =
      'Without TLS Paydesk connects only to a database on this computer (localhost). Use verify-full with the server’s CA file.';
  } else if (settings.tls.mode === 'verify-full' && !settings.tls.caFile?.trim()) {
    problems.tls = 'verify-full needs the CA certificate file that signed the server’s certificate.';
  }
  return problems;
}

export function assertTeamSettings(settings: Partial<TeamSettings>): asserts settings is TeamSettings {
  const problems = teamSettingsProblems(settings);
  if (Object.keys(problems).length) throw new AppError('INVALID_INPUT', 'The team workspace settings are not complete.', problems);
}

function sslOptions(settings: TeamSettings): pg.ClientConfig['ssl'] {
  if (settings.tls.mode === 'plain') return false;
  let ca: string;
  try {
    ca = readFileSync(settings.tls.caFile, 'utf8');
  } catch (error) {
    throw new AppError(
      'INVALID_INPUT',
      `The CA file ${settings.tls.caFile} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
      {
        tls: 'Choose a readable CA certificate file (PEM).',
      },
    );
  }
  // rejectUnauthorized + the default checkServerIdentity: the chain must lead to this CA and the name must match.
  return { ca, rejectUnauthorized: true, servername: isIP(settings.host) ? undefined : settings.host };
}

export function clientConfig(settings: TeamSettings, login: { user: string; password: string }): pg.PoolConfig {
  return {
    host: settings.host,
    port: settings.port,
    database: settings.database,
    user: login.user,
    password: login.password,
    ssl: sslOptions(settings),
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    max: 4,
    application_name: 'Paydesk',
    // A statement that takes longer than this is the server in trouble, not a busy desk.
    statement_timeout: 30_000,
  };
}

const TLS_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_SIGNATURE_FAILURE',
]);
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
const GONE_CODES = new Set(['57P01', '57P02', '57P03', '08006', '08003', '08000']);

/**
 * What went wrong, said so that the operator knows what to do. `during` is set for an action that had started: the
 * server either finished it or changed nothing (each function is one transaction), and the replica shows which.
 */
export function describeTeamError(error: unknown, where: { settings?: TeamSettings; user?: string; during?: string } = {}): AppError {
  if (error instanceof AppError) return error;
  const e = error as { code?: string; message?: string; hint?: string; errno?: string };
  const code = e.code ?? '';
  const message = e.message ?? String(error);
  const server = where.settings ? `${where.settings.host}:${where.settings.port}` : 'the team database';
  if (code === 'P0001' && e.hint === 'paydesk-refusal') return new AppError('CONFLICT', message);
  if (code === '42501') {
    return new AppError(
      'FORBIDDEN',
      /permission denied/.test(message)
        ? `Your database login${where.user ? ` ${where.user}` : ''} has no Paydesk role in this team workspace. Ask the team’s admin to grant it one of paydesk_preparer, paydesk_approver, paydesk_sender or paydesk_admin.`
        : message,
    );
  }
  if (code === '28P01') return new AppError('UNAUTHENTICATED', `The team database refused the password for ${where.user ?? 'this login'}.`);
  if (code === '28000')
    return new AppError('UNAUTHENTICATED', `The team database does not accept ${where.user ?? 'this login'} from this computer.`);
  if (code === '3D000')
    return new AppError('INVALID_INPUT', `There is no database ${where.settings?.database ?? ''} on ${server}.`, {
      database: 'Check the name.',
    });
  if (TLS_CODES.has(code) || /certificate|self.signed|altnames|SSL/i.test(message)) {
    return new AppError(
      'FORBIDDEN',
      `The team database’s TLS certificate did not verify (${code || message}). Paydesk did not connect: check the CA file and that the host name matches the certificate.`,
    );
  }
  if (UNREACHABLE_CODES.has(code) || /timeout expired|connect ETIMEDOUT/i.test(message)) {
    return new AppError(
      'DATABASE',
      `The team database at ${server} cannot be reached (${code || message}). Views keep working from this computer’s copy; actions that change money wait for the server.`,
    );
  }
  if (GONE_CODES.has(code) || /Connection terminated|ECONNRESET|EPIPE|server closed the connection/i.test(message)) {
    return new AppError(
      'DATABASE',
      `The connection to the team database was lost${where.during ? ` while ${where.during}` : ''}. The server either finished the action or changed nothing; this computer’s copy shows which once it reconnects.`,
    );
  }
  return new AppError('DATABASE', `The team database said: ${message}`);
}

/** A pool as this login; resolves once one connection proved the login works (wrong passwords fail here). */
export async function openPool(settings: TeamSettings, login: { user: string; password: string }): Promise<pg.Pool> {
  assertTeamSettings(settings);
  const pool = new pg.Pool(clientConfig(settings, login));
  // A client whose server went away must not crash the process (idle in the pool or checked out): its queries
  // reject with the reason, and the pool drops it.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  try {
    const client = await pool.connect();
    client.release();
    return pool;
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw describeTeamError(error, { settings, user: login.user });
  }
}
