/**
 * Ingest: a simulator in a child process serves N payouts on loopback; the API process (the real browser host:
 * services + WebSocket API) adds the connection and syncs it into an empty cache through the real SyncEngine,
 * started over the WebSocket API like the renderer does. Measured in the API process:
 *   - wall time of the whole run (creators + campaigns + payouts, HTTP included) → payouts/s;
 *   - database time inside the sync: every page transaction of the engine, timed;
 *   - event-loop delay (monitorEventLoopDelay) and the latency of payouts.list calls made during the sync.
 * Then the raw better-sqlite3 baseline: the same payout rows, one prepared INSERT in one transaction, into a
 * fresh database with the same schema (creators/campaigns/connection copied first, untimed); and again without the
 * FTS5 triggers, without any trigger, and without triggers and secondary indexes, to tell the schema's costs apart.
 */
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ProviderId } from '@shared/contract/model';
import { startBrowserHost } from '../src-main/api/browser-host/host';
import { openDatabase, DATABASE_FILE } from '../src-main/storage/database';
import { PAYOUT_COLUMNS } from '../src-main/storage/cache-repository';
import { simulatorConnection } from '../test/support/simulator-connection';
import { connectApi } from './lib/api-client';
import {
  MemoryCredentialStore,
  firstMessage,
  forkTs,
  freshDir,
  log,
  projectRoot,
  round,
  stopChild,
  summarize,
  type Summary,
} from './lib/common';
import { startProfile } from './lib/profile';
import { BENCH_OPERATOR } from './lib/workspace';

export interface IngestResult {
  provider: ProviderId;
  payouts: number;
  simulatorSeedMs: number;
  syncMs: number;
  payoutsPerSec: number;
  pages: number;
  dbMs: number;
  dbPayoutsMs: number;
  dbPayoutsPerSec: number;
  rawBaselineMs: number;
  /**
   * The raw baseline taken apart: what the payouts' FTS5 triggers, the totals triggers and the secondary indexes add
   * to it (each the difference of two raw inserts with less of the schema), and the table alone.
   */
  schemaCost: { ftsTriggersMs: number; totalsTriggersMs: number; secondaryIndexesMs: number; secondaryIndexes: number; tableMs: number };
  rawPayoutsPerSec: number;
  dbToRawRatio: number;
  eventLoop: { p50Ms: number; p99Ms: number; maxMs: number };
  apiDuringSync: Summary;
  profile?: { file: string; top: Array<{ fn: string; selfMs: number; pct: number }> };
}

/** What the sync wrote, column for column: the raw baseline inserts the same values. */
const COLUMNS = PAYOUT_COLUMNS;

