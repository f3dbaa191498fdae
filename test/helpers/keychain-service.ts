/**
 * A test's own keychain service (a Secret Service collection entry per account), so that its audit key and chain head
 * never meet another test's; `removeKeychainService` deletes every account it holds when the test is done.
 */
import { randomBytes } from 'node:crypto';
import keytar from 'keytar';

export function keychainServiceName(prefix: string): string {
  return `Paydesk-${prefix}-${randomBytes(4).toString('hex')}`;
}

export async function removeKeychainService(service: string): Promise<void> {
  for (const entry of await keytar.findCredentials(service)) await keytar.deletePassword(service, entry.account);
}
