/**
 * The CacheWriter of a running workspace: the cache's writes on a worker thread (src-main/workers/cache-writer-worker.ts)
 * so that the thread that answers the UI never runs a sync transaction (docs/decisions/0012-off-main-thread.md). The
 * same worker commits CSV imports (ImportWriter). Requests are answered in the order sent; a failed write comes back as
 * an error with SQLite's name and code, or as the AppError it was.
 */
import type { Worker } from 'node:worker_threads';
import { AppError } from '../errors';
import type { Page } from '../providers/provider';
import type { WriteOutcome } from '../storage/cache-repository';
import type { ImportWriter } from '../storage/sqlite-workflow-store';
import type { CacheWriterReply, CacheWriterRequest, CacheWriterWorkerData } from '../workers/cache-writer-worker';
import { startWorker } from '../workers/start-worker';
import { fromThreadError } from '../workers/thread-errors';
import { TimeSlices } from '../workers/time-slices';
import { countWrite, takeAsJson, type CacheWriter } from './cache-writer';

/** Drafts per message of an import sent to the writer. */
const IMPORT_PART = 1_000;
/** The resource of the import's parts: messages, not transactions, so they are not counted in `stats`. */
const STAGING = 'import staging';

type Op = CacheWriterRequest['op'];
type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void; resource: string };

export class WorkerCacheWriter implements CacheWriter, ImportWriter {
  readonly stats: CacheWriter['stats'] = {};
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failed: Error | null = null;

  constructor(options: { file: string; nativeBinding?: string; checkpointMs?: number; identity?: { osUser: string; host: string } }) {
    const workerData: CacheWriterWorkerData = {
      file: options.file,
      checkpointMs: options.checkpointMs ?? 1000,
      ...(options.identity ? { identity: options.identity } : {}),
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    };
    this.worker = startWorker('cache-writer-worker', workerData);
    this.worker.on('message', (reply: CacheWriterReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) this.worker.unref();
      if (reply.ok) {
        if (waiting.resource !== STAGING) countWrite(this.stats, waiting.resource, reply.ms);
        waiting.resolve(reply.value);
      } else {
        waiting.reject(fromThreadError(reply.error));
      }
    });
    const fail = (error: Error) => {
      this.failed ??= error;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    // In words for the sync's status and the import's reply; every write after it fails the same way until a restart.
    const stopped = (code: number | null) =>
      new AppError(
        'DATABASE',
        `The database writer stopped unexpectedly${code === null ? '' : ` (exit code ${code})`}. What was written is kept; restart Paydesk to write again.`,
      );
    this.worker.on('error', () => fail(stopped(null)));
    this.worker.on('exit', (code) => fail(stopped(code)));
    // The worker keeps the process alive only while it has writes to answer.
    this.worker.unref();
  }

  private send<T>(op: Op, args: unknown[], resource: string = op, extra: object = {}): Promise<T> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, resource });
      this.worker.postMessage({ id, op, args, ...extra } as CacheWriterRequest);
    });
  }

  /** Each item's provider object as JSON text while the page waits (CacheWriter.holdPage, docs/performance.md). */
  holdPage(page: Page<unknown>): Page<unknown> {
    return takeAsJson(page);
  }
  writePages(...args: Parameters<CacheWriter['writePages']>): Promise<WriteOutcome> {
    return this.send('writePages', args, args[1]);
  }
  completeSync(...args: Parameters<CacheWriter['completeSync']>): Promise<void> {
    return this.send('completeSync', args, args[1]);
  }
  recordSyncError(...args: Parameters<CacheWriter['recordSyncError']>): Promise<void> {
    return this.send('recordSyncError', args, args[1]);
  }
  relinkPeople(): Promise<void> {
    return this.send('relinkPeople', [], 'people');
  }
  /**
   * The drafts go over in parts of IMPORT_PART, in slices of the event loop (a structured clone of 50,000 drafts in one
   * message held this thread for ~160 ms); the worker keeps them until the last message, which commits them all in
   * one transaction.
   */
  async importDrafts(...args: Parameters<ImportWriter['importDrafts']>): Promise<number[]> {
    const [drafts, batchId, file, note, auditKey] = args;
    const slices = new TimeSlices();
    const parts: Array<Promise<unknown>> = [];
    let at = 0;
    try {
      for (; at + IMPORT_PART < drafts.length; at += IMPORT_PART) {
        if (slices.due()) await slices.next();
        const part = this.send('stageImport', [], STAGING, { batchId, drafts: drafts.slice(at, at + IMPORT_PART) });
        part.catch(() => undefined);
        parts.push(part);
      }
      await Promise.all(parts);
    } catch (error) {
      await this.send('dropImport', [], STAGING, { batchId }).catch(() => undefined);
      throw error;
    }
    return this.send('importDrafts', [drafts.slice(at), batchId, file, note], 'import', {
      auditKey: auditKey ? new Uint8Array(auditKey) : null,
    });
  }
  async close(): Promise<void> {
    if (this.failed) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    await this.send('close', []).catch(() => undefined);
    await this.worker.terminate();
    await exited.catch(() => undefined);
  }
}
