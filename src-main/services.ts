/**
 * Composition root of the main process: secures and locks the data directory, opens the application log and the
 * database (checked, backed up before a migration, migrated), and wires storage, audit, credentials, providers,
 * sync, workspace and backups. Used identically by the Electron shell, the browser host and the tests. A failure at
 * start is a StartupError (src-main/startup/startup-error.ts) whose page the shell and the host show instead of the app.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BackupService, backupBeforeMigration } from './backups/backup-service';
import { errorFields, openAppLog, type AppLog } from './logging/app-log';
import { RedactionRegistry } from './providers/redaction';
import { acquireDataDirLock, prepareDataDir } from './startup/data-dir';
import { EventBus } from './events';
import { PreparedFiles } from './insights/prepared-files';
import { Insights } from './insights/insights';
import { InsightQueries } from './storage/insights-queries';
import { AuditStore } from './storage/audit-store';
import { AuditLog, type AuditTrail } from './audit/audit-log';
import { ConnectionRepository } from './storage/connection-store';
import { ConnectionService } from './connections/connection-service';
import type { CredentialStore } from './credentials/credential-store';
import { KeytarCredentialStore } from './credentials/keytar-store';
import type { HttpOptions } from './providers/http';
import { ProviderClients } from './connections/provider-clients';
import { CacheRepository } from './storage/cache-repository';
import { currentSchemaVersion, DATABASE_FILE, openDatabase, type Db } from './storage/database';
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
import type { TeamSettings } from './team/connect';
import { PgWorkflowStore } from './team/pg-workflow-store';
import { TeamWorkspace } from './team/team-workspace';
import { TeamService } from './team/team-service';
import { TeamAuditTrail } from './team/team-audit-trail';
import { TeamCacheWriter } from './team/team-cache-writer';
import { readTeamSettingsFile } from './team/settings-file';
import { InlineCacheWriter, type CacheWriter } from './sync/cache-writer';
import { WorkerCacheWriter } from './sync/worker-cache-writer';
import { InlinePageSource } from './sync/page-source';
import { WorkerPageSource } from './sync/worker-page-source';
import type { ThreadHttpOptions } from './workers/sync-reader-worker';
import { ReaderWorker } from './workers/reader';
import type { ProgressTask } from '@shared/contract/names';

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
  /** Daily backups (at start and on an hourly check); on by default. Backups before migrations are always made. */
  dailyBackups?: boolean;
  /**
   * A team workspace (docs/decisions/0010-team-workspace.md): the workflow's commands go to this PostgreSQL database,
   * this data directory keeps its replica; absent for a desk of its own.
   */
  team?: { settings: TeamSettings; host?: string; leaseSeconds?: number };
  /**
   * Where the sync writes: 'worker' (default) on a worker thread with its own connection, so the thread that answers
   * the UI never runs a sync transaction (docs/decisions/0012-off-main-thread.md); 'inline' on this thread.
   */
  cacheWriter?: 'worker' | 'inline';
  /** Where the payouts CSV export and audit Verify run: 'worker' (default) on the reader worker, 'inline' here. */
  reader?: 'worker' | 'inline';
  /**
   * Where the sync reads its pages (fetch, parse, map): 'worker' on a worker thread, so that none of it runs on the
   * thread that answers the UI; 'inline' on this thread. By default on the worker, unless `http` injects a function
   * (fetch, sleep, random: a test's faults or clock), which cannot cross to a thread: then inline.
   */
  syncReads?: 'worker' | 'inline';
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
  /** Exports waiting for the renderer to fetch them part by part (files.part). */
  preparedFiles: PreparedFiles;
  cache: CacheRepository;
  /** The sync's writes (pages, completions, people links): a worker thread unless options.cacheWriter is 'inline'. */
  cacheWriter: CacheWriter;
  sync: SyncEngine;
  demo: DemoWorkspace;
  clients: ProviderClients;
  /** Drafts, import, approvals, sending exactly once, tracking; reconciles left-over sends at start-up. */
  payoutWorkflow: PayoutWorkflow;
  /** The application log in <dataDir>/logs/ (every line redacted). */
  log: AppLog;
  /** Every connection's secret redactor, shared by the provider clients and the log. */
  redaction: RedactionRegistry;
  backups: BackupService;
  /** Who is signed in at this desk; every call except a few public ones needs an operator (src-shared/contract/access.ts). */
  session: SessionService;
  operators: OperatorService;
  operatorStore: OperatorStore;
  /** The audit trail's key and chain head in the keychain (docs/decisions/0008-anchored-audit-trail.md). */
  anchor: AuditAnchor;
  osUser: string;
  actor: () => Actor;
  /** The team workspace this desktop belongs to, or null for a desk of its own. */
  team: TeamWorkspace | null;
  /** The team operations of the contract (solo or team). */
  teamService: TeamService;
  /**
   * The audit trail a view asks for: this desktop's own, or (in a team workspace, and by default there) the team's,
   * where every payout, approval and policy event of the team lives.
   */
  auditTrail(which?: 'team' | 'desktop'): AuditTrail;
  close(): Promise<void>;
}

