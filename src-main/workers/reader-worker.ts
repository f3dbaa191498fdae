/**
 * Long reads on a worker thread (docs/decisions/0012-off-main-thread.md): the payouts CSV export and audit Verify, so
 * that the thread that answers the UI stays free while they run. Each job opens its own read-only better-sqlite3
 * connection to the workspace file (WAL: readers beside the writer; a fresh one per job, so a restored database is
 * what it reads), runs the same code as on the main thread, and reports progress as it goes.
 *
 * Verify needs the workspace's audit key to check each event's MAC: main hands it over in the job's message. It stays
 * inside this process (a worker thread shares main's memory space and never leaves it); it is never logged, and an
 * error sent back carries only SQLite's or JavaScript's message, never the job.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { ParsedInput } from '@shared/contract';
import type { AuditVerification } from '@shared/contract/model';
import { AuditLog } from '../audit/audit-log';
import type { AnchorState } from '../audit/anchor';
import { encodedPayoutsCsv, type EncodedPayoutsCsv } from '../insights/payouts-csv';
import { AuditStore } from '../storage/audit-store';
import { PayoutRepository } from '../storage/payout-repository';
import { toThreadError, type ThreadError } from './thread-errors';

export interface ReaderWorkerData {
  file: string;
  nativeBinding?: string;
}

export type ReaderJob =
  | { id: number; job: 'exportPayoutsCsv'; input: Omit<ParsedInput<'payouts.list'>, 'cursor'> }
  | { id: number; job: 'verifyAudit'; anchor: AnchorState };

export type ReaderReply =
  | { id: number; kind: 'progress'; done: number; total: number | null }
  | { id: number; kind: 'done'; value: EncodedPayoutsCsv | AuditVerification }
  | { id: number; kind: 'failed'; error: ThreadError };

const data = workerData as ReaderWorkerData;

/** Progress at most every 100 ms (and always the first and the last report). */
function reporter(id: number): (done: number, total: number | null) => void {
  let last = 0;
  return (done, total) => {
    const now = performance.now();
    if (done !== 0 && done !== total && now - last < 100) return;
    last = now;
    parentPort!.postMessage({ id, kind: 'progress', done, total } satisfies ReaderReply);
  };
}

function run(request: ReaderJob): EncodedPayoutsCsv | AuditVerification {
  const db = new Database(data.file, {
    readonly: true,
    fileMustExist: true,
    timeout: 5000,
    ...(data.nativeBinding ? { nativeBinding: data.nativeBinding } : {}),
  });
  try {
    const progress = reporter(request.id);
    switch (request.job) {
      case 'exportPayoutsCsv': {
        // Encoded here, page by page, and moved (transferred), not copied: a copy of ~50 MB of text held main's thread
        // for 100+ ms.
        return encodedPayoutsCsv(new PayoutRepository(db), request.input, progress);
      }
      case 'verifyAudit': {
        // The structured clone of a Buffer arrives as a Uint8Array.
        const anchor: AnchorState =
          request.anchor.kind === 'anchored' ? { ...request.anchor, key: Buffer.from(request.anchor.key) } : request.anchor;
        return AuditLog.verifyWithProgress(new AuditStore(db), anchor, progress);
      }
    }
  } finally {
    db.close();
  }
}

parentPort!.on('message', (request: ReaderJob) => {
  try {
    const value = run(request);
    const transfer = 'content' in value ? [value.content.buffer as ArrayBuffer] : [];
    parentPort!.postMessage({ id: request.id, kind: 'done', value } satisfies ReaderReply, transfer);
  } catch (error) {
    parentPort!.postMessage({ id: request.id, kind: 'failed', error: toThreadError(error) } satisfies ReaderReply);
  }
});
