/**
 * A provider simulator in its own process, so the benchmark's API process measures only its own work.
 * argv[2]: JSON { provider, seed, payouts, creators?, campaigns?, seedOnly? }.
 * Answers over IPC with { baseUrl, credentials, seedMs, payoutCount }; closes when the parent disconnects.
 */
import type { ProviderId } from '@shared/contract/model';
import { providerModule } from '../src-main/providers/registry';

interface Args {
  provider: ProviderId;
  seed: number;
  payouts: number;
  creators?: number;
  campaigns?: number;
  seedOnly?: boolean;
}

async function main() {
  const args = JSON.parse(process.argv[2] ?? '{}') as Args;
  const t0 = performance.now();
  const sim = await providerModule(args.provider).startSimulator({
    seed: args.seed,
    payouts: args.payouts,
    logLimit: 0,
    ...(args.creators !== undefined ? { creators: args.creators } : {}),
    ...(args.campaigns !== undefined ? { campaigns: args.campaigns } : {}),
  });
  const seedMs = performance.now() - t0;
  const answer = {
    baseUrl: sim.baseUrl,
    credentials: sim.credentials,
    seedMs,
    payoutCount: sim.payoutCount(),
    rssMb: process.memoryUsage().rss / 2 ** 20,
  };
  if (args.seedOnly) {
    await sim.close();
    process.send!(answer, () => process.exit(0));
    return;
  }
  process.send!(answer);
  process.on('disconnect', () => {
    void sim.close().finally(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.send?.({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
