/**
 * The team workspace at work: a real PostgreSQL server on loopback (test/support/postgres.ts starts one), five
 * desktops (each its own data directory, services, replica and login) approving and then sending payouts against a
 * provider simulator, timed per action (an approval or a send, each with its replica catch-up); and the time for a
 * new desktop's replica to catch up with 100,000 payouts (20,000 in quick mode).
 */
import pg from 'pg';
import type { Connection, Envelope } from '@shared/contract/model';
import { createServiceDispatcher } from '../src-main/api/service-dispatcher';
import { providerModule } from '../src-main/providers/registry';
import { createServices, type Services } from '../src-main/services';
import { migrateSchema } from '../src-main/storage/postgres/schema';
import { TeamQueries } from '../src-main/storage/postgres/team-queries';
import { canonicalJson } from '../src-main/audit/chain';
import { startPostgres, type PgServer } from '../test/support/postgres';
import { simulatorConnection } from '../test/support/simulator-connection';
import { freshDir, MemoryCredentialStore, round, summarize, type Summary } from './lib/common';

export interface TeamBenchResult {
  desktops: number;
  payouts: number;
  approve: Summary & { perSec: number };
  send: Summary & { perSec: number };
  catchUp: { payouts: number; ms: number; rowsPerSec: number };
  /** The same desktop taking in the team's shared provider cache (items one sync published), into its own cache. */
  cacheCatchUp: { items: number; ms: number; itemsPerSec: number };
}

const PROVIDER = 'talentir' as const;

async function desktop(server: PgServer, name: string, login: string, credentials: MemoryCredentialStore): Promise<Services> {
  const services = await createServices({
    dataDir: freshDir(`team-${name}`),
    host: 'browser',
    version: 'bench',
    credentials,
    http: { timeoutMs: 2_000, sleep: async () => undefined, random: () => 0 },
    payouts: { poller: false, settleMs: 0, sleep: async () => undefined },
    dailyBackups: false,
    team: { settings: { host: server.host, port: server.port, database: server.database, tls: { mode: 'plain' } }, host: name },
  });
  await services.team!.signIn(login, `${login}-bench-password`);
  return services;
}

async function timed<T>(samples: number[], action: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await action();
  } finally {
    samples.push(performance.now() - started);
  }
}

