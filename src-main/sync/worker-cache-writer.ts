/**
 * The CacheWriter of a running workspace: the cache's writes on a worker thread (src-main/workers/cache-writer-worker.ts)
 * so that the thread that answers the UI never runs a sync transaction (docs/decisions/0012-off-main-thread.md). The
 * same worker commits CSV imports (ImportWriter). Requests are answered in the order sent; a failed write comes back as
 * an error with SQLite's name and code, or as the AppError it was. A worker that stops fails what it owed, and the next
 * write starts a new one (test/integration/off-thread-writer-crash.test.ts).
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
  private readonly workerData: CacheWriterWorkerData;
  private worker: Worker | null = null;
  /** Counts the workers started: an import's parts all go to one (its staged drafts die with it). */
  private generation = 0;
  private lastStop: Error | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  constructor(options: { file: string; nativeBinding?: string; checkpointMs?: number; identity?: { osUser: string; host: string } }) {
    this.workerData = {
      file: options.file,
      checkpointMs: options.checkpointMs ?? 1000,
      ...(options.identity ? { identity: options.identity } : {}),
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    };
    this.started();
  }

  /**
   * The running worker, or a new one after the last stopped: every message is a transaction of its own, so a write
   * the dead worker did not commit is simply not there, and the next write goes to a fresh connection.
   */
  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker('cache-writer-worker', this.workerData);
    this.generation += 1;
    worker.on('message', (reply: CacheWriterReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if (reply.ok) {
        if (waiting.resource !== STAGING) countWrite(this.stats, waiting.resource, reply.ms);
        waiting.resolve(reply.value);
      } else {
        waiting.reject(fromThreadError(reply.error));
      }
    });
    const fail = (code: number | null) => {
      // A worker that was replaced already (or closed) has nothing of ours left waiting.
      if (this.worker !== worker) return;
      this.worker = null;
      // In words for the sync's status and the import's reply (the thread's own error is not shown).
      const error = new AppError(
        'DATABASE',
        `The database writer stopped unexpectedly${code === null ? '' : ` (exit code ${code})`}. What was written before is kept; try again.`,
      );
      this.lastStop = error;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', () => fail(null));
    worker.on('exit', (code) => fail(code));
    // The worker keeps the process alive only while it has writes to answer.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  /** Sends to the running worker; with `generation`, only if it is still the worker of that generation. */
  private send<T>(op: Op, args: unknown[], resource: string = op, extra: object = {}, generation?: number): Promise<T> {
    if (this.closed) return Promise.reject(new AppError('DATABASE', 'Paydesk is closing: nothing more is written.'));
    if (generation !== undefined && (this.worker === null || generation !== this.generation))
      return Promise.reject(this.lastStop ?? new Error('The database writer was replaced.'));
    const worker = this.started();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      if (this.pending.size === 0) worker.ref();
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, resource });
      worker.postMessage({ id, op, args, ...extra } as CacheWriterRequest);
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
    // Every part goes to one worker: if it stops, what it staged is gone, and a new one must not commit the rest alone.
    this.started();
    const generation = this.generation;
    const slices = new TimeSlices();
    const parts: Array<Promise<unknown>> = [];
    let at = 0;
    try {
      for (; at + IMPORT_PART < drafts.length; at += IMPORT_PART) {
        if (slices.due()) await slices.next();
        const part = this.send('stageImport', [], STAGING, { batchId, drafts: drafts.slice(at, at + IMPORT_PART) }, generation);
        part.catch(() => undefined);
        parts.push(part);
      }
      await Promise.all(parts);
    } catch (error) {
      await this.send('dropImport', [], STAGING, { batchId }, generation).catch(() => undefined);
      throw error;
    }
    return this.send(
      'importDrafts',
      [drafts.slice(at), batchId, file, note],
      'import',
      { auditKey: auditKey ? new Uint8Array(auditKey) : null },
      generation,
    );
  }
  async close(): Promise<void> {
    const worker = this.worker;
    if (this.closed) return;
    if (!worker) {
      this.closed = true;
      return;
    }
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    await this.send('close', []).catch(() => undefined);
    this.closed = true;
    this.worker = null;
    await worker.terminate();
    await exited.catch(() => undefined);
  }
}
