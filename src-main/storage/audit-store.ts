/**
 * The SQL of the audit trail: append (in the caller's transaction, or its own), filtered lists, and an in-order walk
 * for verify and exports. The table's triggers refuse UPDATE and DELETE (migration 1).
 */
import type { Statement } from 'better-sqlite3';
import type { AuditEvent } from '@shared/contract/model';
import { GENESIS_HASH, assertNoSecrets, canonicalJson, hashEvent } from '../audit/chain';
import type { Db } from './database';

export interface AuditEntry {
  actor: string;
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
  action: string;
  subject: string;
  details: string;
  prev_hash: string;
  hash: string;
}

export function toAuditEvent(row: AuditRow): AuditEvent {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    details: JSON.parse(row.details) as Record<string, unknown>,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

function nextDay(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}

export class AuditStore {
  private readonly lastStmt: Statement;
  private readonly insertStmt: Statement;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.lastStmt = db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1');
    this.insertStmt = db.prepare(
      'INSERT INTO audit_events (seq, at, actor, action, subject, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
  }

  /** Appends one event, chained to the last. Inside the caller's transaction it lands with the audited change or not at all. */
  append(entry: AuditEntry): AuditEvent {
    assertNoSecrets(entry.details);
    return this.db
      .transaction(() => {
        const last = this.lastStmt.get() as { seq: number; hash: string } | undefined;
        const seq = (last?.seq ?? 0) + 1;
        const prevHash = last?.hash ?? GENESIS_HASH;
        const details = JSON.parse(canonicalJson(entry.details)) as Record<string, unknown>;
        const event = { seq, at: this.now().toISOString(), actor: entry.actor, action: entry.action, subject: entry.subject, details };
        const hash = hashEvent(prevHash, event);
        this.insertStmt.run(seq, event.at, event.actor, event.action, event.subject, canonicalJson(details), prevHash, hash);
        return { ...event, prevHash, hash };
      })
      .immediate();
  }

  list(filter: AuditFilter = {}): AuditEvent[] {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: Math.min(filter.limit ?? 100, 10_000) };
    if (filter.beforeSeq) {
      where.push('seq < @beforeSeq');
      params.beforeSeq = filter.beforeSeq;
    }
    if (filter.action) {
      where.push('action LIKE @action');
      params.action = `${filter.action}%`;
    }
    if (filter.subject) {
      where.push('subject LIKE @subject');
      params.subject = `%${filter.subject}%`;
    }
    if (filter.exactSubject) {
      where.push('subject = @exactSubject');
      params.exactSubject = filter.exactSubject;
    }
    if (filter.actor) {
      where.push('actor LIKE @actor');
      params.actor = `%${filter.actor}%`;
    }
    if (filter.from) {
      where.push('at >= @from');
      params.from = filter.from;
    }
    if (filter.to) {
      where.push('at < @to');
      params.to = nextDay(filter.to);
    }
    const sql = `SELECT * FROM audit_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT @limit`;
    return (this.db.prepare(sql).all(params) as AuditRow[]).map(toAuditEvent);
  }

  /** Every stored row in sequence order, read lazily (100,000 events never sit in memory at once). */
  rows(): IterableIterator<AuditRow> {
    return this.db.prepare('SELECT * FROM audit_events ORDER BY seq').iterate() as IterableIterator<AuditRow>;
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
