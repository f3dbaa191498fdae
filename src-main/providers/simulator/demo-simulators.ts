/**
 * The demo workspace's providers: one simulator per provider on a random loopback port, started on first
 * use in this process. Demo connections store the placeholder base URL `simulator://demo/<provider>`, which
 * resolves to the running simulator; their credentials come from the simulator itself, never the keychain,
 * so the demo works on a machine without a keychain and holds nothing worth protecting.
 *
 * The simulators keep their state in memory: after a restart they are seeded again from the same seed, so
 * synced history is the same, but payouts sent to them in an earlier run are gone (the sender reconciles).
 */
import type { ProviderId } from '@shared/contract/model';
import { providerModule } from '../registry';
import type { ProviderSimulator } from './types';

export const DEMO_URL_PREFIX = 'simulator://demo/';
export const demoBaseUrl = (provider: ProviderId) => `${DEMO_URL_PREFIX}${provider}`;
export const isDemoUrl = (url: string) => url.startsWith(DEMO_URL_PREFIX);

export interface DemoSimulatorOptions {
  payoutsPerProvider: number;
  autoAdvanceMs?: number;
}

export class DemoSimulators {
  private readonly running = new Map<ProviderId, Promise<ProviderSimulator>>();

  constructor(private readonly options: DemoSimulatorOptions = { payoutsPerProvider: 400, autoAdvanceMs: 15_000 }) {}

  get(provider: ProviderId): Promise<ProviderSimulator> {
    const running = this.running.get(provider);
    if (running) return running;
    const module = providerModule(provider);
    const sim = module.startSimulator({
      seed: module.demoSeed,
      payouts: this.options.payoutsPerProvider,
      logLimit: 0,
      ...(this.options.autoAdvanceMs ? { autoAdvanceMs: this.options.autoAdvanceMs } : {}),
    });
    sim.catch(() => this.running.delete(provider));
    this.running.set(provider, sim);
    return sim;
  }

  async closeAll(): Promise<void> {
    const sims = [...this.running.values()];
    this.running.clear();
    await Promise.all(sims.map(async (s) => (await s.catch(() => null))?.close()));
  }
}
