/**
 * Desktops of one team for the integration tests: each its own data directory and real services (SQLite replica,
 * keychain, provider clients) in team mode against the test's PostgreSQL server, signed in with its own login.
 */
import { KeytarCredentialStore } from '../../../src-main/credentials/keytar-store';
import { createServices, type Services } from '../../../src-main/services';
import { tempDataDir } from '../../helpers/temp-dir';
import type { Connection } from '@shared/contract/model';
import type { ProviderId } from '@shared/contract/model';
import type { ProviderSimulator } from '../../../src-main/providers/simulator/types';
import { connect, dispatcherFor, testHttp } from '../payouts/harness';
import { ctx, details, LOGINS, type TeamDb } from './team-fixture';

export interface Desktop {
  name: string;
  services: Services;
  dir: string;
  close(): Promise<void>;
}

export async function openDesktop(
  team: TeamDb,
  name: string,
  login: string,
  password: string = (LOGINS as Record<string, { password: string }>)[login]!.password,
  options: { leaseSeconds?: number } = {},
): Promise<Desktop> {
  const { dir, cleanup } = tempDataDir();
  const services = await createServices({
    dataDir: dir,
    host: 'browser',
    version: 'test',
    credentials: new KeytarCredentialStore('Paydesk-test'),
    http: testHttp,
    payouts: { poller: false, settleMs: 0, sleep: async () => undefined },
    dailyBackups: false,
    team: {
      settings: { host: team.server.host, port: team.server.port, database: team.server.database, tls: { mode: 'plain' } },
      host: name,
      ...(options.leaseSeconds ? { leaseSeconds: options.leaseSeconds } : {}),
    },
  });
  await services.team!.signIn(login, password);
  let closed = false;
  return {
    name,
    services,
    dir,
    async close() {
      if (closed) return;
      closed = true;
      await services.close();
      cleanup();
    },
  };
}

/**
 * The admin's desktop adds the connection (its secret into the keychain; adding shares its settings with the team)
 * and, when asked, sets an approval threshold in the team's policy; then it closes.
 */
export async function adminConnects(
  team: TeamDb,
  provider: ProviderId,
  sim: ProviderSimulator,
  options: { thresholdEurMinor?: number } = {},
): Promise<Connection> {
  const admin = await openDesktop(team, 'desk-admin', 'dana');
  try {
    const connection = await connect(dispatcherFor(admin.services), provider, sim);
    if (options.thresholdEurMinor !== undefined) {
      const { q } = await team.queries('dana');
      await q.setPolicy(
        { ...admin.services.payoutWorkflow.policy(), approvalThresholds: [{ minor: options.thresholdEurMinor, currency: 'EUR' }] },
        details({ threshold: options.thresholdEurMinor }),
        ctx('desk-admin'),
      );
    }
    return connection;
  } finally {
    await admin.close();
  }
}
