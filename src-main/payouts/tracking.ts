/**
 * Following sent payouts to the end: the status poller (with backoff, stopping at terminal statuses), cancel where
 * the provider allows it, and the Attention list.
 */
import { AppError, notFound } from '../errors';
import type { PayoutStatus } from '@shared/contract/model';
import { ProviderError } from '../providers/http';
import type { RemotePayout } from '../providers/provider';
import { providerName } from '../providers/registry';
import { emitChanged, emitStatus, nowIso, type WorkflowContext } from './context';
import type { AttentionItem, AttentionReason } from '@shared/contract/payouts-model';
import { TERMINAL_STATUSES, toPayoutRow, type WorkflowRow } from './repository';
import { providerCancellable } from './drafts';
import type { PayoutSender } from './sender';

const DAY_MS = 86_400_000;
const describe = (error: unknown) => (error instanceof ProviderError || error instanceof AppError ? error.message : 'unexpected error');

/** Our status for what the provider now reports; a provider 'draft' or unrecognised value never moves us back. */
function nextStatus(current: PayoutStatus, remote: RemotePayout): PayoutStatus {
  if (remote.status === 'draft' || remote.status === 'unknown' || remote.status === 'approved' || remote.status === 'sending') {
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
    const due = this.ctx.repo.dueForPolling(options.all ? '9999-12-31T23:59:59.999Z' : now.toISOString(), options.limit ?? 200);
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
    const row = this.ctx.repo.get(id);
    if (!row) throw notFound('The payout');
    const outbox = this.ctx.repo.outbox(id);
    if (!outbox) throw new AppError('CONFLICT', 'This payout was not sent by Paydesk; the next sync updates it.');
    await this.pollOne(id, this.ctx.repo.tracking(id)?.interval_ms ?? this.ctx.options.pollBaseMs);
    emitChanged(this.ctx);
  }

  private async pollOne(id: number, intervalMs: number): Promise<boolean> {
    const before = this.ctx.repo.get(id);
    if (!before) return false;
    const outbox = this.ctx.repo.outbox(id);
    const actor = 'Paydesk (status poller)';
    const backoff = (changed: boolean, error: string | null) => {
      const next = changed ? this.ctx.options.pollBaseMs : Math.min(intervalMs * 2, this.ctx.options.pollMaxMs);
      const row = this.ctx.repo.get(id);
      if (!row || (TERMINAL_STATUSES.includes(row.status) && !this.ctx.repo.outbox(id)?.open)) {
        this.ctx.repo.untrack(id);
        return;
      }
      if (!this.ctx.repo.tracking(id)) return;
      const at = this.ctx.options.now();
      this.ctx.repo.polled(id, { nextPollAt: new Date(at.getTime() + next).toISOString(), intervalMs: next, at: at.toISOString(), error });
    };
    if (outbox?.open) {
      await this.sender.deliver(id, actor);
      const after = this.ctx.repo.get(id);
      const changed = Boolean(after && after.status !== before.status);
      backoff(changed, after?.status === 'unknown' ? after.status_message : null);
      return changed;
    }
    if (!before.remote_id) {
      this.ctx.repo.untrack(id);
      return false;
    }
    let remote: RemotePayout;
    try {
      const client = await this.ctx.clients.clientFor(before.connection_id);
      remote = await client.getPayout(before.remote_id);
    } catch (error) {
      backoff(false, describe(error));
      return false;
    }
    const changed = this.record(before, remote, actor);
    backoff(changed, null);
    if (changed) emitStatus(this.ctx, id);
    return changed;
  }

  /** Stores what the provider reports; true when our status or the provider's changed. */
  record(before: WorkflowRow, remote: RemotePayout, actor: string): boolean {
    const status = nextStatus(before.status, remote);
    const expiresAt = remote.expiresAt ?? null;
    const expiryPending = remote.expiryPending ?? false;
    if (
      status === before.status &&
      remote.providerStatus === before.provider_status &&
      expiresAt === before.expires_at &&
      expiryPending === (before.expiry_pending === 1)
    )
      return false;
    const provider = providerName(before.provider);
    const reason = remote.statusReason ?? null;
    let message: string | null = null;
    if (status === 'failed' || status === 'returned' || status === 'cancelled' || status === 'expired') {
      message = `${provider} reports "${remote.providerStatus}"${reason ? `: ${reason}` : ''}.`;
    } else if (status === before.status && before.status_message) {
      message = before.status_message;
    }
    this.ctx.db.transaction(() => {
      const now = nowIso(this.ctx);
      this.ctx.repo.setStatus(before.id, {
        status,
        providerStatus: remote.providerStatus,
        source: 'poller',
        now,
        message,
        raw: remote.raw,
        expiresAt,
        expiryPending,
      });
      if (TERMINAL_STATUSES.includes(status)) this.ctx.repo.untrack(before.id);
      this.ctx.audit.append({
        actor,
        action: 'payout.status_changed',
        subject: `payout:${before.id}`,
        details: {
          clientReference: before.client_reference,
          remoteId: before.remote_id,
          before: { status: before.status, providerStatus: before.provider_status },
          after: { status, providerStatus: remote.providerStatus },
        },
      });
    })();
    return status !== before.status || remote.providerStatus !== before.provider_status;
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
    const row = this.ctx.repo.get(id);
    if (!row) throw notFound('The payout');
    const actor = this.ctx.actor();
    const outbox = this.ctx.repo.outbox(id);
    if (row.status === 'approved' && (!outbox || !outbox.open) && !row.remote_id) {
      this.ctx.db.transaction(() => {
        const now = nowIso(this.ctx);
        this.ctx.repo.setStatus(id, { status: 'cancelled', source: actor, now, message: `Cancelled by ${actor} before it was sent.` });
        this.ctx.audit.append({
          actor,
          action: 'payout.cancelled',
          subject: `payout:${id}`,
          details: {
            clientReference: row.client_reference,
            before: { status: row.status },
            after: { status: 'cancelled' },
            atProvider: false,
          },
        });
      })();
      emitStatus(this.ctx, id);
      emitChanged(this.ctx);
      return;
    }
    if (row.status === 'draft' && !outbox && !row.remote_id)
      throw new AppError('CONFLICT', 'This is a draft: delete it instead; it was never sent.');
    if (TERMINAL_STATUSES.includes(row.status)) throw new AppError('CONFLICT', `The payout is ${row.status}; nothing is left to cancel.`);
    if (!outbox)
      throw new AppError('CONFLICT', 'Only payouts sent by Paydesk can be cancelled from Paydesk; cancel this one at the provider.');
    if (outbox.open || this.sender.isBusy(id) || !row.remote_id) {
      throw new AppError('CONFLICT', 'Paydesk is still confirming this payout with the provider; check its outcome first, then cancel it.');
    }
    const cancellable = providerCancellable(row);
    if (cancellable !== true) throw new AppError('CONFLICT', cancellable);
    const client = await this.ctx.clients.clientFor(row.connection_id);
    const attempt = this.ctx.db.transaction(() => {
      this.ctx.audit.append({
        actor,
        action: 'payout.cancel_requested',
        subject: `payout:${id}`,
        details: { clientReference: row.client_reference, remoteId: row.remote_id, status: row.status },
      });
      return this.ctx.repo.startAttempt(id, 'cancel', nowIso(this.ctx));
    })();
    let remote: RemotePayout | null = null;
    try {
      remote = await client.cancelPayout(row.remote_id);
      this.ctx.repo.finishAttempt(attempt, 'accepted', remote ? `status ${remote.providerStatus}` : null, nowIso(this.ctx));
    } catch (error) {
      this.ctx.repo.finishAttempt(attempt, 'refused or unclear', describe(error), nowIso(this.ctx));
      const definite =
        error instanceof ProviderError && (error.kind === 'validation' || error.kind === 'authentication' || error.kind === 'not_found');
      // Read back either way: a refusal may mean "already cancelled", an unclear answer may have worked.
      remote = await client.getPayout(row.remote_id).catch(() => null);
      if (!remote || remote.status !== 'cancelled') {
        this.ctx.audit.append({
          actor,
          action: 'payout.cancel_failed',
          subject: `payout:${id}`,
          details: { clientReference: row.client_reference, reason: describe(error), definite },
        });
        emitChanged(this.ctx);
        throw new AppError('PROVIDER', `${providerName(row.provider)} did not cancel the payout: ${describe(error)}`);
      }
    }
    if (remote) {
      const current = this.ctx.repo.get(id)!;
      this.poller.record(current, remote, actor);
    } else {
      // The provider deleted the payout outright (a provider-side draft): nothing is left to read back.
      this.ctx.db.transaction(() => {
        this.ctx.repo.setStatus(id, {
          status: 'cancelled',
          providerStatus: null,
          source: actor,
          now: nowIso(this.ctx),
          message: `Deleted at ${providerName(row.provider)} by ${actor}.`,
        });
        this.ctx.repo.untrack(id);
      })();
    }
    this.ctx.audit.append({
      actor,
      action: 'payout.cancelled',
      subject: `payout:${id}`,
      details: {
        clientReference: row.client_reference,
        remoteId: row.remote_id,
        before: { status: row.status },
        after: { status: this.ctx.repo.get(id)!.status },
        atProvider: true,
      },
    });
    emitStatus(this.ctx, id);
    emitChanged(this.ctx);
  }
}

