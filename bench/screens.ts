/**
 * Every screen's main-process time at N payouts, through the real dispatcher (contract parsing, access check,
 * handler, services) on the generated database: Overview, Payouts (first page; sort by amount with a status filter),
 * Approvals, Attention, Creators (list and search), a creator page, Campaigns (summary and list), the Audit log (list,
 * filter, Verify over the bench trail), the CSV export, and a CSV import of M rows (preview and commit) with the
 * event-loop delay during each long call. Each call's slowest SQL statement is kept with its query plan.
 *
 * A call that takes longer than the budget is run fewer times (at least once): before the aggregates some took a
 * minute each.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Envelope } from '@shared/contract/model';
import { createServiceDispatcher } from '../src-main/api/service-dispatcher';
import { createServices, type Services } from '../src-main/services';
import { CONNECTIONS } from './generate';
import { warmFile } from './queries';
import { log, round, summarize, type Summary } from './lib/common';
import { benchKeychain, ensureAuditEvents, signInBenchOperator } from './lib/workspace';
import { timeStatements } from './lib/statement-timing';
import type { PreparedFile } from '@shared/contract/model';

export interface ScreenCall {
  screen: string;
  name: string;
  op: string;
  summary: Summary;
  /** Rows (or items) in the last answer. */
  rows: number | null;
  slowestStatement: { sql: string; ms: number; plan: string[] } | null;
  eventLoop?: { p99Ms: number; maxMs: number };
}

export interface ScreensResult {
  payouts: number;
  auditEvents: number;
  drafts: number;
  calls: ScreenCall[];
  import: {
    rows: number;
    previewMs: number;
    commitMs: number;
    /** The commit's one transaction (store.importDrafts), which runs on the writer worker's connection. */
    transactionMs: number;
    committed: number;
    eventLoop: { p99Ms: number; maxMs: number };
    eventLoopCommit: { p99Ms: number; maxMs: number };
  } | null;
}

const SEARCHES = ['ava', 'nguyen', 'sofia', 'kowalski', 'maya', 'lindqvist', 'omar', 'müller', 'hana', 'theo'];

/** Records, per call, the statement that took longest and its parameters (to EXPLAIN it afterwards). */
function statementTimer(services: Services) {
  const db = services.db;
  let slowest: { sql: string; params: unknown[]; ms: number } | null = null;
  const prepare = timeStatements(db, (sql, params, ms) => {
    if (!slowest || ms > slowest.ms) slowest = { sql, params, ms };
  });
  return {
    reset: () => {
      slowest = null;
    },
    slowest: (): ScreenCall['slowestStatement'] => {
      const s = slowest as { sql: string; params: unknown[]; ms: number } | null;
      if (!s) return null;
      let plan: string[] = [];
      try {
        plan = (prepare(`EXPLAIN QUERY PLAN ${s.sql}`).all(...(s.params as never[])) as Array<{ detail: string }>).map((r) => r.detail);
      } catch {
        plan = ['(plan not available for this statement)'];
      }
      const text = s.sql.replace(/\s+/g, ' ').trim();
      return { sql: text.length > 300 ? `${text.slice(0, 120)} … ${text.slice(-160)}` : text, ms: round(s.ms, 1), plan };
    },
  };
}

