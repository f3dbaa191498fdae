/**
 * Generates a cache database of N payouts for the query, start-up and UI benchmarks: direct prepared inserts into
 * the real schema (openDatabase runs every migration, triggers included). Deterministic (seeded), and kept under
 * bench/data/db-<N>/ between runs, keyed by the generator's own sources (a hash of this file and what it draws
 * its data from) and the schema version: regenerated when either changes, migrated forward when only newer
 * migrations came (as a desk that upgrades is).
 *
 * Shape: 5 connections (one per provider, skewed sizes), 20,000 creators, 200 campaigns, statuses weighted towards
 * paid, currencies per provider, Zipf-like payouts per creator, created_at over 3 years (more recent = more), ids in
 * roughly chronological order as syncs append them.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PayoutStatus, ProviderId } from '@shared/contract/model';
import { latestSchemaVersion } from '../src-main/storage/migrations';
import { openDatabase, type Db } from '../src-main/storage/database';
import { PAYOUT_COLUMNS } from '../src-main/storage/cache-repository';
import { fakeAmountMinor, fakeCampaignName, fakePerson, pick, seededRandom } from '../src-main/providers/simulator/seed-data';
import { shortReferenceOf } from '../src-main/payouts/references';
import { freshDir, dataRoot, log, projectRoot } from './lib/common';

const GENERATOR_VERSION = 3;
/** What the generated rows depend on besides the schema: a change to any of these makes a kept database stale. */
const GENERATOR_SOURCES = [
  'bench/generate.ts',
  'src-main/providers/simulator/seed-data.ts',
  'src-main/payouts/references.ts',
  'src-main/storage/cache-repository.ts',
];

function generatorHash(): string {
  const hash = createHash('sha256');
  for (const file of GENERATOR_SOURCES)
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(projectRoot, file)));
  return hash.digest('hex').slice(0, 16);
}
export const NOW = Date.parse('2026-06-30T12:00:00.000Z');
export const SPAN_DAYS = 3 * 365;
const DAY_MS = 86_400_000;

export interface GeneratedConnection {
  id: string;
  provider: ProviderId;
  label: string;
  share: number;
  currencies: Array<[string, number]>;
}

export const CONNECTIONS: GeneratedConnection[] = [
  {
    id: '3f6c2a1e-8b4d-4c7a-9e21-5d0b7f3a9c41',
    provider: 'talentir',
    label: 'Talentir EU',
    share: 0.34,
    currencies: [
      ['EUR', 0.6],
      ['USD', 0.25],
      ['GBP', 0.1],
      ['CHF', 0.05],
    ],
  },
  { id: 'a81d4e97-2c3b-4f6e-b5a0-7c9e1d2f8b36', provider: 'dots', label: 'Dots US', share: 0.26, currencies: [['USD', 1]] },
  {
    id: '5be0c7d2-91f4-4a38-8d6c-2e7f0a4b9d15',
    provider: 'tokenio',
    label: 'Token.io UK',
    share: 0.18,
    currencies: [
      ['GBP', 0.7],
      ['EUR', 0.3],
    ],
  },
  { id: 'd24f9a6b-7e1c-4b50-a3d8-6f1e2c9b0a77', provider: 'talli', label: 'Talli', share: 0.14, currencies: [['USD', 1]] },
  { id: '0c97e1f3-4a6d-4e2b-8f19-b3d5a7c2e860', provider: 'creatorpay', label: 'Creator Pay', share: 0.08, currencies: [['USD', 1]] },
];

const AUTH_MODE: Record<ProviderId, string> = { talentir: 'bearer', tokenio: 'jwt', creatorpay: 'apiKey', talli: 'oauth2', dots: 'basic' };

const STATUS_WEIGHTS: Array<[PayoutStatus, number]> = [
  ['paid', 0.72],
  ['processing', 0.04],
  ['submitted', 0.04],
  ['failed', 0.03],
  ['cancelled', 0.04],
  ['expired', 0.03],
  ['returned', 0.01],
  ['rejected', 0.01],
  ['draft', 0.04],
  ['approved', 0.03],
  ['unknown', 0.01],
];
const PROVIDER_STATUS: Record<PayoutStatus, string> = {
  paid: 'completed',
  processing: 'processing',
  submitted: 'pending',
  failed: 'failed',
  cancelled: 'canceled',
  expired: 'expired',
  returned: 'reversed',
  rejected: 'rejected',
  draft: 'draft',
  provider_draft: 'draft',
  approved: 'approved',
  unknown: 'unknown',
  sending: 'sending',
};
const DESCRIPTIONS = [
  'Sponsored post',
  'UGC bundle',
  'Affiliate payout',
  'Event appearance',
  'Usage rights',
  'Monthly retainer',
  'Story set',
  'Product review',
  'Livestream',
  'Launch video',
];

