/**
 * A team database for the team tests: a real PostgreSQL server (test/support/postgres.ts), the Paydesk schema set up
 * by the installer, logins with their group roles, one connection and a policy with a threshold.
 */
import pg from 'pg';
import { canonicalJson } from '../../../src-main/audit/chain';
import { migrateSchema } from '../../../src-main/storage/postgres/schema';
import { TeamQueries, type CallContext } from '../../../src-main/storage/postgres/team-queries';
import { startPostgres, type PgServer } from '../../support/postgres';

export const LOGINS = {
  alice: { password: 'alice-team-password', groups: ['paydesk_preparer', 'paydesk_approver', 'paydesk_sender'] },
  bob: { password: 'bob-team-password', groups: ['paydesk_approver', 'paydesk_sender'] },
  carol: { password: 'carol-team-password', groups: ['paydesk_approver', 'paydesk_sender'] },
  dana: { password: 'dana-team-password', groups: ['paydesk_admin', 'paydesk_preparer'] },
  pete: { password: 'pete-team-password', groups: ['paydesk_preparer'] },
  mallory: { password: 'mallory-team-password', groups: [] as string[] },
} as const;
export type Login = keyof typeof LOGINS;

export interface TeamDb {
  server: PgServer;
  client(login: Login, password?: string): Promise<pg.Client>;
  queries(login: Login): Promise<{ q: TeamQueries; client: pg.Client }>;
  close(): Promise<void>;
}

export const ctx = (host: string): CallContext => ({ osUser: 'tester', host });
export const details = (value: Record<string, unknown>) => canonicalJson(value);

export async function startTeamDb(options: { logins?: Login[] } = {}): Promise<TeamDb> {
  const server = await startPostgres();
  const installer = await server.installer();
  await migrateSchema(installer);
  await installer.end();
  for (const login of options.logins ?? (Object.keys(LOGINS) as Login[])) {
    await server.createLogin(login, LOGINS[login].password, [...LOGINS[login].groups]);
  }
  const open: pg.Client[] = [];
  const client = async (login: Login, password: string = LOGINS[login].password) => {
    const c = new pg.Client({ host: server.host, port: server.port, database: server.database, user: login, password });
    c.on('error', () => undefined);
    await c.connect();
    open.push(c);
    return c;
  };
  return {
    server,
    client,
    async queries(login) {
      const c = await client(login);
      return { q: new TeamQueries(c), client: c };
    },
    async close() {
      await Promise.all(open.map((c) => c.end().catch(() => undefined)));
      server.stop();
    },
  };
}

let n = 0;
/** A draft as PgWorkflowStore sends it (the NewDraft fields the server keeps). */
export function draftDoc(connectionId: string, amountMinor = 2500, currency = 'EUR'): Record<string, unknown> {
  n += 1;
  const ref = `PD-${process.pid}-${n}-${Math.random().toString(36).slice(2, 8)}`;
  return {
    connectionId,
    clientReference: `paydesk-${ref}`,
    shortReference: ref,
    recipientJson: JSON.stringify({ email: `creator${n}@example.com`, name: `Creator ${n}` }),
    recipientKey: `email:creator${n}@example.com`,
    display: { name: `Creator ${n}`, email: `creator${n}@example.com`, handle: null },
    amountMinor,
    currency,
    description: `Fee ${n}`,
  };
}

export const testConnection = {
  id: 'conn-team-1',
  provider: 'talentir',
  label: 'Team Talentir',
  environment: 'custom',
  baseUrl: 'http://127.0.0.1:9/api',
  authMode: 'apiKey',
  publicFields: '{}',
  credentialHint: null,
};
