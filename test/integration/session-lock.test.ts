/**
 * "Lock now": the desk locks at the operator's request as it does after the idle time. Calls are refused until the
 * same operator's passphrase opens it again; the lock and the unlock are audited under that operator.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Dispatch } from '../../src-main/api/dispatcher';
import { createServiceDispatcher } from '../../src-main/api/service-dispatcher';
import type { Envelope, SessionStatus } from '@shared/contract/model';
import { KeytarCredentialStore } from '../../src-main/credentials/keytar-store';
import { createServices, type Services } from '../../src-main/services';
import { tempDataDir } from '../helpers/temp-dir';
import { as, passphraseOf, seedTeam } from '../helpers/team';

let services: Services;
let dispatch: Dispatch;
let cleanup: () => void;

beforeEach(async () => {
  const t = tempDataDir();
  cleanup = t.cleanup;
  services = await createServices({
    dataDir: t.dir,
    host: 'browser',
    version: 'test',
    credentials: new KeytarCredentialStore('Paydesk-test'),
  });
  await seedTeam(services);
  dispatch = createServiceDispatcher(services, { error: () => undefined });
});
afterEach(async () => {
  await services?.close();
  cleanup?.();
});

const ok = <T>(e: Envelope<unknown>) => {
  if (!e.ok) throw new Error(`expected ok, got ${e.error.code}: ${e.error.message}`);
  return e.value as T;
};
const lastAction = () => (services.db.prepare('SELECT action, actor_id FROM audit_events ORDER BY seq DESC LIMIT 1').get() as object) ?? {};

describe('session.lock', () => {
  it('locks at once; only the same passphrase opens the desk again; both are audited', async () => {
    as(services, 'checker');
    const locked = ok<SessionStatus>(await dispatch('session.lock', undefined));
    expect(locked).toMatchObject({ state: 'locked', operator: { name: 'Cleo Checker' } });
    expect(lastAction()).toEqual({ action: 'session.locked', actor_id: 'op-checker' });

    expect(await dispatch('payouts.list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    // Locking a locked desk is refused like any call without a session, and changes nothing.
    expect(await dispatch('session.lock', undefined)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });

    expect(await dispatch('session.unlock', { passphrase: passphraseOf('maker') })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', fieldErrors: { passphrase: expect.any(String) } },
    });
    expect(ok<SessionStatus>(await dispatch('session.status', undefined)).state).toBe('locked');

    expect(ok<SessionStatus>(await dispatch('session.unlock', { passphrase: passphraseOf('checker') }))).toMatchObject({
      state: 'signed-in',
      operator: { name: 'Cleo Checker' },
    });
    expect(lastAction()).toEqual({ action: 'session.unlocked', actor_id: 'op-checker' });
    expect(ok(await dispatch('payouts.list', {}))).toMatchObject({ rows: [] });
  });

  it('is refused when nobody is signed in', async () => {
    ok(await dispatch('session.signOut', undefined));
    expect(await dispatch('session.lock', undefined)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(ok<SessionStatus>(await dispatch('session.status', undefined)).state).toBe('signed-out');
  });
});
