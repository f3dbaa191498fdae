/**
 * A payout workflow on a real SQLite file with one connection per provider and a few cached creators and
 * campaigns, without keychain or network: drafting, import, approvals and the checks before sending.
 */
import { EventBus } from '../../../src-main/events';
import { type ProviderId } from '@shared/contract/model';
import { providerIds } from '../../../src-main/providers/registry';
import { AuditStore } from '../../../src-main/storage/audit-store';
import { AuditLog } from '../../../src-main/audit/audit-log';
import { ConnectionRepository } from '../../../src-main/storage/connection-store';
import type { CredentialStore } from '../../../src-main/credentials/credential-store';
import { resolveOptions } from '../../../src-main/payouts/context';
import { PayoutWorkflow } from '../../../src-main/payouts/workflow';
import { SqliteWorkflowStore } from '../../../src-main/storage/sqlite-workflow-store';
import { ProviderClients } from '../../../src-main/connections/provider-clients';
import { openDatabase, type Db } from '../../../src-main/storage/database';
import { DemoSimulators } from '../../../src-main/providers/simulator/demo-simulators';
import { tempDataDir } from '../../helpers/temp-dir';

const noKeychain: CredentialStore = {
  save: () => Promise.resolve(),
  load: () => Promise.resolve(null),
  remove: () => Promise.resolve(false),
  status: () => Promise.resolve({ available: false, message: 'test' }),
};

export const connectionIds = {
  talentir: 'c-talentir',
  tokenio: 'c-tokenio',
  creatorpay: 'c-creatorpay',
  talli: 'c-talli',
  dots: 'c-dots',
} as const satisfies Record<ProviderId, string>;

export const CREATORPAY_CREATOR = '5b0e7a52-1c3f-4e0c-9d7e-1f2a3b4c5d6e';
export const TALLI_CAMPAIGN = '13f8bf6d-dc27-4a04-bffe-6e5b13c19ddf';

export interface Fixture {
  db: Db;
  w: PayoutWorkflow;
  audit: AuditLog;
  events: EventBus;
  setOperator(name: string): void;
  /** Runs fn as another operator (e.g. the maker of a draft), then switches back. */
  as<T>(name: string, fn: () => Promise<T>): Promise<T>;
  setNow(date: Date): void;
  creatorId: number;
  campaignId: number;
  /** Stops the workflow's background work (payee checks, poller) as the app does, then closes the database. */
  close(): Promise<void>;
}

export function createFixture(): Fixture {
  const t = tempDataDir();
  const db = openDatabase({ dataDir: t.dir });
  const now = '2026-03-01T10:00:00.000Z';
  const insert = db.prepare(
    'INSERT INTO connections (id, provider, label, environment, base_url, auth_mode, public_fields, credential_hint, is_demo, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, 0, ?, ?)',
  );
  for (const p of providerIds)
    insert.run(
      connectionIds[p as keyof typeof connectionIds],
      p,
      `Test ${p}`,
      'custom',
      'https://provider.example.test',
      'x',
      '{}',
      now,
      now,
    );
  const creatorId = Number(
    db
      .prepare(
        `INSERT INTO creators (connection_id, remote_id, name, email, updated_at) VALUES (?, ?, 'Casey Creator', 'casey@example.com', ?)`,
      )
      .run(connectionIds.creatorpay, CREATORPAY_CREATOR, now).lastInsertRowid,
  );
  const campaignId = Number(
    db
      .prepare(`INSERT INTO campaigns (connection_id, remote_id, name, status, updated_at) VALUES (?, ?, 'Spring Launch', 'Active', ?)`)
      .run(connectionIds.talli, TALLI_CAMPAIGN, now).lastInsertRowid,
  );
  const auditStore = new AuditStore(db);
  const audit = new AuditLog(auditStore);
  const events = new EventBus();
  const connections = new ConnectionRepository(db, auditStore);
  let operator = 'Alice (alice)';
  let clock = new Date(now);
  const options = resolveOptions({ poller: false, now: () => clock, sleep: async () => undefined });
  const store = new SqliteWorkflowStore(db, auditStore, { now: options.now, pollBaseMs: () => options.pollBaseMs });
  const w = new PayoutWorkflow(
    {
      store,
      events,
      connections,
      clients: new ProviderClients(connections, noKeychain, new DemoSimulators()),
      // Operators by stable id: the name is what the audit trail shows, the id is what four eyes compares.
      actor: () => ({ id: `op:${operator.split(' ')[0]!.toLowerCase()}`, name: operator }),
    },
    options,
  );
  return {
    db,
    w,
    audit,
    events,
    creatorId,
    campaignId,
    setOperator: (name) => {
      operator = name;
    },
    as: async (name, fn) => {
      const previous = operator;
      operator = name;
      try {
        return await fn();
      } finally {
        operator = previous;
      }
    },
    setNow: (date) => {
      clock = date;
    },
    close: async () => {
      await w.close();
      db.close();
      t.cleanup();
    },
  };
}

/** Runs fn and returns the AppError it throws (fails the test when nothing is thrown). */
export async function errorOf(fn: () => unknown): Promise<{ code: string; message: string; fieldErrors?: Record<string, string> }> {
  try {
    await fn();
  } catch (error) {
    return error as { code: string; message: string; fieldErrors?: Record<string, string> };
  }
  throw new Error('expected an error');
}
