/**
 * Where the sync reads its pages: one small interface, so that the pages of a running workspace are fetched, parsed
 * and mapped on a worker thread (src-main/sync/worker-page-source.ts, docs/decisions/0012-off-main-thread.md) while
 * tests of the sync, and a workspace whose HTTP functions are injected, read them on the calling thread.
 */
import type { SyncResource } from '@shared/contract/model';
import type { ListOptions, Page, ProviderClient } from '../providers/provider';

/** One run's reader of one connection's listings. */
export interface PageReader {
  list(resource: SyncResource, options: ListOptions): Promise<Page<unknown>>;
  /** The run is over (finished, failed or cancelled): requests still on their way are dropped. */
  close(): void;
}

export interface PageSource {
  /** A reader for one run of a connection; `client` is the connection's client on this thread. */
  open(connectionId: string, client: ProviderClient): Promise<PageReader>;
  close(): Promise<void>;
}

/** A resource's page through a client. */
export function listPage(client: ProviderClient, resource: SyncResource, options: ListOptions): Promise<Page<unknown>> {
  return resource === 'creators'
    ? client.listCreators(options)
    : resource === 'campaigns'
      ? client.listCampaigns(options)
      : client.listPayouts(options);
}

/** Reads through the connection's client on this thread. */
export class InlinePageSource implements PageSource {
  async open(_connectionId: string, client: ProviderClient): Promise<PageReader> {
    return { list: (resource, options) => listPage(client, resource, options), close: () => undefined };
  }
  async close(): Promise<void> {}
}
