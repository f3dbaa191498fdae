import { AppError } from '../errors';
import type { ConnectionRepository } from '../storage/connection-store';
import type { CredentialStore } from '../credentials/credential-store';
import { type DemoSimulators, isDemoUrl } from '../providers/simulator/demo-simulators';
import type { HttpOptions } from '../providers/http';
import type { ProviderClient } from '../providers/provider';
import { providerModule } from '../providers/registry';

/**
 * Builds (and caches) the provider client for a connection: secrets are read from the keychain only here,
 * only in main, and only when a client is needed. Editing or removing a connection drops its client.
 */
export class ProviderClients {
  private readonly cache = new Map<string, Promise<ProviderClient>>();

  constructor(
    private readonly connections: ConnectionRepository,
    private readonly credentials: CredentialStore,
    private readonly demo: DemoSimulators,
    private readonly http: Partial<HttpOptions> = {},
  ) {}

  clientFor(connectionId: string): Promise<ProviderClient> {
    let client = this.cache.get(connectionId);
    if (!client) {
      client = this.build(connectionId);
      client.catch(() => this.cache.delete(connectionId));
      this.cache.set(connectionId, client);
    }
    return client;
  }

  invalidate(connectionId: string): void {
    this.cache.delete(connectionId);
  }

  private async build(connectionId: string): Promise<ProviderClient> {
    const record = this.connections.get(connectionId);
    if (!record) throw new AppError('NOT_FOUND', 'This connection no longer exists.');
    if (record.archivedAt) throw new AppError('CONFLICT', `"${record.label}" was removed (it is archived): Paydesk no longer talks to it.`);
    const module = providerModule(record.provider);
    if (isDemoUrl(record.baseUrl)) {
      const sim = await this.demo.get(record.provider);
      return module.createClient({
        baseUrl: sim.baseUrl,
        environment: 'simulator',
        authMode: sim.credentials.authMode,
        publicFields: sim.credentials.publicFields,
        secrets: sim.credentials.secrets,
        http: this.http,
      });
    }
    const secrets = await this.credentials.load(connectionId);
    if (!secrets) {
      throw new AppError(
        'NOT_FOUND',
        `No credentials for "${record.label}" are in the keychain. Edit the connection and enter them again.`,
      );
    }
    return module.createClient({
      baseUrl: record.baseUrl,
      environment: record.environment,
      authMode: record.authMode,
      publicFields: record.publicFields,
      secrets,
      http: this.http,
    });
  }
}
