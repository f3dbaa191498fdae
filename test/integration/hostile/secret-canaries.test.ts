/**
 * Secret canaries: every provider and auth mode gets secrets that contain `+`, `/`, `=` and spaces (unique canary
 * strings), every provider simulator echoes whole requests (headers, query, body) in its error bodies, and syncs,
 * connection tests, sends, reconciliations and failures run through the real services behind the real browser host.
 * Then every encoded form of every canary (and of every token derived from them) is searched for in: the database
 * file and its -wal and -shm (bytes, while open), every table of it (rows, so a value split across overflow pages
 * cannot hide), every file of the data directory after close (logs, backups, recursively), every WebSocket message
 * the host sent, and the audit and payout exports. Prints `secret-canaries: places=N found=0`.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Connection, Envelope, PreparedFile, ProviderId } from '@shared/contract/model';
import { startBrowserHost, type BrowserHost } from '../../../src-main/api/browser-host/host';
import { KeytarCredentialStore } from '../../../src-main/credentials/keytar-store';
import type { Fault } from '../../../src-main/providers/simulator/server';
import type { ProviderSimulator } from '../../../src-main/providers/simulator/types';
import { providerModule } from '../../../src-main/providers/registry';
import type { CreatorPaySimulator } from '../../../src-main/providers/creatorpay/simulator';
import type { TalliSimulator } from '../../../src-main/providers/talli/simulator';
import { DATABASE_FILE } from '../../../src-main/storage/database';
import { as, passphraseOf, seedTeam, TEAM, type Member } from '../../helpers/team';
import { createPath, draftFor, haveKeychain, threadHttp } from '../payouts/harness';
import { readExport } from '../../helpers/exports';

/** A unique canary with every character that percent-, form- and JSON-encoding treat specially. */
const canary = (tag: string) => `cnry+${tag}/${randomBytes(6).toString('hex')}= with space+/=${randomBytes(4).toString('hex')}`;

interface Plan {
  provider: ProviderId;
  authMode: string;
  /** Secret field → value (canaries, or a PEM key). */
  secrets: Record<string, string>;
  /** Strings besides the secrets that carry a secret (the Basic value a client sends). */
  derived: (sim: ProviderSimulator) => string[];
}

const ed25519 = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

// ---------------------------------------------------------------------------------------------------------------
// Every form a secret can take, computed here independently of the redactor under test.
// ---------------------------------------------------------------------------------------------------------------

function base64Runs(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const runs: string[] = [];
  for (let lead = 0; lead < 3; lead += 1) {
    // The same bytes after `lead` other bytes: the characters that depend on these bytes only.
    const shifted = Buffer.concat([Buffer.alloc(lead, 0x41), bytes]);
    for (const encoding of ['base64', 'base64url'] as const) {
      const text = shifted.toString(encoding);
      const firstWhole = lead === 0 ? 0 : 4;
      const wholeGroups = Math.floor(shifted.length / 3);
      const run = text.slice(firstWhole, wholeGroups * 4);
      if (run.length >= 12) runs.push(run);
    }
  }
  return runs;
}

