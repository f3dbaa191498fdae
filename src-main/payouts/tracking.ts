/**
 * Following sent payouts to the end: the status poller (with backoff, stopping at terminal statuses), cancel where
 * the provider allows it, and the Attention list. Every write is a command of the workflow store.
 */
import { isStatusRegression, terminalPayoutStatuses, type PayoutStatus } from '@shared/contract/model';
import type { AttentionItem, AttentionReason } from '@shared/contract/payouts-model';
import { AppError, notFound } from '../errors';
import { ProviderError } from '../providers/http';
import type { RemotePayout } from '../providers/provider';
import { providerName } from '../providers/registry';
import { systemActor, type Actor } from '../storage/audit-store';
import { toPayoutRow } from '../storage/workflow-rows';
import type { WorkflowRow } from '../storage/workflow-store';
import { emitChanged, emitStatus, type WorkflowContext } from './context';
import { providerCancellable, providerDraftOf } from './drafts';
import type { PayoutSender } from './sender';
import { describeError as describe } from './send-steps';

const DAY_MS = 86_400_000;
const isTerminal = (status: PayoutStatus) => terminalPayoutStatuses.includes(status);

/** Our status for what the provider now reports; a provider 'draft' or unrecognised value never moves us back. */
function nextStatus(current: PayoutStatus, remote: RemotePayout): PayoutStatus {
  if (
    remote.status === 'draft' ||
    remote.status === 'provider_draft' ||
    remote.status === 'unknown' ||
    remote.status === 'approved' ||
    remote.status === 'sending'
  ) {
    return current === 'unknown' || current === 'sending' ? 'submitted' : current;
  }
  return remote.status;
}

export class StatusPoller {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;

  constructor(
    private readonly ctx: WorkflowContext,
    private readonly sender: PayoutSender,
    private readonly ready: () => Promise<void>,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.ready()
        .then(() => this.pollDue())
        .then(
          () => undefined,
          () => undefined,
        )
        .finally(() => {
          this.running = null;
          this.schedule();
        });
    }, this.ctx.options.pollTickMs);
    this.timer.unref?.();
  }

  /**
   * One round over every tracked payout that is due: an open outbox entry (unknown outcome, created but not
   * initiated) is reconciled by the sender; a sent payout is read back and its status recorded. Returns how many
   * payouts changed status.
   */
  async pollDue(options: { all?: boolean; limit?: number } = {}): Promise<number> {
    const now = this.ctx.options.now();
    const due = this.ctx.store.dueForPolling(options.all ? '9999-12-31T23:59:59.999Z' : now.toISOString(), options.limit ?? 200);
    let changed = 0;
    for (const item of due) {
      if (this.sender.isBusy(item.payout_id)) continue;
      if (await this.pollOne(item.payout_id, item.interval_ms)) changed += 1;
    }
    if (changed) emitChanged(this.ctx);
    return changed;
  }

  /** Reads one payout back from its provider now (the "check" action), whatever its schedule. */
  async refresh(id: number): Promise<void> {
    const row = this.ctx.store.payout(id);
    if (!row) throw notFound('The payout');
    const outbox = this.ctx.store.outbox(id);
    if (!outbox) throw new AppError('CONFLICT', 'This payout was not sent by Paydesk; the next sync updates it.');
    await this.pollOne(id, this.ctx.store.tracking(id)?.interval_ms ?? this.ctx.options.pollBaseMs);
    emitChanged(this.ctx);
  }

  private async pollOne(id: number, intervalMs: number): Promise<boolean> {
    const before = this.ctx.store.payout(id);
    if (!before) return false;
    const outbox = this.ctx.store.outbox(id);
    const actor = systemActor('Paydesk (status poller)');
    const backoff = async (changed: boolean, error: string | null) => {
      const next = changed ? this.ctx.options.pollBaseMs : Math.min(intervalMs * 2, this.ctx.options.pollMaxMs);
      const row = this.ctx.store.payout(id);
      if (!row || (isTerminal(row.status) && !this.ctx.store.outbox(id)?.open)) {
        await this.ctx.store.stopTracking(id);
        return;
      }
      if (!this.ctx.store.tracking(id)) return;
      const at = this.ctx.options.now();
      await this.ctx.store.reschedulePoll(id, { nextPollAt: new Date(at.getTime() + next).toISOString(), intervalMs: next, error });
    };
    if (outbox?.open) {
      await this.sender.deliver(id, actor);
      const after = this.ctx.store.payout(id);
      const changed = Boolean(after && after.status !== before.status);
      await backoff(changed, after?.status === 'unknown' ? after.status_message : null);
      return changed;
    }
    if (!before.remote_id) {
      await this.ctx.store.stopTracking(id);
      return false;
    }
    let remote: RemotePayout;
    try {
      const client = await this.ctx.clients.clientFor(before.connection_id);
      remote = await client.getPayout(before.remote_id);
    } catch (error) {
      await backoff(false, describe(error));
      return false;
    }
    const changed = await this.record(before, remote, actor);
    await backoff(changed, null);
    if (changed) emitStatus(this.ctx, id);
    return changed;
  }

  /** Stores what the provider reports; true when our status or the provider's changed. */
  async record(before: WorkflowRow, remote: RemotePayout, actor: Actor): Promise<boolean> {
    const status = nextStatus(before.status, remote);
    if (isStatusRegression(before.status, status)) {
      // Never applied quietly: the final status stays, and the Attention list shows what the provider says now.
      await this.ctx.store.recordStatusRegression(before.id, { status, providerStatus: remote.providerStatus }, 'poller', {
        actor,
        action: 'payout.status_regressed',
        details: { ...payoutRef(before), kept: statusOf(before), reported: { status, providerStatus: remote.providerStatus } },
      });
      return false;
    }
    const expiresAt = remote.expiresAt ?? null;
    const expiryPending = remote.expiryPending ?? false;
    const unchanged =
      status === before.status &&
      remote.providerStatus === before.provider_status &&
      expiresAt === before.expires_at &&
      expiryPending === (before.expiry_pending === 1);
    // The provider says the final status again after contradicting it: recorded, which ends the regression.
    const endsRegression = unchanged && isTerminal(status) && this.ctx.store.openRegression(before.id) !== null;
    if (unchanged && !endsRegression) return false;
    const provider = providerName(before.provider);
    const reason = remote.statusReason ?? null;
    let message: string | null = null;
    if (status === 'failed' || status === 'returned' || status === 'cancelled' || status === 'expired') {
      message = `${provider} reports "${remote.providerStatus}"${reason ? `: ${reason}` : ''}.`;
    } else if (status === before.status && before.status_message) {
      message = before.status_message;
    }
    await this.ctx.store.recordProviderStatus(
      before.id,
      { status, providerStatus: remote.providerStatus, source: 'poller', message, raw: remote.raw, expiresAt, expiryPending },
      {
        actor,
        action: endsRegression ? 'payout.status_regression_ended' : 'payout.status_changed',
        details: { ...payoutRef(before), before: statusOf(before), after: { status, providerStatus: remote.providerStatus } },
      },
    );
    return status !== before.status || remote.providerStatus !== before.provider_status || endsRegression;
  }
}

