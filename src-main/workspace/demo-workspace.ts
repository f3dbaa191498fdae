import { randomUUID } from 'node:crypto';
import type { DemoWorkspaceResult } from '@shared/contract';
import { AppError } from '../errors';
import type { Actor } from '../storage/audit-store';
import { DEMO_OPERATORS } from './demo-operators';
import type { OperatorService } from './operators';
import type { CacheRepository } from '../storage/cache-repository';
import type { ConnectionRepository } from '../storage/connection-store';
import { providerIds, providerName } from '../providers/registry';
import type { SyncEngine } from '../sync/sync-engine';
import { type DemoSimulators, demoBaseUrl } from '../providers/simulator/demo-simulators';

/**
 * One click on an empty workspace: a connection per provider, each backed by its simulator, synced at once so
 * the new user sees creators, campaigns and payouts without any API key. Everything is labelled "Demo".
 */
export class DemoWorkspace {
  constructor(
    private readonly connections: ConnectionRepository,
    private readonly cache: CacheRepository,
    private readonly simulators: DemoSimulators,
    private readonly sync: SyncEngine,
    private readonly actor: () => Actor,
    private readonly operators: OperatorService,
  ) {}

  exists(): boolean {
    return this.connections.list().some((c) => c.isDemo);
  }

  async create(): Promise<DemoWorkspaceResult> {
    if (this.exists()) throw new AppError('CONFLICT', 'The demo workspace already exists.');
    // Only a new workspace becomes the demo: its operators' passphrases are public, so it never holds real accounts.
    if (this.operators.list().length || this.connections.list().length) {
      throw new AppError('CONFLICT', 'The demo starts only in a new, empty workspace; this one already has operators or connections.');
    }
    // Start every simulator before writing anything, so a failure leaves the workspace empty.
    const sims = await Promise.all(providerIds.map((p) => this.simulators.get(p)));
    // Three operators to try four eyes with (their passphrases show on the sign-in screen).
    await this.operators.createDemoOperators(DEMO_OPERATORS);
    const now = new Date().toISOString();
    const ids = providerIds.map(() => randomUUID());
    this.connections.add(
      providerIds.map((provider, i) => ({
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
        archivedAt: null,
        updatedAt: now,
      })),
      [
        {
          actor: this.actor(),
          action: 'workspace.demo_created',
          subject: 'workspace',
          details: { connections: providerIds.map((provider, i) => ({ id: ids[i], provider })) },
        },
      ],
    );
    await Promise.all(ids.map((id) => this.sync.syncConnection(id)));
    return { connections: ids.length, ...this.cache.counts() };
  }
}