export async function benchScreens(
  dataDir: string,
  options: {
    runs: number;
    budgetMs: number;
    auditEvents: number;
    importRows: number;
    /** The payouts the CSV export takes: all of them unless one connection's only (the quick run's, to save time). */
    exportConnectionId?: string;
  },
): Promise<ScreensResult> {
  warmFile(dataDir);
  const services = await createServices({
    dataDir,
    host: 'browser',
    version: 'bench',
    credentials: benchKeychain(dataDir),
    payouts: { poller: false },
    dailyBackups: false,
  });
  const dispatch = createServiceDispatcher(services);
  try {
    await signInBenchOperator(services);
    const auditEvents = await ensureAuditEvents(services, options.auditEvents);
    const timer = statementTimer(services);
    const call = async <T>(op: string, input: unknown): Promise<T> => {
      const envelope = (await dispatch(op, input)) as Envelope<T>;
      if (!envelope.ok) throw new Error(`${op}: ${envelope.error.message}`);
      return envelope.value;
    };
    const calls: ScreenCall[] = [];
    const measure = async (
      screen: string,
      name: string,
      op: string,
      input: (i: number) => unknown,
      opts: { runs?: number; eventLoop?: boolean; run?: (input: unknown) => Promise<unknown> } = {},
    ): Promise<unknown> => {
      const runs = opts.runs ?? options.runs;
      const samples: number[] = [];
      let last: unknown;
      let slowestMs = -1;
      let slowestStatement: ScreenCall['slowestStatement'] = null;
      const histogram = opts.eventLoop ? monitorEventLoopDelay({ resolution: 5 }) : null;
      histogram?.enable();
      // The histogram counts a blocked thread only once its timer has ticked: a call that blocks at once would go unseen.
      if (histogram) await new Promise((resolve) => setTimeout(resolve, 20));
      const started = performance.now();
      for (let i = 0; i < runs; i += 1) {
        timer.reset();
        const t = performance.now();
        last = await (opts.run ? opts.run(input(i)) : call(op, input(i)));
        const ms = performance.now() - t;
        samples.push(ms);
        if (ms > slowestMs) {
          slowestMs = ms;
          slowestStatement = timer.slowest();
        }
        // A few samples of a slow call are enough to show it is slow.
        if (performance.now() - started > options.budgetMs && samples.length >= 1) break;
      }
      // A call that blocks the thread shows as one late timer tick: let it fire before reading the histogram.
      if (histogram) await new Promise((resolve) => setTimeout(resolve, 20));
      histogram?.disable();
      const rows = Array.isArray(last)
        ? last.length
        : last && typeof last === 'object' && 'rows' in last
          ? Array.isArray((last as { rows: unknown }).rows)
            ? (last as { rows: unknown[] }).rows.length
            : Number((last as { rows: unknown }).rows)
          : last && typeof last === 'object' && 'items' in last
            ? (last as { items: unknown[] }).items.length
            : null;
      const summary = summarize(samples);
      calls.push({
        screen,
        name,
        op,
        summary,
        rows,
        slowestStatement,
        ...(histogram ? { eventLoop: { p99Ms: round(histogram.percentile(99) / 1e6), maxMs: round(histogram.max / 1e6) } } : {}),
      });
      log(
        `screens: ${`${screen} · ${name}`.padEnd(48)} p50 ${summary.p50.toFixed(2).padStart(9)} ms  p95 ${summary.p95.toFixed(2).padStart(9)} ms  (n ${summary.n})`,
      );
      return last;
    };

    const statuses = ['paid', 'failed', 'processing', 'draft', 'approved', 'submitted', 'cancelled', 'expired'];
    await measure('Overview', 'overview.get', 'overview.get', () => ({}));
    await measure('Payouts', 'first page', 'payouts.list', () => ({ limit: 100 }));
    await measure('Payouts', 'sort by amount + status filter', 'payouts.list', (i) => ({
      limit: 100,
      sort: { column: 'amount', direction: i % 2 ? 'asc' : 'desc' },
      filters: { statuses: [statuses[i % statuses.length]] },
    }));
    const queue = (await measure('Approvals', 'approvals.queue', 'approvals.queue', () => ({ limit: 100 }))) as {
      rows: Array<{ payout: { id: number } }>;
    };
    const drafts = queue.rows.length;
    if (drafts)
      await measure('Approvals', 'approvals.summary (100 selected)', 'approvals.summary', () => ({
        ids: queue.rows.map((i) => i.payout.id),
      }));
    await measure('Attention', 'attention.list', 'attention.list', () => ({ limit: 200 }));
    const people = (await measure('Creators', 'creators.people (first rows)', 'creators.people', () => ({ limit: 300 }))) as Array<{
      personKey: string;
    }>;
    await measure('Creators', 'creators.people with a search', 'creators.people', (i) => ({
      limit: 300,
      search: SEARCHES[i % SEARCHES.length],
    }));
    if (people.length)
      await measure('Creator page', 'creators.person', 'creators.person', (i) => ({
        personKey: people[(i * 37) % people.length]!.personKey,
      }));
    await measure('Creator page', "the creator's payouts (payouts.list by creator)", 'payouts.list', (i) => ({
      limit: 100,
      filters: { creatorId: 1 + ((i * 7919) % 20_000) },
    }));
    await measure('Campaigns', 'campaigns.summary', 'campaigns.summary', () => ({}));
    await measure('Campaigns', 'campaigns.list (first load)', 'campaigns.list', () => ({ limit: 200 }));
    await measure('Creators', 'creators.list', 'creators.list', () => ({ limit: 200 }));
    await measure('Audit log', `audit.list (${auditEvents.toLocaleString('en-US')} events)`, 'audit.list', () => ({ limit: 100 }));
    await measure('Audit log', 'audit.list filtered by action', 'audit.list', (i) => ({
      limit: 100,
      action: ['payout.approved', 'sync.completed', 'payout.sent'][i % 3],
    }));
    await measure('Audit log', 'audit.verify', 'audit.verify', () => ({}), { runs: Math.min(3, options.runs), eventLoop: true });
    const exportOf = CONNECTIONS.find((c) => c.id === options.exportConnectionId);
    await measure(
      'Payouts',
      `payouts.exportCsv (${exportOf ? `the ${exportOf.label} connection's payouts` : 'all payouts'})`,
      'payouts.exportCsv',
      () => (exportOf ? { filters: { connectionIds: [exportOf.id] } } : {}),
      {
        runs: 1,
        eventLoop: true,
        // As the renderer saves it: the export, then its parts one request at a time (src-renderer/src/api/preparedFiles.ts).
        run: async (input) => {
          const file = await call<PreparedFile & { rows: number }>('payouts.exportCsv', input);
          // Each part is a message of its own in the app (IPC, WebSocket); called in-process, they would run back to back
          // in one task, which no renderer can make main do. The parts are not joined here: the renderer does that.
          for (let part = 0; part < file.parts; part += 1) {
            await new Promise((resolve) => setImmediate(resolve));
            await call('files.part', { downloadId: file.downloadId, part });
          }
          return file;
        },
      },
    );

    let imported: ScreensResult['import'] = null;
    if (options.importRows > 0) imported = await benchImport(services, call, options.importRows);
    return { payouts: services.cache.counts().payouts, auditEvents, drafts, calls, import: imported };
  } finally {
    await services.close();
  }
}

