/**
 * The PageSource of a running workspace: the sync's pages are fetched, parsed and mapped on a worker thread
 * (src-main/workers/sync-reader-worker.ts), so that the thread that answers the UI only hands each page on to the
 * writer (docs/decisions/0012-off-main-thread.md). The connection's config, secrets included, is loaded from the
 * keychain here and handed to the worker when a run opens its reader; errors come back as the ProviderError or
 * AppError they were, redacted on the worker and again here with the connection's redactor.
 */
import type { Worker } from 'node:worker_threads';
import type { ProviderClients } from '../connections/provider-clients';
import { AppError } from '../errors';
import { redactError } from '../providers/http';
import type { Page } from '../providers/provider';
import { startWorker } from '../workers/start-worker';
import type { SyncReaderReply, SyncReaderRequest, SyncReaderWorkerData, ThreadHttpOptions } from '../workers/sync-reader-worker';
import { fromThreadError } from '../workers/thread-errors';
import type { PageReader, PageSource } from './page-source';

type Waiting = { resolve: (page: Page<unknown>) => void; reject: (error: Error) => void; readerId: number };

export class WorkerPageSource implements PageSource {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private nextReaderId = 1;
  private closed = false;

  constructor(
    private readonly clients: ProviderClients,
    private readonly http: ThreadHttpOptions = {},
  ) {}

  /** Started at the first sync; it keeps the process alive only while it has pages to answer. */
  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker('sync-reader-worker', { http: this.http } satisfies SyncReaderWorkerData);
    worker.on('message', (reply: SyncReaderReply) => {
      const waiting = this.waiting.get(reply.id);
      if (!waiting) return;
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) worker.unref();
      if (reply.ok) waiting.resolve(reply.page);
      else waiting.reject(fromThreadError(reply.error));
    });
    // A worker that died fails the pages it owed (those runs end with the error); the next run starts a new one.
    const fail = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      for (const waiting of this.waiting.values()) waiting.reject(error);
      this.waiting.clear();
    };
    // Said in words for the sync's status (the thread's own error is not shown: it ran with the connection's secrets).
    const stopped = (code: number | null) =>
      new AppError(
        'INTERNAL',
        `The sync reader stopped unexpectedly${code === null ? '' : ` (exit code ${code})`}. What was synced is kept; sync again to go on from there.`,
      );
    worker.on('error', () => fail(stopped(null)));
    worker.on('exit', (code) => fail(stopped(code)));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private post(request: SyncReaderRequest): void {
    this.started().postMessage(request);
  }

  async open(connectionId: string): Promise<PageReader> {
    if (this.closed) throw new Error('The sync reader was closed.');
    const { provider, config } = await this.clients.configFor(connectionId);
    const readerId = this.nextReaderId++;
    this.post({ op: 'open', readerId, provider, config });
    const redactor = this.clients.redaction.forConnection(connectionId);
    let closed = false;
    return {
      list: (resource, options) => {
        if (closed || this.closed) return Promise.reject(new Error('The sync reader was closed.'));
        const id = this.nextId++;
        const page = new Promise<Page<unknown>>((resolve, reject) => {
          if (this.waiting.size === 0) this.worker?.ref();
          this.waiting.set(id, { resolve, reject, readerId });
        });
        this.post({ op: 'list', id, readerId, resource, options });
        return page.catch((error: unknown) => {
          throw redactError(redactor, error);
        });
      },
      close: () => {
        if (closed) return;
        closed = true;
        this.post({ op: 'close', readerId });
        // Requests still on their way are answered no more: the run has moved on without them.
        for (const [id, waiting] of this.waiting) {
          if (waiting.readerId !== readerId) continue;
          this.waiting.delete(id);
          waiting.reject(new Error('The sync reader was closed.'));
        }
        if (this.waiting.size === 0) this.worker?.unref();
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    for (const waiting of this.waiting.values()) waiting.reject(new Error('Paydesk is closing.'));
    this.waiting.clear();
    await worker?.terminate();
  }
}
