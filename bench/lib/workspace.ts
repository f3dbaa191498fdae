/**
 * What the screen benchmarks need of a workspace: a keychain that outlives one run (so the generated database's audit
 * trail stays anchored from run to run), the operator the bench signs in as, and a trail of N audit events.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CredentialStore, SecretFields } from '../../src-main/credentials/credential-store';
import type { Services } from '../../src-main/services';

/**
 * The benchmark's stand-in for the OS keychain: a JSON file beside the generated database. Benchmark data only;
 * the app itself keeps secrets in the OS keychain (src-main/credentials/).
 */
export class FileCredentialStore implements CredentialStore {
  constructor(private readonly file: string) {}
  private read(): Record<string, SecretFields> {
    return existsSync(this.file) ? (JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, SecretFields>) : {};
  }
  async save(connectionId: string, secrets: SecretFields): Promise<void> {
    writeFileSync(this.file, JSON.stringify({ ...this.read(), [connectionId]: { ...secrets } }), { mode: 0o600 });
  }
  async load(connectionId: string): Promise<SecretFields | null> {
    return this.read()[connectionId] ?? null;
  }
  async remove(connectionId: string): Promise<boolean> {
    const all = this.read();
    const had = connectionId in all;
    delete all[connectionId];
    writeFileSync(this.file, JSON.stringify(all), { mode: 0o600 });
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