export class CancelService {
  constructor(
    private readonly ctx: WorkflowContext,
    private readonly sender: PayoutSender,
    private readonly poller: StatusPoller,
  ) {}

  /**
   * Cancels a payout: locally when it was approved but never sent; at the provider where its API allows it (the
   * module's statuses.cancellable says when). An unclear answer is settled by reading the payout back.
   */
  async cancel(id: number): Promise<void> {
    const row = this.ctx.store.payout(id);
    if (!row) throw notFound('The payout');
    const actor = this.ctx.actor();
    const outbox = this.ctx.store.outbox(id);
    if (row.status === 'approved' && (!outbox || !outbox.open) && !row.remote_id) {
      await this.ctx.store.setStatusByOperator(
        id,
        {
          status: 'cancelled',
          providerStatus: row.provider_status,
          source: actor.name,
          message: `Cancelled by ${actor.name} before it was sent.`,
        },
        {
          // Re-checked inside the transaction: a send may have started since.
          guard: (current, currentOutbox) =>
            current.status === 'approved' && !currentOutbox?.open && !current.remote_id
              ? null
              : `The payout is ${current.status}; it can no longer be cancelled here.`,
          note: {
            actor,
            action: 'payout.cancelled',
            details: {
              clientReference: row.client_reference,
              before: { status: row.status },
              after: { status: 'cancelled' },
              atProvider: false,
            },
          },
        },
      );
      emitStatus(this.ctx, id);
      emitChanged(this.ctx);
      return;
    }
    if (row.status === 'draft' && !outbox && !row.remote_id)
      throw new AppError('CONFLICT', 'This is a draft: delete it instead; it was never sent.');
    if (isTerminal(row.status)) throw new AppError('CONFLICT', `The payout is ${row.status}; nothing is left to cancel.`);
    // A draft made at the provider: cancelled or deleted there where its module allows (decision 0011), else refused.
    const providerDraft = providerDraftOf(row);
    if (providerDraft && (!providerDraft.action || !row.remote_id)) throw new AppError('CONFLICT', providerDraft.line);
    if (!providerDraft && !outbox)
      throw new AppError('CONFLICT', 'Only payouts sent by Paydesk can be cancelled from Paydesk; cancel this one at the provider.');
    if ((outbox && outbox.open) || this.sender.isBusy(id) || !row.remote_id) {
      throw new AppError('CONFLICT', 'Paydesk is still confirming this payout with the provider; check its outcome first, then cancel it.');
    }
    const cancellable = providerCancellable(row);
    if (cancellable !== true) throw new AppError('CONFLICT', cancellable);
    const client = await this.ctx.clients.clientFor(row.connection_id);
    await this.ctx.store.auditPayout(id, {
      actor,
      action: 'payout.cancel_requested',
      details: { clientReference: row.client_reference, remoteId: row.remote_id, status: row.status },
    });
    const attempt = await this.ctx.store.startAttempt(id, 'cancel');
    let remote: RemotePayout | null = null;
    try {
      remote = await client.cancelPayout(row.remote_id);
      await this.ctx.store.finishAttempt(attempt, 'accepted', remote ? `status ${remote.providerStatus}` : null);
    } catch (error) {
      await this.ctx.store.finishAttempt(attempt, 'refused or unclear', describe(error));
      const definite =
        error instanceof ProviderError && (error.kind === 'validation' || error.kind === 'authentication' || error.kind === 'not_found');
      // Read back either way: a refusal may mean "already cancelled", an unclear answer may have worked.
      remote = await client.getPayout(row.remote_id).catch(() => null);
      if (!remote || remote.status !== 'cancelled') {
        await this.ctx.store.auditPayout(id, {
          actor,
          action: 'payout.cancel_failed',
          details: { clientReference: row.client_reference, reason: describe(error), definite },
        });
        emitChanged(this.ctx);
        throw new AppError('PROVIDER', `${providerName(row.provider)} did not cancel the payout: ${describe(error)}`);
      }
    }
    const cancelledNote = (after: PayoutStatus) => ({
      actor,
      action: 'payout.cancelled',
      details: {
        clientReference: row.client_reference,
        remoteId: row.remote_id,
        before: { status: row.status },
        after: { status: after },
        atProvider: true,
      },
    });
    if (remote) {
      await this.poller.record(this.ctx.store.payout(id)!, remote, actor);
      await this.ctx.store.auditPayout(id, cancelledNote(this.ctx.store.payout(id)!.status));
    } else {
      // The provider deleted the payout outright (a provider-side draft): nothing is left to read back.
      await this.ctx.store.setStatusByOperator(
        id,
        {
          status: 'cancelled',
          providerStatus: null,
          source: actor.name,
          message: `Deleted at ${providerName(row.provider)} by ${actor.name}.`,
        },
        { guard: () => null, note: cancelledNote('cancelled') },
      );
    }
    emitStatus(this.ctx, id);
    emitChanged(this.ctx);
  }
}

