/**
 * The SQL of the audit trail: append (in the caller's transaction, or its own), filtered lists, and an in-order walk
 * for verify and exports. The table's triggers refuse UPDATE and DELETE (migration 1). New events are of format 2:
 * hashed over every column (chain.ts) and, while the workspace's audit key is at hand, MAC'd with it.
 */
import type { Statement } from 'better-sqlite3';
import type { AuditEvent } from '@shared/contract/model';
import { GENESIS_HASH, assertNoSecrets, canonicalJson, hashEventV2, macOf } from '../audit/chain';
import type { Db } from './database';

/** Who acts: a signed-in operator (stable id + name) or Paydesk itself (id null). */
export interface Actor {
  id: string | null;
  name: string;
}

export const systemActor = (name: string): Actor => ({ id: null, name });

export interface AuditEntry {
  actor: Actor;
  action: string;
  subject: string;
  /** Before/after values and context. Never secrets: see assertNoSecrets. */
  details: Record<string, unknown>;
}

export interface AuditFilter {
  limit?: number;
  beforeSeq?: number;
  action?: string;
  subject?: string;
  /** Exactly this subject (e.g. "payout:1", which a substring match would confuse with "payout:12"). */
  exactSubject?: string;
  actor?: string;
  from?: string;
  to?: string;
}

export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  actor_id: string | null;
  os_user: string | null;
  host: string | null;
  action: string;
  subject: string;
  details: string;
  prev_hash: string;
  hash: string;
  format: number;
  mac: string | null;
}

/** An event's own fields (what it says, who and where), without its details, as the hash chain covers them. */
export function eventFields(row: AuditRow): Omit<AuditEvent, 'details' | 'prevHash' | 'hash' | 'mac'> {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    actorId: row.actor_id,
    osUser: row.os_user,
    host: row.host,
    action: row.action,
    subject: row.subject,
  };
}

export function toAuditEvent(row: AuditRow): AuditEvent {
  return {
    ...eventFields(row),
    details: JSON.parse(row.details) as Record<string, unknown>,
    prevHash: row.prev_hash,
    hash: row.hash,
    mac: row.mac,
  };
}

function nextDay(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}

/** The tables that hold an audit trail: this desk's own, and a team desktop's replica of the team's (migration 13). */
export type AuditTable = 'audit_events' | 'team_audit_events';

/**
 * What each filter of the Audit log adds to the query when it is set: its condition, whose parameter is named as the
 * filter, and how the filter's text becomes that parameter (as it is, without one).
 */
const auditConditions: [filter: Exclude<keyof AuditFilter, 'limit'>, condition: string, param?: (text: string) => string][] = [
  ['beforeSeq', 'seq < @beforeSeq'],
  ['action', 'action LIKE @action', (action) => `${action}%`],
  ['subject', 'subject LIKE @subject', (subject) => `%${subject}%`],
  ['exactSubject', 'subject = @exactSubject'],
  ['actor', 'actor LIKE @actor', (actor) => `%${actor}%`],
  ['from', 'at >= @from'],
  ['to', 'at < @to', nextDay],
];

/** One page of a trail, newest first, filtered as the Audit log asks (both trails have the same columns). */
export function listAuditEvents(db: Db, table: AuditTable, filter: AuditFilter): AuditEvent[] {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: Math.min(filter.limit ?? 100, 10_000) };
  for (const [key, condition, param] of auditConditions) {
    const value = filter[key];
    if (!value) continue;
    where.push(condition);
    params[key] = param ? param(String(value)) : value;
  }
  const sql = `SELECT * FROM ${table} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT @limit`;
  return (db.prepare(sql).all(params) as AuditRow[]).map(toAuditEvent);
}

export interface AuditStoreOptions {
  now?: () => Date;
  /** The OS account and the computer, written on every event. */
  identity?: { osUser: string; host: string };
}

export class AuditStore {
  private readonly lastStmt: Statement;
  private readonly insertStmt: Statement;
  private readonly now: () => Date;
  private readonly identity: { osUser: string | null; host: string | null };
  private key: Buffer | null = null;
  private readonly appendListeners = new Set<() => void>();

