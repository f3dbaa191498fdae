/**
 * Sending exactly once (DESIGN.md "Sending exactly once").
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
 */
import { AppError } from '../errors';
import type { PayoutStatus } from '@shared/contract/model';
import { ProviderError } from '../providers/http';
import type { PayoutRequest, ProviderClient, Recipient, RemotePayout } from '../providers/provider';
import { providerModule, providerName } from '../providers/registry';
import { emitChanged, emitStatus, nowIso, type WorkflowContext } from './context';
import { maskRecipient } from './validation';
import type { SendItemResult, SendResult } from '@shared/contract/payouts-model';
import { formatAmount, startOfLocalDay } from './policy';
import { parseRecipient, TERMINAL_STATUSES, type OutboxRow, type WorkflowRow } from './repository';

type CreateOutcome = { outcome: 'done' | 'failed' | 'unknown' | 'not_sent'; remote: RemotePayout | null };
type LookupOutcome = { kind: 'found'; payout: RemotePayout } | { kind: 'absent' } | { kind: 'failed'; message: string };

/** How an error from a write request is to be read. */
type WriteErrorClass = 'refused' | 'rate_limited' | 'not_sent' | 'ambiguous';

function classifyWriteError(error: unknown): WriteErrorClass {
  if (!(error instanceof ProviderError)) return 'ambiguous';
  switch (error.kind) {
    case 'validation':
    case 'authentication':
    case 'not_found':
      return 'refused';
    case 'rate_limited':
      return 'rate_limited';
    case 'unavailable':
      return 'not_sent';
    default:
      // ambiguous, protocol (unreadable 2xx), conflict: the provider may hold it.
      return 'ambiguous';
  }
}

const describe = (error: unknown) =>
  error instanceof ProviderError || error instanceof AppError
    ? error.message
    : error instanceof Error
      ? `unexpected ${error.name}`
      : 'unexpected error';

/** A step the provider's API cannot do and the operator finishes at the provider (the module knows which). */
function manualStepMessage(row: WorkflowRow, remote: RemotePayout | null): string | null {
  return providerModule(row.provider).statuses.pendingStep({
    providerStatus: remote?.providerStatus ?? row.provider_status,
    remoteId: remote?.remoteId ?? row.remote_id,
    reference: row.client_reference,
  });
}

/** A status for a payout the provider now holds: never a local 'draft' (that could be approved and sent again). */
function statusAfterSend(remote: RemotePayout | null): PayoutStatus {
  if (!remote) return 'submitted';
  if (remote.status === 'draft' || remote.status === 'unknown' || remote.status === 'approved' || remote.status === 'sending')
    return 'submitted';
  return remote.status;
}

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

export class PayoutSender {
  private readonly busy = new Set<number>();

  constructor(
    private readonly ctx: WorkflowContext,
    private readonly ready: () => Promise<void>,
  ) {}

  isBusy(payoutId: number): boolean {
    return this.busy.has(payoutId);
  }

