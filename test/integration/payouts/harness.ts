/**
 * Shared set-up for the payout workflow integration tests: real services (SQLite, keychain, HTTP) against the
 * provider simulators, one connection per provider, and helpers to draft, approve and count what the simulator
 * holds per reference.
 */
import { afterEach } from 'vitest';
import type { Dispatch } from '../../../src-main/api/dispatcher';
import { createServiceDispatcher } from '../../../src-main/api/service-dispatcher';
import { as, seedTeam } from '../../helpers/team';
import { simulatorConnection } from '../../support/simulator-connection';
import type { Connection, Envelope, ProviderId } from '@shared/contract/model';
import { KeytarCredentialStore } from '../../../src-main/credentials/keytar-store';
import type { DraftInput } from '../../../src-main/payouts/validation';
import type { RemotePayout } from '../../../src-main/providers/provider';
import { providerModule } from '../../../src-main/providers/registry';
import type { ProviderSimulator } from '../../../src-main/providers/simulator/types';
import { createServices, type ServiceOptions, type Services } from '../../../src-main/services';

export const haveKeychain = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);

export const testHttp = { timeoutMs: 300, sleep: async () => undefined, random: () => 0 };
/** The same in numbers only, which can cross to the sync reader's thread (ServiceOptions.syncReads): retries at once. */
export const threadHttp = { timeoutMs: 300, baseDelayMs: 0, maxDelayMs: 0 };

/** Real services on a fresh data directory, with the test team (test/helpers/team.ts) and its admin signed in. */
export async function openServices(dataDir: string, overrides: Partial<ServiceOptions> = {}): Promise<Services> {
  const services = await createServices({
    dataDir,
    host: 'browser',
    version: 'test',
    credentials: new KeytarCredentialStore('Paydesk-test'),
    http: testHttp,
    payouts: { poller: false, settleMs: 0, sleep: async () => undefined },
    ...overrides,
  });
  await seedTeam(services);
  return services;
}

/** The dispatcher the Electron shell and the browser host use: access checks included. */
export function dispatcherFor(services: Services): Dispatch {
  return createServiceDispatcher(services, { error: () => undefined });
}

export async function ok<T>(promise: Promise<Envelope<unknown>>): Promise<T> {
  const envelope = await promise;
  if (!envelope.ok)
    throw new Error(`${envelope.error.code}: ${envelope.error.message} ${JSON.stringify(envelope.error.fieldErrors ?? {})}`);
  return envelope.value as T;
}

export async function startSim(provider: ProviderId, seed = 7): Promise<ProviderSimulator> {
  return providerModule(provider).startSimulator({ seed, payouts: 3, creators: 6, campaigns: 3, logLimit: 0 });
}

export async function connect(dispatch: Dispatch, provider: ProviderId, sim: ProviderSimulator): Promise<Connection> {
  return ok<Connection>(dispatch('connections.add', simulatorConnection(provider, sim, `Sim ${provider}`)));
}

/** Path of the create request per provider, for fault rules (regexes: a string would also match sub-paths). */
export const createPath: Record<ProviderId, RegExp> = {
  talentir: /\/payout$/,
  tokenio: /^\/payouts$/,
  creatorpay: /^\/v1\/payments$/,
  talli: /\/payout-instructions$/,
  dots: /\/v2\/payouts\/send-payout$/,
};
export const initiatePath = /\/:initiate$/;

let counter = 0;

