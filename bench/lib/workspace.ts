/**
 * What the screen benchmarks need of a workspace: a keychain that outlives one run (so the generated database's audit
 * trail stays anchored from run to run), the operator the bench signs in as, and a trail of N audit events.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CredentialStore, SecretFields } from '../../src-main/credentials/credential-store';
import type { Services } from '../../src-main/services';

/**
 * The benchmark's stand-in for the OS keychain: a JSON file beside the generated database. Benchmark data only;
 * the app itself keeps secrets in the OS keychain (src-main/credentials/). Written asynchronously, one write after
 * another, as keytar answers off the main thread: a synchronous write here (the audit anchor's head after an append)
 * showed up as 20–30 ms of the main thread in the import's event-loop figures.
 */
export class FileCredentialStore implements CredentialStore {
  private writes: Promise<void> = Promise.resolve();
  constructor(private readonly file: string) {}
  private write(change: (all: Record<string, SecretFields>) => void): Promise<void> {
    const next = this.writes.then(async () => {
      const all = this.read();
      change(all);
      await writeFile(this.file, JSON.stringify(all), { mode: 0o600 });
    });
    this.writes = next.catch(() => undefined);
    return next;
  }
  private read(): Record<string, SecretFields> {
    return existsSync(this.file) ? (JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, SecretFields>) : {};
  }
  async save(connectionId: string, secrets: SecretFields): Promise<void> {
    await this.write((all) => {
      all[connectionId] = { ...secrets };
    });
  }
  async load(connectionId: string): Promise<SecretFields | null> {
    await this.writes;
    return this.read()[connectionId] ?? null;
  }
  async remove(connectionId: string): Promise<boolean> {
    let had = false;
    await this.write((all) => {
      had = connectionId in all;
      delete all[connectionId];
    });
    return had;
  }
  async status(): Promise<{ available: boolean; message: string | null }> {
    return { available: true, message: null };
  }
}

export const benchKeychain = (dataDir: string) => new FileCredentialStore(join(dataDir, 'bench-keychain.json'));

/** The operator every screen benchmark signs in as (all four roles). */
export const BENCH_OPERATOR = { name: 'Bench Admin', passphrase: 'bench-admin-passphrase' } as const;

/** Signs the bench operator in, creating it as the workspace's first admin the first time. */
export async function signInBenchOperator(services: Services): Promise<void> {
  if (services.operatorStore.count() === 0) await services.operators.createFirst(BENCH_OPERATOR.name, BENCH_OPERATOR.passphrase);
  else await services.session.signIn(BENCH_OPERATOR.name, BENCH_OPERATOR.passphrase);
}

/** Appends audit events (approvals, syncs, draft edits…) until the trail holds `events`; returns how many it holds. */
export async function ensureAuditEvents(services: Services, events: number): Promise<number> {
  const count = () => (services.db.prepare('SELECT count(*) FROM audit_events').pluck().get() as number) ?? 0;
  let have = count();
  const actor = services.actor();
  const actions = ['payout.approved', 'payout.draft_updated', 'sync.completed', 'payout.sent', 'payout.rejected'];
  while (have < events) {
    const batch = Math.min(10_000, events - have);
    services.db.transaction(() => {
      for (let i = 0; i < batch; i += 1) {
        const n = have + i;
        services.audit.append({
          actor,
          action: actions[n % actions.length]!,
          subject: `payout:${1 + ((n * 7919) % 100_000)}`,
          details: { amount: { minor: 1000 + (n % 5000), currency: 'USD' }, before: { status: 'draft' }, after: { status: 'approved' } },
        });
      }
    })();
    have += batch;
  }
  await services.anchor.flush();
  return have;
}