/**
 * Opens the workspace. Asynchronous because the keychain is: the audit trail's key and chain head are loaded before
 * anything is appended to it.
 */
export async function createServices(options: ServiceOptions): Promise<Services> {
  // Options that contradict each other are refused before anything is opened.
  syncReadsOnWorker(options);
  prepareDataDir(options.dataDir);
  const lock = acquireDataDirLock(options.dataDir);
  const redaction = new RedactionRegistry();
  let log: AppLog | null = null;
  let db: Db | null = null;
  try {
    log = openAppLog({ dataDir: options.dataDir, redact: (line) => redaction.redact(line) });
    log.info('starting', { version: options.version, host: options.host, dataDir: options.dataDir, pid: process.pid });
    const file = join(options.dataDir, DATABASE_FILE);
    const existed = existsSync(file) && statSync(file).size > 0;
    db = openDatabase({
      dataDir: options.dataDir,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      beforeMigrate: backupBeforeMigration(options.dataDir),
    });
    return await wire(options, db, log, redaction, lock.release, existed);
  } catch (error) {
    db?.close();
    log?.error('could not start', errorFields(error));
    void log?.close();
    lock.release();
    throw error;
  }
}

async function wire(
  options: ServiceOptions,
  db: Db,
  log: AppLog,
  redaction: RedactionRegistry,
  releaseLock: () => void,
  existed: boolean,
): Promise<Services> {
  const events = new EventBus();
  const osUser = osUserName();
  const auditStore = new AuditStore(db, { identity: { osUser, host: hostName() } });
  const settings = new SettingsRepository(db, auditStore);
  const credentials = options.credentials ?? new KeytarCredentialStore();
  const workspaceId = settings.workspaceId();
  const anchor = new AuditAnchor(credentials, workspaceId, auditStore);
  await anchor.open();
  // Long reads (the payouts CSV export, Verify) on a worker thread with its own read-only connection; progress events.
  const reader =
    options.reader === 'inline'
      ? null
      : new ReaderWorker({
          file: join(options.dataDir, DATABASE_FILE),
          ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
        });
  const progressOf = (task: ProgressTask) => (done: number, total: number | null, finished: boolean) =>
    events.emit('taskProgress', { task, done, total, finished });
  const audit = new AuditLog(
    auditStore,
    () => anchor.current(),
    () => workspaceId,
    reader ? (state) => reader.verifyAudit(state, progressOf('audit.verify')) : undefined,
  );
  const operatorStore = new OperatorStore(db, auditStore);
  const workflowOptions = resolveOptions(options.payouts, options.http?.sleep);
  const connectionRepo = new ConnectionRepository(db, auditStore);
  const session = new SessionService(operatorStore, {
    now: workflowOptions.now,
    idleLockMinutes: () => settings.get().idleLockMinutes,
    demoOperators: () => (operatorStore.list().some((o) => o.isDemo) ? DEMO_OPERATORS : null),
    onLocked: () => events.emit('dataChanged', { scopes: ['session', 'audit'] }),
  });
  session.watchIdle();
  const operators = new OperatorService(operatorStore, session, workflowOptions.now);
  const actor = () => session.actor();
  const simulators = new DemoSimulators(options.demo);
  const clients = new ProviderClients(connectionRepo, credentials, simulators, options.http, redaction);
  const cache = new CacheRepository(db);
  const cacheWriter: CacheWriter =
    options.cacheWriter === 'inline'
      ? new InlineCacheWriter(cache)
      : new WorkerCacheWriter({
          file: join(options.dataDir, DATABASE_FILE),
          identity: { osUser, host: hostName() },
          ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
        });
  // The worker checkpoints the WAL every second, PASSIVE: a commit on this thread never runs one.
  if (options.cacheWriter !== 'inline') db.pragma('wal_autocheckpoint = 0');
  // The workspace chosen in Settings (team-workspace.json in the data directory), unless the caller says.
  const teamOptions = options.team ?? teamFromFile(options.dataDir);
  // A CSV import commits on the writer worker's connection (docs/decisions/0012-off-main-thread.md, "The import commit").
  const localStore = new SqliteWorkflowStore(db, auditStore, {
    now: workflowOptions.now,
    pollBaseMs: () => workflowOptions.pollBaseMs,
    ...(cacheWriter instanceof WorkerCacheWriter ? { importWriter: cacheWriter } : {}),
  });
  const team = teamOptions
    ? new TeamWorkspace(db, operatorStore, session, {
        settings: teamOptions.settings,
        host: teamOptions.host ?? hostName(),
        osUser,
        now: workflowOptions.now,
        ...(teamOptions.leaseSeconds ? { leaseSeconds: teamOptions.leaseSeconds } : {}),
        onChanged: () => events.emit('dataChanged', { scopes: ['payouts', 'creators', 'campaigns', 'audit', 'connections', 'settings'] }),
      })
    : null;
  const pageSource = syncReadsOnWorker(options) ? new WorkerPageSource(clients, threadHttpOptions(options.http)) : new InlinePageSource();
  // A team desktop's sync publishes to the team's provider cache; its replica writes this desktop's cache from there.
  const sync = new SyncEngine(
    connectionRepo,
    clients,
    cache,
    audit,
    events,
    actor,
    undefined,
    team ? new TeamCacheWriter(team.link, cache) : cacheWriter,
    pageSource,
  );
  const workflowStore = team
    ? new PgWorkflowStore(localStore, team.replicaStore, team.link, {
        now: workflowOptions.now,
        pollBaseMs: () => workflowOptions.pollBaseMs,
      })
    : localStore;
  const teamAudit = team ? new TeamAuditTrail(team, credentials) : null;
  const payoutWorkflow = new PayoutWorkflow({ store: workflowStore, events, connections: connectionRepo, clients, actor }, workflowOptions);
  const demo = new DemoWorkspace(connectionRepo, cache, simulators, sync, actor, operators, Boolean(team));
  // A demo whose creation a crash interrupted goes before anything reads the workspace.
  const discarded = demo.discardUnfinished();
  if (discarded) log.warn('removed an unfinished demo workspace', { connections: discarded });
  const stopLogging = logEvents(events, log);
  const crashMonitor = (error: unknown, origin: string) => {
    log.fatal('uncaught error', { origin, ...errorFields(error) });
    log.flushSync();
  };
  process.on('uncaughtExceptionMonitor', crashMonitor);
  // Before anything else uses providers: payouts left 'sending'/'unknown' by an earlier run are reconciled first;
  // every send waits for this (PayoutWorkflow.ready).
  payoutWorkflow.start();
  const payouts = new PayoutRepository(db);
  const backups = new BackupService({
    db,
    dataDir: options.dataDir,
    audit,
    settings,
    actor,
    log,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    anchor,
    busy: () => {
      const syncing = connectionRepo.list().filter((c) => sync.isRunning(c.id));
      return syncing.length ? `a sync of ${syncing.map((c) => `"${c.label}"`).join(', ')} is running.` : null;
    },
    restored: (carriedOver) => {
      for (const c of connectionRepo.list()) clients.invalidate(c.id);
      events.emit('dataChanged', { scopes: ['connections', 'payouts', 'creators', 'campaigns', 'audit', 'settings'] });
      if (carriedOver.length) {
        payoutWorkflow.reconcile(carriedOver).catch((error: unknown) => log.warn('reconciling after a restore failed', errorFields(error)));
      }
    },
  });
  if (options.dailyBackups !== false) backups.startSchedule({ atStart: existed });
  log.info('started', { schemaVersion: currentSchemaVersion(db), database: join(options.dataDir, DATABASE_FILE) });
  return {
    options,
    db,
    events,
    audit,
    settings,
    credentials,
    connectionRepo,
    cache,
    cacheWriter,
    sync,
    osUser,
    actor,
    team,
    auditTrail: (which) => (teamAudit && which !== 'desktop' ? teamAudit : audit),
    teamService: new TeamService(options.dataDir, team, {
      connections: connectionRepo,
      audit,
      actor,
      db,
      identity: { osUser, host: teamOptions?.host ?? hostName() },
      log,
      policy: () => payoutWorkflow.policy(),
    }),
    clients,
    payoutWorkflow,
    log,
    redaction,
    backups,
    session,
    operators,
    operatorStore,
    anchor,
    connections: new ConnectionService(connectionRepo, credentials, clients, actor, () => operatorStore.list().some((o) => o.isDemo)),
    payouts,
    insights: new Insights(
      new InsightQueries(db),
      payouts,
      () => payoutWorkflow.attention(10_000).length,
      reader ? (input) => reader.exportPayoutsCsv(input, progressOf('payouts.exportCsv')) : undefined,
    ),
    preparedFiles: new PreparedFiles(),
    demo,
    async close() {
      session.stop();
      await backups.close();
      await payoutWorkflow.close();
      await team?.close();
      for (const c of connectionRepo.list()) sync.cancel(c.id);
      await simulators.closeAll();
      await cacheWriter.close();
      await pageSource.close();
      await reader?.close();
      await anchor.flush().catch(() => undefined);
      anchor.close();
      stopLogging();
      process.off('uncaughtExceptionMonitor', crashMonitor);
      db.close();
      log.info('stopped');
      await log.close();
      releaseLock();
    },
  };
}

