import { AppError } from '../errors';

/** A connection's secret fields (API key, client secret, private key). Lives only in the OS keychain. */
export type SecretFields = Record<string, string>;

export interface CredentialStore {
  /** Throws KEYCHAIN_UNAVAILABLE when no keychain can be reached; never falls back to anything else. */
  save(connectionId: string, secrets: SecretFields): Promise<void>;
  load(connectionId: string): Promise<SecretFields | null>;
  remove(connectionId: string): Promise<boolean>;
  /** Cheap probe for the UI: can we talk to the keychain at all? */
  status(): Promise<{ available: boolean; message: string | null }>;
}

export const KEYCHAIN_SERVICE = 'Paydesk';

export const keychainUnavailable = (detail?: string) =>
  new AppError(
    'KEYCHAIN_UNAVAILABLE',
    'The system keychain is not available, so Paydesk cannot store or read credentials. ' +
      'On Linux, start and unlock a Secret Service provider (GNOME Keyring or KWallet) in your desktop session, then try again. ' +
      'Paydesk never stores credentials anywhere else.' +
      (detail ? ` (Keychain said: ${detail})` : ''),
  );

/** Masked hint shown in the UI: the last four characters of the longest secret, e.g. "••••3f9a". */
export function credentialHint(secrets: SecretFields): string | null {
  const longest = Object.values(secrets)
    .filter(Boolean)
    .sort((a, b) => b.length - a.length)[0];
  if (!longest) return null;
  const trimmed = longest.trim();
  // Short secrets reveal too much with 4 characters; PEM keys end in a fixed footer, so show nothing useful.
  if (trimmed.length < 12 || trimmed.includes('-----')) return '••••';
  return `••••${trimmed.slice(-4)}`;
}
