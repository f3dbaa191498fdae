import type { PayoutStatus } from '@shared/contract/model';
import type { ProviderClients } from '../connections/provider-clients';
import type { EventBus } from '../events';
import type { ConnectionRepository } from '../storage/connection-store';
import type { Actor } from '../storage/audit-store';
import type { WorkflowStore } from '../storage/workflow-store';

export interface PayoutWorkflowOptions {
  /** Clock (tests move it to exercise daily caps, stuck payouts and poll backoff). */
  now?: () => Date;
  /** Waits (Retry-After, settle time); tests pass a no-op. Defaults to the HTTP layer's sleep. */
  sleep?: (ms: number) => Promise<void>;
  /** Start the background status poller with the services (default true; tests drive it explicitly). */
  poller?: boolean;
  /** Pause after an ambiguous create before looking the reference up, so a slow commit can land first. */
  settleMs?: number;
  /** Create requests per payout over its whole life (first send, retries after confirmed absence, start-up). */
  maxCreateAttempts?: number;
  maxInitiateAttempts?: number;
  /** A Retry-After longer than this is not waited for during a send: the payout goes back to approved. */
  maxRetryAfterMs?: number;
  pollBaseMs?: number;
  pollMaxMs?: number;
  pollTickMs?: number;
}

export interface ResolvedWorkflowOptions {
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  poller: boolean;
  settleMs: number;
  maxCreateAttempts: number;
  maxInitiateAttempts: number;
  maxRetryAfterMs: number;
  pollBaseMs: number;
  pollMaxMs: number;
  pollTickMs: number;
}

export function resolveOptions(options: PayoutWorkflowOptions = {}, httpSleep?: (ms: number) => Promise<void>): ResolvedWorkflowOptions {
  return {
    now: options.now ?? (() => new Date()),
    sleep: options.sleep ?? httpSleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    poller: options.poller ?? true,
    settleMs: options.settleMs ?? 1_000,
    maxCreateAttempts: options.maxCreateAttempts ?? 4,
    maxInitiateAttempts: options.maxInitiateAttempts ?? 4,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
    pollBaseMs: options.pollBaseMs ?? 30_000,
    pollMaxMs: options.pollMaxMs ?? 60 * 60_000,
    pollTickMs: options.pollTickMs ?? 5_000,
  };
}

/** Everything the workflow services share. */
export interface WorkflowContext {
  /** Drafts, approvals, outbox, tracking, policy and their audit events (storage/workflow-store.ts). */
  store: WorkflowStore;
  events: EventBus;
  connections: ConnectionRepository;
  clients: ProviderClients;
  /** Who acts now: the signed-in operator (or Paydesk itself for background work). */
  actor: () => Actor;
  options: ResolvedWorkflowOptions;
}

export const nowIso = (ctx: WorkflowContext) => ctx.options.now().toISOString();

export function emitChanged(ctx: WorkflowContext): void {
  ctx.events.emit('dataChanged', { scopes: ['payouts', 'audit'] });
}

export function emitStatus(ctx: WorkflowContext, payoutId: number): void {
  const row = ctx.store.payout(payoutId);
  if (!row) return;
  ctx.events.emit('payoutStatusChanged', {
    payoutId,
    connectionId: row.connection_id,
    status: row.status as PayoutStatus,
    providerStatus: row.provider_status,
    message: row.status_message,
  });
}
