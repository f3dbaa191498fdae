/**
 * Composition root of the main process: opens the database and wires storage, audit, credentials, providers,
 * sync and workspace services. Used identically by the Electron shell, the browser host and the tests.
 */
import { EventBus } from './events';
import { Insights } from './insights/insights';
import { InsightQueries } from './storage/insights-queries';
import { AuditStore } from './storage/audit-store';
import { AuditLog } from './audit/audit-log';
import { ConnectionRepository } from './storage/connection-store';
import { ConnectionService } from './connections/connection-service';
import type { CredentialStore } from './credentials/credential-store';
import { KeytarCredentialStore } from './credentials/keytar-store';
import type { HttpOptions } from './providers/http';
import { ProviderClients } from './connections/provider-clients';
import { CacheRepository } from './storage/cache-repository';
import { openDatabase, type Db } from './storage/database';
import { PayoutRepository } from './storage/payout-repository';
import { SyncEngine } from './sync/sync-engine';
import { DemoSimulators, type DemoSimulatorOptions } from './providers/simulator/demo-simulators';
import { DemoWorkspace } from './workspace/demo-workspace';
import { SettingsRepository } from './storage/settings-store';
import { hostName, osUserName } from './workspace/identity';
import { AuditAnchor } from './audit/anchor';
import { OperatorStore } from './storage/operator-store';
import type { Actor } from './storage/audit-store';
import { SessionService } from './workspace/session';
import { OperatorService } from './workspace/operators';
import { DEMO_OPERATORS } from './workspace/demo-operators';
import { resolveOptions, type PayoutWorkflowOptions } from './payouts/context';
import { SqliteWorkflowStore } from './storage/sqlite-workflow-store';
import { PayoutWorkflow } from './payouts/workflow';

export interface ServiceOptions {
  dataDir: string;
  /** better-sqlite3 compiled for Electron (Electron shell only). */
  nativeBinding?: string;
  host: 'electron' | 'browser';
  version: string;
  credentials?: CredentialStore;
  demo?: DemoSimulatorOptions;
  http?: Partial<HttpOptions>;
  payouts?: PayoutWorkflowOptions;
}

export interface Services {
  options: ServiceOptions;
  db: Db;
  events: EventBus;
  audit: AuditLog;
  /** The audit trail's key and chain head in the keychain. */
  anchor: AuditAnchor;
  settings: SettingsRepository;
  credentials: CredentialStore;
  connections: ConnectionService;
  connectionRepo: ConnectionRepository;
  payouts: PayoutRepository;
  insights: Insights;
  cache: CacheRepository;
  sync: SyncEngine;
  demo: DemoWorkspace;
  clients: ProviderClients;
  /** Drafts, import, approvals, sending exactly once, tracking; reconciles left-over sends at start-up. */
  payoutWorkflow: PayoutWorkflow;
  /** Who is signed in at this desk; every call except a few public ones needs an operator (api/access.ts). */
  session: SessionService;
  operators: OperatorService;
  operatorStore: OperatorStore;
  osUser: string;
  actor: () => Actor;
  close(): Promise<void>;
}

/**
 * Opens the workspace: the database, the audit trail's anchor in the keychain (its key and chain head), and every
 * service. Asynchronous because the keychain is; nothing is appended to the audit trail before its key is loaded.
 */
export async function createServices(options: ServiceOptions): Promise<Services> {
  const db = openDatabase({ dataDir: options.dataDir, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
  try {
    return await openServices(db, options);
  } catch (error) {
    db.close();
    throw error;
  }
}

async function openServices(db: Db, options: ServiceOptions): Promise<Services> {
  const events = new EventBus();
  const osUser = osUserName();
  const auditStore = new AuditStore(db, { identity: { osUser, host: hostName() } });
  const settings = new SettingsRepository(db, auditStore);
  const credentials = options.credentials ?? new KeytarCredentialStore();
  const workspaceId = settings.workspaceId();
  const anchor = new AuditAnchor(credentials, workspaceId, auditStore);
  await anchor.open();
  const audit = new AuditLog(
    auditStore,
    () => anchor.current(),
    () => workspaceId,
  );
  const operatorStore = new OperatorStore(db, auditStore);
  const workflowOptions = resolveOptions(options.payouts, options.http?.sleep);
  const connectionRepo = new ConnectionRepository(db, auditStore);
  const session = new SessionService(operatorStore, {
    now: workflowOptions.now,
    idleLockMinutes: () => settings.get().idleLockMinutes,
    demoOperators: () => (connectionRepo.list().some((c) => c.isDemo) ? DEMO_OPERATORS : null),
    onLocked: () => events.emit('dataChanged', { scopes: ['session', 'audit'] }),
  });
  session.watchIdle();
  const operators = new OperatorService(operatorStore, session, workflowOptions.now);
  const actor = () => session.actor();
  const simulators = new DemoSimulators(options.demo);
  const clients = new ProviderClients(connectionRepo, credentials, simulators, options.http);
  const cache = new CacheRepository(db);
  const sync = new SyncEngine(connectionRepo, clients, cache, audit, events, actor);
  const workflowStore = new SqliteWorkflowStore(db, auditStore, { now: workflowOptions.now, pollBaseMs: () => workflowOptions.pollBaseMs });
  const payoutWorkflow = new PayoutWorkflow({ store: workflowStore, events, connections: connectionRepo, clients, actor }, workflowOptions);
  // Before anything else uses providers: payouts left 'sending'/'unknown' by an earlier run are reconciled first;
  // every send waits for this (PayoutWorkflow.ready).
  payoutWorkflow.start();
  const payouts = new PayoutRepository(db);
  return {
    options,
    db,
    events,
    audit,
    anchor,
    settings,
    credentials,
    connectionRepo,
    cache,
    sync,
    osUser,
    actor,
    clients,
    payoutWorkflow,
    session,
    operators,
    operatorStore,
    connections: new ConnectionService(connectionRepo, credentials, clients, actor, () => operatorStore.list().some((o) => o.isDemo)),
    payouts,
    insights: new Insights(new InsightQueries(db), payouts, () => payoutWorkflow.attention(10_000).length),
    demo: new DemoWorkspace(connectionRepo, cache, simulators, sync, actor, operators),
    async close() {
      session.stop();
      await payoutWorkflow.close();
      for (const c of connectionRepo.list()) sync.cancel(c.id);
      await simulators.closeAll();
      await anchor.flush().catch(() => undefined);
      anchor.close();
      db.close();
    },
  };
}
