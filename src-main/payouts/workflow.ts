/**
 * Composition of the payout workflow. Created by createServices with the workspace's store; `ready` settles once
 * every payout left 'sending' or 'unknown' by an earlier run has been reconciled, and everything that talks to
 * providers for sending waits for it.
 */
import type { PayoutDetail, PayoutPolicy, SendItemResult, SendReadiness, TimelineEntry } from '@shared/contract/payouts-model';
import type { ProviderClients } from '../connections/provider-clients';
import { toDecimalString } from '@shared/money';
import { AppError } from '../errors';
import { parseRecipient } from '../storage/workflow-rows';
import type { EventBus } from '../events';
import { ProviderError } from '../providers/http';
import type { ConnectionRepository } from '../storage/connection-store';
import type { Actor } from '../storage/audit-store';
import type { WorkflowStore } from '../storage/workflow-store';
import { ApprovalService } from './approvals';
import { emitChanged, resolveOptions, type PayoutWorkflowOptions, type WorkflowContext } from './context';
import { CsvImporter } from './csv-import';
import { DraftService } from './drafts';
import { PayeeCheckService } from './payee-checks';
import { PayoutSender } from './sender';
import { CancelService, StatusPoller, attentionList } from './tracking';

export interface WorkflowDeps {
  store: WorkflowStore;
  events: EventBus;
  connections: ConnectionRepository;
  clients: ProviderClients;
  actor: () => Actor;
  httpSleep?: (ms: number) => Promise<void>;
}

export class PayoutWorkflow {
  readonly ctx: WorkflowContext;
  readonly payeeChecks: PayeeCheckService;
  readonly drafts: DraftService;
  readonly importer: CsvImporter;
  readonly approvals: ApprovalService;
  readonly sender: PayoutSender;
  readonly poller: StatusPoller;
  readonly cancels: CancelService;
  private startup: Promise<SendItemResult[]> | null = null;
  private closed = false;

  constructor(deps: WorkflowDeps, options: PayoutWorkflowOptions = {}) {
    this.ctx = {
      store: deps.store,
      events: deps.events,
      connections: deps.connections,
      clients: deps.clients,
      actor: deps.actor,
      options: resolveOptions(options, deps.httpSleep),
    };
    const ready = () => this.ready();
    this.payeeChecks = new PayeeCheckService(this.ctx);
    this.drafts = new DraftService(this.ctx, this.payeeChecks);
    this.importer = new CsvImporter(this.ctx, this.drafts);
    this.approvals = new ApprovalService(this.ctx, this.payeeChecks);
    this.sender = new PayoutSender(this.ctx, ready, this.payeeChecks);
    this.poller = new StatusPoller(this.ctx, this.sender, ready);
    this.cancels = new CancelService(this.ctx, this.sender, this.poller);
  }

  /**
   * Reconciles every open outbox entry (payouts left 'sending' or 'unknown', or created but not initiated) before
   * anything else sends. Runs once; later calls return the same promise.
   */
  reconcileOnStartup(): Promise<SendItemResult[]> {
    this.startup ??= this.closed ? Promise.resolve([]) : this.sender.reconcileOpen('start-up reconciliation');
    return this.startup;
  }

  async ready(): Promise<void> {
    await this.reconcileOnStartup().catch(() => undefined);
  }

  /** Looks payouts with an unclear outcome up again by reference (all open ones when no ids are given). */
  async reconcile(ids: number[] | undefined): Promise<SendItemResult[]> {
    await this.ready();
    if (!ids) return this.sender.reconcileOpen(`check requested by ${this.ctx.actor()}`);
    const results: SendItemResult[] = [];
    for (const id of ids) {
      if (!this.ctx.store.outbox(id)?.open) {
        const row = this.ctx.store.payout(id);
        results.push({
          id,
          status: row?.status ?? 'unknown',
          message: row ? 'Nothing to reconcile: the outcome is known.' : 'The payout no longer exists.',
        });
        continue;
      }
      results.push(await this.sender.deliver(id, this.ctx.actor()));
    }
    emitChanged(this.ctx);
    return results;
  }

