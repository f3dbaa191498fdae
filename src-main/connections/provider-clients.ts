import { AppError } from '../errors';
import type { ConnectionRepository } from '../storage/connection-store';
import type { CredentialStore } from '../credentials/credential-store';
import { type DemoSimulators, isDemoUrl } from '../providers/simulator/demo-simulators';
import { redactError, type HttpOptions } from '../providers/http';
import type { ProviderClient } from '../providers/provider';
import { RedactionRegistry, type SecretRedactor } from '../providers/redaction';
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
  }

  private async build(connectionId: string): Promise<ProviderClient> {
    const record = this.connections.get(connectionId);
    if (!record) throw new AppError('NOT_FOUND', 'This connection no longer exists.');
    if (record.archivedAt) throw new AppError('CONFLICT', `"${record.label}" was removed (it is archived): Paydesk no longer talks to it.`);
    const module = providerModule(record.provider);
    const redactor = this.redaction.forConnection(connectionId);
    if (isDemoUrl(record.baseUrl)) {
      const sim = await this.demo.get(record.provider);
      redactor.addSecrets(Object.values(sim.credentials.secrets));
      return redacting(redactor, () =>
        module.createClient({
          baseUrl: sim.baseUrl,
          environment: 'simulator',
          authMode: sim.credentials.authMode,
          publicFields: sim.credentials.publicFields,
          secrets: sim.credentials.secrets,
          http: this.http,
          redactor,
        }),
      );
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
    return redacting(redactor, () =>
      module.createClient({
        baseUrl: record.baseUrl,
        environment: record.environment,
        authMode: record.authMode,
        publicFields: record.publicFields,
        secrets,
        http: this.http,
        redactor,
      }),
    );
  }
}

/** The client, with every error of every method (thrown or rejected) redacted by the connection's redactor. */
function redacting(redactor: SecretRedactor, create: () => ProviderClient): ProviderClient {
  let client: ProviderClient;
  try {
    client = create();
  } catch (error) {
    throw redactError(redactor, error);
  }
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        let result: unknown;
        try {
          result = (value as (...a: unknown[]) => unknown).apply(target, args);
        } catch (error) {
          throw redactError(redactor, error);
        }
        return result instanceof Promise
          ? result.catch((error: unknown) => {
              throw redactError(redactor, error);
            })
          : result;
      };
    },
  });
}