function teamFromFile(dataDir: string): ServiceOptions['team'] | undefined {
  const settings = readTeamSettingsFile(dataDir);
  return settings ? { settings } : undefined;
}

/** What the log says about the services' work: sync failures, every send outcome (info), without secrets. */
function logEvents(events: EventBus, log: AppLog): () => void {
  const offs = [
    events.on('syncFinished', ({ connectionId, cancelled, errors }) => {
      if (errors.length) log.warn('sync failed', { connectionId, errors });
      else log.info(cancelled ? 'sync cancelled' : 'sync completed', { connectionId });
    }),
    events.on('payoutStatusChanged', (change) => log.info('payout status changed', { ...change })),
  ];
  return () => offs.forEach((off) => off());
}

/** The sync's pages are read on a worker unless asked otherwise or `http` holds functions (ServiceOptions.syncReads). */
function syncReadsOnWorker(options: ServiceOptions): boolean {
  const injected = Object.values(options.http ?? {}).some((value) => typeof value === 'function');
  if (options.syncReads === 'worker' && injected) throw new Error('The sync reads on a worker only with the real HTTP functions.');
  return (options.syncReads ?? (injected ? 'inline' : 'worker')) === 'worker';
}

/** The HTTP settings that cross to the sync reader's thread (numbers only). */
function threadHttpOptions(http: Partial<HttpOptions> = {}): ThreadHttpOptions {
  return Object.fromEntries(Object.entries(http).filter(([, value]) => typeof value !== 'function')) as ThreadHttpOptions;
}
