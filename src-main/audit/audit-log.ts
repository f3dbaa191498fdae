/**
 * The append-only, hash-chained and anchored audit trail: append, list, verify and export. Each event's hash covers
 * the previous event's hash and a canonical encoding of the event (chain.ts); each event since the workspace got its
 * key carries a MAC under that key; the chain head is kept in the keychain too (anchor.ts). Verify tells apart an
 * intact trail, the first event whose hash or MAC fails, events missing after #N, a forged event, and a missing key.
 * The SQL is in src-main/storage/audit-store.ts.
 */
import Papa from 'papaparse';
import type { AuditBreak, AuditEvent, AuditVerification, ExportFile } from '@shared/contract/model';
import { eventFields, toAuditEvent, type AuditEntry, type AuditFilter, type AuditRow, type AuditStore } from '../storage/audit-store';
import type { AnchorState } from './anchor';
import { GENESIS_HASH, canonicalJson, hashEvent, hashEventV2Text, macOf } from './chain';

export type { AuditEntry, AuditFilter };
export { GENESIS_HASH, hashEvent };

/**
 * Recomputes a stored row's hash the way it was written: format 1 (before operators) over the parsed details, format 2
 * over the stored details text itself (written as canonical JSON, so any changed byte breaks the hash).
 */
export function rowHash(prevHash: string, row: AuditRow, details: Record<string, unknown>): string {
  return row.format === 1
    ? hashEvent(prevHash, { seq: row.seq, at: row.at, actor: row.actor, action: row.action, subject: row.subject, details })
    : hashEventV2Text(prevHash, eventFields(row), row.details);
}

/**
 * Walks rows in sequence order against the chain, the key and the head. Shared by Verify on the live database, on a
 * backup, and by the command that verifies an exported file (scripts/verify-audit-export.ts).
 */
export function verifyRows(rows: Iterable<AuditRow>, anchor: AnchorState, guardsPresent: boolean): AuditVerification {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  const key = anchor.kind === 'anchored' ? anchor.key : null;
  const head = anchor.kind === 'anchored' ? anchor.head : null;
  const keyedFrom = head?.keyedFrom ?? 1;
  let headMatched = !head || head.seq === 0;
  const broken = (brokenSeq: number, kind: AuditBreak, reason: string): AuditVerification => ({
    intact: false,
    anchored: anchor.kind === 'anchored',
    checked,
    brokenSeq,
    kind,
    reason,
  });
  for (const row of rows) {
    if (row.seq !== expectedSeq) return broken(expectedSeq, 'missing', `event ${expectedSeq} is missing`);
    let details: Record<string, unknown>;
    try {
      details = JSON.parse(row.details) as Record<string, unknown>;
    } catch {
      return broken(row.seq, 'unreadable', `event ${row.seq} has unreadable details`);
    }
    if (row.prev_hash !== prevHash) return broken(row.seq, 'changed', `event ${row.seq} does not follow event ${row.seq - 1}`);
    if (rowHash(prevHash, row, details) !== row.hash)
      return broken(row.seq, 'changed', `event ${row.seq} was changed after it was written`);
    if (key && row.seq >= keyedFrom) {
      if (row.format !== 2 || !row.mac || row.mac !== macOf(key, row.seq, row.hash)) {
        return broken(
          row.seq,
          'forged',
          `event ${row.seq} does not carry the workspace key's MAC: it was written or rewritten by something other than Paydesk`,
        );
      }
    }
    if (head && row.seq === head.seq) {
      if (row.hash !== head.hash) {
        return broken(
          row.seq,
          'changed',
          `event ${row.seq} no longer matches the chain head kept in the keychain: the trail was rewritten`,
        );
      }
      headMatched = true;
    }
    prevHash = row.hash;
    expectedSeq += 1;
    checked += 1;
  }
  if (!guardsPresent) return broken(expectedSeq, 'guards_removed', 'the append-only protection of the audit table was removed');
  if (anchor.kind === 'key_missing') return broken(expectedSeq, 'key_missing', anchor.reason);
  if (head && (!headMatched || head.seq > checked)) {
    return broken(
      checked + 1,
      'truncated',
      `events after #${checked} are missing: the chain head kept in the keychain says the trail reached #${head.seq}`,
    );
  }
  if (anchor.kind === 'unavailable') return { intact: true, anchored: false, checked, reason: anchor.reason };
  return { intact: true, anchored: true, checked, anchoredThrough: Math.max(head?.seq ?? 0, checked) };
}

export interface AuditExportHeader {
  type: 'paydesk-audit-export';
  version: 2;
  workspaceId: string;
  exportedAt: string;
  events: number;
}

