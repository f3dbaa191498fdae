import { createHash } from 'node:crypto';
import Papa from 'papaparse';
import type { AuditEvent, AuditVerification } from '@shared/contract/model';
import type { Db } from '../storage/database';
import { canonicalJson } from './canonical';

export const GENESIS_HASH = '0'.repeat(64);

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

interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  details: string;
  prev_hash: string;
  hash: string;
}

// Names of fields that hold secrets anywhere in Paydesk. Exact names, so that e.g. "tokenUrl" stays allowed.
const SECRET_KEY =
  /^(secret|secrets|password|passphrase|api[-_]?key|private[-_]?key|client[-_]?secret|(access|session|refresh|bearer)?[-_]?token|authorization|credentials)$/i;

/** Refuses details that carry something named like a secret; a bug here must fail loudly, not leak. */
export function assertNoSecrets(value: unknown, path = 'details'): void {
  if (value === null || typeof value !== 'object') return;
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (SECRET_KEY.test(key) && inner !== null && inner !== undefined && typeof inner !== 'boolean') {
      throw new Error(`audit ${path}.${key} looks like a secret; record only whether it changed`);
    }
    assertNoSecrets(inner, `${path}.${key}`);
  }
}

export function hashEvent(prevHash: string, event: Omit<AuditEvent, 'hash' | 'prevHash'>): string {
  const body = canonicalJson({
    seq: event.seq,
    at: event.at,
    actor: event.actor,
    action: event.action,
    subject: event.subject,
    details: event.details,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/**
 * Append-only, hash-chained audit trail. Each event's hash covers the previous event's hash and a canonical
 * encoding of the event, so changing, removing or reordering any stored row breaks the chain at that row.
 * The table's triggers refuse UPDATE and DELETE; verify() detects edits made around them.
 */
export class AuditLog {
  private readonly lastStmt;
  private readonly insertStmt;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.lastStmt = db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1');
    this.insertStmt = db.prepare(
      'INSERT INTO audit_events (seq, at, actor, action, subject, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
  }

  /** Appends one event. Call inside the transaction that makes the audited change so both land or neither. */
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
    return (this.db.prepare(sql).all(params) as AuditRow[]).map(toEvent);
  }

  /** Walks the whole chain in order; reports the first sequence number whose row does not match. */
  verify(): AuditVerification {
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    let checked = 0;
    const triggers = this.db
      .prepare(
        "SELECT count(*) AS n FROM sqlite_master WHERE type='trigger' AND name IN ('audit_events_no_update','audit_events_no_delete')",
      )
      .get() as { n: number };
    for (const row of this.db.prepare('SELECT * FROM audit_events ORDER BY seq').iterate() as IterableIterator<AuditRow>) {
      if (row.seq !== expectedSeq) {
        return { intact: false, checked, brokenSeq: expectedSeq, reason: `event ${expectedSeq} is missing` };
      }
      let details: Record<string, unknown>;
      try {
        details = JSON.parse(row.details) as Record<string, unknown>;
      } catch {
        return { intact: false, checked, brokenSeq: row.seq, reason: `event ${row.seq} has unreadable details` };
      }
      if (row.prev_hash !== prevHash) {
        return { intact: false, checked, brokenSeq: row.seq, reason: `event ${row.seq} does not follow event ${row.seq - 1}` };
      }
      const recomputed = hashEvent(prevHash, {
        seq: row.seq,
        at: row.at,
        actor: row.actor,
        action: row.action,
        subject: row.subject,
        details,
      });
      if (recomputed !== row.hash) {
        return { intact: false, checked, brokenSeq: row.seq, reason: `event ${row.seq} was changed after it was written` };
      }
      prevHash = row.hash;
      expectedSeq += 1;
      checked += 1;
    }
    if (triggers.n !== 2) {
      return { intact: false, checked, brokenSeq: expectedSeq, reason: 'the append-only protection of the audit table was removed' };
    }
    return { intact: true, checked };
  }

  exportJsonLines(): string {
    const lines: string[] = [];
    for (const row of this.db.prepare('SELECT * FROM audit_events ORDER BY seq').iterate() as IterableIterator<AuditRow>) {
      lines.push(canonicalJson(toEvent(row)));
    }
    return lines.length ? `${lines.join('\n')}\n` : '';
  }

  exportCsv(): string {
    const rows = (this.db.prepare('SELECT * FROM audit_events ORDER BY seq').all() as AuditRow[]).map((r) => ({
      seq: r.seq,
      at: r.at,
      actor: r.actor,
      action: r.action,
      subject: r.subject,
      details: r.details,
      prev_hash: r.prev_hash,
      hash: r.hash,
    }));
    return Papa.unparse(rows, {
      columns: ['seq', 'at', 'actor', 'action', 'subject', 'details', 'prev_hash', 'hash'],
      escapeFormulae: true,
    });
  }
}

function toEvent(row: AuditRow): AuditEvent {
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
