/**
 * The sync's page reader on a worker thread (docs/decisions/0012-off-main-thread.md): it fetches each listing page,
 * parses and checks the reply and maps it to Paydesk's shapes, so that none of that (HTTP writes and reads, JSON,
 * schema checks, the garbage they leave) runs on the thread that answers the UI while a sync runs.
 *
 * Each run opens a reader with the connection's client config, secrets included: main loads them from the keychain
 * and hands them over in the message, inside this process (a worker thread shares main's memory space and never leaves
 * it), as it hands the audit key to Verify. Here they go into this reader's own client and redactor only; they are
 * never logged, stored or sent back. Every error of the client is redacted here (redactingClient) before it crosses
 * back, and again on main with the connection's redactor.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ProviderId, SyncResource } from '@shared/contract/model';
import type { HttpOptions } from '../providers/http';
import type { ClientConfig, ListOptions, Page, ProviderClient } from '../providers/provider';
import { redactingClient } from '../providers/redacting-client';
import { SecretRedactor } from '../providers/redaction';
import { providerModule } from '../providers/registry';
import { takeAsJson } from '../sync/cache-writer';
import { listPage } from '../sync/page-source';
import { toThreadError, type ThreadError } from './thread-errors';

/** The HTTP layer's settings that can cross to a thread (its functions cannot: a workspace that injects them reads inline). */
export type ThreadHttpOptions = Partial<Omit<HttpOptions, 'fetch' | 'sleep' | 'random'>>;

export interface SyncReaderWorkerData {
  http: ThreadHttpOptions;
}

export type SyncReaderRequest =
  | { op: 'open'; readerId: number; provider: ProviderId; config: Omit<ClientConfig, 'http' | 'redactor'> }
  | { op: 'list'; id: number; readerId: number; resource: SyncResource; options: ListOptions }
  | { op: 'close'; readerId: number };

export type SyncReaderReply = { id: number; ok: true; page: Page<unknown> } | { id: number; ok: false; error: ThreadError };

const data = workerData as SyncReaderWorkerData;
/** Each run's client, built when its reader opens (an error building it is that reader's first reply). */
const readers = new Map<number, { client: ProviderClient } | { error: unknown }>();

function open(request: Extract<SyncReaderRequest, { op: 'open' }>): void {
  const redactor = new SecretRedactor(Object.values(request.config.secrets));
  try {
    const module = providerModule(request.provider);
    const client = redactingClient(redactor, () => module.createClient({ ...request.config, http: data.http, redactor }));
    readers.set(request.readerId, { client });
  } catch (error) {
    readers.set(request.readerId, { error });
  }
}

async function list(request: Extract<SyncReaderRequest, { op: 'list' }>): Promise<Page<unknown>> {
  const reader = readers.get(request.readerId);
  if (!reader) throw new Error('The sync reader was closed.');
  if ('error' in reader) throw reader.error;
  // Each provider object as JSON text: a smaller thing to copy to main and on to the writer than the parsed tree.
  return takeAsJson(await listPage(reader.client, request.resource, request.options));
}

parentPort!.on('message', (request: SyncReaderRequest) => {
  switch (request.op) {
    case 'open':
      open(request);
      break;
    case 'close':
      readers.delete(request.readerId);
      break;
    case 'list':
      list(request).then(
        (page) => parentPort!.postMessage({ id: request.id, ok: true, page } satisfies SyncReaderReply),
        (error: unknown) => parentPort!.postMessage({ id: request.id, ok: false, error: toThreadError(error) } satisfies SyncReaderReply),
      );
      break;
  }
});
