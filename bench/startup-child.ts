/**
 * Start-up in a fresh process (argv[2] = data directory of a generated database):
 *  - storage: openDatabase (migrations already applied) + the first page of payouts;
 *  - services: createServices (what the Electron shell and browser host run) + what the first screen asks for
 *    (app.info: connections and the payout count; connections.list) + the first page.
 * Answers { ... } over IPC. Module loading is timed separately (it is not database work).
 */
import type { Services } from '../src-main/services';

async function main() {
  const dataDir = process.argv[2]!;
  const t0 = performance.now();
  const { openDatabase } = await import('../src-main/storage/database');
  const { PayoutRepository } = await import('../src-main/storage/payout-repository');
  const { payoutListInput } = await import('@shared/contract');
  const { createServices } = await import('../src-main/services');
  const { MemoryCredentialStore } = await import('./lib/common');
  const importMs = performance.now() - t0;

  const t1 = performance.now();
  const db = openDatabase({ dataDir });
  const openMs = performance.now() - t1;
  const repo = new PayoutRepository(db);
  const t2 = performance.now();
  const first = repo.list(payoutListInput.parse({ limit: 100 }));
  const firstPageMs = performance.now() - t2;
  db.close();

  const t3 = performance.now();
  const services: Services = await createServices({ dataDir, host: 'browser', version: 'bench', credentials: new MemoryCredentialStore() });
  const servicesMs = performance.now() - t3;
  const t4 = performance.now();
  const connections = services.connections.list();
  const workspaceEmpty = connections.length === 0 && services.payouts.count() === 0;
  const appInfoMs = performance.now() - t4;
  const t5 = performance.now();
  services.payouts.list(payoutListInput.parse({ limit: 100 }));
  const servicesFirstPageMs = performance.now() - t5;
  await services.close();

  process.send!(
    {
      importMs,
      openMs,
      firstPageMs,
      openAndFirstPageMs: openMs + firstPageMs,
      rows: first.rows.length,
      servicesMs,
      appInfoMs,
      servicesFirstPageMs,
      servicesTotalMs: servicesMs + appInfoMs + servicesFirstPageMs,
      workspaceEmpty,
    },
    () => process.exit(0),
  );
}

main().catch((error: unknown) => {
  process.send?.({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