/** A valid draft for the provider; recipients differ per call so duplicates never get in the way. */
export function draftFor(services: Services, provider: ProviderId, connectionId: string): DraftInput {
  counter += 1;
  const n = counter;
  switch (provider) {
    case 'talentir':
      return {
        connectionId,
        recipient: { email: `creator${n}@example.com`, name: `Creator ${n}` },
        amount: `${10 + (n % 50)}.50`,
        currency: 'EUR',
        description: `Campaign fee ${n}`,
      };
    case 'tokenio':
      return {
        connectionId,
        recipient: { bank: { accountHolderName: `Jane Creator ${n}`, sortCode: '200000', accountNumber: String(55_000_000 + n) } },
        amount: `${20 + (n % 50)}.00`,
        currency: 'GBP',
        description: `Creator fee ${n}`.slice(0, 18),
      };
    case 'creatorpay': {
      const creator = services.db
        .prepare('SELECT id FROM creators WHERE connection_id = ? ORDER BY id LIMIT 1 OFFSET ?')
        .get(connectionId, n % 5) as { id: number };
      return { connectionId, creatorId: creator.id, amount: `${30 + n}.00`, currency: 'USD', description: `Fee ${n}` };
    }
    case 'talli': {
      const campaign = services.db
        .prepare("SELECT id FROM campaigns WHERE connection_id = ? AND status = 'Active' ORDER BY id LIMIT 1")
        .get(connectionId) as { id: number };
      return {
        connectionId,
        recipient: { email: `beneficiary${n}@example.com`, name: `Bea Neficiary${n}` },
        campaignId: campaign.id,
        amount: `${15 + (n % 40)}.25`,
        currency: 'USD',
      };
    }
    case 'dots':
      return {
        connectionId,
        recipient: { phoneCountryCode: '1', phoneNumber: String(2025550000 + (n % 9000)) },
        amount: `${5 + (n % 30)}.00`,
        currency: 'USD',
        description: `Payout ${n}`,
      };
    default:
      throw new Error(`no test draft for provider ${provider}`);
  }
}

/** Drafts and approves `count` payouts; returns their ids. */
export async function approvedPayouts(services: Services, provider: ProviderId, connectionId: string, count: number): Promise<number[]> {
  const w = services.payoutWorkflow;
  const ids: number[] = [];
  // Four eyes: the maker drafts, a checker approves; the maker (who may send) is signed in afterwards.
  as(services, 'maker');
  for (let i = 0; i < count; i += 1) ids.push((await w.drafts.create(draftFor(services, provider, connectionId))).id);
  as(services, 'checker');
  const result = await w.approvals.approve(ids);
  as(services, 'maker');
  for (const r of result.results) if (r.outcome !== 'approved') throw new Error(`approval failed: ${r.message}`);
  return ids;
}

/** Every payout the simulator holds, read through the provider's own list API (all pages). */
export async function remotePayouts(services: Services, connectionId: string): Promise<RemotePayout[]> {
  const client = await services.clients.clientFor(connectionId);
  const out: RemotePayout[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1000; page += 1) {
    const result = await client.listPayouts({ cursor });
    out.push(...result.items);
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  return out;
}

/** How many remote payouts carry each of our payouts' reference (Token.io echoes only the short form). */
export async function remoteCounts(
  services: Services,
  provider: ProviderId,
  connectionId: string,
  ids: number[],
): Promise<Map<number, number>> {
  const remote = await remotePayouts(services, connectionId);
  const byReference = new Map<string, number>();
  for (const p of remote) if (p.clientReference) byReference.set(p.clientReference, (byReference.get(p.clientReference) ?? 0) + 1);
  const counts = new Map<number, number>();
  for (const id of ids) {
    const row = services.payoutWorkflow.ctx.store.payout(id)!;
    const key = provider === 'tokenio' ? row.short_reference! : row.client_reference;
    counts.set(id, byReference.get(key) ?? 0);
  }
  return counts;
}

export function statusOf(services: Services, id: number): string {
  return services.payoutWorkflow.ctx.store.payout(id)!.status;
}

/**
 * The workspaces and simulators a test file opens, closed after each test: a workspace's connections leave the
 * keychain first, then it closes and its folder goes. Call once at the top of the file.
 */
export function closedAfterEach(): {
  workspace: (services: Services, cleanup: () => void) => Services;
  simulator: (sim: ProviderSimulator) => ProviderSimulator;
} {
  const opened: Array<{ services: Services; cleanup: () => void }> = [];
  const sims: ProviderSimulator[] = [];
  afterEach(async () => {
    for (const { services, cleanup } of opened.splice(0)) {
      for (const c of services.connectionRepo.list()) await services.credentials.remove(c.id).catch(() => false);
      await services.close();
      cleanup();
    }
    await Promise.all(sims.splice(0).map((sim) => sim.close()));
  });
  return {
    workspace: (services, cleanup) => {
      opened.push({ services, cleanup });
      return services;
    },
    simulator: (sim) => {
      sims.push(sim);
      return sim;
    },
  };
}
