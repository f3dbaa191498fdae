import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeytarCredentialStore } from '../../src-main/credentials/keytar-store';

// The real Secret Service: scripts/test.sh starts gnome-keyring in a private D-Bus session for the tests.
const haveSession = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);

describe('keytar credential store (real Secret Service)', () => {
  it('needs the private D-Bus session that `npm test` starts', () => {
    expect(haveSession, 'Run the tests with `npm test`, which starts a private D-Bus session and GNOME Keyring').toBe(true);
  });

  it.runIf(haveSession)('saves, loads, replaces and removes a connection secret', async () => {
    const store = new KeytarCredentialStore('Paydesk-test');
    const id = randomUUID();
    expect(await store.status()).toEqual({ available: true, message: null });
    expect(await store.load(id)).toBeNull();
    await store.save(id, { apiKey: 'sk_test_first_value' });
    expect(await store.load(id)).toEqual({ apiKey: 'sk_test_first_value' });
    await store.save(id, { clientSecret: 'second', apiKey: 'x' });
    expect(await store.load(id)).toEqual({ clientSecret: 'second', apiKey: 'x' });
    expect(await store.remove(id)).toBe(true);
    expect(await store.load(id)).toBeNull();
    expect(await store.remove(id)).toBe(false);
  });

  it('without a Secret Service gives an actionable KEYCHAIN_UNAVAILABLE error and no secret in it', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'test/helpers/keychain-probe.ts'], {
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/paydesk-bus' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    const result = JSON.parse(out) as Record<string, { ok: boolean; code?: string; message?: string; available?: boolean }>;
    expect(result.status).toMatchObject({ available: false, message: expect.stringMatching(/keychain is not available/) });
    for (const op of ['save', 'load']) {
      expect(result[op]).toMatchObject({
        ok: false,
        code: 'KEYCHAIN_UNAVAILABLE',
        message: expect.stringMatching(/Secret Service provider/),
      });
      expect(result[op]!.message).not.toContain('sk_probe_secret_value');
    }
  });
});
