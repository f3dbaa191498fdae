/**
 * Main's side of the reader worker (src-main/workers/reader-worker.ts): long read-only jobs (the payouts CSV export,
 * audit Verify) run there with their own connection while this thread keeps answering the UI; each job's progress
 * comes back as it runs. The worker starts with the first job and keeps the process alive only while a job runs.
 */
import type { Worker } from 'node:worker_threads';
import type { ParsedInput } from '@shared/contract';
import type { AuditVerification } from '@shared/contract/model';
import type { AnchorState } from '../audit/anchor';
import type { EncodedPayoutsCsv } from '../insights/payouts-csv';
import type { ReaderJob, ReaderReply, ReaderWorkerData } from './reader-worker';
import { startWorker } from './start-worker';
import { fromThreadError } from './thread-errors';

/** Items done of total (null while not known); `finished` on the last report, when the job's answer has arrived. */
export type JobProgress = (done: number, total: number | null, finished: boolean) => void;

type Pending = {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  progress: JobProgress;
  last: { done: number; total: number | null };
};
type JobWithoutId = ReaderJob extends infer J ? (J extends ReaderJob ? Omit<J, 'id'> : never) : never;

export class ReaderWorker {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly data: ReaderWorkerData) {}

  exportPayoutsCsv(input: Omit<ParsedInput<'payouts.list'>, 'cursor'>, progress: JobProgress): Promise<EncodedPayoutsCsv> {
    return this.run({ job: 'exportPayoutsCsv', input }, progress) as Promise<EncodedPayoutsCsv>;
  }

  verifyAudit(anchor: AnchorState, progress: JobProgress): Promise<AuditVerification> {
    return this.run({ job: 'verifyAudit', anchor }, progress) as Promise<AuditVerification>;
  }

  private run(job: JobWithoutId, progress: JobProgress): Promise<unknown> {
    const worker = this.started();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) worker.ref();
      this.pending.set(id, { resolve, reject, progress, last: { done: 0, total: null } });
      worker.postMessage({ ...job, id } as ReaderJob);
    });
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker('reader-worker', this.data);
    worker.on('message', (reply: ReaderReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      if (reply.kind === 'progress') {
        waiting.last = { done: reply.done, total: reply.total };
        waiting.progress(reply.done, reply.total, false);
        return;
      }
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      waiting.progress(waiting.last.done, waiting.last.total, true);
      if (reply.kind === 'done') waiting.resolve(reply.value);
      else waiting.reject(fromThreadError(reply.error));
    });
    // A worker that dies fails its jobs; the next job starts a new one.
    const fail = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`The background reader stopped (exit code ${code}).`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    for (const waiting of this.pending.values()) waiting.reject(new Error('Paydesk is closing.'));
    this.pending.clear();
    await worker.terminate();
  }
}
