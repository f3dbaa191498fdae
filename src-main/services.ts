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
import { actorName, osUserName } from './workspace/operator';
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
  osUser: string;
  actor: () => string;
  close(): Promise<void>;
}

export function createServices(options: ServiceOptions): Services {
  const db = openDatabase({ dataDir: options.dataDir, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
  const events = new EventBus();
  const auditStore = new AuditStore(db);
  const audit = new AuditLog(auditStore);
  const settings = new SettingsRepository(db, auditStore);
  const osUser = osUserName();
  const actor = () => actorName(settings, osUser);
  const credentials = options.credentials ?? new KeytarCredentialStore();
  const connectionRepo = new ConnectionRepository(db, auditStore);
  const simulators = new DemoSimulators(options.demo);
  const clients = new ProviderClients(connectionRepo, credentials, simulators, options.http);
  const cache = new CacheRepository(db);
  const sync = new SyncEngine(connectionRepo, clients, cache, audit, events, actor);
  const workflowOptions = resolveOptions(options.payouts, options.http?.sleep);
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
    settings,
    credentials,
    connectionRepo,
    cache,
    sync,
    osUser,
    actor,
    clients,
    payoutWorkflow,
    connections: new ConnectionService(connectionRepo, credentials, clients, actor),
    payouts,
    insights: new Insights(new InsightQueries(db), payouts, () => payoutWorkflow.attention(10_000).length),
    demo: new DemoWorkspace(connectionRepo, cache, simulators, sync, actor),
    async close() {
      await payoutWorkflow.close();
      for (const c of connectionRepo.list()) sync.cancel(c.id);
      await simulators.closeAll();
      db.close();
    },
  };
}
