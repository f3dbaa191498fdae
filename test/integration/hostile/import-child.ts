/**
 * Child process of the kill-during-import test: imports a CSV file into a real data directory through the real
 * services (CsvImporter → WorkflowStore.importDrafts), saying on stdout (a pipe: synchronous on Linux) the moment
 * the import's transaction starts and when it has committed, so the parent can kill it anywhere in between.
 * argv: dataDir, csvFile, connectionId.
 */
import { readFileSync } from 'node:fs';
import { KeytarCredentialStore } from '../../../src-main/credentials/keytar-store';
import { createServices } from '../../../src-main/services';

const [dataDir, csvFile, connectionId] = process.argv.slice(2) as [string, string, string];
const services = await createServices({
  dataDir,
  host: 'browser',
  version: 'import-crash',
  credentials: new KeytarCredentialStore('Paydesk-test'),
  payouts: { poller: false },
  dailyBackups: false,
});
const store = services.payoutWorkflow.ctx.store;
const importDrafts = store.importDrafts.bind(store);
let startedAt = 0;
store.importDrafts = (...args) => {
  startedAt = performance.now();
  process.stdout.write('commit-start\n');
  return importDrafts(...args);
};
const content = readFileSync(csvFile, 'utf8');
const result = await services.payoutWorkflow.importer.commit({ connectionId, content, validOnly: false, skipDuplicates: false });
process.stdout.write(`committed ${result.imported} ${result.batchId} ${Math.round(performance.now() - startedAt)}\n`);
await services.close();
