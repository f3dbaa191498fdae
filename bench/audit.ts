/**
 * The audit trail at size: how long Verify takes over 10,000 (and 100,000) events, each with its hash and MAC, and
 * how long exporting and verifying the export takes. In-memory keychain (bench/lib/common.ts), real SQLite file.
 */
import { verifyAuditExport } from '../src-main/audit/export-verify';
import { readAnchor } from '../src-main/audit/anchor';
import { createServices } from '../src-main/services';
import { freshDir, MemoryCredentialStore, round } from './lib/common';

export interface AuditBenchResult {
  events: number;
  appendPerSec: number;
  verifyMs: number;
  exportMs: number;
  verifyExportMs: number;
}

export async function benchAudit(events: number, runs = 5): Promise<AuditBenchResult> {
  const credentials = new MemoryCredentialStore();
  const services = await createServices({
    dataDir: freshDir(`audit-${events}`),
    host: 'browser',
    version: 'bench',
    credentials,
    payouts: { poller: false },
  });
  try {
    const actor = { id: 'op-bench', name: 'Bench Operator' };
    const appendStarted = performance.now();
    services.db.transaction(() => {
      for (let i = 1; i <= events; i += 1) {
        services.audit.append({
          actor,
          action: 'payout.approved',
          subject: `payout:${i}`,
          details: { amount: { minor: i, currency: 'USD' }, before: { status: 'draft' }, after: { status: 'approved' } },
        });
      }
    })();
    const appendMs = performance.now() - appendStarted;
    await services.anchor.flush();
    const median = (fn: () => void) => {
      const times: number[] = [];
      for (let i = 0; i < runs; i += 1) {
        const started = performance.now();
        fn();
        times.push(performance.now() - started);
      }
      return round(times.sort((a, b) => a - b)[Math.floor(runs / 2)]!, 1);
    };
    const verifyMs = median(() => {
      const result = services.audit.verify();
      if (!result.intact || !result.anchored) throw new Error(`bench trail not intact: ${JSON.stringify(result)}`);
    });
    let text = '';
    const exportMs = median(() => {
      text = services.audit.exportJsonLines();
    });
    const anchor = await readAnchor(credentials, services.settings.workspaceId());
    if (!('key' in anchor)) throw new Error(anchor.reason);
    const verifyExportMs = median(() => {
      if (!verifyAuditExport(text, anchor).intact) throw new Error('export not intact');
    });
    return { events, appendPerSec: round(events / (appendMs / 1000), 0), verifyMs, exportMs, verifyExportMs };
  } finally {
    await services.close();
  }
}
