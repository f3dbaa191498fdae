/**
 * Payee checks (verification of payee): for the providers whose module declares one (ProviderModule.payeeCheck), a
 * payout is paid only after the payee's bank was asked whether the account belongs to the name. The check runs when
 * such a draft is made, imported or edited, and again at send when it is older than the policy allows; its outcome is
 * kept per payout (with its audit event), shown to whoever approves, and its id goes with the payout.
 *
 * A close match offers the bank's name for the draft; no match blocks approving and sending (unless the policy says
 * otherwise); "not possible" and a check that could not run warn. Nothing here knows which provider it is.
 */
import type { PayeeCheck, PayeeCheckStatus } from '@shared/contract/payouts-model';
import { AppError, notFound } from '../errors';
import type { PayeeCheckRequest } from '../providers/provider';
import { providerModule, providerName } from '../providers/registry';
import { parseRecipient } from '../storage/workflow-rows';
import { systemActor } from '../storage/audit-store';
import type { PayeeCheckRow, WorkflowRow } from '../storage/workflow-store';
import { emitChanged, nowIso, type WorkflowContext } from './context';
import { describeError } from './send-steps';
import { TimeSlices } from '../workers/time-slices';

const HOUR_MS = 3_600_000;

/** What a check is about: it applies to a draft only while its currency, account and name stay the same. */
export function payeeCheckKey(request: PayeeCheckRequest): string {
  const name = request.name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
  return `${request.currency}|${request.iban.replace(/[\s-]/g, '').toUpperCase()}|${name}`;
}

export type PayeeCheckTrigger = 'draft' | 'import' | 'edit' | 'send' | 'operator';

