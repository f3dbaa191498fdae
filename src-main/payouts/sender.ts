/**
 * Sending exactly once (docs/decisions/0004-exactly-once-sending.md).
 *
 * Invariants, each kept by a transaction that commits before the next network request:
 *  - A payout becomes 'sending' together with its outbox entry (client reference + the exact request) and audit.
 *  - The attempt counter of a step is incremented before its request leaves. So `create_attempts = 0` proves that
 *    nothing was ever sent under this reference, and anything else means the provider may hold it.
 *  - After any attempt whose outcome is unclear (timeout, reset, 5xx, unreadable reply, crash), the reference is
 *    looked up at the provider before anything else. Found → recorded. Confirmed absent → sent again with the same
 *    reference (bounded per run). Look-up impossible → 'unknown', shown to the user, retried later by look-up only.
 *  - A definite refusal (validation, authentication) → 'failed' with the provider's reason. A request that certainly
 *    never left (offline, rate limited beyond what we wait) → back to 'approved' with the reason.
 * A provider's second step (initiate, where its create only stages the payout) follows the same rules, checked by
 * reading the payout's status.
 *
 * The steps share one attempt loop (`attempt`); what each outcome writes is the table in send-steps.ts; every message
 * is in send-messages.ts; every write is one command of the workflow store.
 */
import { terminalPayoutStatuses, type PayoutStatus } from '@shared/contract/model';
import type { SendItemResult, SendResult } from '@shared/contract/payouts-model';
import { AppError } from '../errors';
import { ProviderError } from '../providers/http';
import type { PayoutRequest, ProviderClient, Recipient, RemotePayout } from '../providers/provider';
import { providerModule, providerName } from '../providers/registry';
import { systemActor, type Actor } from '../storage/audit-store';
import { parseRecipient } from '../storage/workflow-rows';
import type { OutboxRow, WorkflowRow } from '../storage/workflow-store';
import { emitChanged, emitStatus, type WorkflowContext } from './context';
import { dailyCapProblem, maxPerPayoutProblem } from './limits';
import { approverNames } from './four-eyes';
import { sendMessages as m } from './send-messages';
import { classifyWriteError, describeError, statusAfterSend, stepTransition, type SendStep, type StepOutcome } from './send-steps';
import { maskRecipient } from './validation';

export function toProviderRecipient(row: WorkflowRow): Recipient {
  const r = parseRecipient(row.recipient_json) ?? {};
  const out: Recipient = {};
  if (r.name) out.name = r.name;
  if (r.email) out.email = r.email;
  if (r.handle) out.handle = r.handle;
  if (r.platform) out.platform = r.platform;
  if (r.phone) out.phone = { countryCode: r.phone.countryCode, number: r.phone.number };
  if (r.userId) out.remoteUserId = r.userId;
  if (r.bank) {
    out.bank = { accountHolderName: r.bank.accountHolderName };
    if (r.bank.iban) out.bank.iban = r.bank.iban;
    if (r.bank.bic) out.bank.bic = r.bank.bic;
    if (r.bank.sortCode) out.bank.sortCode = r.bank.sortCode;
    if (r.bank.accountNumber) out.bank.accountNumber = r.bank.accountNumber;
  }
  return out;
}

/** What looking at the provider says about a step: it happened, it certainly did not, or nobody can tell now. */
type Check = { kind: 'done'; remote: RemotePayout | null } | { kind: 'not_done' } | { kind: 'failed'; message: string };

/** The result of a whole step: done (with what the provider now says), or settled otherwise and written. */
type StepResult = { done: true; remote: RemotePayout | null } | { done: false };

/** One step of the protocol as the attempt loop sees it. */
interface StepSpec {
  step: SendStep;
  maxAttempts: number;
  /** Whether this step already happened at the provider (after an unclear attempt, or before a first one). */
  check(): Promise<Check>;
  /** Sends the step's request once. */
  send(): Promise<RemotePayout | null>;
  /** How the attempt record describes an accepted reply. */
  acceptedDetail(remote: RemotePayout | null): string | null;
  /** The step happened (reply or check): record it. False when it could not be recorded (the store said why). */
  accepted(remote: RemotePayout | null, via: 'reply' | 'check'): Promise<boolean>;
  /** The check failed: the outcome stays unknown. */
  checkFailedMessage(lastError: string, why: string): string;
  /** The budget is spent: never-sent for create (back to approved), unclear for initiate. */
  exhausted: { outcome: StepOutcome; message(lastError: string): string };
  refusedMessage(why: string): string;
  neverLeftMessage(why: string): string;
  /** A refusal may mean the step already happened (an answer lost earlier): check before calling it a failure. */
  checkBeforeFailing: boolean;
  /** Rate limited for longer than we wait: give up now (create) or wait the longest we wait (initiate). */
  longRateLimitMessage: ((waitMs: number) => string) | null;
}

