/**
 * `npm run bench` (full: ingest 100,000, queries/start-up/UI at 1,000,000 payouts) and `npm run bench -- --quick`
 * (ingest 10,000, 200,000 payouts, simulators seeded with 10,000; under 3 minutes on 2 cores: seconds per section are printed). Generates what it needs under bench/data/, writes
 * bench/results.json and prints every figure beside its target.
 *
 * Options: --quick, --only=seed,ingest,queries,screens,startup,ui,audit,team (comma-separated), --profile (CPU profile of the ingest
 * sync into bench/data/profiles), --build (rebuild the renderer first), --provider=<id> (ingest source, default dots).
 */
import { writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { type ProviderId } from '@shared/contract/model';
import { providerIds } from '../src-main/providers/registry';
import { CONNECTIONS, ensureDatabase } from './generate';
import { benchIngest, type IngestResult } from './ingest';
import { benchQueries, type QueryResult } from './queries';
import { benchStartup, type StartupResult } from './startup';
import { benchUi, type UiResult } from './ui';
import { measureFirstScreen } from './first-screen';
import { benchAudit } from './audit';
import { benchTeam } from './team';
import { benchScreens, type ScreensResult } from './screens';
import { postgresAvailable } from '../test/support/postgres';
import { benchDir, firstMessage, forkTs, log, projectRoot, round } from './lib/common';

const TARGETS = {
  ingestPerSec: 20_000,
  dbToRaw: 2,
  eventLoopP99Ms: 16,
  listP95Ms: 5,
  searchP95Ms: 50,
  firstTableMs: 1500,
  filterChangeP95Ms: 100,
  heapMb: 300,
  /** The issue's table (issue 12): every screen at 1,000,000 payouts. */
  screenFirstRowsMs: 300,
  creatorSearchP95Ms: 100,
  campaignsListP95Ms: 5,
  sortAmountStatusP95Ms: 5,
  eventLoopMaxMs: 50,
  eventLoopP99FrameMs: 16,
  apiDuringSyncP95Ms: 10,
  filterChangeIssueP95Ms: 100,
  searchTypedP50Ms: 250,
};

interface Row {
  section: string;
  metric: string;
  value: string;
  target: string;
  result: 'PASS' | 'MISS' | '';
}

async function main() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      profile: { type: 'boolean', default: false },
      build: { type: 'boolean', default: false },
      provider: { type: 'string', default: 'dots' },
    },
  });
  const quick = values.quick!;
  const only = new Set((values.only ?? 'seed,ingest,queries,screens,startup,ui,audit,team').split(',').map((s) => s.trim()));
  const ingestCount = quick ? 10_000 : 100_000;
  const seedCount = quick ? 10_000 : 100_000;
  const dbCount = quick ? 200_000 : 1_000_000;
  const provider = values.provider as ProviderId;
  if (!providerIds.includes(provider)) throw new Error(`--provider must be one of ${providerIds.join(', ')}`);
  const started = performance.now();
  /** Wall seconds per section (the quick run must stay under 3 minutes: this says where the time goes). */
  const sectionSeconds: Record<string, number> = {};
  let sectionStarted = performance.now();
  const endSection = (name: string) => {
    const now = performance.now();
    sectionSeconds[name] = round((now - sectionStarted) / 1000, 1);
    log(`section ${name}: ${sectionSeconds[name]} s`);
    sectionStarted = now;
  };
  const rows: Row[] = [];
  const add = (section: string, metric: string, value: number | string, unit: string, target?: { op: '≤' | '≥'; value: number }) => {
    const numeric = typeof value === 'number';
    const shown = numeric ? `${formatNumber(value)}${unit ? ` ${unit}` : ''}` : value;
    let result: Row['result'] = '';
    if (target && numeric) result = (target.op === '≤' ? value <= target.value : value >= target.value) ? 'PASS' : 'MISS';
    rows.push({
      section,
      metric,
      value: shown,
      target: target ? `${target.op} ${formatNumber(target.value)}${unit ? ` ${unit}` : ''}` : '—',
      result,
    });
  };

  const results: Record<string, unknown> = {
    meta: {
      mode: quick ? 'quick' : 'full',
      startedAt: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      sqlite: (new Database(':memory:').prepare('select sqlite_version() v').get() as { v: string }).v,
      commit: gitCommit(),
      ingestPayouts: ingestCount,
      databasePayouts: dbCount,
    },
  };

  if (only.has('seed')) {
    const seeding: Record<string, number> = {};
    for (const id of providerIds) {
      const child = forkTs('sim-child.ts', [JSON.stringify({ provider: id, seed: 7, payouts: seedCount, seedOnly: true })]);
      const answer = await firstMessage<{ seedMs: number; payoutCount: number }>(child);
      seeding[id] = round(answer.seedMs, 0);
      add('seed', `simulator seeding, ${formatNumber(seedCount)} payouts: ${id}`, seeding[id]!, 'ms');
    }
    log(`seed: ${JSON.stringify(seeding)}`);
    results.seeding = seeding;
    endSection('seed');
  }

  if (only.has('ingest')) {
    const ingest: IngestResult = await benchIngest({ payouts: ingestCount, provider, profile: values.profile! });
    results.ingest = ingest;
    const s = `ingest ${formatNumber(ingestCount)} (${provider})`;
    add(s, 'sync incl. simulator HTTP (child process)', ingest.payoutsPerSec, 'payouts/s', { op: '≥', value: TARGETS.ingestPerSec });
    add(s, 'sync wall time', ingest.syncMs, 'ms');
    add(s, 'DB part of the sync (payout page transactions)', ingest.dbPayoutsMs, 'ms');
    add(s, 'raw better-sqlite3 baseline (1 prepared stmt, 1 tx)', ingest.rawBaselineMs, 'ms');
    add(s, 'DB part ÷ raw baseline', ingest.dbToRawRatio, '×', { op: '≤', value: TARGETS.dbToRaw });
    // The schema's own cost, taken apart (bench/ingest.ts, rawBaseline with less of the schema each time).
    add(s, '  of which the FTS5 triggers (payouts_fts)', ingest.schemaCost.ftsTriggersMs, 'ms');
    add(s, '  of which the totals triggers (migration 11)', ingest.schemaCost.totalsTriggersMs, 'ms');
    add(s, `  of which the ${ingest.schemaCost.secondaryIndexes} secondary indexes`, ingest.schemaCost.secondaryIndexesMs, 'ms');
    add(s, '  of which the table itself', ingest.schemaCost.tableMs, 'ms');
    add(s, 'event-loop delay p99 (API process)', ingest.eventLoop.p99Ms, 'ms', { op: '≤', value: TARGETS.eventLoopP99Ms });
    add(s, 'event-loop delay max', ingest.eventLoop.maxMs, 'ms', { op: '≤', value: TARGETS.eventLoopMaxMs });
    add(s, 'payouts.list over WebSocket during sync p95', ingest.apiDuringSync.p95, 'ms', { op: '≤', value: TARGETS.apiDuringSyncP95Ms });
    if (ingest.profile)
      log(`ingest profile: ${ingest.profile.file}\n${ingest.profile.top.map((t) => `  ${t.pct}%  ${t.selfMs} ms  ${t.fn}`).join('\n')}`);
    endSection('ingest');
  }

  let dbDir: string | null = null;
  if (only.has('queries') || only.has('screens') || only.has('startup') || only.has('ui')) {
    const generated = ensureDatabase(dbCount);
    dbDir = generated.dir;
    results.database = generated;
    add(
      'data',
      `generated database, ${formatNumber(dbCount)} payouts`,
      generated.reused
        ? `reused (${generated.sizeMb} MB)`
        : `${formatNumber(round((generated.generatedMs ?? 0) / 1000, 1))} s (${generated.sizeMb} MB)`,
      '',
    );
    endSection('data');
  }

  if (only.has('queries') && dbDir) {
    const queries: QueryResult[] = benchQueries(dbDir, { runs: quick ? 12 : 40 });
    results.queries = queries;
    for (const q of queries) {
      const target = q.kind === 'search' ? TARGETS.searchP95Ms : TARGETS.listP95Ms;
      add(
        `queries @ ${formatNumber(dbCount)}`,
        `${q.name} (p50 ${formatNumber(q.summary.p50)} ms${q.tempSort ? ', sorts' : ''})`,
        q.summary.p95,
        'ms p95',
        { op: '≤', value: target },
      );
    }
    endSection('queries');
  }

  if (only.has('screens') && dbDir) {
    const screens: ScreensResult = await benchScreens(dbDir, {
      runs: quick ? 6 : 20,
      budgetMs: quick ? 3_000 : 20_000,
      auditEvents: quick ? 20_000 : 100_000,
      importRows: quick ? 5_000 : 50_000,
      // Quick: one connection's payouts (18 %, ~36,000 rows of 200,000): the export's cost is per row.
      ...(quick ? { exportConnectionId: CONNECTIONS.find((c) => c.provider === 'tokenio')!.id } : {}),
    });
    results.screens = screens;
    addScreens(add, screens, dbCount);
    for (const c of screens.calls)
      if (c.slowestStatement)
        log(
          `plan of ${c.screen} · ${c.name} (slowest statement ${c.slowestStatement.ms} ms: ${c.slowestStatement.sql})\n    ${c.slowestStatement.plan.join('\n    ')}`,
        );
    endSection('screens');
  }

  if (only.has('startup') && dbDir) {
    const startup: StartupResult = await benchStartup(dbDir, quick ? 1 : 3);
    results.startup = startup;
    const s = `start-up @ ${formatNumber(dbCount)}`;
    add(s, 'openDatabase + first page', startup.median.openAndFirstPageMs, 'ms');
    add(s, '  of which openDatabase (migrations applied)', startup.median.openMs, 'ms');
    add(s, 'createServices + app.info + first page', startup.median.servicesTotalMs, 'ms');
    add(s, '  (module loading, not included)', startup.median.importMs, 'ms');
    endSection('startup');
  }

  if (only.has('ui') && dbDir) {
    const ui: UiResult = await benchUi(dbDir, {
      firstTableRuns: quick ? 1 : 3,
      changes: quick ? 4 : 15,
      searches: quick ? 2 : 5,
      buildRenderer: values.build!,
      profile: values.profile!,
      screenRuns: quick ? 1 : 3,
      ...(quick ? { screenTyped: 1, scrollSteps: 20 } : {}),
    });
    results.ui = ui;
    const s = `UI (Chromium) @ ${formatNumber(dbCount)}`;
    add(s, 'first table, first navigation', ui.firstTableMs[0]!, 'ms', { op: '≤', value: TARGETS.firstTableMs });
    add(s, `first table, median of ${ui.firstTableMs.length}`, ui.firstTableMedianMs, 'ms');
    add(
      s,
      `filter change → updated table p95 (${ui.filterChange.n} changes, p50 ${formatNumber(ui.filterChange.p50)} ms)`,
      ui.filterChange.p95,
      'ms',
      { op: '≤', value: TARGETS.filterChangeP95Ms },
    );
    add(s, 'search typed → table p50 (incl. the 150 ms debounce)', ui.searchWithDebounce.p50, 'ms', {
      op: '≤',
      value: TARGETS.searchTypedP50Ms,
    });
    add(
      s,
      `renderer JS heap, max (after first table ${formatNumber(ui.heapAfterFirstTableMb)} MB; ${ui.rowsLoadedAtEnd} rows loaded)`,
      ui.heapMaxMb,
      'MB',
      { op: '≤', value: TARGETS.heapMb },
    );
    for (const screen of ui.screens)
      add(
        `UI screens (Chromium) @ ${formatNumber(dbCount)}`,
        `${screen.screen} · ${screen.what} (${screen.ms.join(', ')} ms)`,
        screen.medianMs,
        'ms median',
        {
          op: '≤',
          value: screen.what.startsWith('Verify') ? 5_000 : TARGETS.firstTableMs,
        },
      );
    try {
      const empty = await measureFirstScreen(1);
      results.firstScreenEmptyWorkspace = empty;
      add(s, 'empty workspace: host start → first-admin set-up screen', empty[0]!.firstScreenMs, 'ms');
    } catch (error) {
      // Printed, not only kept: a figure that silently went missing cost 30 s of every run (a wait for a screen that no longer exists).
      results.firstScreenEmptyWorkspace = { error: error instanceof Error ? error.message : String(error) };
      add(s, 'empty workspace: host start → first-admin set-up screen', `failed: ${firstMessageLine(error)}`, '');
    }
    endSection('ui');
  }

  if (only.has('audit')) {
    const audit = [await benchAudit(quick ? 5_000 : 10_000, quick ? 3 : 5), ...(quick ? [] : [await benchAudit(100_000, 3)])];
    results.audit = audit;
    for (const a of audit) {
      const s = `audit trail, ${formatNumber(a.events)} events`;
      add(s, 'Verify (chain, MAC per event, anchor)', a.verifyMs, 'ms');
      add(s, 'export as JSON Lines', a.exportMs, 'ms');
      add(s, 'verify the export (npm run audit:verify)', a.verifyExportMs, 'ms');
      add(s, 'appends in one transaction', a.appendPerSec, 'events/s');
    }
    endSection('audit');
  }

  if (only.has('team') && !postgresAvailable()) {
    log('team: skipped, PostgreSQL is not installed (scripts/setup.sh installs it)');
  } else if (only.has('team')) {
    const team = await benchTeam({ payouts: quick ? 24 : 500, catchUpPayouts: quick ? 3_000 : 100_000, desktops: quick ? 3 : 5 });
    results.team = team;
    const s = `team workspace, ${team.desktops} desktops on one PostgreSQL (loopback), ${formatNumber(team.payouts)} payouts`;
    add(s, 'approvals (one payout per action, all desktops)', team.approve.perSec, 'actions/s');
    add(s, 'approval p95 (server call + replica catch-up)', team.approve.p95, 'ms');
    add(s, 'send attempts (every desktop tries every payout)', team.send.perSec, 'actions/s');
    add(s, 'send attempt p95 (claim, provider, outcome)', team.send.p95, 'ms');
    add(s, `new desktop's replica catches up with ${formatNumber(team.catchUp.payouts)} payouts`, team.catchUp.ms, 'ms');
    add(s, 'replica catch-up rate', team.catchUp.rowsPerSec, 'payouts/s');
    add(
      s,
      `the same desktop takes in ${formatNumber(team.cacheCatchUp.items)} payouts of the shared provider cache`,
      team.cacheCatchUp.ms,
      'ms',
    );
    add(s, 'provider cache catch-up rate', team.cacheCatchUp.itemsPerSec, 'payouts/s');
    endSection('team');
  }

  results.sectionSeconds = sectionSeconds;
  results.table = rows;
  results.totalSeconds = round((performance.now() - started) / 1000, 1);
  writeFileSync(join(benchDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  printTable(rows);
  const misses = rows.filter((r) => r.result === 'MISS').length;
  console.log(
    `\n${rows.filter((r) => r.result === 'PASS').length} PASS, ${misses} MISS; ${results.totalSeconds} s; results in bench/results.json`,
  );
}

type Add = (section: string, metric: string, value: number | string, unit: string, target?: { op: '≤' | '≥'; value: number }) => void;

/** Each screen's calls beside the issue's targets (a screen without its own target: first rows within 300 ms). */
function addScreens(add: Add, screens: ScreensResult, dbCount: number): void {
  const s = `screens through the dispatcher @ ${formatNumber(dbCount)} (${formatNumber(screens.auditEvents)} audit events, ${screens.drafts} drafts listed)`;
  for (const c of screens.calls) {
    const metric = `${c.screen} · ${c.name} (p50 ${formatNumber(c.summary.p50)} ms, n ${c.summary.n})`;
    if (c.op === 'campaigns.list') add(s, metric, c.summary.p95, 'ms p95', { op: '≤', value: TARGETS.campaignsListP95Ms });
    else if (c.name.startsWith('sort by amount'))
      add(s, metric, c.summary.p95, 'ms p95', { op: '≤', value: TARGETS.sortAmountStatusP95Ms });
    else if (c.op === 'creators.people' && c.name.includes('search'))
      add(s, metric, c.summary.p95, 'ms p95', { op: '≤', value: TARGETS.creatorSearchP95Ms });
    else if (c.op === 'payouts.exportCsv' || c.op === 'audit.verify') {
      add(s, `${c.screen} · ${c.name}${c.op === 'payouts.exportCsv' ? ` (${formatNumber(c.rows ?? 0)} rows)` : ''}`, c.summary.p50, 'ms');
      add(s, `  event-loop delay max during ${c.op}`, c.eventLoop!.maxMs, 'ms', { op: '≤', value: TARGETS.eventLoopMaxMs });
    } else add(s, metric, c.summary.p95, 'ms p95', { op: '≤', value: TARGETS.screenFirstRowsMs });
  }
  const i = screens.import;
  if (i) {
    const si = `CSV import of ${formatNumber(i.rows)} rows @ ${formatNumber(dbCount)}`;
    add(si, 'preview', i.previewMs, 'ms');
    add(si, `commit (${formatNumber(i.committed)} drafts)`, i.commitMs, 'ms');
    add(si, 'event-loop delay p99 during preview + commit', i.eventLoop.p99Ms, 'ms', { op: '≤', value: TARGETS.eventLoopP99FrameMs });
    add(si, 'event-loop delay max', i.eventLoop.maxMs, 'ms', { op: '≤', value: TARGETS.eventLoopMaxMs });
    add(si, "  of which the commit's one transaction (writer worker, docs/decisions/0012)", i.transactionMs, 'ms');
    add(si, 'event-loop delay max during the commit', i.eventLoopCommit.maxMs, 'ms', { op: '≤', value: TARGETS.eventLoopMaxMs });
  }
}

function firstMessageLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 100) return String(Math.round(value));
  return String(round(value, 2));
}

function printTable(rows: Row[]): void {
  const width = (key: keyof Row) => Math.max(key.length, ...rows.map((r) => r[key].length));
  const w = { metric: width('metric'), value: width('value'), target: width('target') };
  let section = '';
  const lines: string[] = [];
  for (const r of rows) {
    if (r.section !== section) {
      section = r.section;
      lines.push('', `── ${section} `.padEnd(w.metric + w.value + w.target + 14, '─'));
    }
    lines.push(`  ${r.metric.padEnd(w.metric)}  ${r.value.padStart(w.value)}  ${r.target.padStart(w.target)}  ${r.result}`);
  }
  console.log(lines.join('\n'));
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: projectRoot, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