const REMOTE_PREFIX: Record<ProviderId, string> = { talentir: 'pay_', dots: 'lnk_', tokenio: 'tr-', talli: 'pi_', creatorpay: 'cp' };

function hex(random: () => number, length: number): string {
  let out = '';
  while (out.length < length)
    out += Math.floor(random() * 0x1_0000_0000)
      .toString(16)
      .padStart(8, '0');
  return out.slice(0, length);
}

export const CREATORS = 20_000;
export const CAMPAIGNS = 200;

function weighted<T>(random: () => number, items: ReadonlyArray<readonly [T, number]>): T {
  let r = random();
  for (const [item, w] of items) {
    if (r < w) return item;
    r -= w;
  }
  return items[items.length - 1]![0];
}

export interface GeneratedDb {
  dir: string;
  payouts: number;
  generatedMs: number | null;
  reused: boolean;
  sizeMb: number;
  /** Time to migrate a reused database to the current schema (backfills included), when it was older. */
  migratedMs?: number | null;
}

interface Meta {
  generator: number;
  /** generatorHash() of the sources that generated it. */
  sources?: string;
  schema: number;
  payouts: number;
  generatedMs: number;
  migratedMs?: number | null;
}

/** The data directory of an N-payout database, generating it when missing or stale. */
export function ensureDatabase(payouts: number): GeneratedDb {
  const dir = join(dataRoot, `db-${payouts}`);
  const metaFile = join(dir, 'meta.json');
  const sources = generatorHash();
  if (existsSync(metaFile)) {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as Meta;
    if (
      meta.generator === GENERATOR_VERSION &&
      meta.sources === sources &&
      meta.schema <= latestSchemaVersion &&
      meta.payouts === payouts
    ) {
      // Opening applies any newer migration (and its backfill) to the reused database: that time is reported too. At
      // the current schema there is nothing to apply (every section opens it anyway, integrity check included).
      let migratedMs: number | null = null;
      if (meta.schema < latestSchemaVersion) {
        const t0 = performance.now();
        openDatabase({ dataDir: dir }).close();
        migratedMs = Math.round(performance.now() - t0);
      }
      if (migratedMs !== null) {
        log(`generate: migrated the reused database from schema ${meta.schema} to ${latestSchemaVersion} in ${migratedMs} ms`);
        writeFileSync(metaFile, JSON.stringify({ ...meta, schema: latestSchemaVersion, migratedMs } satisfies Meta));
      }
      return {
        dir,
        payouts,
        generatedMs: meta.generatedMs,
        reused: true,
        sizeMb: fileMb(dir),
        migratedMs: migratedMs ?? meta.migratedMs ?? null,
      };
    }
  }
  freshDir(`db-${payouts}`);
  log(`generate: ${payouts} payouts into ${dir}`);
  const t0 = performance.now();
  const db = openDatabase({ dataDir: dir });
  log(`generate: empty database migrated in ${Math.round(performance.now() - t0)} ms`);
  try {
    fill(db, payouts);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  const generatedMs = Math.round(performance.now() - t0);
  writeFileSync(
    metaFile,
    JSON.stringify({ generator: GENERATOR_VERSION, sources, schema: latestSchemaVersion, payouts, generatedMs } satisfies Meta),
  );
  log(`generate: done in ${(generatedMs / 1000).toFixed(1)} s`);
  return { dir, payouts, generatedMs, reused: false, sizeMb: fileMb(dir) };
}

function fileMb(dir: string): number {
  try {
    return Math.round(readFileSync(join(dir, 'paydesk.sqlite')).byteLength / 2 ** 20);
  } catch {
    return 0;
  }
}

interface Creator {
  id: number;
  connection: number;
  name: string;
  email: string;
  handle: string;
}

function fill(db: Db, total: number): void {
  const started = performance.now();
  const random = seededRandom(20260630);
  const iso = (ms: number) => new Date(ms).toISOString();
  const now = iso(NOW);

  const insertConnection =
    db.prepare(`INSERT INTO connections (id, provider, label, environment, base_url, auth_mode, public_fields, credential_hint, is_demo, created_at, updated_at)
    VALUES (?, ?, ?, 'custom', ?, ?, '{}', '••••bench', 0, ?, ?)`);
  const insertCreator =
    db.prepare(`INSERT INTO creators (id, connection_id, remote_id, name, email, handle, platform, phone, raw_json, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)`);
  const insertCampaign = db.prepare(
    'INSERT INTO campaigns (id, connection_id, remote_id, name, status, raw_json, updated_at) VALUES (?, ?, ?, ?, ?, NULL, ?)',
  );
  const insertSyncState = db.prepare(
    `INSERT INTO sync_state (connection_id, resource, cursor, last_synced_at, last_error, item_count) VALUES (?, ?, NULL, ?, NULL, ?)`,
  );

  // Connections point at a closed loopback port: nothing in the benchmarks talks to them.
  const creators: Creator[] = [];
  const campaignsByConnection: number[][] = CONNECTIONS.map(() => []);
  const deferredCreators = deferIndexes(db, 'creators', 'creators_fts');
  db.transaction(() => {
    CONNECTIONS.forEach((c) =>
      insertConnection.run(
        c.id,
        c.provider,
        c.label,
        `http://127.0.0.1:9/${c.provider}`,
        AUTH_MODE[c.provider],
        iso(NOW - SPAN_DAYS * DAY_MS),
        now,
      ),
    );
    for (let i = 0; i < CREATORS; i += 1) {
      const connection = weighted(
        random,
        CONNECTIONS.map((c, ci) => [ci, c.share] as const),
      );
      const person = fakePerson(random, i);
      const creator = { id: i + 1, connection, name: person.name, email: person.email, handle: person.handle };
      creators.push(creator);
      insertCreator.run(
        creator.id,
        CONNECTIONS[connection]!.id,
        `cr_${i.toString(36)}`,
        person.name,
        person.email,
        person.handle,
        person.platform,
        person.phone,
        now,
      );
    }
    for (let i = 0; i < CAMPAIGNS; i += 1) {
      // Creator Pay and Dots have no campaigns resource.
      const withCampaigns = [0, 2, 3];
      const connection = withCampaigns[i % withCampaigns.length]!;
      campaignsByConnection[connection]!.push(i + 1);
      insertCampaign.run(
        i + 1,
        CONNECTIONS[connection]!.id,
        `cmp_${i}`,
        fakeCampaignName(random, i),
        pick(random, ['active', 'active', 'completed', 'draft']),
        now,
      );
    }
  })();
  deferredCreators.restore();
  log(`generate: connections, ${CREATORS} creators and ${CAMPAIGNS} campaigns in ${Math.round(performance.now() - started)} ms`);
  const creatorsByConnection: Creator[][] = CONNECTIONS.map((_, ci) => creators.filter((c) => c.connection === ci));

  // The sync's columns (src-main/storage/cache-repository.ts), and the short form of our own references.
  const COLUMNS = [...PAYOUT_COLUMNS, 'short_reference'] as const;
  const defaults: Partial<Record<(typeof COLUMNS)[number], unknown>> = { created_at_first_seen: 0, expiry_pending: 0 };
  // 100 rows per statement: FTS5 flushes its pending data at every statement, so single-row inserts are ~3× slower.
  const ROWS_PER_STATEMENT = 100;
  const tuple = `(${COLUMNS.map(() => '?').join(', ')})`;
  const insertPayouts = db.prepare(
    `INSERT INTO payouts (${COLUMNS.join(', ')}) VALUES ${Array.from({ length: ROWS_PER_STATEMENT }, () => tuple).join(', ')}`,
  );
  const insertPayout = db.prepare(`INSERT INTO payouts (${COLUMNS.join(', ')}) VALUES ${tuple}`);
  let pending: unknown[] = [];
  const add = (row: Partial<Record<(typeof COLUMNS)[number], unknown>>) => {
    for (const column of COLUMNS) pending.push(row[column] ?? defaults[column] ?? null);
    if (pending.length === ROWS_PER_STATEMENT * COLUMNS.length) {
      insertPayouts.run(pending);
      pending = [];
    }
  };
  const flush = () => {
    for (let at = 0; at < pending.length; at += COLUMNS.length) insertPayout.run(pending.slice(at, at + COLUMNS.length));
    pending = [];
  };

  // created_at: density grows linearly over the 3 years (a growing agency); generated in time order with jitter.
  const start = NOW - SPAN_DAYS * DAY_MS;
  const span = SPAN_DAYS * DAY_MS;
  const perConnectionCount = CONNECTIONS.map(() => 0);
  const deferred = deferIndexes(db, 'payouts', 'payouts_fts');
  const CHUNK = 20_000;
  for (let done = 0; done < total; done += CHUNK) {
    db.transaction(() => {
      for (let i = done; i < Math.min(total, done + CHUNK); i += 1) {
        const u = (i + random()) / total;
        const createdMs = Math.floor(start + span * Math.sqrt(u)) - Math.floor(random() * 6 * 3_600_000);
        const ci = weighted(
          random,
          CONNECTIONS.map((c, k) => [k, c.share] as const),
        );
        const connection = CONNECTIONS[ci]!;
        const pool = creatorsByConnection[ci]!;
        // Zipf-like: a few creators get many payouts.
        const creator = pool[Math.min(pool.length - 1, Math.floor(pool.length * random() ** 2.2))]!;
        const campaigns = campaignsByConnection[ci]!;
        const campaignId = campaigns.length && random() < 0.75 ? campaigns[Math.floor(campaigns.length * random() ** 1.5)]! : null;
        const status = weighted(random, STATUS_WEIGHTS);
        const currency = weighted(random, connection.currencies);
        perConnectionCount[ci] = (perConnectionCount[ci] ?? 0) + 1;
        const remoteId = `${REMOTE_PREFIX[connection.provider]}${hex(random, 16)}`;
        const local = status === 'draft' || status === 'approved';
        const ours = local || random() < 0.3;
        // Ours: a UUID and its short form (see payouts/references.ts); others: the sync's stable foreign reference.
        const uuid = ours ? `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-a${hex(random, 3)}-${hex(random, 12)}` : null;
        const clientReference = uuid ?? `remote:${connection.id}:${remoteId}`;
        const updatedMs = status === 'paid' || status === 'failed' ? createdMs + Math.floor(random() * 5 * DAY_MS) : createdMs;
        const amount = fakeAmountMinor(random);
        const description = `${pick(random, DESCRIPTIONS)}${campaignId ? ` – campaign ${campaignId}` : ''}`;
        const raw = `{"id":"${remoteId}","amount":${amount},"currency":"${currency}","status":"${PROVIDER_STATUS[status]}","created":"${iso(createdMs)}","recipient":{"name":"${creator.name}","email":"${creator.email}"},"memo":"${description}","metadata":{"source":"bench","batch":${i % 97}}}`;
        add({
          connection_id: connection.id,
          remote_id: local ? null : remoteId,
          client_reference: clientReference,
          creator_id: creator.id,
          campaign_id: campaignId,
          recipient_name: creator.name,
          recipient_email: creator.email,
          recipient_handle: creator.handle,
          amount_minor: amount,
          currency,
          description,
          status,
          provider_status: PROVIDER_STATUS[status],
          created_at: iso(createdMs),
          updated_at: iso(updatedMs),
          raw_json: raw,
          short_reference: uuid ? shortReferenceOf(uuid) : null,
        });
      }
      flush();
    })();
    if ((done / CHUNK) % 10 === 9) log(`generate: ${done + CHUNK} payouts`);
  }
  log(`generate: ${total} payouts inserted in ${Math.round(performance.now() - started)} ms since the start`);
  deferred.restore();
  db.transaction(() => {
    CONNECTIONS.forEach((c, ci) => {
      insertSyncState.run(c.id, 'payouts', now, perConnectionCount[ci]);
      insertSyncState.run(c.id, 'creators', now, creatorsByConnection[ci]!.length);
      insertSyncState.run(c.id, 'campaigns', now, campaignsByConnection[ci]!.length);
    });
  })();
}

/**
 * A bulk load, as a database administrator would do it: a table's secondary indexes and the trigger that feeds its
 * full-text index are dropped before the rows go in and made again once after (one sort per index and one FTS5
 * 'rebuild' from the rows, instead of ~20 b-tree inserts and a tokenisation per row): the same schema and the same
 * index contents in far less time. Other triggers (the payout totals) stay, so the totals are those every write path
 * keeps. `restore` checks the full-text index against the rows (FTS5 'integrity-check').
 */
function deferIndexes(db: Db, table: 'payouts' | 'creators', fts: 'payouts_fts' | 'creators_fts'): { restore: () => void } {
  const objects = db
    .prepare(
      `SELECT type, name, sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL
         AND (type = 'index' OR (type = 'trigger' AND sql LIKE '%AFTER INSERT ON ' || ? || ' %' AND sql LIKE '%INSERT INTO ' || ? || '(%'))`,
    )
    .all(table, table, fts) as Array<{ type: 'index' | 'trigger'; name: string; sql: string }>;
  if (!objects.some((o) => o.type === 'trigger'))
    throw new Error(`generate: no trigger feeds ${fts} from ${table}; update bench/generate.ts`);
  const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;
  db.transaction(() => {
    for (const o of objects) db.exec(`DROP ${o.type.toUpperCase()} ${quoted(o.name)}`);
  })();
  return {
    restore: () => {
      const t0 = performance.now();
      db.transaction(() => {
        for (const o of objects) db.exec(o.sql);
        db.exec(`INSERT INTO ${fts}(${fts}) VALUES ('rebuild')`);
      })();
      db.exec(`INSERT INTO ${fts}(${fts}) VALUES ('integrity-check')`);
      log(
        `generate: ${table}: ${objects.length} indexes and triggers made again, ${fts} rebuilt in ${Math.round(performance.now() - t0)} ms`,
      );
    },
  };
}
