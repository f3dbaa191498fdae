import type { ProviderId } from '@shared/contract/model';
import { AppError } from '../errors';
import type { ConnectionRepository } from '../storage/connection-store';
import type { CredentialStore } from '../credentials/credential-store';
import { type DemoSimulators, isDemoUrl } from '../providers/simulator/demo-simulators';
import type { HttpOptions } from '../providers/http';
import type { ClientConfig, ProviderClient } from '../providers/provider';
import { redactingClient } from '../providers/redacting-client';
import { RedactionRegistry } from '../providers/redaction';
import { providerModule } from '../providers/registry';

/**
 * Builds (and caches) the provider client for a connection: secrets are read from the keychain only here,
 * only in main, and only when a client is needed. Editing or removing a connection drops its client.
 *
 * Each connection has one SecretRedactor (kept in the registry, shared with the application log): the secrets go in
 * as the client is built, the client adds every token it obtains, and every error that leaves the client, whoever
 * made it (the HTTP layer, a mapping, the client itself), is redacted with it before anything stores or shows it.
 */
export class ProviderClients {
  private readonly cache = new Map<string, Promise<ProviderClient>>();
  /** Each connection's config, read from the keychain once, like its client (and dropped with it). */
  private readonly configs = new Map<string, Promise<ConnectionClientConfig>>();

  constructor(
    private readonly connections: ConnectionRepository,
    private readonly credentials: CredentialStore,
    private readonly demo: DemoSimulators,
    private readonly http: Partial<HttpOptions> = {},
    readonly redaction: RedactionRegistry = new RedactionRegistry(),
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
    this.configs.delete(connectionId);
  }

  /**
   * What a client of the connection is built from: its provider and its config with the secrets from the keychain
   * (the demo simulator's, for a demo connection). Also for the sync's page reader, which builds its own client on a
   * worker thread of this process (src-main/sync/worker-page-source.ts); the secrets are registered with the
   * connection's redactor here first, so every message about them is redacted on this thread too.
   */
  configFor(connectionId: string): Promise<ConnectionClientConfig> {
    let config = this.configs.get(connectionId);
    if (!config) {
      config = this.loadConfig(connectionId);
      config.catch(() => this.configs.delete(connectionId));
      this.configs.set(connectionId, config);
    }
    return config;
  }

  private async loadConfig(connectionId: string): Promise<ConnectionClientConfig> {
    const record = this.connections.get(connectionId);
    if (!record) throw new AppError('NOT_FOUND', 'This connection no longer exists.');
    if (record.archivedAt) throw new AppError('CONFLICT', `"${record.label}" was removed (it is archived): Paydesk no longer talks to it.`);
    const redactor = this.redaction.forConnection(connectionId);
    if (isDemoUrl(record.baseUrl)) {
      const sim = await this.demo.get(record.provider);
      redactor.addSecrets(Object.values(sim.credentials.secrets));
      return {
        provider: record.provider,
        config: {
          baseUrl: sim.baseUrl,
          environment: 'simulator',
          authMode: sim.credentials.authMode,
          publicFields: sim.credentials.publicFields,
          secrets: sim.credentials.secrets,
        },
      };
    }
    const secrets = await this.credentials.load(connectionId);
    if (!secrets) {
      throw new AppError(
        'NOT_FOUND',
        `No credentials for "${record.label}" are in the keychain. Edit the connection and enter them again.`,
      );
    }
    // Registered before the client exists, so even an error of its constructor is redacted.
    redactor.addSecrets(Object.values(secrets));
    return {
      provider: record.provider,
      config: {
        baseUrl: record.baseUrl,
        environment: record.environment,
        authMode: record.authMode,
        publicFields: record.publicFields,
        secrets,
      },
    };
  }

  private async build(connectionId: string): Promise<ProviderClient> {
    const { provider, config } = await this.configFor(connectionId);
    const module = providerModule(provider);
    const redactor = this.redaction.forConnection(connectionId);
    return redactingClient(redactor, () => module.createClient({ ...config, http: this.http, redactor }));
  }
}

/** A connection's provider and client config, without the parts that stay with a thread (HTTP functions, redactor). */
export interface ConnectionClientConfig {
  provider: ProviderId;
  config: Omit<ClientConfig, 'http' | 'redactor'>;
}