  constructor(
    private readonly db: Db,
    options: AuditStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.identity = options.identity ?? { osUser: null, host: null };
    this.lastStmt = db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1');
    this.insertStmt = db.prepare(
      `INSERT INTO audit_events (seq, at, actor, actor_id, os_user, host, action, subject, details, prev_hash, hash, format, mac)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 2, ?)`,
    );
  }

  /** The workspace's audit key (from the keychain), or null where there is none: events are then chained only. */
  useKey(key: Buffer | null): void {
    this.key = key;
  }

  /** The key to MAC with, for the writer worker's own AuditStore (src-main/workers/cache-writer-worker.ts). */
  keyForWriter(): Buffer | null {
    return this.key;
  }

  /** Another connection to this file appended (and committed) events: tells this store's listeners, as an append would. */
  appendedElsewhere(): void {
    for (const listener of this.appendListeners) listener();
  }

  /** Called after each append (outside the caller's transaction: the listener reads what was committed). */
  onAppend(listener: () => void): () => void {
    this.appendListeners.add(listener);
    return () => this.appendListeners.delete(listener);
  }

  /** Appends one event, chained to the last. Inside the caller's transaction it lands with the audited change or not at all. */
  append(entry: AuditEntry): AuditEvent {
    assertNoSecrets(entry.details);
    const event = this.db
      .transaction(() => {
        const last = this.lastStmt.get() as { seq: number; hash: string } | undefined;
        const seq = (last?.seq ?? 0) + 1;
        const prevHash = last?.hash ?? GENESIS_HASH;
        const details = JSON.parse(canonicalJson(entry.details)) as Record<string, unknown>;
        const chained = {
          seq,
          at: this.now().toISOString(),
          actor: entry.actor.name,
          actorId: entry.actor.id,
          osUser: this.identity.osUser,
          host: this.identity.host,
          action: entry.action,
          subject: entry.subject,
          details,
        };
        const hash = hashEventV2(prevHash, chained);
        const mac = this.key ? macOf(this.key, seq, hash) : null;
        this.insertStmt.run(
          seq,
          chained.at,
          chained.actor,
          chained.actorId,
          chained.osUser,
          chained.host,
          chained.action,
          chained.subject,
          canonicalJson(details),
          prevHash,
          hash,
          mac,
        );
        return { ...chained, prevHash, hash, mac } satisfies AuditEvent;
      })
      .immediate();
    for (const listener of this.appendListeners) listener();
    return event;
  }

  /** The last event as stored (what the anchor outside the database records). */
  last(): { seq: number; hash: string } | null {
    return (this.lastStmt.get() as { seq: number; hash: string } | undefined) ?? null;
  }

  /** Whether any event carries a MAC: the workspace has had an audit key. */
  firstKeyedSeq(): number | null {
    const row = this.db.prepare('SELECT min(seq) AS seq FROM audit_events WHERE mac IS NOT NULL').get() as { seq: number | null };
    return row.seq;
  }

  list(filter: AuditFilter = {}): AuditEvent[] {
    return listAuditEvents(this.db, 'audit_events', filter);
  }

  /** Every stored row in sequence order, read lazily (100,000 events never sit in memory at once). */
  rows(): IterableIterator<AuditRow> {
    return this.db.prepare('SELECT * FROM audit_events ORDER BY seq').iterate() as IterableIterator<AuditRow>;
  }

  /** How many events the trail holds (Verify's progress counts towards it). */
  count(): number {
    return this.db.prepare('SELECT count(*) FROM audit_events').pluck().get() as number;
  }

  /** Whether the triggers that refuse UPDATE and DELETE are still in place. */
  appendOnlyGuardsPresent(): boolean {
    const row = this.db
      .prepare(
        "SELECT count(*) AS n FROM sqlite_master WHERE type='trigger' AND name IN ('audit_events_no_update','audit_events_no_delete')",
      )
      .get() as { n: number };
    return row.n === 2;
  }
}