export function attentionList(ctx: WorkflowContext, limit: number): AttentionItem[] {
  const policy = ctx.store.policy();
  const now = ctx.options.now().getTime();
  const stuckBefore = new Date(now - policy.stuckAfterDays * DAY_MS).toISOString();
  const expiringBy = new Date(now + policy.expiringWithinDays * DAY_MS).toISOString();
  const items: AttentionItem[] = [];
  const add = (rows: WorkflowRow[], reason: AttentionReason, message: (r: WorkflowRow) => string, since: (r: WorkflowRow) => string) => {
    for (const r of rows) items.push({ payout: toPayoutRow(r), reason, message: message(r), since: since(r) });
  };
  const changedAt = (r: WorkflowRow) => r.status_changed_at ?? r.updated_at;
  add(
    ctx.store.sentInStatus('unknown', limit),
    'unknown',
    (r) => r.status_message ?? 'Paydesk could not confirm the outcome; it keeps checking by reference.',
    changedAt,
  );
  add(ctx.store.sentInStatus('failed', limit), 'failed', (r) => r.status_message ?? `Failed at ${providerName(r.provider)}.`, changedAt);
  add(
    ctx.store.sentInStatus('returned', limit),
    'returned',
    (r) => r.status_message ?? 'The money came back; check the recipient details.',
    changedAt,
  );
  add(
    ctx.store.stuckSince(stuckBefore, limit),
    'stuck',
    (r) =>
      `${r.status} for more than ${policy.stuckAfterDays} days${r.provider_status ? ` (${providerName(r.provider)}: ${r.provider_status})` : ''}.${r.status_message ? ` ${r.status_message}` : ''}`,
    changedAt,
  );
  add(
    ctx.store.expiringBy(expiringBy, limit),
    'expiring',
    (r) =>
      r.expires_at
        ? `Expires on ${r.expires_at.slice(0, 10)} unless the recipient claims it.`
        : `${providerName(r.provider)} reports "${r.provider_status}".`,
    (r) => r.expires_at ?? changedAt(r),
  );
  for (const { row, regression } of ctx.store.openRegressions(limit)) {
    const provider = providerName(row.provider);
    items.push({
      payout: toPayoutRow(row),
      reason: 'regressed',
      message:
        `Paydesk has this payout as ${regression.keptStatus}${regression.keptProviderStatus ? ` ("${regression.keptProviderStatus}")` : ''}, ` +
        `but since ${regression.firstReportedAt.slice(0, 16).replace('T', ' ')} UTC ${provider} reports it as ${regression.reportedStatus}` +
        `${regression.reportedProviderStatus ? ` ("${regression.reportedProviderStatus}")` : ''}. Paydesk kept ${regression.keptStatus}: check the payout at ${provider}.`,
      since: regression.firstReportedAt,
      regression,
    });
  }
  return items.slice(0, limit);
}

/** Which payout an audit event of the poller is about. */
const payoutRef = (row: WorkflowRow) => ({ clientReference: row.client_reference, remoteId: row.remote_id });
/** The status Paydesk holds for a payout, as audit details show it. */
const statusOf = (row: WorkflowRow) => ({ status: row.status, providerStatus: row.provider_status });
