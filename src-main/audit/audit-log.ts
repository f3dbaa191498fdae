/**
 * The append-only, hash-chained audit trail: append, list, verify and export. Each event's hash covers the previous
 * event's hash and a canonical encoding of the event (chain.ts), so changing, removing or reordering any stored row
 * breaks the chain at that row; the table's triggers refuse UPDATE and DELETE, and verify() detects edits made around
 * them. The SQL is in src-main/storage/audit-store.ts.
 */
import Papa from 'papaparse';
import type { AuditEvent, AuditVerification, ExportFile } from '@shared/contract/model';
import { toAuditEvent, type AuditEntry, type AuditFilter, type AuditStore } from '../storage/audit-store';
import { GENESIS_HASH, canonicalJson, hashEvent } from './chain';

export type { AuditEntry, AuditFilter };
export { GENESIS_HASH, hashEvent };

export class AuditLog {
  constructor(private readonly store: AuditStore) {}

  /** Appends one event. Call inside the transaction that makes the audited change so both land or neither. */
  append(entry: AuditEntry): AuditEvent {
    return this.store.append(entry);
  }

  list(filter: AuditFilter = {}): AuditEvent[] {
    return this.store.list(filter);
  }

  /** Walks the whole chain in order; reports the first sequence number whose row does not match. */
  verify(): AuditVerification {
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    let checked = 0;
    for (const row of this.store.rows()) {
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
    if (!this.store.appendOnlyGuardsPresent()) {
      return { intact: false, checked, brokenSeq: expectedSeq, reason: 'the append-only protection of the audit table was removed' };
    }
    return { intact: true, checked };
  }

  /** The whole trail as a file the renderer offers for download (JSON Lines can be verified again). */
  exportFile(format: 'csv' | 'jsonl'): ExportFile {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    return format === 'csv'
      ? { fileName: `paydesk-audit-${stamp}.csv`, mimeType: 'text/csv', content: this.exportCsv() }
      : { fileName: `paydesk-audit-${stamp}.jsonl`, mimeType: 'application/x-ndjson', content: this.exportJsonLines() };
  }

  exportJsonLines(): string {
    const lines: string[] = [];
    for (const row of this.store.rows()) lines.push(canonicalJson(toAuditEvent(row)));
    return lines.length ? `${lines.join('\n')}\n` : '';
  }

  exportCsv(): string {
    const rows = [...this.store.rows()].map((r) => ({
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