  /** Marks and delivers approved payouts; payouts of one connection go one after another, connections in parallel. */
  async send(ids: number[]): Promise<SendResult> {
    await this.ready();
    const actor = this.ctx.actor();
    const { prepared, refused } = this.markSending(ids, actor);
    const byConnection = new Map<string, number[]>();
    for (const id of prepared) {
      const connectionId = this.ctx.repo.outbox(id)!.connection_id;
      byConnection.set(connectionId, [...(byConnection.get(connectionId) ?? []), id]);
    }
    const delivered: SendItemResult[] = [];
    await Promise.all(
      [...byConnection.values()].map(async (group) => {
        for (const id of group) delivered.push(await this.deliver(id, actor));
      }),
    );
    const order = new Map(ids.map((id, i) => [id, i]));
    return { results: [...refused, ...delivered].sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0)) };
  }

  /**
   * Step 2 of the protocol for each payout: status 'sending' + outbox entry + audit, one transaction per payout.
   * Nothing is sent here; a payout refused (not approved, over the cap, missing approval) is left as it was.
   */
  markSending(ids: number[], actor: string): { prepared: number[]; refused: SendItemResult[] } {
    const prepared: number[] = [];
    const refused: SendItemResult[] = [];
    for (const id of ids) {
      try {
        this.ctx.db.transaction(() => this.markOne(id, actor))();
        prepared.push(id);
        emitStatus(this.ctx, id);
      } catch (error) {
        const row = this.ctx.repo.get(id);
        refused.push({ id, status: row?.status ?? 'draft', message: error instanceof AppError ? error.message : describe(error) });
      }
    }
    if (prepared.length) emitChanged(this.ctx);
    return { prepared, refused };
  }

  private markOne(id: number, actor: string): void {
    const row = this.ctx.repo.get(id);
    if (!row) throw new AppError('NOT_FOUND', 'The payout no longer exists.');
    if (this.busy.has(id)) throw new AppError('CONFLICT', 'This payout is being sent right now.');
    if (row.status !== 'approved') {
      throw new AppError(
        'CONFLICT',
        row.status === 'draft' ? 'Approve the payout before sending it.' : `The payout is ${row.status}; a payout is sent only once.`,
      );
    }
    const existing = this.ctx.repo.outbox(id);
    if (existing?.open) throw new AppError('CONFLICT', 'This payout is already being sent.');
    const required = this.ctx.policy.approvalsRequired(row.amount_minor, row.currency);
    const approvers = this.ctx.repo.activeApprovers(id);
    if (approvers.length < required) {
      throw new AppError(
        'CONFLICT',
        `${formatAmount(row.amount_minor, row.currency)} is above the approval threshold: a second operator must approve it before it is sent.`,
      );
    }
    const now = this.ctx.options.now();
    const cap = this.ctx.policy.dailyCap(row.connection_id, row.currency);
    if (cap !== null) {
      const sentToday = this.ctx.repo.sentSince(row.connection_id, row.currency, startOfLocalDay(now));
      if (sentToday + row.amount_minor > cap) {
        throw new AppError(
          'CONFLICT',
          `Daily send cap for "${row.connection_label}" reached: ${formatAmount(sentToday, row.currency)} of ${formatAmount(cap, row.currency)} ` +
            `already sent today, and this payout (${formatAmount(row.amount_minor, row.currency)}) would go above it. Raise the cap in Settings or send it tomorrow.`,
        );
      }
    }
    if (!row.short_reference) throw new AppError('CONFLICT', 'This payout has no Paydesk reference; it was not drafted in Paydesk.');
    const request: PayoutRequest = {
      clientReference: row.client_reference,
      shortReference: row.short_reference,
      amount: { minor: row.amount_minor, currency: row.currency },
      description: row.description ?? '',
      recipient: toProviderRecipient(row),
      ...(row.campaign_remote_id ? { campaignRemoteId: row.campaign_remote_id } : {}),
      tags: this.ctx.repo.tags(id),
    };
    const initiate = providerModule(row.provider).info.capabilities.initiatePayout === true;
    const at = now.toISOString();
    this.ctx.repo.upsertOutbox({
      payoutId: id,
      connectionId: row.connection_id,
      clientReference: row.client_reference,
      shortReference: row.short_reference,
      request,
      initiate,
      amountMinor: row.amount_minor,
      currency: row.currency,
      now: at,
    });
    this.ctx.repo.setStatus(id, {
      status: 'sending',
      source: actor,
      now: at,
      message: `Sending to ${providerName(row.provider)} with reference ${row.client_reference}.`,
    });
    this.ctx.audit.append({
      actor,
      action: 'payout.sending',
      subject: `payout:${id}`,
      details: {
        clientReference: row.client_reference,
        shortReference: row.short_reference,
        connectionId: row.connection_id,
        before: { status: row.status },
        after: { status: 'sending' },
        approvers,
        amount: { minor: row.amount_minor, currency: row.currency },
        recipient: maskRecipient(parseRecipient(row.recipient_json)),
        previousAttempts: existing ? existing.create_attempts : 0,
      },
    });
  }

  /** Every entry left open (sending, unknown, created but not initiated): reconciled one by one. */
  async reconcileOpen(source: string): Promise<SendItemResult[]> {
    const entries = this.ctx.repo.openOutbox().filter((o) => !this.busy.has(o.payout_id));
    const byConnection = new Map<string, number[]>();
    for (const o of entries) byConnection.set(o.connection_id, [...(byConnection.get(o.connection_id) ?? []), o.payout_id]);
    const results: SendItemResult[] = [];
    await Promise.all(
      [...byConnection.values()].map(async (group) => {
        for (const id of group) results.push(await this.deliver(id, `Paydesk (${source})`));
      }),
    );
    if (results.length) emitChanged(this.ctx);
    return results;
  }

  /**
   * Moves one outbox entry as far as it can go: create (or find), then initiate where the provider has that step,
   * then record the provider's status. Safe to call any number of times, from a send, the start-up reconciliation
   * or the poller; concurrent calls for one payout are refused by the busy set.
   */
  async deliver(payoutId: number, actor: string): Promise<SendItemResult> {
    if (this.busy.has(payoutId)) return this.result(payoutId, 'This payout is being sent right now.');
    this.busy.add(payoutId);
    try {
      return await this.deliverLocked(payoutId, actor);
    } finally {
      this.busy.delete(payoutId);
      emitStatus(this.ctx, payoutId);
    }
  }

  private async deliverLocked(payoutId: number, actor: string): Promise<SendItemResult> {
    let outbox = this.ctx.repo.outbox(payoutId);
    if (!outbox || !outbox.open) return this.result(payoutId);
    const row = this.ctx.repo.get(payoutId);
    if (!row) return { id: payoutId, status: 'unknown', message: 'The payout no longer exists.' };
    const provider = providerName(row.provider);

    let client: ProviderClient;
    try {
      client = await this.ctx.clients.clientFor(row.connection_id);
    } catch (error) {
      if (outbox.create_attempts === 0) {
        this.revertToApproved(outbox, actor, `Not sent: ${describe(error)} Nothing left Paydesk.`);
      } else {
        this.markUnknown(
          outbox,
          actor,
          'create',
          `Paydesk cannot reach ${provider} to confirm this payout: ${describe(error)} It will check again by its reference and will not send it again blindly.`,
        );
      }
      return this.result(payoutId);
    }
    const request = JSON.parse(outbox.request_json) as PayoutRequest;

    let remote: RemotePayout | null = null;
    if (outbox.create_state === 'pending' || outbox.create_state === 'unknown') {
      const created = await this.createStep(outbox, client, request, actor, provider);
      if (created.outcome !== 'done') return this.result(payoutId);
      remote = created.remote;
      outbox = this.ctx.repo.outbox(payoutId)!;
    }

    if (!outbox.remote_id) {
      // Created (2xx) but the reply carried no id (an accepted-without-body reply): find it by reference.
      const found = await this.lookup(outbox, client);
      if (found.kind !== 'found' || !found.payout.remoteId) {
        const why = found.kind === 'failed' ? found.message : `${provider} does not list it yet`;
        this.markUnknown(
          outbox,
          actor,
          'create',
          `${provider} accepted the payout but Paydesk does not know its ${provider} id yet (${why}). It will look it up again by reference ${outbox.client_reference}.`,
          'done',
        );
        return this.result(payoutId);
      }
      if (!this.attachRemote(outbox, found.payout, actor, 'lookup')) return this.result(payoutId);
      remote = found.payout;
      outbox = this.ctx.repo.outbox(payoutId)!;
    }

    if (outbox.initiate_state === 'pending' || outbox.initiate_state === 'unknown') {
      const initiated = await this.initiateStep(outbox, client, actor, provider);
      if (initiated.outcome !== 'done') return this.result(payoutId);
      remote = initiated.remote ?? remote;
      outbox = this.ctx.repo.outbox(payoutId)!;
    }
    this.finish(outbox, remote, actor);
    return this.result(payoutId);
  }

  // --- create -----------------------------------------------------------------------------------------------------

  private async createStep(
    start: OutboxRow,
    client: ProviderClient,
    request: PayoutRequest,
    actor: string,
    provider: string,
  ): Promise<CreateOutcome> {
    const id = start.payout_id;
    let budget = this.ctx.options.maxCreateAttempts;
    // Anything sent before (this run or an earlier one, even one that crashed) must be looked up first.
    let mustLookUp = start.create_attempts > 0;
    let lastError = start.last_error ?? '';
    for (;;) {
      const outbox = this.ctx.repo.outbox(id)!;
      if (mustLookUp) {
        const found = await this.lookup(outbox, client);
        if (found.kind === 'found')
          return { outcome: this.attachRemote(outbox, found.payout, actor, 'lookup') ? 'done' : 'unknown', remote: found.payout };
        if (found.kind === 'failed') {
          this.markUnknown(
            outbox,
            actor,
            'create',
            `Paydesk could not confirm whether ${provider} received this payout (${lastError || 'the answer was lost'}); the look-up by reference failed too: ${found.message} It will check again and will not send it again until ${provider} confirms it has no such payout.`,
          );
          return { outcome: 'unknown', remote: null };
        }
        this.audit(id, actor, 'payout.absent_confirmed', {
          clientReference: outbox.client_reference,
          attemptsSoFar: outbox.create_attempts,
          lastError: lastError || null,
        });
      }
      if (budget <= 0) {
        this.revertToApproved(
          outbox,
          actor,
          `Not sent: ${provider} confirmed it has no payout with reference ${outbox.client_reference} after ${this.ctx.options.maxCreateAttempts} attempts (last: ${lastError}). Send it again when ${provider} works normally.`,
        );
        return { outcome: 'not_sent', remote: null };
      }
      budget -= 1;
      const attemptId = this.ctx.db.transaction(() => {
        const at = nowIso(this.ctx);
        this.ctx.repo.updateOutbox(id, { now: at, createAttempt: true, create_state: 'pending' });
        return this.ctx.repo.startAttempt(id, 'create', at);
      })();
      try {
        const result = await client.createPayout(request);
        this.ctx.repo.finishAttempt(
          attemptId,
          'accepted',
          result.payout?.remoteId ? `remote id ${result.payout.remoteId}` : 'accepted without an id in the reply',
          nowIso(this.ctx),
        );
        if (result.payout?.remoteId)
          return {
            outcome: this.attachRemote(this.ctx.repo.outbox(id)!, result.payout, actor, 'reply') ? 'done' : 'unknown',
            remote: result.payout,
          };
        this.ctx.db.transaction(() => {
          this.ctx.repo.updateOutbox(id, { now: nowIso(this.ctx), create_state: 'done' });
          this.audit(id, actor, 'payout.created_at_provider', {
            clientReference: outbox.client_reference,
            remoteId: null,
            via: 'reply without id',
          });
        })();
        return { outcome: 'done', remote: null };
      } catch (error) {
        lastError = describe(error);
        const kind = classifyWriteError(error);
        this.ctx.repo.finishAttempt(attemptId, kind, lastError, nowIso(this.ctx));
        const current = this.ctx.repo.outbox(id)!;
        if (kind === 'refused') {
          this.failDefinitely(current, actor, `${provider} refused the payout: ${lastError}`);
          return { outcome: 'failed', remote: null };
        }
        if (kind === 'not_sent') {
          this.revertToApproved(
            current,
            actor,
            `Not sent: ${lastError} Nothing reached ${provider}; send it again when the connection works.`,
          );
          return { outcome: 'not_sent', remote: null };
        }
        if (kind === 'rate_limited') {
          const wait = error instanceof ProviderError ? (error.details.retryAfterMs ?? 1_000) : 1_000;
          if (wait > this.ctx.options.maxRetryAfterMs) {
            this.revertToApproved(
              current,
              actor,
              `Not sent: ${provider} asked Paydesk to slow down for ${Math.ceil(wait / 1000)} s. Send it again later.`,
            );
            return { outcome: 'not_sent', remote: null };
          }
          await this.ctx.options.sleep(wait);
        } else {
          this.ctx.repo.updateOutbox(id, { now: nowIso(this.ctx), last_error: lastError });
          await this.ctx.options.sleep(this.ctx.options.settleMs);
        }
        mustLookUp = true;
      }
    }
  }

  private async lookup(outbox: OutboxRow, client: ProviderClient): Promise<LookupOutcome> {
    const attemptId = this.ctx.repo.startAttempt(outbox.payout_id, 'lookup', nowIso(this.ctx));
    try {
      const found = await client.findByReference(outbox.client_reference, outbox.short_reference);
      this.ctx.repo.finishAttempt(
        attemptId,
        found ? 'found' : 'confirmed absent',
        found?.remoteId ? `remote id ${found.remoteId}` : null,
        nowIso(this.ctx),
      );
      return found ? { kind: 'found', payout: found } : { kind: 'absent' };
    } catch (error) {
      const message = describe(error);
      this.ctx.repo.finishAttempt(attemptId, 'look-up failed', message, nowIso(this.ctx));
      return { kind: 'failed', message };
    }
  }

  /**
   * Records the provider's id for our payout. A row the sync may have written for the same remote payout before
   * Paydesk knew its id (a provider may echo only the short reference) is merged into ours; a clash with another payout
   * of ours is not resolved automatically.
   */
  private attachRemote(outbox: OutboxRow, remote: RemotePayout, actor: string, via: 'reply' | 'lookup'): boolean {
    const id = outbox.payout_id;
    const remoteId = remote.remoteId;
    return this.ctx.db.transaction(() => {
      const now = nowIso(this.ctx);
      if (remoteId) {
        const clash = this.ctx.db
          .prepare(
            'SELECT p.id, EXISTS (SELECT 1 FROM payout_outbox o WHERE o.payout_id = p.id) AS ours FROM payouts p WHERE p.connection_id = ? AND p.remote_id = ? AND p.id != ?',
          )
          .get(outbox.connection_id, remoteId, id) as { id: number; ours: number } | undefined;
        if (clash?.ours) {
          this.markUnknownTx(
            outbox,
            actor,
            'create',
            `The provider returned payout ${remoteId} for reference ${outbox.client_reference}, but Paydesk already linked ${remoteId} to payout #${clash.id}. Check both at the provider.`,
          );
          return false;
        }
        if (clash) {
          this.ctx.repo.deletePayout(clash.id);
          this.audit(id, actor, 'payout.cache_row_merged', { remoteId, mergedRow: clash.id });
        }
      }
      this.ctx.repo.updateOutbox(id, { now, create_state: 'done', remote_id: remoteId, last_error: null });
      this.ctx.repo.setStatus(id, {
        status: 'sending',
        providerStatus: remote.providerStatus,
        remoteId,
        source: via === 'reply' ? 'sender' : 'reconciler',
        now,
        raw: remote.raw,
        message:
          outbox.initiate_state === 'none'
            ? undefined
            : `Created at ${providerName(this.provider(id))} (id ${remoteId ?? 'pending'}); initiating it next.`,
      });
      this.audit(id, actor, 'payout.created_at_provider', {
        clientReference: outbox.client_reference,
        remoteId,
        providerStatus: remote.providerStatus,
        via,
        before: { remoteId: null },
        after: { remoteId, providerStatus: remote.providerStatus },
      });
      return true;
    })();
  }

  // --- initiate --------------------------------------------------------------------------------------------------------

  private async initiateStep(
    start: OutboxRow,
    client: ProviderClient,
    actor: string,
    provider: string,
  ): Promise<{ outcome: 'done' | 'other'; remote: RemotePayout | null }> {
    const id = start.payout_id;
    const remoteId = start.remote_id!;
    let budget = this.ctx.options.maxInitiateAttempts;
    let mustCheck = start.initiate_attempts > 0;
    let lastError = start.last_error ?? '';
    for (;;) {
      if (mustCheck) {
        const attemptId = this.ctx.repo.startAttempt(id, 'lookup', nowIso(this.ctx));
        try {
          const current = await client.getPayout(remoteId);
          this.ctx.repo.finishAttempt(attemptId, `status ${current.providerStatus}`, null, nowIso(this.ctx));
          // Still a draft at the provider = not initiated; anything else means an initiate went through.
          if (current.status !== 'draft') {
            this.markInitiated(id, actor, current, 'status check');
            return { outcome: 'done', remote: current };
          }
        } catch (error) {
          this.ctx.repo.finishAttempt(attemptId, 'look-up failed', describe(error), nowIso(this.ctx));
          this.markUnknown(
            this.ctx.repo.outbox(id)!,
            actor,
            'initiate',
            `Created at ${provider} (id ${remoteId}) but Paydesk could not confirm whether it was initiated (${lastError || 'no answer'}; check failed: ${describe(error)}). It will check again before initiating; nothing is initiated twice.`,
          );
          return { outcome: 'other', remote: null };
        }
      }
      if (budget <= 0) {
        this.markUnknown(
          this.ctx.repo.outbox(id)!,
          actor,
          'initiate',
          `Created at ${provider} (id ${remoteId}) but not initiated after ${this.ctx.options.maxInitiateAttempts} attempts (last: ${lastError}). Nothing was paid yet; Paydesk will try again later, or initiate or cancel it in the ${provider} console.`,
        );
        return { outcome: 'other', remote: null };
      }
      budget -= 1;
      const attemptId = this.ctx.db.transaction(() => {
        const at = nowIso(this.ctx);
        this.ctx.repo.updateOutbox(id, { now: at, initiateAttempt: true, initiate_state: 'pending' });
        return this.ctx.repo.startAttempt(id, 'initiate', at);
      })();
      try {
        const after = await client.initiatePayout(remoteId);
        this.ctx.repo.finishAttempt(attemptId, 'accepted', after ? `status ${after.providerStatus}` : null, nowIso(this.ctx));
        this.markInitiated(id, actor, after, 'reply');
        return { outcome: 'done', remote: after };
      } catch (error) {
        lastError = describe(error);
        const kind = classifyWriteError(error);
        this.ctx.repo.finishAttempt(attemptId, kind, lastError, nowIso(this.ctx));
        if (kind === 'not_sent') {
          this.markUnknown(
            this.ctx.repo.outbox(id)!,
            actor,
            'initiate',
            `Created at ${provider} (id ${remoteId}) but not initiated yet: ${lastError} Nothing was paid; Paydesk initiates it once ${provider} answers.`,
            undefined,
            'pending',
          );
          return { outcome: 'other', remote: null };
        }
        if (kind === 'refused') {
          // Refused may mean "already initiated" (an earlier attempt whose answer was lost): check before failing.
          try {
            const current = await client.getPayout(remoteId);
            if (current.status !== 'draft') {
              this.markInitiated(id, actor, current, 'status check');
              return { outcome: 'done', remote: current };
            }
          } catch {
            // fall through: the refusal stands
          }
          this.ctx.db.transaction(() => {
            const now = nowIso(this.ctx);
            this.ctx.repo.updateOutbox(id, { now, initiate_state: 'failed', open: 0, last_error: lastError });
            const message = `${provider} refused to initiate the payout: ${lastError} It exists at ${provider} as a draft (id ${remoteId}); nothing was paid. Fix or cancel it in the ${provider} console.`;
            const before = this.ctx.repo.get(id)!.status;
            this.ctx.repo.setStatus(id, { status: 'failed', source: 'sender', now, message });
            this.ctx.repo.untrack(id);
            this.audit(id, actor, 'payout.initiate_failed', {
              remoteId,
              reason: lastError,
              before: { status: before },
              after: { status: 'failed' },
            });
          })();
          return { outcome: 'other', remote: null };
        }
        if (kind === 'rate_limited') {
          const wait = error instanceof ProviderError ? (error.details.retryAfterMs ?? 1_000) : 1_000;
          await this.ctx.options.sleep(Math.min(wait, this.ctx.options.maxRetryAfterMs));
        } else {
          await this.ctx.options.sleep(this.ctx.options.settleMs);
        }
        mustCheck = true;
      }
    }
  }

  private markInitiated(id: number, actor: string, remote: RemotePayout | null, via: string): void {
    this.ctx.db.transaction(() => {
      this.ctx.repo.updateOutbox(id, { now: nowIso(this.ctx), initiate_state: 'done', last_error: null });
      this.audit(id, actor, 'payout.initiated', {
        remoteId: this.ctx.repo.outbox(id)?.remote_id ?? null,
        providerStatus: remote?.providerStatus ?? null,
        via,
      });
    })();
  }

  // --- outcomes ---------------------------------------------------------------------------------------------------

  private finish(outbox: OutboxRow, remote: RemotePayout | null, actor: string): void {
    const id = outbox.payout_id;
    this.ctx.db.transaction(() => {
      const now = nowIso(this.ctx);
      const row = this.ctx.repo.get(id)!;
      const providerStatus = remote?.providerStatus ?? row.provider_status;
      const status = statusAfterSend(remote);
      const message =
        manualStepMessage({ ...row, provider_status: providerStatus }, remote) ??
        `Sent to ${providerName(row.provider)}${outbox.remote_id ? ` (id ${outbox.remote_id})` : ''} with reference ${outbox.client_reference}.`;
      this.ctx.repo.updateOutbox(id, { now, open: 0, last_error: null });
      this.ctx.repo.setStatus(id, { status, providerStatus, source: 'sender', now, message, ...(remote ? { raw: remote.raw } : {}) });
      if (TERMINAL_STATUSES.includes(status)) this.ctx.repo.untrack(id);
      else
        this.ctx.repo.track(
          id,
          new Date(this.ctx.options.now().getTime() + this.ctx.options.pollBaseMs).toISOString(),
          this.ctx.options.pollBaseMs,
        );
      this.audit(id, actor, 'payout.submitted', {
        clientReference: outbox.client_reference,
        remoteId: outbox.remote_id,
        before: { status: row.status },
        after: { status, providerStatus },
        createAttempts: outbox.create_attempts,
        initiateAttempts: outbox.initiate_attempts,
      });
    })();
  }

  private failDefinitely(outbox: OutboxRow, actor: string, message: string): void {
    const id = outbox.payout_id;
    this.ctx.db.transaction(() => {
      const now = nowIso(this.ctx);
      const before = this.ctx.repo.get(id)!.status;
      this.ctx.repo.updateOutbox(id, { now, create_state: 'failed', open: 0, last_error: message });
      this.ctx.repo.setStatus(id, { status: 'failed', source: 'sender', now, message });
      this.ctx.repo.untrack(id);
      this.audit(id, actor, 'payout.send_failed', {
        clientReference: outbox.client_reference,
        reason: message,
        before: { status: before },
        after: { status: 'failed' },
      });
    })();
  }

  private revertToApproved(outbox: OutboxRow, actor: string, message: string): void {
    const id = outbox.payout_id;
    this.ctx.db.transaction(() => {
      const now = nowIso(this.ctx);
      const before = this.ctx.repo.get(id)!.status;
      this.ctx.repo.updateOutbox(id, { now, create_state: 'not_sent', open: 0, last_error: message });
      this.ctx.repo.setStatus(id, { status: 'approved', source: 'sender', now, message });
      this.ctx.repo.untrack(id);
      this.audit(id, actor, 'payout.not_sent', {
        clientReference: outbox.client_reference,
        reason: message,
        before: { status: before },
        after: { status: 'approved' },
      });
    })();
  }

  private markUnknown(
    outbox: OutboxRow,
    actor: string,
    step: 'create' | 'initiate',
    message: string,
    createState?: 'done',
    initiateState?: 'pending',
  ): void {
    this.ctx.db.transaction(() => this.markUnknownTx(outbox, actor, step, message, createState, initiateState))();
  }

  private markUnknownTx(
    outbox: OutboxRow,
    actor: string,
    step: 'create' | 'initiate',
    message: string,
    createState?: 'done',
    initiateState?: 'pending',
  ): void {
    const id = outbox.payout_id;
    const now = nowIso(this.ctx);
    const before = this.ctx.repo.get(id)!.status;
    // A create the provider confirmed stays confirmed: 'unknown' there could later turn into a resend.
    const createConfirmed = this.ctx.repo.outbox(id)?.create_state === 'done';
    this.ctx.repo.updateOutbox(id, {
      now,
      last_error: message,
      open: 1,
      ...(step === 'create'
        ? { create_state: createConfirmed ? 'done' : (createState ?? 'unknown') }
        : { initiate_state: initiateState ?? 'unknown' }),
    });
    this.ctx.repo.setStatus(id, { status: 'unknown', source: 'sender', now, message });
    // The poller looks it up again with backoff; a look-up never resends on its own unless absence is confirmed.
    this.ctx.repo.track(
      id,
      new Date(this.ctx.options.now().getTime() + this.ctx.options.pollBaseMs).toISOString(),
      this.ctx.options.pollBaseMs,
    );
    this.audit(id, actor, 'payout.outcome_unknown', {
      clientReference: outbox.client_reference,
      step,
      reason: message,
      before: { status: before },
      after: { status: 'unknown' },
    });
  }

  private audit(id: number, actor: string, action: string, details: Record<string, unknown>): void {
    this.ctx.audit.append({ actor, action, subject: `payout:${id}`, details });
  }

  private provider(id: number) {
    return this.ctx.repo.get(id)!.provider;
  }

  private result(id: number, message?: string): SendItemResult {
    const row = this.ctx.repo.get(id);
    if (!row) return { id, status: 'unknown', message: 'The payout no longer exists.' };
    return { id, status: row.status, message: message ?? row.status_message ?? row.status };
  }
}