/** The payee check a payout may need before it is sent (payee-checks.ts): run if stale, block, and its id. */
export interface SendPayeeCheck {
  beforeSend(id: number): Promise<void>;
  sendBlock(row: WorkflowRow): string | null;
  checkIdFor(row: WorkflowRow): string | undefined;
  auditOf(row: WorkflowRow): Record<string, unknown> | null;
}

const noPayeeCheck: SendPayeeCheck = {
  beforeSend: () => Promise.resolve(),
  sendBlock: () => null,
  checkIdFor: () => undefined,
  auditOf: () => null,
};

export class PayoutSender {
  private readonly busy = new Set<number>();

  constructor(
    private readonly ctx: WorkflowContext,
    private readonly ready: () => Promise<void>,
    private readonly payee: SendPayeeCheck = noPayeeCheck,
  ) {}

  isBusy(payoutId: number): boolean {
    return this.busy.has(payoutId);
  }

  /** Marks and delivers approved payouts; payouts of one connection go one after another, connections in parallel. */
  async send(ids: number[]): Promise<SendResult> {
    await this.ready();
    const actor = this.ctx.actor();
    // A payee check that is missing or older than the policy allows runs before anything is marked for sending.
    for (const id of ids) await this.payee.beforeSend(id);
    const { prepared, refused } = await this.markSending(ids, actor);
    const delivered = await this.deliverByConnection(
      prepared.map((id) => this.ctx.store.outbox(id)!),
      actor,
    );
    const order = new Map(ids.map((id, i) => [id, i]));
    return { results: [...refused, ...delivered].sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0)) };
  }

  /**
   * Step 2 of the protocol for each payout: status 'sending' + outbox entry + audit, one transaction per payout.
   * Nothing is sent here; a payout refused (not approved, over the cap, missing approval) is left as it was.
   */
  async markSending(ids: number[], actor: Actor): Promise<{ prepared: number[]; refused: SendItemResult[] }> {
    const prepared: number[] = [];
    const refused: SendItemResult[] = [];
    for (const id of ids) {
      try {
        await this.ctx.store.markSending(id, {
          guard: (row, outbox, approvers) => this.sendBlock(row, outbox, approvers) ?? this.payee.sendBlock(row),
          plan: (row) => this.plan(row, actor),
        });
        prepared.push(id);
        emitStatus(this.ctx, id);
      } catch (error) {
        const row = this.ctx.store.payout(id);
        refused.push({ id, status: row?.status ?? 'draft', message: error instanceof AppError ? error.message : describeError(error) });
      }
    }
    if (prepared.length) emitChanged(this.ctx);
    return { prepared, refused };
  }

  /** Why this payout may not be sent now, or null: the limits hold at send whatever was shown at approval. */
  private sendBlock(row: WorkflowRow, outbox: OutboxRow | undefined, approvers: string[]): string | null {
    if (this.busy.has(row.id)) return m.busy;
    if (row.status !== 'approved') return row.status === 'draft' ? m.notApproved : m.sentOnce(row.status);
    if (outbox?.open) return m.alreadySending;
    if (this.ctx.connections.get(row.connection_id)?.archivedAt) return m.archivedConnection(row.connection_label);
    // The stricter of the policy at approval and the policy now: a threshold lowered after approval still holds.
    const required = Math.max(row.approvals_required ?? 1, this.ctx.store.approvalsRequired(row.amount_minor, row.currency));
    if (approvers.length < required) return m.secondApprovalMissing(row.amount_minor, row.currency);
    return (
      maxPerPayoutProblem(this.ctx.store, row.amount_minor, row.currency) ?? dailyCapProblem(this.ctx.store, row, this.ctx.options.now())
    );
  }

  private plan(row: WorkflowRow, actor: Actor) {
    const payeeCheckId = this.payee.checkIdFor(row);
    const request: PayoutRequest = {
      clientReference: row.client_reference,
      ...(payeeCheckId ? { payeeCheckId } : {}),
      shortReference: row.short_reference!,
      amount: { minor: row.amount_minor, currency: row.currency },
      description: row.description ?? '',
      recipient: toProviderRecipient(row),
      ...(row.campaign_remote_id ? { campaignRemoteId: row.campaign_remote_id } : {}),
      tags: this.ctx.store.tags(row.id),
    };
    const previous = this.ctx.store.outbox(row.id);
    return {
      request,
      initiate: providerModule(row.provider).info.capabilities.initiatePayout === true,
      message: m.sending(providerName(row.provider), row.client_reference),
      note: {
        actor,
        action: 'payout.sending',
        details: {
          clientReference: row.client_reference,
          shortReference: row.short_reference,
          connectionId: row.connection_id,
          before: { status: row.status },
          after: { status: 'sending' },
          approvers: approverNames(this.ctx, row.id),
          approverIds: this.ctx.store.activeApprovers(row.id),
          amount: { minor: row.amount_minor, currency: row.currency },
          recipient: maskRecipient(parseRecipient(row.recipient_json)),
          payeeCheck: this.payee.auditOf(row),
          previousAttempts: previous ? previous.create_attempts : 0,
        },
      },
    };
  }

  /** Every entry left open (sending, unknown, created but not initiated): reconciled one by one. */
  async reconcileOpen(source: string): Promise<SendItemResult[]> {
    const entries: OutboxRow[] = [];
    for (const open of this.ctx.store.openOutbox().filter((o) => !this.busy.has(o.payout_id))) {
      // A team workspace's store renews the send claim first: an entry another desktop holds is left to it.
      if (this.ctx.store.claimOpen && !(await this.ctx.store.claimOpen(open.payout_id))) continue;
      entries.push(this.ctx.store.outbox(open.payout_id) ?? open);
    }
    const results = await this.deliverByConnection(entries, systemActor(`Paydesk (${source})`));
    if (results.length) emitChanged(this.ctx);
    return results;
  }

  /** Payouts of one connection one after another (the provider sees one request at a time), connections in parallel. */
  private async deliverByConnection(entries: OutboxRow[], actor: Actor): Promise<SendItemResult[]> {
    const byConnection = new Map<string, number[]>();
    for (const o of entries) byConnection.set(o.connection_id, [...(byConnection.get(o.connection_id) ?? []), o.payout_id]);
    const results: SendItemResult[] = [];
    await Promise.all(
      [...byConnection.values()].map(async (group) => {
        for (const id of group) results.push(await this.deliver(id, actor));
      }),
    );
    return results;
  }

  /**
   * Moves one outbox entry as far as it can go: create (or find), then initiate where the provider has that step,
   * then record the provider's status. Safe to call any number of times, from a send, the start-up reconciliation
   * or the poller; concurrent calls for one payout are refused by the busy set.
   */
  async deliver(payoutId: number, actor: Actor): Promise<SendItemResult> {
    if (this.busy.has(payoutId)) return this.result(payoutId, m.busy);
    this.busy.add(payoutId);
    try {
      return await this.deliverLocked(payoutId, actor);
    } finally {
      this.busy.delete(payoutId);
      emitStatus(this.ctx, payoutId);
    }
  }

  private async deliverLocked(payoutId: number, actor: Actor): Promise<SendItemResult> {
    let outbox = this.ctx.store.outbox(payoutId);
    if (!outbox || !outbox.open) return this.result(payoutId);
    const row = this.ctx.store.payout(payoutId);
    if (!row) return { id: payoutId, status: 'unknown', message: m.gone };
    const provider = providerName(row.provider);

    let client: ProviderClient;
    try {
      client = await this.ctx.clients.clientFor(row.connection_id);
    } catch (error) {
      const nothingSent = outbox.create_attempts === 0;
      await this.settle(
        outbox,
        'create',
        nothingSent ? 'not_sent' : 'unclear',
        actor,
        nothingSent ? m.noClientNothingSent(describeError(error)) : m.noClientMaySend(provider, describeError(error)),
      );
      return this.result(payoutId);
    }

    let remote: RemotePayout | null = null;
    if (outbox.create_state === 'pending' || outbox.create_state === 'unknown') {
      const created = await this.attempt(outbox, this.createSpec(outbox, client, actor, provider), actor);
      if (!created.done) return this.result(payoutId);
      remote = created.remote;
      outbox = this.ctx.store.outbox(payoutId)!;
    }

    if (!outbox.remote_id) {
      // Created (2xx) but the reply carried no id (an accepted-without-body reply): find it by reference.
      const found = await this.lookUp(outbox, client);
      if (found.kind !== 'done' || !found.remote?.remoteId) {
        const why = found.kind === 'failed' ? found.message : m.notListedYet(provider);
        await this.settle(outbox, 'create', 'unclear', actor, m.idNotKnownYet(provider, why, outbox.client_reference), {
          createConfirmed: true,
        });
        return this.result(payoutId);
      }
      if (!(await this.attachRemote(outbox, found.remote, actor, 'check'))) return this.result(payoutId);
      remote = found.remote;
      outbox = this.ctx.store.outbox(payoutId)!;
    }

    if (outbox.initiate_state === 'pending' || outbox.initiate_state === 'unknown') {
      const initiated = await this.attempt(outbox, this.initiateSpec(outbox, client, actor, provider), actor);
      if (!initiated.done) return this.result(payoutId);
      remote = initiated.remote ?? remote;
      outbox = this.ctx.store.outbox(payoutId)!;
    }
    await this.finish(outbox, remote, actor);
    return this.result(payoutId);
  }

  // --- the attempt loop, shared by every step -------------------------------------------------------------------------

  private async attempt(start: OutboxRow, spec: StepSpec, actor: Actor): Promise<StepResult> {
    const id = start.payout_id;
    let budget = spec.maxAttempts;
    // Anything sent before (this run or an earlier one, even one that crashed) must be checked first.
    let mustCheck = (spec.step === 'create' ? start.create_attempts : start.initiate_attempts) > 0;
    let lastError = start.last_error ?? '';
    for (;;) {
      if (mustCheck) {
        const check = await spec.check();
        if (check.kind === 'done')
          return (await spec.accepted(check.remote, 'check')) ? { done: true, remote: check.remote } : { done: false };
        if (check.kind === 'failed')
          return this.settleStep(id, actor, spec.step, 'unclear', spec.checkFailedMessage(lastError, check.message));
      }
      if (budget <= 0) return this.settleStep(id, actor, spec.step, spec.exhausted.outcome, spec.exhausted.message(lastError));
      budget -= 1;
      const attemptId = await this.ctx.store.startAttempt(id, spec.step);
      let remote: RemotePayout | null;
      try {
        remote = await spec.send();
      } catch (error) {
        lastError = describeError(error);
        const kind = classifyWriteError(error);
        await this.ctx.store.finishAttempt(attemptId, kind, lastError);
        if (kind === 'refused') {
          if (spec.checkBeforeFailing) {
            const check = await spec.check();
            if (check.kind === 'done' && (await spec.accepted(check.remote, 'check'))) return { done: true, remote: check.remote };
          }
          return this.settleStep(id, actor, spec.step, 'refused', spec.refusedMessage(lastError));
        }
        if (kind === 'not_sent') return this.settleStep(id, actor, spec.step, 'not_sent', spec.neverLeftMessage(lastError));
        if (kind === 'rate_limited') {
          const wait = error instanceof ProviderError ? (error.details.retryAfterMs ?? 1_000) : 1_000;
          if (wait > this.ctx.options.maxRetryAfterMs && spec.longRateLimitMessage) {
            return this.settleStep(id, actor, spec.step, 'not_sent', spec.longRateLimitMessage(wait));
          }
          await this.ctx.options.sleep(Math.min(wait, this.ctx.options.maxRetryAfterMs));
        } else {
          // Ambiguous: give a slow commit at the provider time to land, then look before anything else.
          await this.ctx.store.applySendTransition(id, { outbox: { last_error: lastError }, tracking: 'keep', note: null });
          await this.ctx.options.sleep(this.ctx.options.settleMs);
        }
        mustCheck = true;
        continue;
      }
      await this.ctx.store.finishAttempt(attemptId, 'accepted', spec.acceptedDetail(remote));
      return (await spec.accepted(remote, 'reply')) ? { done: true, remote } : { done: false };
    }
  }

  private createSpec(start: OutboxRow, client: ProviderClient, actor: Actor, provider: string): StepSpec {
    const id = start.payout_id;
    const request = JSON.parse(start.request_json) as PayoutRequest;
    const max = this.ctx.options.maxCreateAttempts;
    return {
      step: 'create',
      maxAttempts: max,
      check: async () => {
        const outbox = this.ctx.store.outbox(id)!;
        const found = await this.lookUp(outbox, client);
        if (found.kind === 'not_done') {
          await this.ctx.store.auditPayout(id, {
            actor,
            action: 'payout.absent_confirmed',
            details: {
              clientReference: outbox.client_reference,
              attemptsSoFar: outbox.create_attempts,
              lastError: outbox.last_error || null,
            },
          });
        }
        return found;
      },
      send: async () => (await client.createPayout(request)).payout,
      acceptedDetail: (remote) => (remote?.remoteId ? `remote id ${remote.remoteId}` : 'accepted without an id in the reply'),
      accepted: async (remote, via) => {
        const outbox = this.ctx.store.outbox(id)!;
        if (remote?.remoteId) return this.attachRemote(outbox, remote, actor, via);
        // Accepted, but the reply names no id: confirmed; the id is looked up next.
        await this.ctx.store.applySendTransition(id, {
          outbox: { create_state: 'done' },
          tracking: 'keep',
          note: {
            actor,
            action: 'payout.created_at_provider',
            details: { clientReference: outbox.client_reference, remoteId: null, via: 'reply without id' },
          },
        });
        return true;
      },
      checkFailedMessage: (lastError, why) => m.createLookupFailed(provider, lastError, why),
      exhausted: { outcome: 'not_sent', message: (lastError) => m.createGaveUp(provider, start.client_reference, max, lastError) },
      refusedMessage: (why) => m.createRefused(provider, why),
      neverLeftMessage: (why) => m.createNeverLeft(provider, why),
      checkBeforeFailing: false,
      longRateLimitMessage: (waitMs) => m.createSlowDown(provider, waitMs),
    };
  }

  private initiateSpec(start: OutboxRow, client: ProviderClient, actor: Actor, provider: string): StepSpec {
    const id = start.payout_id;
    const remoteId = start.remote_id!;
    const max = this.ctx.options.maxInitiateAttempts;
    const markInitiated = async (remote: RemotePayout | null, via: string) => {
      await this.ctx.store.applySendTransition(id, {
        outbox: { initiate_state: 'done', last_error: null },
        tracking: 'keep',
        note: { actor, action: 'payout.initiated', details: { remoteId, providerStatus: remote?.providerStatus ?? null, via } },
      });
      return true;
    };
    return {
      step: 'initiate',
      maxAttempts: max,
      check: async () => {
        const attemptId = await this.ctx.store.startAttempt(id, 'lookup');
        try {
          const current = await client.getPayout(remoteId);
          await this.ctx.store.finishAttempt(attemptId, `status ${current.providerStatus}`, null);
          // Still a draft at the provider = not initiated; anything else means an initiate went through.
          return current.status !== 'draft' && current.status !== 'provider_draft'
            ? { kind: 'done', remote: current }
            : { kind: 'not_done' };
        } catch (error) {
          await this.ctx.store.finishAttempt(attemptId, 'look-up failed', describeError(error));
          return { kind: 'failed', message: describeError(error) };
        }
      },
      send: () => client.initiatePayout(remoteId),
      acceptedDetail: (remote) => (remote ? `status ${remote.providerStatus}` : null),
      accepted: (remote, via) => markInitiated(remote, via === 'reply' ? 'reply' : 'status check'),
      checkFailedMessage: (lastError, why) => m.initiateCheckFailed(provider, remoteId, lastError, why),
      exhausted: { outcome: 'unclear', message: (lastError) => m.initiateGaveUp(provider, remoteId, max, lastError) },
      refusedMessage: (why) => m.initiateRefused(provider, remoteId, why),
      neverLeftMessage: (why) => m.initiateNeverLeft(provider, remoteId, why),
      checkBeforeFailing: true,
      longRateLimitMessage: null,
    };
  }

  /** Looks our reference up at the provider, recording the look-up as an attempt. */
  private async lookUp(outbox: OutboxRow, client: ProviderClient): Promise<Check> {
    const attemptId = await this.ctx.store.startAttempt(outbox.payout_id, 'lookup');
    try {
      const found = await client.findByReference(outbox.client_reference, outbox.short_reference);
      await this.ctx.store.finishAttempt(
        attemptId,
        found ? 'found' : 'confirmed absent',
        found?.remoteId ? `remote id ${found.remoteId}` : null,
      );
      return found ? { kind: 'done', remote: found } : { kind: 'not_done' };
    } catch (error) {
      const message = describeError(error);
      await this.ctx.store.finishAttempt(attemptId, 'look-up failed', message);
      return { kind: 'failed', message };
    }
  }

  /** Records the provider's id for our payout; a clash with another payout of ours leaves this one unknown. */
  private async attachRemote(outbox: OutboxRow, remote: RemotePayout, actor: Actor, via: 'reply' | 'check'): Promise<boolean> {
    const id = outbox.payout_id;
    const remoteId = remote.remoteId;
    const result = await this.ctx.store.attachRemote(id, remote, {
      source: via === 'reply' ? 'sender' : 'reconciler',
      message:
        outbox.initiate_state === 'none' ? undefined : m.createdInitiatingNext(providerName(this.ctx.store.payout(id)!.provider), remoteId),
      note: {
        actor,
        action: 'payout.created_at_provider',
        details: {
          clientReference: outbox.client_reference,
          remoteId,
          providerStatus: remote.providerStatus,
          via: via === 'reply' ? 'reply' : 'lookup',
          before: { remoteId: null },
          after: { remoteId, providerStatus: remote.providerStatus },
        },
      },
      mergeNote: (mergedRow) => ({ actor, action: 'payout.cache_row_merged', details: { remoteId, mergedRow } }),
    });
    if (result.attached) return true;
    await this.settle(outbox, 'create', 'unclear', actor, m.remoteIdClash(remoteId ?? '?', outbox.client_reference, result.clashWith));
    return false;
  }

  // --- outcomes ---------------------------------------------------------------------------------------------------------

  private async settleStep(id: number, actor: Actor, step: SendStep, outcome: StepOutcome, message: string): Promise<StepResult> {
    await this.settle(this.ctx.store.outbox(id)!, step, outcome, actor, message);
    return { done: false };
  }

  private async settle(
    outbox: OutboxRow,
    step: SendStep,
    outcome: StepOutcome,
    actor: Actor,
    message: string,
    options: { createConfirmed?: boolean } = {},
  ): Promise<void> {
    const before: PayoutStatus = this.ctx.store.payout(outbox.payout_id)!.status;
    await this.ctx.store.applySendTransition(
      outbox.payout_id,
      stepTransition(step, outcome, { outbox, before, actor, message, ...options }),
    );
  }

  private async finish(outbox: OutboxRow, remote: RemotePayout | null, actor: Actor): Promise<void> {
    const id = outbox.payout_id;
    const row = this.ctx.store.payout(id)!;
    const providerStatus = remote?.providerStatus ?? row.provider_status;
    const status = statusAfterSend(remote?.status ?? null);
    const message =
      providerModule(row.provider).statuses.pendingStep({
        providerStatus,
        remoteId: remote?.remoteId ?? row.remote_id,
        reference: row.client_reference,
      }) ?? m.sent(providerName(row.provider), outbox.remote_id, outbox.client_reference);
    await this.ctx.store.applySendTransition(id, {
      outbox: { open: 0, last_error: null },
      payout: { status, message, providerStatus, source: 'sender', ...(remote ? { raw: remote.raw } : {}) },
      tracking: terminalPayoutStatuses.includes(status) ? 'untrack' : 'track',
      note: {
        actor,
        action: 'payout.submitted',
        details: {
          clientReference: outbox.client_reference,
          remoteId: outbox.remote_id,
          before: { status: row.status },
          after: { status, providerStatus },
          createAttempts: outbox.create_attempts,
          initiateAttempts: outbox.initiate_attempts,
        },
      },
    });
  }

  private result(id: number, message?: string): SendItemResult {
    const row = this.ctx.store.payout(id);
    if (!row) return { id, status: 'unknown', message: m.gone };
    return { id, status: row.status, message: message ?? row.status_message ?? row.status };
  }
}
