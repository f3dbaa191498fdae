import Database from 'better-sqlite3';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditStore } from '../../src-main/storage/audit-store';
import { AuditLog, GENESIS_HASH, hashEvent } from '../../src-main/audit/audit-log';
import { canonicalJson, hashEventV2 } from '../../src-main/audit/chain';
import { verifyAuditExport } from '../../src-main/audit/export-verify';
import { DATABASE_FILE, openDatabase, type Db } from '../../src-main/storage/database';
import { tempDataDir } from '../helpers/temp-dir';

const A = { id: 'op-a', name: 'a' };
const ALICE = { id: 'op-alice', name: 'alice' };

let dir: string;
let cleanup: () => void;
let db: Db;
let audit: AuditLog;

beforeEach(() => {
  ({ dir, cleanup } = tempDataDir());
  db = openDatabase({ dataDir: dir });
  audit = new AuditLog(new AuditStore(db));
});
afterEach(() => {
  db.close();
  cleanup();
});

function appendSome(n: number) {
  for (let i = 1; i <= n; i += 1) {
    audit.append({ actor: ALICE, action: 'connection.added', subject: `connection:${i}`, details: { after: { label: `L${i}`, n: i } } });
  }
}

/** What an attacker with the file would do: drop the guards, edit, put the guards back. */
function tamper(sql: string, ...params: unknown[]) {
  const raw = new Database(join(dir, DATABASE_FILE));
  const triggers = raw.prepare("SELECT sql FROM sqlite_master WHERE type='trigger' AND tbl_name='audit_events'").all() as Array<{
    sql: string;
  }>;
  raw.exec('DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;');
  raw.prepare(sql).run(...params);
  for (const t of triggers) raw.exec(t.sql);
  raw.close();
}

describe('audit log', () => {
  it('chains each event to the previous one with SHA-256 over a canonical encoding', () => {
    const first = audit.append({ actor: A, action: 'x', subject: 's', details: { b: 2, a: 1 } });
    const second = audit.append({ actor: A, action: 'y', subject: 's', details: {} });
    expect(first.seq).toBe(1);
    expect(first.prevHash).toBe(GENESIS_HASH);
    expect(second.prevHash).toBe(first.hash);
    expect(first.hash).toBe(
      hashEventV2(GENESIS_HASH, {
        seq: 1,
        at: first.at,
        actor: 'a',
        actorId: 'op-a',
        osUser: null,
        host: null,
        action: 'x',
        subject: 's',
        details: { a: 1, b: 2 },
      }),
    );
    // A format-1 event (written before operators) is still checked with the hash it was written with.
    expect(hashEvent(GENESIS_HASH, { seq: 1, at: first.at, actor: 'a', action: 'x', subject: 's', details: {} })).toMatch(/^[0-9a-f]{64}$/);
    expect(canonicalJson({ b: 2, a: { d: [1, { f: 1, e: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"e":2,"f":1}]},"b":2}');
  });

  it('refuses UPDATE and DELETE at the database level', () => {
    appendSome(2);
    expect(() => db.prepare("UPDATE audit_events SET actor = 'mallory' WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_events WHERE seq = 1').run()).toThrow(/append-only/);
    expect(audit.verify()).toMatchObject({ intact: true, anchored: false, checked: 2 });
  });

  it('names the first changed event', () => {
    appendSome(5);
    tamper('UPDATE audit_events SET details = \'{"after":{"label":"L3","n":300}}\' WHERE seq = 3');
    expect(audit.verify()).toMatchObject({ intact: false, brokenSeq: 3, checked: 2 });
  });

  it('detects a removed event, a rewritten chain tail, and removed triggers', () => {
    appendSome(4);
    tamper('DELETE FROM audit_events WHERE seq = 2');
    expect(audit.verify()).toMatchObject({ intact: false, brokenSeq: 2 });

    const raw = new Database(join(dir, DATABASE_FILE));
    raw.exec('DROP TRIGGER audit_events_no_update');
    raw.close();
    const { dir: other, cleanup: c2 } = tempDataDir();
    const db2 = openDatabase({ dataDir: other });
    const audit2 = new AuditLog(new AuditStore(db2));
    audit2.append({ actor: A, action: 'x', subject: 's', details: {} });
    db2.exec('DROP TRIGGER audit_events_no_delete');
    expect(audit2.verify()).toMatchObject({ intact: false, reason: expect.stringMatching(/protection .* removed/) });
    db2.close();
    c2();
  });

  it('refuses details that carry something named like a secret', () => {
    expect(() => audit.append({ actor: A, action: 'x', subject: 's', details: { credentials: { apiKey: 'sk_live_123' } } })).toThrow(
      /looks like a secret/,
    );
    expect(() => audit.append({ actor: A, action: 'x', subject: 's', details: { clientSecret: 'abc' } })).toThrow(/looks like a secret/);
    // Non-secret neighbours are fine.
    expect(() =>
      audit.append({ actor: A, action: 'x', subject: 's', details: { tokenUrl: 'https://auth', fields: ['apiKey'] } }),
    ).not.toThrow();
    expect(audit.verify()).toMatchObject({ intact: true, anchored: false, checked: 1 });
  });

  it('exports JSON Lines that re-verify and CSV that parses back', () => {
    appendSome(3);
    const jsonl = audit.exportJsonLines();
    const [header, ...events] = jsonl
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(header).toMatchObject({ type: 'paydesk-audit-export', version: 2, events: 3 });
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(verifyAuditExport(jsonl, null)).toMatchObject({ intact: true, anchored: false, checked: 3 });
    // A changed line in the file is found as surely as in the database.
    expect(verifyAuditExport(jsonl.replace('"L2"', '"L9"'), null)).toMatchObject({ intact: false, brokenSeq: 2, kind: 'changed' });
    const csv = Papa.parse<Record<string, string>>(audit.exportCsv(), { header: true, skipEmptyLines: true });
    expect(csv.errors).toEqual([]);
    expect(csv.data.map((r) => r.seq)).toEqual(['1', '2', '3']);
    expect(csv.data[0]!.action).toBe('connection.added');
  });

  it('filters by action prefix, subject, actor and date, newest first, with paging', () => {
    appendSome(3);
    audit.append({ actor: { id: 'op-bob', name: 'bob' }, action: 'credential.saved', subject: 'connection:2', details: {} });
    expect(audit.list({ action: 'credential' }).map((e) => e.seq)).toEqual([4]);
    expect(audit.list({ subject: 'connection:2' }).map((e) => e.seq)).toEqual([4, 2]);
    audit.append({ actor: { id: 'op-bob', name: 'bob' }, action: 'payout.approved', subject: 'connection:22', details: {} });
    expect(audit.list({ exactSubject: 'connection:2' }).map((e) => e.seq)).toEqual([4, 2]);
    expect(audit.list({ subject: 'connection:2' }).map((e) => e.seq)).toEqual([5, 4, 2]);
    expect(audit.list({ actor: 'bob' }).map((e) => e.seq)).toEqual([5, 4]);
    expect(audit.list({ limit: 2 }).map((e) => e.seq)).toEqual([5, 4]);
    expect(audit.list({ limit: 2, beforeSeq: 3 }).map((e) => e.seq)).toEqual([2, 1]);
    expect(audit.list({ from: '2000-01-01', to: '2000-01-02' })).toEqual([]);
  });
});