export function attentionList(ctx: WorkflowContext, limit: number): AttentionItem[] {
  const policy = ctx.policy.get();
  const now = ctx.options.now().getTime();
  const stuckBefore = new Date(now - policy.stuckAfterDays * DAY_MS).toISOString();
  const expiringBy = new Date(now + policy.expiringWithinDays * DAY_MS).toISOString();
  // IN over the (small) outbox, not a correlated EXISTS: the latter probes the outbox once per cached payout.
  const ours = 'p.id IN (SELECT payout_id FROM payout_outbox)';
  const terminal = TERMINAL_STATUSES.map((s) => `'${s}'`).join(',');
  const items: AttentionItem[] = [];
  const add = (rows: WorkflowRow[], reason: AttentionReason, message: (r: WorkflowRow) => string, since: (r: WorkflowRow) => string) => {
    for (const r of rows) items.push({ payout: toPayoutRow(r), reason, message: message(r), since: since(r) });
  };
  const changedAt = (r: WorkflowRow) => r.status_changed_at ?? r.updated_at;
  add(
    ctx.repo.query(`p.status = 'unknown' AND ${ours}`, [limit], 'ORDER BY p.updated_at LIMIT ?'),
    'unknown',
    (r) => r.status_message ?? 'Paydesk could not confirm the outcome; it keeps checking by reference.',
    changedAt,
  );
  add(
    ctx.repo.query(`p.status = 'failed' AND ${ours}`, [limit], 'ORDER BY p.updated_at DESC LIMIT ?'),
    'failed',
    (r) => r.status_message ?? `Failed at ${providerName(r.provider)}.`,
    changedAt,
  );
  add(
    ctx.repo.query(`p.status = 'returned' AND ${ours}`, [limit], 'ORDER BY p.updated_at DESC LIMIT ?'),
    'returned',
    (r) => r.status_message ?? 'The money came back; check the recipient details.',
    changedAt,
  );
  add(
    ctx.repo.query(
      `p.status IN ('sending','submitted','processing') AND ${ours} AND coalesce(p.status_changed_at, p.updated_at) < ?`,
      [stuckBefore, limit],
      'ORDER BY coalesce(p.status_changed_at, p.updated_at) LIMIT ?',
    ),
    'stuck',
    (r) =>
      `${r.status} for more than ${policy.stuckAfterDays} days${r.provider_status ? ` (${providerName(r.provider)}: ${r.provider_status})` : ''}.${r.status_message ? ` ${r.status_message}` : ''}`,
    changedAt,
  );
  add(
    ctx.repo.query(
      `p.status NOT IN (${terminal}) AND ((p.expires_at IS NOT NULL AND p.expires_at <= ?) OR p.expiry_pending = 1)`,
      [expiringBy, limit],
      'ORDER BY coalesce(p.expires_at, p.updated_at) LIMIT ?',
    ),
    'expiring',
    (r) =>
      r.expires_at
        ? `Expires on ${r.expires_at.slice(0, 10)} unless the recipient claims it.`
        : `${providerName(r.provider)} reports "${r.provider_status}".`,
    (r) => r.expires_at ?? changedAt(r),
  );
  return items.slice(0, limit);
}
