import { randomUUID } from 'node:crypto';
import type { DemoWorkspaceResult, LeaveDemoResult } from '@shared/contract';
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
 *
 * All or nothing: the connections are written with a marker that says the demo is unfinished; only when every sync
 * has completed does the marker go (with the audit event). If anything fails part-way (a full disk, a simulator that
 * does not answer), the connections and everything synced for them are removed in one transaction; if even that
 * cannot be written, the next start removes them (discardUnfinished).
 */
export class DemoWorkspace {
  constructor(
    private readonly connections: ConnectionRepository,
    private readonly cache: CacheRepository,
    private readonly simulators: DemoSimulators,
    private readonly sync: SyncEngine,
    private readonly actor: () => Actor,
    private readonly operators: OperatorService,
    /** A team desktop never becomes the demo: its payouts are the team database's replica. */
    private readonly inTeamWorkspace = false,
  ) {}

  exists(): boolean {
    return this.connections.list().some((c) => c.isDemo);
  }

  async create(): Promise<DemoWorkspaceResult> {
    if (this.inTeamWorkspace)
      throw new AppError('CONFLICT', 'The demo is a workspace of its own; this computer works in a team workspace.');
    if (this.exists()) throw new AppError('CONFLICT', 'The demo workspace already exists.');
    // Only a new workspace becomes the demo: its operators' passphrases are public, so it never holds real accounts.
    // (Demo operators left by a demo whose creation failed do not count: they are made again, once.)
    if (this.operators.list().some((o) => !o.isDemo) || this.connections.list().length) {
      throw new AppError('CONFLICT', 'The demo starts only in a new, empty workspace; this one already has operators or connections.');
    }
    // Start every simulator before writing anything, so a failure leaves the workspace empty.
    const sims = await Promise.all(providerIds.map((p) => this.simulators.get(p)));
    // Three operators to try four eyes with (their passphrases show on the sign-in screen).
    await this.operators.createDemoOperators(DEMO_OPERATORS);
    const now = new Date().toISOString();
    const ids = providerIds.map(() => randomUUID());
    this.connections.addPendingDemo(
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
    );
    let failure: string | null = null;
    const outcomes = await Promise.allSettled(ids.map((id) => this.sync.syncConnection(id)));
    for (const outcome of outcomes) {
      if (failure) break;
      if (outcome.status === 'rejected') failure = describe(outcome.reason);
      else
        failure =
          Object.values(outcome.value.resources).find((r) => r.error)?.error ?? (outcome.value.cancelled ? 'a sync was cancelled' : null);
    }
    if (!failure) {
      try {
        this.connections.completeDemo([
          {
            actor: this.actor(),
            action: 'workspace.demo_created',
            subject: 'workspace',
            details: { connections: providerIds.map((provider, i) => ({ id: ids[i], provider })) },
          },
        ]);
        return { connections: ids.length, ...this.cache.counts() };
      } catch (error) {
        failure = describe(error);
      }
    }
    failure = failure.replace(/\.$/, '');
    const kept = this.discard(ids, failure);
    throw new AppError(
      'DATABASE',
      kept
        ? `The demo workspace could not be created (${failure}). Nothing of it was kept: its connections and synced data were removed.`
        : `The demo workspace could not be created (${failure}), and what was already written could not be removed yet; Paydesk removes it the next time it starts.`,
    );
  }

  /**
   * Leaves the demo for the agency's own workspace in this data folder: the demo's connections, simulated payouts and
   * all operators go (src-main/storage/connection-store.ts leaveDemo), the audit trail stays and says so, and the
   * desk opens on its first-admin set-up. Refused while a demo connection syncs.
   */
  leave(): LeaveDemoResult {
    if (!this.exists()) throw new AppError('CONFLICT', 'This is not the demo workspace: there is no demo to leave.');
    const ids = this.connections
      .list()
      .filter((c) => c.isDemo)
      .map((c) => c.id);
    if (ids.some((id) => this.sync.isRunning(id)))
      throw new AppError('CONFLICT', 'A demo connection is syncing; wait for it to finish (or cancel it), then leave the demo.');
    const actor = this.actor();
    return this.connections.leaveDemo((counts) => [
      { actor, action: 'workspace.demo_left', subject: 'workspace', details: { ...counts, connectionIds: ids } },
    ]);
  }

  /** Removes a demo workspace whose creation did not finish (a crash or a full disk during creation). */
  discardUnfinished(): number {
    const pending = this.connections.pendingDemo();
    if (!pending) return 0;
    return this.discard(pending, 'Paydesk stopped while creating it') ? pending.length : 0;
  }

  private discard(ids: string[], reason: string): boolean {
    try {
      this.connections.discardDemo(ids, [
        { actor: this.actor(), action: 'workspace.demo_discarded', subject: 'workspace', details: { connections: ids, reason } },
      ]);
      return true;
    } catch {
      return false;
    }
  }
}

function describe(error: unknown): string {
  if (error instanceof AppError) return error.message.replace(/\.$/, '');
  if (error instanceof Error && error.name === 'SqliteError') return `the database refused to write: ${error.message}`;
  return 'an unexpected error';
}