/** A CSV of `rows` rows built from the connection's own template (one example row varied), previewed then committed. */
export async function benchImport(
  services: Services,
  call: <T>(op: string, input: unknown) => Promise<T>,
  rows: number,
): Promise<NonNullable<ScreensResult['import']>> {
  // Drafts an interrupted earlier run imported go first (the generator imports none): every row of this file would
  // otherwise be a possible duplicate of one of them.
  services.db.prepare('DELETE FROM payouts WHERE import_batch IS NOT NULL').run();
  const connectionId = CONNECTIONS.find((c) => c.provider === 'dots')!.id;
  const template = await call<{ content: string }>('payouts.importTemplate', { connectionId });
  const [headerLine, exampleLine] = template.content.trim().split(/\r?\n/);
  const header = headerLine!.split(',');
  const example = exampleLine!.split(',');
  const amountAt = header.findIndex((h) => /amount/i.test(h));
  const emailAt = header.findIndex((h) => /email/i.test(h));
  // Every row pays someone else (one payee for all would make every row a possible duplicate of every other).
  const phoneAt = header.indexOf('phone');
  const nameAt = header.indexOf('name');
  const lines = [headerLine!];
  for (let i = 0; i < rows; i += 1) {
    const cells = [...example];
    if (amountAt >= 0) cells[amountAt] = `${10 + (i % 4000)}.${String(i % 100).padStart(2, '0')}`;
    if (emailAt >= 0) cells[emailAt] = `bench.import.${i}@example.com`;
    if (phoneAt >= 0) cells[phoneAt] = String(2_025_550_000 + i * 7);
    if (nameAt >= 0) cells[nameAt] = `Bench Creator ${i}`;
    lines.push(cells.join(','));
  }
  const content = `${lines.join('\n')}\n`;
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  let t = performance.now();
  const preview = await call<{ validRows: number; invalidRows: number }>('payouts.importPreview', { connectionId, content });
  const previewMs = performance.now() - t;
  const commitHistogram = monitorEventLoopDelay({ resolution: 5 });
  commitHistogram.enable();
  // The commit's transaction, timed where the workflow calls the store.
  const store = services.payoutWorkflow.ctx.store;
  const importDrafts = store.importDrafts.bind(store);
  let transactionMs = 0;
  store.importDrafts = async (...args) => {
    const started = performance.now();
    try {
      return await importDrafts(...args);
    } finally {
      transactionMs = performance.now() - started;
    }
  };
  t = performance.now();
  const committed = await call<{ imported: number; batchId: string }>('payouts.importCommit', {
    connectionId,
    content,
    validOnly: true,
    importAgain: true,
  });
  const commitMs = performance.now() - t;
  await new Promise((resolve) => setTimeout(resolve, 20));
  histogram.disable();
  commitHistogram.disable();
  store.importDrafts = importDrafts;
  // Back to the generated database's shape: the imported drafts go again (cascading to their workflow rows).
  services.db.prepare('DELETE FROM payouts WHERE import_batch = ?').run(committed.batchId);
  log(
    `screens: import ${rows} rows: preview ${Math.round(previewMs)} ms (${preview.validRows} valid, ${preview.invalidRows} invalid), commit ${Math.round(commitMs)} ms (${committed.imported})`,
  );
  return {
    rows,
    previewMs: round(previewMs, 0),
    commitMs: round(commitMs, 0),
    transactionMs: round(transactionMs, 0),
    committed: committed.imported,
    eventLoop: { p99Ms: round(histogram.percentile(99) / 1e6), maxMs: round(histogram.max / 1e6) },
    eventLoopCommit: { p99Ms: round(commitHistogram.percentile(99) / 1e6), maxMs: round(commitHistogram.max / 1e6) },
  };
}
