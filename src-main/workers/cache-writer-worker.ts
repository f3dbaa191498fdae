/**
 * The database writer on a worker thread (docs/decisions/0012-off-main-thread.md): its own better-sqlite3 connection
 * to the same file (WAL: this writer beside the main thread's readers), one transaction per message, answered in
 * order. It writes the sync's pages through the same CacheRepository, and commits CSV imports through the same
 * SqliteWorkflowStore with its own AuditStore (the import's audit event lands in the import's transaction; every
 * append reads the chain's last event inside an IMMEDIATE transaction, so appends from both connections stay one
 * sequence). It also checkpoints the WAL every second, PASSIVE (never waiting for readers), so that no commit on either
 * thread pays for a checkpoint.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { AuditStore } from '../storage/audit-store';
import { CacheRepository } from '../storage/cache-repository';
import { SqliteWorkflowStore } from '../storage/sqlite-workflow-store';
import type { ImportedDraft } from '../storage/workflow-store';
import { toThreadError, type ThreadError } from './thread-errors';

export interface CacheWriterWorkerData {
  file: string;
  nativeBinding?: string;
  checkpointMs: number;
  /** The OS account and the computer, written on the audit events this writer appends (as main's AuditStore does). */
  identity?: { osUser: string; host: string };
}

export type CacheWriterRequest =
  | { id: number; op: 'writePages'; args: Parameters<CacheRepository['writePages']> }
  | { id: number; op: 'completeSync'; args: Parameters<CacheRepository['completeSync']> }
  | { id: number; op: 'recordSyncError'; args: Parameters<CacheRepository['recordSyncError']> }
  | { id: number; op: 'relinkPeople'; args: [] }
  /** Part of an import's drafts, kept here until its importDrafts (sent in parts: one clone of 50,000 held main 160 ms). */
  | { id: number; op: 'stageImport'; batchId: string; drafts: ImportedDraft[] }
  | { id: number; op: 'dropImport'; batchId: string }
  | {
      id: number;
      op: 'importDrafts';
      /** The drafts in args are the last part: those staged for this batch (stageImport) come first. */
      args: Parameters<SqliteWorkflowStore['importDraftsHere']>;
      /** The workspace's audit key as main holds it now (null: events are chained only). */
      auditKey: Uint8Array | null;
    }
  | { id: number; op: 'close'; args: [] };

export type CacheWriterReply =
  | { id: number; ok: true; value: unknown; ms: number }
  | {
      id: number;
      ok: false;
      /** SQLite's error name and code; an AppError's code and field errors, so main refuses with the same message. */
      error: ThreadError;
    };

const data = workerData as CacheWriterWorkerData;
const db = new Database(data.file, { timeout: 5000, ...(data.nativeBinding ? { nativeBinding: data.nativeBinding } : {}) });
db.pragma('journal_mode = WAL');
db.pragma('foreign_keys = ON');
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');
db.pragma('wal_autocheckpoint = 0');
const cache = new CacheRepository(db);
const audit = new AuditStore(db, data.identity ? { identity: data.identity } : {});
// The import's one transaction only; nothing else of the workflow runs here (polling is main's).
const imports = new SqliteWorkflowStore(db, audit, { now: () => new Date(), pollBaseMs: () => 0 });
const staged = new Map<string, ImportedDraft[]>();
const checkpoint = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // A busy database is checkpointed on the next tick.
  }
}, data.checkpointMs);
checkpoint.unref();

parentPort!.on('message', (request: CacheWriterRequest) => {
  const t = performance.now();
  try {
    let value: unknown;
    switch (request.op) {
      case 'writePages':
        value = cache.writePages(...request.args);
        break;
      case 'completeSync':
        value = cache.completeSync(...request.args);
        break;
      case 'recordSyncError':
        value = cache.recordSyncError(...request.args);
        break;
      case 'relinkPeople':
        value = cache.relinkPeople();
        break;
      case 'stageImport': {
        const drafts = staged.get(request.batchId) ?? [];
        for (const draft of request.drafts) drafts.push(draft);
        staged.set(request.batchId, drafts);
        break;
      }
      case 'dropImport':
        staged.delete(request.batchId);
        break;
      case 'importDrafts': {
        const [more, batchId, file, note] = request.args;
        const drafts = staged.get(batchId) ?? [];
        staged.delete(batchId);
        for (const draft of more) drafts.push(draft);
        audit.useKey(request.auditKey ? Buffer.from(request.auditKey) : null);
        value = imports.importDraftsHere(drafts, batchId, file, note);
        break;
      }
      case 'close':
        clearInterval(checkpoint);
        try {
          db.pragma('wal_checkpoint(PASSIVE)');
        } finally {
          db.close();
        }
        break;
    }
    parentPort!.postMessage({ id: request.id, ok: true, value: value ?? null, ms: performance.now() - t } satisfies CacheWriterReply);
  } catch (error) {
    parentPort!.postMessage({ id: request.id, ok: false, error: toThreadError(error) } satisfies CacheWriterReply);
  }
});