  /** Reads one payout back from its provider now; an open send is carried on instead. */
  async refreshStatus(id: number): Promise<PayoutDetail> {
    await this.ready();
    if (this.ctx.store.outbox(id)?.open) await this.sender.deliver(id, this.ctx.actor());
    else await this.poller.refresh(id);
    return this.drafts.detail(id);
  }

  /** Runs the payout's payee check again now. */
  async checkPayee(id: number): Promise<PayoutDetail> {
    const row = this.ctx.store.payout(id);
    if (!row) throw new AppError('NOT_FOUND', 'The payout was not found.');
    const available = this.drafts.detail(id).actions.checkPayee;
    if (available !== true) throw new AppError('CONFLICT', available);
    await this.payeeChecks.run(id, 'operator');
    return this.drafts.detail(id);
  }

  /**
   * Puts the name the payee's bank holds (a close match) on the draft as its account holder name: an edit like any
   * other (audited, approvals voided), after which the payee is checked again.
   */
  async usePayeeName(id: number): Promise<PayoutDetail> {
    const available = this.drafts.detail(id).actions.usePayeeName;
    if (available !== true) throw new AppError('CONFLICT', available);
    const name = this.payeeChecks.matchedNameOf(id);
    const row = this.ctx.store.payout(id)!;
    const recipient = parseRecipient(row.recipient_json) ?? {};
    const before = recipient.bank?.accountHolderName ?? recipient.name ?? null;
    await this.drafts.update(id, {
      connectionId: row.connection_id,
      creatorId: row.creator_id,
      recipient: {
        name,
        bank: { ...recipient.bank, accountHolderName: name },
      },
      amount: toDecimalString({ minor: row.amount_minor, currency: row.currency }),
      currency: row.currency,
      description: row.description ?? '',
      campaignId: row.campaign_id,
      localCampaign: row.local_campaign,
      tags: this.ctx.store.tags(id),
    });
    await this.ctx.store.auditPayout(id, {
      actor: this.ctx.actor(),
      action: 'payout.payee_name_used',
      details: { clientReference: row.client_reference, before: { name: before }, after: { name } },
    });
    return this.drafts.detail(id);
  }

  async cancel(id: number): Promise<PayoutDetail> {
    await this.ready();
    await this.cancels.cancel(id);
    return this.drafts.detail(id);
  }

  timeline(id: number): TimelineEntry[] {
    if (!this.ctx.store.payout(id)) throw new AppError('NOT_FOUND', 'The payout was not found.');
    return this.ctx.store.timeline(id);
  }

  attention(limit: number) {
    return attentionList(this.ctx, limit);
  }

  policy(): PayoutPolicy {
    return this.ctx.store.policy();
  }

  /** Replaces the policy (audited with before and after). Caps must name connections that exist; settings left out stay. */
  async updatePolicy(
    input: Omit<PayoutPolicy, 'payeeCheckMaxAgeHours' | 'payeeNoMatchBlocks'> & Partial<PayoutPolicy>,
  ): Promise<PayoutPolicy> {
    const current = this.ctx.store.policy();
    const policy: PayoutPolicy = {
      ...input,
      payeeCheckMaxAgeHours: input.payeeCheckMaxAgeHours ?? current.payeeCheckMaxAgeHours,
      payeeNoMatchBlocks: input.payeeNoMatchBlocks ?? current.payeeNoMatchBlocks,
    };
    const unknown = policy.dailyCaps.find((c) => !this.ctx.connections.get(c.connectionId));
    if (unknown)
      throw new AppError('INVALID_INPUT', 'A daily cap names a connection that no longer exists.', { dailyCaps: 'Unknown connection.' });
    const actor = this.ctx.actor();
    const after = await this.ctx.store.setPolicy(policy, (before, next) => ({
      actor,
      action: 'policy.changed',
      details: { before, after: next },
    }));
    this.ctx.events.emit('dataChanged', { scopes: ['settings', 'audit'] });
    return after;
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
    this.closed = true;
    await this.poller.stop();
    await this.startup?.catch(() => undefined);
    // The payee check running in the background finishes before the database closes; the rest wait for the send.
    await this.payeeChecks.stop();
  }
}