function encodedForms(secret: string): string[] {
  const forms = new Set<string>();
  const bases = [secret, ...(secret.includes('-----BEGIN') ? pemLines(secret) : [])];
  for (const base of bases) {
    const percent = encodeURIComponent(base);
    const form = new URLSearchParams({ v: base }).toString().slice(2);
    const json = JSON.stringify(base).slice(1, -1);
    for (const f of [
      base,
      percent,
      percent.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
      form,
      encodeURI(base),
      json,
      json.replace(/\//g, '\\/'),
      JSON.stringify(json).slice(1, -1),
      Buffer.from(base).toString('base64'),
      Buffer.from(base).toString('base64url'),
      ...base64Runs(base),
    ]) {
      if (f.length >= 8) forms.add(f);
    }
  }
  return [...forms];
}

/** The body lines of a PEM key: the secret part of it, whatever happens to its line breaks. */
function pemLines(pem: string): string[] {
  return pem
    .split('\n')
    .filter((l) => l && !l.startsWith('-----'))
    .filter((l) => l.length >= 16);
}

// ---------------------------------------------------------------------------------------------------------------

const echoAll = (status: number): { fault: Fault; times: number } => ({ fault: { kind: 'echo', status }, times: Number.POSITIVE_INFINITY });

describe.skipIf(!haveKeychain)('secret canaries', () => {
  let host: BrowserHost;
  let dataDir: string;
  let rendererDir: string;
  let ws: WebSocket;
  const messages: string[] = [];
  const exports: Array<{ name: string; content: string }> = [];
  const liveFiles: Array<{ name: string; bytes: Buffer }> = [];
  const sims = new Map<string, ProviderSimulator>();
  const connections = new Map<string, Connection>();
  const derivedTokens = new Set<string>();
  const plans: Plan[] = [];
  let nextId = 1;
  const pending = new Map<number, (e: Envelope<unknown>) => void>();
  const syncWaiters: Array<{ connectionId: string; resolve: () => void }> = [];

  const call = <T = unknown>(op: string, input?: unknown): Promise<Envelope<T>> =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve as (e: Envelope<unknown>) => void);
      ws.send(JSON.stringify({ id, op, input }));
    });
  const ok = async <T = unknown>(op: string, input?: unknown): Promise<T> => {
    const envelope = await call<T>(op, input);
    if (!envelope.ok) throw new Error(`${op}: ${envelope.error.code} ${envelope.error.message}`);
    return envelope.value;
  };
  const syncAndWait = async (connectionId: string) => {
    const finished = new Promise<void>((resolve) => syncWaiters.push({ connectionId, resolve }));
    await ok('sync.start', { connectionId });
    await finished;
  };
  const collectDerived = () => {
    for (const sim of sims.values()) {
      for (const entry of sim.requestLog) {
        for (const header of ['authorization', 'x-session-token', 'session-token']) {
          const value = entry.headers[header];
          if (typeof value === 'string') derivedTokens.add(value.replace(/^(Bearer|Basic)\s+/i, ''));
        }
      }
      const talli = sim as Partial<TalliSimulator>;
      for (const token of talli.issuedTokens?.() ?? []) derivedTokens.add(token);
      const creatorpay = sim as Partial<CreatorPaySimulator>;
      const session = creatorpay.currentSessionToken?.();
      if (session) derivedTokens.add(session);
    }
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'paydesk-canaries-'));
    rendererDir = mkdtempSync(join(tmpdir(), 'paydesk-canaries-ui-'));
    plans.push(
      { provider: 'talentir', authMode: 'bearer', secrets: { apiKey: canary('talentir') }, derived: () => [] },
      { provider: 'tokenio', authMode: 'jwt', secrets: { privateKey: ed25519 }, derived: () => [] },
      { provider: 'tokenio', authMode: 'basic', secrets: { apiKey: canary('tokenio-basic') }, derived: () => [] },
      { provider: 'creatorpay', authMode: 'apiKey', secrets: { apiKey: canary('creatorpay') }, derived: () => [] },
      { provider: 'talli', authMode: 'oauth2', secrets: { clientSecret: canary('talli') }, derived: () => [] },
      {
        provider: 'dots',
        authMode: 'basic',
        secrets: { apiKey: canary('dots') },
        derived: (sim) => [`${sim.credentials.publicFields.clientId}:${canaryOf('dots')}`],
      },
    );
    for (const plan of plans) {
      if (sims.has(plan.provider)) continue;
      const secrets = Object.assign({}, ...plans.filter((p) => p.provider === plan.provider).map((p) => p.secrets)) as Record<
        string,
        string
      >;
      sims.set(
        plan.provider,
        await providerModule(plan.provider).startSimulator({ seed: 11, payouts: 12, creators: 6, campaigns: 3, logLimit: 5_000, secrets }),
      );
    }
    host = await startBrowserHost({
      dataDir,
      rendererDir,
      version: 'canary',
      credentials: new KeytarCredentialStore('Paydesk-test'),
      // Numbers only (retries at once): the sync's pages are read on their worker thread, with the secrets handed to it,
      // so what it sends back is searched too.
      http: threadHttp,
      syncReads: 'worker',
      payouts: { poller: false, settleMs: 0, sleep: async () => undefined },
    });
    // The admin connects and drafts; another operator approves and a third sends, each with their passphrase.
    await seedTeam(host.services);
    ws = new WebSocket(`${host.origin.replace('http', 'ws')}/api?token=${encodeURIComponent(host.token)}`, {
      headers: { origin: host.origin },
    });
    ws.on('message', (data) => {
      const text = String(data);
      messages.push(text);
      const frame = JSON.parse(text) as { id?: number; envelope?: Envelope<unknown>; event?: string; payload?: { connectionId?: string } };
      if (typeof frame.id === 'number') {
        pending.get(frame.id)?.(frame.envelope!);
        pending.delete(frame.id);
      }
      if (frame.event === 'syncFinished') {
        for (const waiter of syncWaiters.splice(0)) {
          if (waiter.connectionId === frame.payload?.connectionId) waiter.resolve();
          else syncWaiters.push(waiter);
        }
      }
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
  }, 60_000);

  /** The next calls on the socket run as this operator (as if they had signed in on the desk). */
  const signIn = (member: Member) => as(host.services, member);
  const canaryOf = (provider: string) => plans.find((p) => p.provider === provider && p.secrets.apiKey)!.secrets.apiKey!;

  afterAll(async () => {
    ws?.close();
    await host?.close().catch(() => undefined);
    for (const sim of sims.values()) await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(rendererDir, { recursive: true, force: true });
  });

  it('no encoded form of any secret reaches storage, logs, backups, exports or the socket', async () => {
    for (const plan of plans) {
      const sim = sims.get(plan.provider)!;
      const key = `${plan.provider}/${plan.authMode}`;
      const fields = providerModule(plan.provider).info.authModes.find((m) => m.id === plan.authMode)!.fields;
      const credentials: Record<string, string> = {};
      for (const field of fields) {
        const value = field.secret ? plan.secrets[field.key] : sim.credentials.publicFields[field.key];
        if (value) credentials[field.key] = value;
      }
      // Token.io's simulator issues its settlement accounts; the Basic key shares the simulator with the JWT mode.
      const connection = await ok<Connection>('connections.add', {
        provider: plan.provider,
        label: `Canary ${key}`,
        environment: 'custom',
        baseUrl: sim.baseUrl,
        authMode: plan.authMode,
        credentials,
      });
      connections.set(key, connection);

      // 1. Everything echoes, from the very first request (token and session exchanges included).
      sim.faults.add(echoAll(400));
      await call('connections.test', { id: connection.id });
      await syncAndWait(connection.id);
      sim.faults.clear();
      sim.faults.add(echoAll(500));
      await call('connections.test', { id: connection.id });
      sim.faults.clear();

      // 2. A healthy test and sync, so there is something to send.
      await ok('connections.test', { id: connection.id });
      await syncAndWait(connection.id);

      // 3. Sends refused with an echo (validation), and sends whose create and look-ups echo a 5xx (unknown outcome).
      const refused = await ok<{ id: number }>('payouts.createDraft', draftFor(host.services, plan.provider, connection.id));
      const unclear = await ok<{ id: number }>('payouts.createDraft', draftFor(host.services, plan.provider, connection.id));
      signIn('checker');
      await ok('approvals.approve', { ids: [refused.id, unclear.id], passphrase: passphraseOf('checker') });
      signIn('maker');
      sim.faults.add({ path: createPath[plan.provider], fault: { kind: 'echo', status: 422 }, times: 1 });
      await ok('payouts.send', { ids: [refused.id], passphrase: passphraseOf('maker') });
      sim.faults.clear();
      sim.faults.add({ path: createPath[plan.provider], fault: { kind: 'echo', status: 502, commit: true }, times: 1 });
      sim.faults.add({ method: 'GET', fault: { kind: 'echo', status: 503 }, times: 40 });
      await ok('payouts.send', { ids: [unclear.id], passphrase: passphraseOf('maker') });
      await call('payouts.reconcile', { ids: [unclear.id] });
      await call('payouts.refreshStatus', { id: unclear.id });
      sim.faults.clear();
      await call('payouts.reconcile', { ids: [unclear.id] });
      await call('payouts.get', { id: unclear.id });
      await call('payouts.timeline', { id: unclear.id });
      await call('payouts.cancel', { id: unclear.id, confirm: true });
      collectDerived();
      signIn('admin');
    }
    // Talli and Creator Pay exchange again after a rejected token: the new exchange echoes too.
    const talli = sims.get('talli') as TalliSimulator;
    talli.revokeTokens();
    talli.faults.add(echoAll(401));
    await call('connections.test', { id: connections.get('talli/oauth2')!.id });
    talli.faults.clear();
    collectDerived();

    await ok('backups.create');
    await ok('sync.start', {});
    await new Promise((r) => setTimeout(r, 1_000));
    await call('connections.list');
    await call('attention.list', { limit: 500 });
    await call('audit.list', { limit: 500 });
    for (const format of ['csv', 'jsonl'] as const) {
      const file = await ok<PreparedFile>('audit.export', { format });
      exports.push({ name: `audit.${format}`, content: await readExport(file, (part) => ok('files.part', part)) });
    }
    const payoutsCsv = await ok<PreparedFile>('payouts.exportCsv', {});
    exports.push({ name: 'payouts.csv', content: await readExport(payoutsCsv, (part) => ok('files.part', part)) });
    // Every provider had something to say: the canary search is over real traffic, not an idle run.
    for (const sim of sims.values()) expect(sim.requestLog.length).toBeGreaterThan(5);
    const auditRows = host.services.db.prepare('SELECT count(*) AS n FROM audit_events').get() as { n: number };
    expect(auditRows.n).toBeGreaterThan(20);
    // The echoes did reach storage (redacted): the search below looks where the secrets would be.
    const echoed = (sql: string) => (host.services.db.prepare(sql).get() as { n: number }).n;
    expect(echoed("SELECT count(*) AS n FROM audit_events WHERE details LIKE '%Request rejected%'")).toBeGreaterThan(5);
    expect(echoed("SELECT count(*) AS n FROM payouts WHERE status_message LIKE '%Request rejected%'")).toBeGreaterThan(0);
    expect(echoed("SELECT count(*) AS n FROM payout_send_attempts WHERE detail LIKE '%Request rejected%'")).toBeGreaterThan(0);

    // The database, -wal and -shm as bytes while the host runs; every table's rows.
    const dbFile = join(dataDir, DATABASE_FILE);
    for (const suffix of ['', '-wal', '-shm']) {
      try {
        liveFiles.push({ name: `live:${DATABASE_FILE}${suffix}`, bytes: readFileSync(dbFile + suffix) });
      } catch {
        // -wal/-shm may be gone after a checkpoint
      }
    }
    await host.close();
    host = undefined as unknown as BrowserHost;

    // ----- the search --------------------------------------------------------------------------------------------
    const needles = new Map<string, string>();
    for (const plan of plans) {
      const sim = sims.get(plan.provider)!;
      for (const secret of [...Object.values(plan.secrets), ...plan.derived(sim)]) {
        for (const form of encodedForms(secret)) needles.set(form, `${plan.provider}/${plan.authMode}`);
      }
    }
    for (const token of derivedTokens) {
      // A URL-safe token (a JWT, a hex session token) looks the same percent-, form- and JSON-encoded.
      const forms = /^[A-Za-z0-9._~-]+$/.test(token) ? [token] : encodedForms(token);
      for (const form of forms) if (form.length >= 8) needles.set(form, 'derived token');
    }
    expect(derivedTokens.size).toBeGreaterThan(3);
    // The operators' passphrases, typed again at every approval and send, are secrets too.
    for (const member of Object.keys(TEAM) as Member[])
      for (const form of encodedForms(passphraseOf(member))) needles.set(form, `passphrase of ${member}`);

    const places: Array<{ place: string; text: Buffer }> = [];
    for (const file of liveFiles) places.push({ place: file.name, text: file.bytes });
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else places.push({ place: path.slice(dataDir.length + 1), text: readFileSync(path) });
      }
    };
    walk(dataDir);
    const sqliteFiles = places.filter((p) => p.text.subarray(0, 16).toString('latin1') === 'SQLite format 3\u0000');
    for (const file of sqliteFiles) {
      if (file.place.startsWith('live:')) continue;
      const db = new Database(join(dataDir, file.place), { readonly: true });
      for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>) {
        const rows = db
          .prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`)
          .raw()
          .all();
        places.push({ place: `${file.place} table ${name}`, text: Buffer.from(JSON.stringify(rows)) });
      }
      db.close();
    }
    messages.forEach((m, i) => places.push({ place: `socket message ${i}`, text: Buffer.from(m) }));
    for (const e of exports) places.push({ place: `export ${e.name}`, text: Buffer.from(e.content) });
    expect(places.some((p) => p.place.startsWith('logs'))).toBe(true);
    expect(places.some((p) => p.place.startsWith('backups'))).toBe(true);

    const found: string[] = [];
    for (const { place, text } of places) {
      for (const [needle, owner] of needles) {
        if (text.includes(needle)) found.push(`${place}: ${owner} (${needle.slice(0, 12)}…)`);
      }
    }
    console.log(`secret-canaries: places=${places.length} found=${found.length}`);
    expect(found).toEqual([]);
  }, 300_000);
});
