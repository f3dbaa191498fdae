import { createRequire } from 'node:module';
import { KEYCHAIN_SERVICE, keychainUnavailable, type CredentialStore, type SecretFields } from './credential-store';

// Loaded lazily (see loadKeytar): a type-only import keeps the native module out of the start-up path.
type Keytar = typeof import('keytar'); // eslint-disable-line @typescript-eslint/consistent-type-imports

let keytarModule: Keytar | Error | undefined;
function loadKeytar(): Keytar {
  if (keytarModule === undefined) {
    try {
      keytarModule = createRequire(import.meta.url)('keytar') as Keytar;
    } catch (error) {
      keytarModule = error instanceof Error ? error : new Error(String(error));
    }
  }
  if (keytarModule instanceof Error) throw keychainUnavailable(`the keychain library could not be loaded: ${keytarModule.message}`);
  return keytarModule;
}

/** keytar's errors carry no secret (it never echoes passwords), but keep only the first line to be safe. */
function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.slice(0, 200);
}

/**
 * Credentials in the OS keychain via keytar: service "Paydesk", account = connection id, password = the
 * connection's secret fields as JSON. Every failure to reach the keychain becomes KEYCHAIN_UNAVAILABLE.
 */
export class KeytarCredentialStore implements CredentialStore {
  constructor(private readonly service = KEYCHAIN_SERVICE) {}

  async save(connectionId: string, secrets: SecretFields): Promise<void> {
    const keytar = loadKeytar();
    try {
      await keytar.setPassword(this.service, connectionId, JSON.stringify(secrets));
    } catch (error) {
      throw keychainUnavailable(describe(error));
    }
  }

  async load(connectionId: string): Promise<SecretFields | null> {
    const keytar = loadKeytar();
    let stored: string | null;
    try {
      stored = await keytar.getPassword(this.service, connectionId);
    } catch (error) {
      throw keychainUnavailable(describe(error));
    }
    if (stored === null) return null;
    try {
      const parsed = JSON.parse(stored) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as SecretFields;
    } catch {
      // fall through: an entry not written by Paydesk
    }
    return null;
  }

  async remove(connectionId: string): Promise<boolean> {
    const keytar = loadKeytar();
    try {
      return await keytar.deletePassword(this.service, connectionId);
    } catch (error) {
      throw keychainUnavailable(describe(error));
    }
  }

  async status(): Promise<{ available: boolean; message: string | null }> {
    try {
      const keytar = loadKeytar();
      await keytar.findCredentials(this.service);
      return { available: true, message: null };
    } catch (error) {
      const appError = error instanceof Error && error.name === 'AppError' ? error : keychainUnavailable(describe(error));
      return { available: false, message: appError.message };
    }
  }
}