export class PayeeCheckService {
  /** Checks of imported drafts run one after another, after the import. */
  private background: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly ctx: WorkflowContext) {}

  /** The check this payout needs, or null (its provider needs none, or Paydesk did not draft it). */
  requestFor(row: WorkflowRow): PayeeCheckRequest | null {
    const rule = providerModule(row.provider).payeeCheck;
    const recipient = parseRecipient(row.recipient_json);
    if (!rule || !recipient) return null;
    return rule.requestFor({ currency: row.currency, recipient });
  }

  /** The latest check, if it is about what the payout has now. */
  private applying(row: WorkflowRow, request: PayeeCheckRequest): PayeeCheckRow | undefined {
    const latest = this.ctx.store.latestPayeeCheck(row.id);
    return latest && latest.checked_key === payeeCheckKey(request) ? latest : undefined;
  }

  private isOld(check: PayeeCheckRow): boolean {
    const maxAgeMs = this.ctx.store.policy().payeeCheckMaxAgeHours * HOUR_MS;
    return this.ctx.options.now().getTime() - Date.parse(check.at) > maxAgeMs;
  }

  /** Whether the payout is past the point where a check can matter (then its check is history). */
  private handedOver(row: WorkflowRow): boolean {
    return (row.status !== 'draft' && row.status !== 'approved') || Boolean(row.remote_id) || this.ctx.store.outbox(row.id)?.open === 1;
  }

  /**
   * Asks the provider now and records the outcome, or why it could not ask: never throws for the provider's sake, so
   * a draft is saved (and stays editable) whether or not the provider answers.
   */
  async run(id: number, trigger: PayeeCheckTrigger): Promise<void> {
    const row = this.ctx.store.payout(id);
    if (!row || this.handedOver(row)) return;
    const request = this.requestFor(row);
    if (!request) return;
    const at = nowIso(this.ctx);
    const base = { checkedName: request.name, checkedKey: payeeCheckKey(request), trigger };
    let check: Parameters<WorkflowContext['store']['recordPayeeCheck']>[1];
    try {
      const client = await this.ctx.clients.clientFor(row.connection_id);
      if (!client.checkPayee) throw new AppError('INTERNAL', `${providerName(row.provider)}'s client cannot check payees.`);
      const result = await client.checkPayee(request);
      check = {
        ...base,
        checkId: result.checkId,
        status: result.outcome,
        providerStatus: result.providerStatus,
        matchedName: result.matchedName,
        details: result.details,
        reasons: result.reasons,
        at: nowIso(this.ctx),
      };
    } catch (error) {
      check = {
        ...base,
        checkId: null,
        status: 'error',
        providerStatus: null,
        matchedName: null,
        details: describeError(error),
        reasons: [],
        at,
      };
    }
    await this.ctx.store.recordPayeeCheck(id, check, {
      actor: trigger === 'operator' ? this.ctx.actor() : systemActor(`Paydesk (payee check: ${trigger})`),
      action: 'payout.payee_checked',
      details: {
        clientReference: row.client_reference,
        checkId: check.checkId,
        outcome: check.status,
        providerStatus: check.providerStatus,
        checkedName: check.checkedName,
        matchedName: check.matchedName,
        reasons: check.reasons,
        details: check.details,
        trigger,
      },
    });
    emitChanged(this.ctx);
  }

  /** Runs the check when what the payout has now was not checked yet (a new draft, an edited name or account). */
  async runIfChanged(id: number, trigger: PayeeCheckTrigger): Promise<void> {
    const row = this.ctx.store.payout(id);
    const request = row && this.requestFor(row);
    if (row && request && !this.applying(row, request)) await this.run(id, trigger);
  }

  /** Checks of many drafts (an import), one after another in the background; `idle` settles when they are done. */
  queue(ids: number[], trigger: PayeeCheckTrigger): void {
    if (!ids.length) return;
    this.background = this.background.then(async () => {
      // Which of them need a check is looked at here, in slices: an import queues 50,000 drafts at once.
      const slices = new TimeSlices();
      for (const id of ids) {
        // Left unchecked when Paydesk closes: such a payout is checked when it is sent.
        if (this.stopped) return;
        if (slices.due()) await slices.next();
        const row = this.ctx.store.payout(id);
        if (!row || !this.requestFor(row)) continue;
        await this.run(id, trigger).catch(() => undefined);
      }
    });
  }

  idle(): Promise<void> {
    return this.background;
  }

  /** Stops the background checks after the one running now. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.background;
  }

  /** Before sending: a check that is missing, outdated by an edit, older than the policy allows, or failed, runs again. */
  async beforeSend(id: number): Promise<void> {
    const row = this.ctx.store.payout(id);
    if (!row || this.handedOver(row)) return;
    const request = this.requestFor(row);
    if (!request) return;
    const check = this.applying(row, request);
    if (!check || check.status === 'error' || this.isOld(check)) await this.run(id, 'send');
  }

  /** What the approver and the drawer see; null when the payout needs no check. */
  view(row: WorkflowRow): PayeeCheck | null {
    const request = this.requestFor(row);
    if (!request) return null;
    const provider = providerName(row.provider);
    const check = this.applying(row, request);
    const latest = check ?? this.ctx.store.latestPayeeCheck(row.id);
    if (!check) {
      return {
        status: 'unchecked',
        checkId: null,
        checkedName: latest?.checked_name ?? null,
        matchedName: null,
        details: null,
        at: latest?.at ?? null,
        outdated: Boolean(latest),
        effect: 'warn',
        message: latest
          ? `The name, account or currency changed since the last payee check; Paydesk checks the payee with ${provider} again before sending.`
          : `Not checked yet; Paydesk checks the payee with ${provider} before sending.`,
      };
    }
    const name = check.checked_name;
    const blocks = this.ctx.store.policy().payeeNoMatchBlocks;
    const outcome: Record<Exclude<PayeeCheckStatus, 'unchecked'>, { effect: PayeeCheck['effect']; message: string }> = {
      match: { effect: 'ok', message: `The payee's bank confirms that the account belongs to "${name}".` },
      close_match: {
        effect: 'warn',
        message: `The payee's bank holds this account as "${check.matched_name ?? '?'}", close to "${name}". Use the bank's name, or approve as it is if you are sure.`,
      },
      no_match: {
        effect: blocks ? 'block' : 'warn',
        message: `The payee's bank says this account does not belong to "${name}". Check the name and IBAN with the recipient${
          blocks ? '; as it is, the payout can be neither approved nor sent.' : ' before approving (the policy allows it).'
        }`,
      },
      not_possible: {
        effect: 'warn',
        message: "The payee's bank could not check the name: the payout can be sent, but nobody confirmed whose account it is.",
      },
      error: {
        effect: 'warn',
        message: `The payee check could not run (${check.details ?? 'no answer'}); Paydesk tries again before sending.`,
      },
    };
    return {
      status: check.status,
      checkId: check.check_id,
      checkedName: name,
      matchedName: check.matched_name,
      details: check.details,
      at: check.at,
      outdated: this.isOld(check),
      ...outcome[check.status],
    };
  }

  /** Why this payout may not be approved because of its payee check, or null. */
  approvalBlock(row: WorkflowRow): string | null {
    const view = this.view(row);
    return view?.effect === 'block' ? view.message : null;
  }

  /** Why this payout may not be sent because of its payee check (after beforeSend ran it), or null. */
  sendBlock(row: WorkflowRow): string | null {
    const request = this.requestFor(row);
    if (!request) return null;
    const view = this.view(row)!;
    if (view.effect === 'block') return view.message;
    if (!this.checkIdFor(row)) {
      const provider = providerName(row.provider);
      return `${provider} pays this payout only to a checked payee, and the check could not be made${view.details ? ` (${view.details})` : ''}. Nothing was sent; try again when ${provider} answers.`;
    }
    return null;
  }

  /** The provider's id of the check that allows this payout, where it needs one. */
  checkIdFor(row: WorkflowRow): string | undefined {
    const request = this.requestFor(row);
    const check = request && this.applying(row, request);
    return check?.check_id ?? undefined;
  }

  /** What the send's audit event records of the check. */
  auditOf(row: WorkflowRow): Record<string, unknown> | null {
    const request = this.requestFor(row);
    const check = request && this.applying(row, request);
    return check ? { checkId: check.check_id, outcome: check.status, at: check.at } : null;
  }

  /** Whether the bank's name of a close match can be put on the draft now, or why not. */
  usePayeeNameAvailability(row: WorkflowRow, editBlocked: string | null): true | string {
    const view = this.view(row);
    if (!view) return 'This payout needs no payee check.';
    if (view.status !== 'close_match' || !view.matchedName) return 'Only a close match of the payee check offers the bank’s name.';
    return editBlocked ?? true;
  }

  /** The name the bank holds, for the draft, from its close match; refuses when there is none. */
  matchedNameOf(id: number): string {
    const row = this.ctx.store.payout(id);
    if (!row) throw notFound('The payout');
    const view = this.view(row);
    if (!view || view.status !== 'close_match' || !view.matchedName)
      throw new AppError('CONFLICT', 'Only a close match of the payee check offers the bank’s name; check the payee again first.');
    return view.matchedName;
  }
}
