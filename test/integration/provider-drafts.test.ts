/**
 * Drafts that exist only at a provider (decision 0011): on the demo workspace the Overview's "Waiting for approval"
 * is exactly the approval queue, such drafts are counted apart and alike everywhere, and their drawer offers only what
 * the provider allows, with one plain line (never "delete the draft instead" beside "handed to the provider").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dispatch } from '../../src-main/api/dispatcher';
import type { Envelope, Page, PayoutRow } from '@shared/contract/model';
import type { Overview } from '@shared/contract/insights-model';
import type { ApprovalQueueItem, PayoutDetail } from '@shared/contract/payouts-model';
import { createDispatcher } from '../../src-main/api/dispatcher';
import { createHandlers } from '../../src-main/api/handlers/index';
import { createServices, type Services } from '../../src-main/services';
import { providerModule } from '../../src-main/providers/registry';
import { tempDataDir } from '../helpers/temp-dir';
import { draftFor } from './payouts/harness';
import type { Connection } from '@shared/contract/model';

let services: Services;
let dispatch: Dispatch;
let cleanup: () => void;
const ok = async <T>(p: Promise<Envelope<unknown>>) => {
  const e = await p;
  if (!e.ok) throw new Error(`${e.error.code}: ${e.error.message}`);
  return e.value as T;
};

beforeAll(async () => {
  const t = tempDataDir();
  cleanup = t.cleanup;
  services = await createServices({
    dataDir: t.dir,
    host: 'browser',
    version: 'test',
    credentials: {
      save: () => Promise.resolve(),
      load: () => Promise.resolve(null),
      remove: () => Promise.resolve(false),
      status: () => Promise.resolve({ available: false, message: 'no keychain in this test' }),
    },
    demo: { payoutsPerProvider: 400 },
    payouts: { poller: false },
  });
  dispatch = createDispatcher(createHandlers(services), { error: () => undefined });
  await ok(dispatch('workspace.createDemo', undefined));
  // Drafts of our own beside the providers' (Alice prepares), so the queue has something to compare with.
  await ok(dispatch('session.signIn', { name: 'Alice', passphrase: 'alice-demo-passphrase' }));
  const connections = await ok<Connection[]>(dispatch('connections.list', undefined));
  for (const c of connections) await ok(dispatch('payouts.createDraft', draftFor(services, c.provider, c.id)));
  await ok(dispatch('session.signIn', { name: 'Bob', passphrase: 'bob-demo-passphrase' }));
}, 60_000);
afterAll(async () => {
  await services.close();
  cleanup();
});

async function all<T>(op: 'approvals.queue' | 'payouts.list', input: Record<string, unknown>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await ok<Page<T>>(dispatch(op, { ...input, limit: 500, ...(cursor ? { cursor } : {}) }));
    out.push(...page.rows);
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
}
const sum = (rows: Array<{ count: number }>) => rows.reduce((n, r) => n + r.count, 0);

describe('provider-side drafts', () => {
  it('Overview "Waiting for approval" equals the approval queue; drafts at providers are counted apart, alike everywhere', async () => {
    const overview = await ok<Overview>(dispatch('overview.get', undefined));
    const queue = await all<ApprovalQueueItem>('approvals.queue', {});
    expect(queue.length).toBeGreaterThan(0);
    expect(sum(overview.awaitingApproval)).toBe(queue.length);
    // The demo's providers hold drafts of their own, and none of them is in the queue.
    const atProviders = await all<PayoutRow>('payouts.list', { filters: { statuses: ['provider_draft'] } });
    expect(atProviders.length).toBeGreaterThan(0);
    expect(sum(overview.providerDrafts)).toBe(atProviders.length);
    expect(overview.statusCounts.find((s) => s.status === 'provider_draft')?.count).toBe(atProviders.length);
    const queued = new Set(queue.map((q) => q.payout.id));
    expect(atProviders.filter((p) => queued.has(p.id))).toEqual([]);
    // Every draft at a provider has the provider's id; every draft of ours has none.
    expect(atProviders.every((p) => p.remoteId !== null)).toBe(true);
    const ours = await all<PayoutRow>('payouts.list', { filters: { statuses: ['draft'] } });
    expect(ours.map((p) => p.remoteId).filter(Boolean)).toEqual([]);
    expect(ours.length).toBe(queue.length);
  });

  it("the drawer offers only the provider's action, with one line that is not circular", async () => {
    const [draft] = await all<PayoutRow>('payouts.list', { filters: { statuses: ['provider_draft'] } });
    const detail = await ok<PayoutDetail>(dispatch('payouts.get', { id: draft!.id }));
    const declared = providerModule(detail.provider).statuses.providerDraft;
    expect(detail.providerDraft).toEqual(declared ?? expect.objectContaining({ action: null }));
    const possible = Object.entries(detail.actions)
      .filter(([, v]) => v === true)
      .map(([k]) => k);
    expect(possible).toEqual(detail.providerDraft!.action ? ['cancel'] : []);
    const reasons = new Set(Object.values(detail.actions).filter((v) => v !== true));
    expect([...reasons]).toEqual([detail.providerDraft!.line]);
    expect(detail.providerDraft!.line).not.toMatch(/instead|handed to the provider/i);
    const approve = await dispatch('approvals.approve', { ids: [draft!.id], passphrase: 'bob-demo-passphrase' });
    expect(approve.ok && JSON.stringify(approve.value)).not.toMatch(/"approved"/);
  });

  it('cancelling one at the provider is audited and leaves it cancelled, read back from the provider', async () => {
    const drafts = await all<PayoutRow>('payouts.list', { filters: { statuses: ['provider_draft'] } });
    const target = drafts.find((d) => providerModule(d.provider).statuses.providerDraft?.action);
    expect(target).toBeDefined();
    const after = await ok<PayoutDetail>(dispatch('payouts.cancel', { id: target!.id, confirm: true }));
    expect(after.status).toBe('cancelled');
    const events = services.audit.list({ action: 'payout.cancelled', subject: `payout:${target!.id}` });
    expect(events).toHaveLength(1);
    expect(events[0]!.details).toMatchObject({ atProvider: true, before: { status: 'provider_draft' } });
    const overview = await ok<Overview>(dispatch('overview.get', undefined));
    expect(sum(overview.providerDrafts)).toBe(drafts.length - 1);
  });
});
