import { redactError } from './http';
import type { ProviderClient } from './provider';
import type { SecretRedactor } from './redaction';

/**
 * The client `create` builds, with every error of every method (thrown or rejected) redacted by the connection's
 * redactor: whoever made the error (the HTTP layer, a mapping, the client itself), it leaves the client redacted.
 * Used wherever a client is built (src-main/connections/provider-clients.ts, src-main/workers/sync-reader-worker.ts).
 */
export function redactingClient(redactor: SecretRedactor, create: () => ProviderClient): ProviderClient {
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
