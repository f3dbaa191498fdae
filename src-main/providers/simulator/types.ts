import type { RunningSimulator } from './server';

export interface SimulatorOptions {
  /** Same seed, same data. */
  seed: number;
  /** Pre-seeded payouts (100,000+ must take seconds, not minutes). */
  payouts: number;
  /** Pre-seeded creators/users/recipients where the provider has such a resource (default: payouts / 20, at least 5). */
  creators?: number;
  /** Pre-seeded campaigns where the provider has them (default 8). */
  campaigns?: number;
  /** Reference "now" for generated timestamps (default: current time). */
  now?: Date;
  port?: number;
  /** Request log size (default 1000; 0 to disable). */
  logLimit?: number;
  /** When set, in-flight payouts move one lifecycle step each time this many ms pass (demo workspace). */
  autoAdvanceMs?: number;
  /**
   * Secret credential values to accept instead of generated ones, by field key (tests that plant canary secrets with
   * `+ / =` and spaces). The seeded data stays the same either way.
   */
  secrets?: Record<string, string>;
}

export interface SimulatorCredentials {
  authMode: string;
  publicFields: Record<string, string>;
  secrets: Record<string, string>;
}

export interface ProviderSimulator extends RunningSimulator {
  /** What a client's baseUrl must be set to (origin + the provider's path prefix). */
  baseUrl: string;
  /** Credentials the simulator accepts. */
  credentials: SimulatorCredentials;
  /** Moves every non-terminal payout one step along its documented lifecycle. */
  advance(steps?: number): void;
  /** Number of payouts the simulator holds (tests: exactly-once checks). */
  payoutCount(): number;
}

export type SimulatorFactory = (options: SimulatorOptions) => Promise<ProviderSimulator>;