/** Verifies the trail elsewhere (the reader worker, src-main/workers/reader.ts) against this anchor. */
export type OffThreadVerify = (anchor: AnchorState) => Promise<AuditVerification>;

export class AuditLog implements AuditTrail {
  constructor(
    private readonly store: AuditStore,
    private readonly anchor: () => AnchorState = () => ({ kind: 'unavailable', reason: 'This audit trail has no anchor.' }),
    private readonly workspaceId: () => string = () => '',
    private readonly offThreadVerify?: OffThreadVerify,
  ) {}

  /** Appends one event. Call inside the transaction that makes the audited change so both land or neither. */
  append(entry: AuditEntry): AuditEvent {
    return this.store.append(entry);
  }

  list(filter: AuditFilter = {}): AuditEvent[] {
    return this.store.list(filter);
  }

  /** Verify on this thread and this connection (a backup's trail, and inside a caller's transaction). */
  verify(): AuditVerification {
    return verifyRows(this.store.rows(), this.anchor(), this.store.appendOnlyGuardsPresent());
  }

  /** Verify for the UI: on the reader worker when there is one (the same verifyRows over its own connection). */
  verifyCommitted(): Promise<AuditVerification> {
    return this.offThreadVerify ? this.offThreadVerify(this.anchor()) : Promise.resolve(this.verify());
  }

  /** Verify walking the rows with a report every `every` events (the reader worker's progress). */
  static verifyWithProgress(store: AuditStore, anchor: AnchorState, onProgress: (done: number, total: number) => void, every = 2_000) {
    const total = store.count();
    onProgress(0, total);
    let done = 0;
    function* counted(rows: Iterable<AuditRow>) {
      for (const row of rows) {
        yield row;
        done += 1;
        if (done % every === 0) onProgress(done, total);
      }
    }
    const verdict = verifyRows(counted(store.rows()), anchor, store.appendOnlyGuardsPresent());
    onProgress(total, total);
    return verdict;
  }

  /** The whole trail as a file the renderer offers for download (JSON Lines can be verified again with the key). */
  exportFile(format: 'csv' | 'jsonl'): ExportFile {
    return auditExportFile(() => this.store.rows(), this.workspaceId(), format);
  }

  /** A header line (which workspace, hence which key), then one event per line with its hash and MAC. */
  exportJsonLines(): string {
    return auditJsonLines(this.store.rows(), this.workspaceId());
  }

  exportCsv(): string {
    return auditCsv(this.store.rows());
  }
}

/** What the Audit log, a payout's history, Verify and the exports read: the desk's own trail, or a team's replica. */
export interface AuditTrail {
  list(filter?: AuditFilter): AuditEvent[];
  /** Verify as the UI asks for it: off the thread that answers the UI where it can be. */
  verifyCommitted(): Promise<AuditVerification>;
  exportFile(format: 'csv' | 'jsonl'): ExportFile;
}

/** A trail as a file to download: CSV to read, JSON Lines (with a header naming the workspace) to verify again. */
export function auditExportFile(rows: () => Iterable<AuditRow>, workspaceId: string, format: 'csv' | 'jsonl'): ExportFile {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return format === 'csv'
    ? { fileName: `paydesk-audit-${stamp}.csv`, mimeType: 'text/csv', content: auditCsv(rows()) }
    : { fileName: `paydesk-audit-${stamp}.jsonl`, mimeType: 'application/x-ndjson', content: auditJsonLines(rows(), workspaceId) };
}

/** A header line (which workspace, hence which key), then one event per line with its hash and MAC. */
export function auditJsonLines(rows: Iterable<AuditRow>, workspaceId: string): string {
  const lines: string[] = [];
  for (const row of rows) lines.push(canonicalJson({ ...toAuditEvent(row), format: row.format }));
  const header: AuditExportHeader = {
    type: 'paydesk-audit-export',
    version: 2,
    workspaceId,
    exportedAt: new Date().toISOString(),
    events: lines.length,
  };
  return `${[canonicalJson(header), ...lines].join('\n')}\n`;
}

const CSV_COLUMNS = [
  'seq',
  'at',
  'actor',
  'actor_id',
  'os_user',
  'host',
  'action',
  'subject',
  'details',
  'prev_hash',
  'hash',
  'format',
  'mac',
] as const;

export function auditCsv(rows: Iterable<AuditRow>): string {
  const records = [...rows].map((r) => Object.fromEntries(CSV_COLUMNS.map((c) => [c, r[c]])));
  return Papa.unparse(records, { columns: [...CSV_COLUMNS], escapeFormulae: true });
}
