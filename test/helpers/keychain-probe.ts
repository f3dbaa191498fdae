// Runs in a child process whose D-Bus address points nowhere: what does Paydesk do without a keychain?
import { KeytarCredentialStore } from '../../src-main/credentials/keytar-store';

const store = new KeytarCredentialStore('Paydesk-test');
const results: Record<string, unknown> = { status: await store.status() };
for (const [name, action] of [
  ['save', () => store.save('probe', { apiKey: 'sk_probe_secret_value' })],
  ['load', () => store.load('probe')],
] as const) {
  try {
    await action();
    results[name] = { ok: true };
  } catch (error) {
    const e = error as { code?: string; message?: string };
    results[name] = { ok: false, code: e.code, message: e.message };
  }
}
process.stdout.write(JSON.stringify(results));