export async function benchTeam(options: { payouts: number; catchUpPayouts: number; desktops: number }): Promise<TeamBenchResult> {
  const server = await startPostgres('paydesk_bench');
  const sim = await providerModule(PROVIDER).startSimulator({ seed: 3, payouts: 3, creators: 6, campaigns: 3, logLimit: 0 });
  const open: Services[] = [];
  try {
    const installer = await server.installer();
    await migrateSchema(installer);
    await installer.end();
    const logins = { admin: ['paydesk_admin', 'paydesk_preparer'], maker: ['paydesk_preparer'] } as Record<string, string[]>;
    for (let i = 1; i <= options.desktops; i += 1) logins[`desk${i}`] = ['paydesk_approver', 'paydesk_sender'];
    for (const [login, groups] of Object.entries(logins)) await server.createLogin(login, `${login}-bench-password`, groups);

    // Each desktop has the connection's secret in its own keychain (here one in-memory store stands for all of them).
    const credentials = new MemoryCredentialStore();
    const admin = await desktop(server, 'admin', 'admin', credentials);
    open.push(admin);
    const dispatch = createServiceDispatcher(admin, { error: () => undefined });
    const added = (await dispatch('connections.add', simulatorConnection(PROVIDER, sim, 'Bench'))) as Envelope<Connection>;
    if (!added.ok) throw new Error(added.error.message);
    const connection = added.value;
    await admin.team!.shareConnection(connection);
    const adminPool = new pg.Pool({
      host: server.host,
      port: server.port,
      database: server.database,
      user: 'admin',
      password: 'admin-bench-password',
    });
    await new TeamQueries(adminPool).setPolicy(
      { ...admin.payoutWorkflow.policy(), approvalThresholds: [], workspaceDailyCaps: [], dailyCaps: [] },
      canonicalJson({ bench: true }),
      { osUser: 'bench', host: 'admin' },
    );
    await adminPool.end();

    const maker = await desktop(server, 'maker', 'maker', credentials);
    open.push(maker);
    const ids: number[] = [];
    for (let i = 0; i < options.payouts; i += 1) {
      const draft = await maker.payoutWorkflow.drafts.create({
        connectionId: connection.id,
        recipient: { email: `bench${i}@example.com`, name: `Bench Creator ${i}` },
        amount: `${10 + (i % 50)}.25`,
        currency: 'EUR',
        description: `Bench fee ${i}`,
      });
      ids.push(draft.id);
    }
    const desks: Services[] = [];
    for (let i = 1; i <= options.desktops; i += 1) desks.push(await desktop(server, `desk${i}`, `desk${i}`, credentials));
    open.push(...desks);
    for (const d of desks) await d.team!.catchUp();

    // Approving: the payouts dealt out to the desktops (five; three in quick mode), each approving its share one payout per action, in parallel.
    const approveSamples: number[] = [];
    const share = (k: number) => ids.filter((_, i) => i % desks.length === k);
    let started = performance.now();
    await Promise.all(
      desks.map(async (d, k) => {
        for (const id of share(k)) await timed(approveSamples, () => d.payoutWorkflow.approvals.approve([id]));
      }),
    );
    const approveMs = performance.now() - started;
    for (const d of desks) await d.team!.catchUp();

    // Sending: every desktop tries every payout (the claim decides), one payout per action.
    const sendSamples: number[] = [];
    started = performance.now();
    await Promise.all(
      desks.map(async (d, k) => {
        const order = [...share(k), ...ids.filter((_, i) => i % desks.length !== k)];
        for (const id of order) await timed(sendSamples, () => d.payoutWorkflow.sender.send([id]));
      }),
    );
    const sendMs = performance.now() - started;
    const sentAtProvider = sim.payoutCount() - 3;
    if (sentAtProvider !== options.payouts) throw new Error(`the provider holds ${sentAtProvider} payouts, expected ${options.payouts}`);

    // The desktops go home (in one process they would all pull what follows too; each desktop is its own process).
    for (const s of open.splice(0)) await s.close();
    // A new desktop's replica catching up with a large team database (rows written in bulk by the owner).
    const bulk = await server.installer();
    await bulk.query(
      `INSERT INTO paydesk.payouts (connection_id, client_reference, short_reference, recipient_name, recipient_email, amount_minor, currency,
         description, status, status_changed_at, created_by, created_by_id, created_at, updated_at)
       SELECT $1, 'paydesk-bulk-' || g, 'BULK-' || g, 'Creator ' || g, 'creator' || g || '@example.com', 1000 + g % 5000, 'EUR',
         'Bulk ' || g, 'paid', to_char(now(), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'maker', 'pg:maker',
         to_char(now(), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), to_char(now(), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
       FROM generate_series(1, $2) g`,
      [connection.id, options.catchUpPayouts],
    );
    // As autovacuum would after such a load: the pull's index on change_seq is chosen with current statistics.
    await bulk.query('ANALYZE paydesk.payouts');
    await bulk.end();
    // A desktop that has never seen the team: its sign-in pulls everything before it returns.
    const newcomer = await createServices({
      dataDir: freshDir('team-newcomer'),
      host: 'browser',
      version: 'bench',
      credentials,
      payouts: { poller: false },
      dailyBackups: false,
      team: { settings: { host: server.host, port: server.port, database: server.database, tls: { mode: 'plain' } }, host: 'newcomer' },
    });
    open.push(newcomer);
    started = performance.now();
    await newcomer.team!.signIn('desk2', 'desk2-bench-password');
    const catchUpMs = performance.now() - started;
    const replicated = (newcomer.db.prepare('SELECT count(*) AS n FROM payouts').get() as { n: number }).n;
    if (replicated < options.catchUpPayouts) throw new Error(`the new replica holds ${replicated} payouts`);

    // One sync's worth of the provider's payout history in the team's provider cache (team schema migration 4), as
    // the provider client reads it; the desktop writes it into its own cache (payee-derived creators and all).
    const items = await server.installer();
    await items.query(
      `INSERT INTO paydesk.provider_items (connection_id, resource, remote_id, item, fetched_at, fetched_by)
       SELECT $1, 'payouts', 'hist-' || g, jsonb_build_object('remoteId', 'hist-' || g, 'clientReference', NULL,
           'recipientName', 'Payee ' || (g % 5000), 'recipientEmail', 'payee' || (g % 5000) || '@example.com', 'recipientHandle', NULL,
           'creatorRemoteId', NULL, 'campaignRemoteId', NULL, 'amount', jsonb_build_object('minor', 1000 + g % 7000, 'currency', 'EUR'),
           'description', 'History ' || g, 'status', 'paid', 'providerStatus', 'completed',
           'createdAt', to_char(now() - g * interval '1 minute', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'updatedAt', NULL, 'raw', '{}'::jsonb),
         to_char(now(), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'desk1'
       FROM generate_series(1, $2) g`,
      [connection.id, options.catchUpPayouts],
    );
    await items.query('ANALYZE paydesk.provider_items');
    await items.end();
    started = performance.now();
    await newcomer.team!.catchUp();
    const cacheMs = performance.now() - started;
    const cached = (newcomer.db.prepare("SELECT count(*) AS n FROM payouts WHERE remote_id LIKE 'hist-%'").get() as { n: number }).n;
    if (cached < options.catchUpPayouts) throw new Error(`the new desktop's cache holds ${cached} of the team's provider payouts`);

    const rate = (n: number, ms: number) => round((n * 1000) / ms, 1);
    return {
      desktops: desks.length,
      payouts: options.payouts,
      approve: { ...summarize(approveSamples), perSec: rate(approveSamples.length, approveMs) },
      send: { ...summarize(sendSamples), perSec: rate(sendSamples.length, sendMs) },
      catchUp: { payouts: replicated, ms: round(catchUpMs, 0), rowsPerSec: rate(replicated, catchUpMs) },
      cacheCatchUp: { items: cached, ms: round(cacheMs, 0), itemsPerSec: rate(cached, cacheMs) },
    };
  } finally {
    for (const s of open.reverse()) await s.close().catch(() => undefined);
    await sim.close();
    server.stop();
  }
}
