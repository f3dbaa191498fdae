/**
 * Composition of the payout workflow. Created by createServices; `ready` settles once every payout left 'sending'
 * or 'unknown' by an earlier run has been reconciled, and everything that talks to providers for sending waits
 * for it.
 */
import type { EventBus } from '../events';
import type { AuditLog } from '../audit/audit-log';
import type { ConnectionRepository } from '../connections/connection-repository';
import { ProviderError } from '../providers/http';
import type { ProviderClients } from '../connections/provider-clients';
import type { Db } from '../storage/database';
import { ApprovalService } from './approvals';
import { resolveOptions, type PayoutWorkflowOptions, type WorkflowContext } from './context';
import { CsvImporter } from './csv-import';
import { DraftService } from './drafts';
import type { SendItemResult, SendReadiness } from '@shared/contract/payouts-model';
import { PolicyRepository } from './policy';
import { PayoutWorkflowRepository } from './repository';
import { PayoutSender } from './sender';
import { CancelService, StatusPoller } from './tracking';

export interface WorkflowDeps {
  db: Db;
  audit: AuditLog;
  events: EventBus;
  connections: ConnectionRepository;
  clients: ProviderClients;
  actor: () => string;
  httpSleep?: (ms: number) => Promise<void>;
}

export class PayoutWorkflow {
  readonly ctx: WorkflowContext;
  readonly drafts: DraftService;
  readonly importer: CsvImporter;
  readonly approvals: ApprovalService;
  readonly sender: PayoutSender;
  readonly poller: StatusPoller;
  readonly cancels: CancelService;
  private startup: Promise<SendItemResult[]> | null = null;

  constructor(deps: WorkflowDeps, options: PayoutWorkflowOptions = {}) {
    this.ctx = {
      db: deps.db,
      audit: deps.audit,
      events: deps.events,
      connections: deps.connections,
      clients: deps.clients,
      actor: deps.actor,
      repo: new PayoutWorkflowRepository(deps.db),
      policy: new PolicyRepository(deps.db),
      options: resolveOptions(options, deps.httpSleep),
    };
    const ready = () => this.ready();
    this.drafts = new DraftService(this.ctx);
    this.importer = new CsvImporter(this.ctx, this.drafts);
    this.approvals = new ApprovalService(this.ctx);
    this.sender = new PayoutSender(this.ctx, ready);
    this.poller = new StatusPoller(this.ctx, this.sender, ready);
    this.cancels = new CancelService(this.ctx, this.sender, this.poller);
  }

  /**
   * Reconciles every open outbox entry (payouts left 'sending' or 'unknown', or created but not initiated) before
   * anything else sends. Runs once; later calls return the same promise.
   */
  reconcileOnStartup(): Promise<SendItemResult[]> {
    this.startup ??= this.ctx.db.open ? this.sender.reconcileOpen('start-up reconciliation') : Promise.resolve([]);
    return this.startup;
  }

  async ready(): Promise<void> {
    await this.reconcileOnStartup().catch(() => undefined);
  }

  /** Whether each connection answers now; sending is offered only where it does. Drafting and approving never need it. */
  async sendReadiness(connectionIds: string[]): Promise<SendReadiness[]> {
    return Promise.all(
      connectionIds.map(async (connectionId): Promise<SendReadiness> => {
        try {
          const client = await this.ctx.clients.clientFor(connectionId);
          await client.testConnection();
          return { connectionId, ready: true, message: 'Connected.' };
        } catch (error) {
          const offline = error instanceof ProviderError && error.kind === 'unavailable';
          const message = error instanceof Error ? error.message : 'The connection could not be checked.';
          return {
            connectionId,
            ready: false,
            message: offline ? `Offline: ${message} Sending is disabled until it answers; drafting and approving still work.` : message,
          };
        }
      }),
    );
  }

  start(): void {
    void this.reconcileOnStartup();
    if (this.ctx.options.poller) this.poller.start();
  }

  async close(): Promise<void> {
    await this.poller.stop();
    await this.startup?.catch(() => undefined);
  }
}
