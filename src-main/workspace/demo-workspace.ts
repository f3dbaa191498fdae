import { randomUUID } from 'node:crypto';
import type { DemoWorkspaceResult } from '@shared/contract';
import { AppError } from '../errors';
import type { AuditLog } from '../audit/audit-log';
import type { ConnectionRepository } from '../connections/connection-repository';
import { providerIds, providerName } from '../providers/registry';
import type { Db } from '../storage/database';
import type { SyncEngine } from '../sync/sync-engine';
import { type DemoSimulators, demoBaseUrl } from '../providers/simulator/demo-simulators';

/**
 * One click on an empty workspace: a connection per provider, each backed by its simulator, synced at once so
 * the new user sees creators, campaigns and payouts without any API key. Everything is labelled "Demo".
 */
export class DemoWorkspace {
  constructor(
    private readonly db: Db,
    private readonly connections: ConnectionRepository,
    private readonly simulators: DemoSimulators,
    private readonly sync: SyncEngine,
    private readonly audit: AuditLog,
    private readonly actor: () => string,
  ) {}

  exists(): boolean {
    return this.connections.list().some((c) => c.isDemo);
  }

  async create(): Promise<DemoWorkspaceResult> {
    if (this.exists()) throw new AppError('CONFLICT', 'The demo workspace already exists.');
    // Start every simulator before writing anything, so a failure leaves the workspace empty.
    const sims = await Promise.all(providerIds.map((p) => this.simulators.get(p)));
    const now = new Date().toISOString();
    const ids = providerIds.map(() => randomUUID());
    this.db.transaction(() => {
      providerIds.forEach((provider, i) => {
        this.connections.insert({
          id: ids[i]!,
          provider,
          label: `Demo ${providerName(provider)}`,
          environment: 'simulator',
          baseUrl: demoBaseUrl(provider),
          authMode: sims[i]!.credentials.authMode,
          publicFields: {},
          credentialHint: null,
          isDemo: true,
          createdAt: now,
          updatedAt: now,
        });
      });
      this.audit.append({
        actor: this.actor(),
        action: 'workspace.demo_created',
        subject: 'workspace',
        details: { connections: providerIds.map((provider, i) => ({ id: ids[i], provider })) },
      });
    })();
    await Promise.all(ids.map((id) => this.sync.syncConnection(id)));
    const count = (table: string) => (this.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return { connections: ids.length, creators: count('creators'), campaigns: count('campaigns'), payouts: count('payouts') };
  }
}