export async function benchIngest(options: { payouts: number; provider?: ProviderId; profile?: boolean }): Promise<IngestResult> {
  const provider = options.provider ?? 'dots';
  const n = options.payouts;
  log(`ingest: seeding the ${provider} simulator with ${n} payouts in a child process`);
  const child = forkTs('sim-child.ts', [JSON.stringify({ provider, seed: 42, payouts: n })]);
  const sim = await firstMessage<{
    baseUrl: string;
    credentials: { authMode: string; publicFields: Record<string, string>; secrets: Record<string, string> };
    seedMs: number;
    payoutCount: number;
  }>(child);

  const dataDir = freshDir('ingest');
  const host = await startBrowserHost({
    dataDir,
    version: 'bench',
    rendererDir: join(projectRoot, 'out/renderer'),
    credentials: new MemoryCredentialStore(),
  });
  const api = await connectApi(host.origin, host.token);
  const db = host.services.db;
  try {
    // A new workspace: its first admin signs in (adding a connection is an admin's), as in the app's setup screen.
    await api.call('operators.createFirst', { name: BENCH_OPERATOR.name, passphrase: BENCH_OPERATOR.passphrase });
    const connection = await api.call<{ id: string }>('connections.add', simulatorConnection(provider, sim, `Bench ${provider}`));

    // The database part of the sync: the time of every write transaction, on the cache writer's thread (a worker
    // in a running workspace), per resource.
    const writer = host.services.cacheWriter;
    const statsBefore = JSON.parse(JSON.stringify(writer.stats)) as typeof writer.stats;

    const latencies: number[] = [];
    let probing = true;
    const probe = (async () => {
      while (probing) {
        const t = performance.now();
        await api.call('payouts.list', { limit: 100 });
        latencies.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 200));
      }
    })();

    const finished = new Promise<{ errors: string[] }>((resolve) => {
      api.on('syncFinished', (p) => {
        const payload = p as { connectionId: string; errors: string[] };
        if (payload.connectionId === connection.id) resolve(payload);
      });
    });
    const histogram = monitorEventLoopDelay({ resolution: 5 });
    const profiler = options.profile ? await startProfile() : null;
    log(`ingest: syncing ${n} payouts`);
    histogram.enable();
    const t0 = performance.now();
    await api.call('sync.start', { connectionId: connection.id });
    const outcome = await finished;
    const syncMs = performance.now() - t0;
    histogram.disable();
    const profile = profiler ? await profiler.stop('ingest-sync') : undefined;
    probing = false;
    await probe;
    const dbByResource: Record<string, number> = {};
    let pages = 0;
    for (const [resource, s] of Object.entries(writer.stats)) {
      dbByResource[resource] = s.ms - (statsBefore[resource]?.ms ?? 0);
      pages += s.transactions - (statsBefore[resource]?.transactions ?? 0);
    }
    const dbMs = Object.values(dbByResource).reduce((sum, ms) => sum + ms, 0);
    if (outcome.errors.length) throw new Error(`sync failed: ${outcome.errors.join('; ')}`);
    const stored = (db.prepare('SELECT count(*) AS n FROM payouts WHERE connection_id = ?').get(connection.id) as { n: number }).n;
    if (stored !== sim.payoutCount) throw new Error(`sync stored ${stored} payouts, the simulator holds ${sim.payoutCount}`);
    log(
      `ingest: ${n} payouts in ${Math.round(syncMs)} ms (${Math.round(n / (syncMs / 1000))}/s), DB ${Math.round(dbMs)} ms over ${pages} transactions`,
    );

    const rows = db
      .prepare(`SELECT ${COLUMNS.join(', ')} FROM payouts ORDER BY id`)
      .raw()
      .all() as unknown[][];
    const synced = join(dataDir, DATABASE_FILE);
    const whole = rawBaseline(synced, rows);
    const rawBaselineMs = whole.ms;
    log(`ingest: raw baseline ${Math.round(rawBaselineMs)} ms for the same ${rows.length} rows`);
    // Where the schema's time goes: the same insert with less of the schema each time (the differences are the costs).
    const noFts = rawBaseline(synced, rows, 'fts').ms;
    const noTriggers = rawBaseline(synced, rows, 'triggers').ms;
    const tableOnly = rawBaseline(synced, rows, 'triggers+indexes').ms;
    const schemaCost = {
      ftsTriggersMs: round(rawBaselineMs - noFts, 0),
      totalsTriggersMs: round(noFts - noTriggers, 0),
      secondaryIndexesMs: round(noTriggers - tableOnly, 0),
      secondaryIndexes: whole.indexes,
      tableMs: round(tableOnly, 0),
    };
    log(`ingest: the schema's cost per ${rows.length} rows: ${JSON.stringify(schemaCost)}`);

    return {
      provider,
      payouts: n,
      simulatorSeedMs: round(sim.seedMs, 0),
      syncMs: round(syncMs, 0),
      payoutsPerSec: Math.round(n / (syncMs / 1000)),
      pages,
      dbMs: round(dbMs, 0),
      dbPayoutsMs: round(dbByResource.payouts ?? 0, 0),
      dbPayoutsPerSec: Math.round(n / ((dbByResource.payouts ?? dbMs) / 1000)),
      rawBaselineMs: round(rawBaselineMs, 0),
      schemaCost,
      rawPayoutsPerSec: Math.round(n / (rawBaselineMs / 1000)),
      dbToRawRatio: round((dbByResource.payouts ?? dbMs) / rawBaselineMs),
      eventLoop: {
        p50Ms: round(histogram.percentile(50) / 1e6),
        p99Ms: round(histogram.percentile(99) / 1e6),
        maxMs: round(histogram.max / 1e6),
      },
      apiDuringSync: summarize(latencies),
      ...(profile ? { profile } : {}),
    };
  } finally {
    api.close();
    await host.close();
    await stopChild(child);
  }
}

/** What the raw insert leaves out of the schema, to tell the schema's write costs apart (IngestResult.schemaCost). */
type Stripped = 'nothing' | 'fts' | 'triggers' | 'triggers+indexes';

/**
 * The same rows in one prepared-statement transaction into an empty database with the same schema, or with part of
 * the payouts' schema dropped first: the FTS5 triggers (payouts_fts), every trigger (FTS5 and the totals of migration
 * 11), or every trigger and every secondary index.
 */
function rawBaseline(syncedFile: string, rows: unknown[][], strip: Stripped = 'nothing'): { ms: number; indexes: number } {
  const dir = freshDir(`ingest-raw-${strip.replace('+', '-')}`);
  const db = openDatabase({ dataDir: dir });
  try {
    db.exec(`ATTACH DATABASE '${syncedFile.replace(/'/g, "''")}' AS synced`);
    db.exec('INSERT INTO connections SELECT * FROM synced.connections');
    db.exec('INSERT INTO creators SELECT * FROM synced.creators');
    db.exec('INSERT INTO campaigns SELECT * FROM synced.campaigns');
    db.exec('DETACH DATABASE synced');
    const schema = (type: 'trigger' | 'index') =>
      db.prepare("SELECT name, sql FROM sqlite_master WHERE type = ? AND tbl_name = 'payouts' AND sql IS NOT NULL").all(type) as Array<{
        name: string;
        sql: string;
      }>;
    const indexes = schema('index');
    if (strip !== 'nothing') {
      for (const t of schema('trigger'))
        if (strip !== 'fts' || /payouts_fts/.test(t.sql)) db.exec(`DROP TRIGGER "${t.name.replace(/"/g, '""')}"`);
    }
    if (strip === 'triggers+indexes') for (const i of indexes) db.exec(`DROP INDEX "${i.name.replace(/"/g, '""')}"`);
    const insert = db.prepare(`INSERT INTO payouts (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`);
    const t0 = performance.now();
    db.transaction(() => {
      for (const row of rows) insert.run(row);
    })();
    return { ms: performance.now() - t0, indexes: indexes.length };
  } finally {
    db.close();
  }
}
