/**
 * Operators and their sessions through the IPC contract: the first admin, sign-in with rate limits and lock-outs
 * (per operator and across names), the idle lock, the last admin, passphrase changes, and that no reply ever carries
 * a passphrase hash. Real services and SQLite; a clock the test moves.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Dispatch } from '../../../src-main/api/dispatcher';
import { createServiceDispatcher } from '../../../src-main/api/service-dispatcher';
import type { Envelope, Operator, SessionStatus } from '@shared/contract/model';
import { createServices, type Services } from '../../../src-main/services';
import { tempDataDir } from '../../helpers/temp-dir';
import { as, passphraseOf, seedTeam, TEAM } from '../../helpers/team';

let services: Services;
let dispatch: Dispatch;
let cleanup: () => void;
let clock: Date;

const open = async (team: boolean) => {
  const t = tempDataDir();
  cleanup = t.cleanup;
  clock = new Date('2026-06-01T09:00:00.000Z');
  // No keychain needed here: the audit trail says it is not anchored, which these tests do not look at.
  services = await createServices({
    dataDir: t.dir,
    host: 'browser',
    version: 'test',
    credentials: {
      save: () => Promise.reject(new Error('no keychain in this test')),
      load: () => Promise.resolve(null),
      remove: () => Promise.resolve(false),
      status: () => Promise.resolve({ available: false, message: 'no keychain in this test' }),
    },
    payouts: { poller: false, now: () => clock },
  });
  if (team) await seedTeam(services);
  dispatch = createServiceDispatcher(services, { error: () => undefined });
};
afterEach(async () => {
  await services?.close();
  cleanup?.();
});

const call = (name: string, input?: unknown) => dispatch(name, input) as Promise<Envelope<unknown>>;
const ok = async <T>(promise: Promise<Envelope<unknown>>) => {
  const e = await promise;
  if (!e.ok) throw new Error(`${e.error.code}: ${e.error.message}`);
  return e.value as T;
};
const later = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};
const auditActions = () =>
  services.audit
    .list({ limit: 1000 })
    .map((e) => e.action)
    .reverse();

describe('the first start', () => {
  beforeEach(() => open(false));

  it('opens in set-up; the first admin is created with a passphrase of at least 10 characters and is signed in', async () => {
    expect(await ok<SessionStatus>(call('session.status'))).toMatchObject({ state: 'setup', operator: null, demoOperators: null });
    expect(await call('connections.list')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await call('operators.createFirst', { name: 'Ada', passphrase: 'short' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', fieldErrors: { passphrase: expect.stringMatching(/at least 10 characters/) } },
    });
    const status = await ok<SessionStatus>(call('operators.createFirst', { name: 'Ada', passphrase: 'a long enough passphrase' }));
    expect(status).toMatchObject({ state: 'signed-in', operator: { name: 'Ada', roles: ['preparer', 'approver', 'sender', 'admin'] } });
    expect(await call('operators.createFirst', { name: 'Eve', passphrase: 'another long passphrase' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    expect(auditActions()).toEqual(['operator.created']);
  });
});

describe('signed-in work', () => {
  beforeEach(() => open(true));

  it('never returns a passphrase hash, in any reply', async () => {
    const replies = JSON.stringify([
      await call('session.status'),
      await call('operators.list'),
      await call('operators.update', { id: 'op-maker', name: 'Max M. Maker' }),
      await call('audit.list', {}),
    ]);
    const hashes = (services.db.prepare('SELECT passphrase_hash AS h FROM operators').all() as Array<{ h: string }>).map((r) => r.h);
    expect(hashes.length).toBe(4);
    for (const hash of hashes) {
      expect(replies).not.toContain(hash);
      expect(replies).not.toContain(hash.split('$').at(-1)!);
    }
    expect(replies).not.toMatch(/scrypt|passphrase_?hash/i);
  });

  it('a wrong passphrase or an unknown name: the same refusal, recorded without the passphrase', async () => {
    await ok(call('session.signOut'));
    const wrong = await call('session.signIn', { name: TEAM.maker.name, passphrase: 'guess-one-two' });
    const unknown = await call('session.signIn', { name: 'Mallory', passphrase: 'guess-one-two' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(unknown).toEqual(wrong);
    const failures = services.audit.list({ action: 'session.sign_in_failed' });
    expect(failures.map((e) => e.details)).toEqual([
      expect.objectContaining({ typedName: 'Mallory', failures: 1 }),
      expect.objectContaining({ typedName: TEAM.maker.name, failures: 1 }),
    ]);
    expect(JSON.stringify(services.db.prepare('SELECT * FROM audit_events').all())).not.toContain('guess-one-two');
    expect(await ok<SessionStatus>(call('session.signIn', { name: TEAM.maker.name, passphrase: passphraseOf('maker') }))).toMatchObject({
      state: 'signed-in',
      operator: { id: 'op-maker' },
    });
  });

  it('five wrong passphrases for one operator, then growing waits; even the right one waits', async () => {
    await ok(call('session.signOut'));
    const attempt = (passphrase: string) => call('session.signIn', { name: TEAM.checker.name, passphrase });
    for (let i = 0; i < 5; i += 1) expect((await attempt(`wrong passphrase ${i}`)).ok).toBe(false);
    expect(services.operatorStore.get('op-checker')!.lockedUntil).toBeNull();
    await attempt('wrong passphrase 6');
    const lockedUntil = services.operatorStore.get('op-checker')!.lockedUntil!;
    expect(Date.parse(lockedUntil) - clock.getTime()).toBe(30_000);
    expect(await attempt(passphraseOf('checker'))).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringMatching(/Too many wrong passphrases for Cleo Checker/) },
    });
    later(31_000);
    await attempt('wrong passphrase 7');
    expect(Date.parse(services.operatorStore.get('op-checker')!.lockedUntil!) - clock.getTime()).toBe(60_000);
    later(61_000);
    expect((await attempt(passphraseOf('checker'))).ok).toBe(true);
    // A success starts the count again.
    expect(services.operatorStore.get('op-checker')).toMatchObject({ failedSignIns: 0, lockedUntil: null });
  });

  it('across all names: more than 20 failures a minute pause every sign-in', async () => {
    await ok(call('session.signOut'));
    for (let i = 0; i < 20; i += 1) await call('session.signIn', { name: `Guess ${i}`, passphrase: 'wrong passphrase' });
    const paused = await call('session.signIn', { name: TEAM.admin.name, passphrase: passphraseOf('admin') });
    expect(paused).toMatchObject({ ok: false, error: { message: expect.stringMatching(/wait a minute/) } });
    later(61_000);
    expect((await call('session.signIn', { name: TEAM.admin.name, passphrase: passphraseOf('admin') })).ok).toBe(true);
  });

  it('the desk locks after the idle time; calls do not keep it open, input does; the passphrase unlocks it', async () => {
    as(services, 'maker');
    later(10 * 60_000);
    expect((await call('payouts.list', {})).ok).toBe(true);
    expect((await call('session.touch')).ok).toBe(true);
    later(14 * 60_000);
    expect((await call('payouts.list', {})).ok).toBe(true);
    later(2 * 60_000);
    expect(await call('payouts.list', {})).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: expect.stringMatching(/locked/) },
    });
    expect(await ok<SessionStatus>(call('session.status'))).toMatchObject({ state: 'locked', operator: { id: 'op-maker' } });
    expect(await call('session.unlock', { passphrase: passphraseOf('checker') })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await ok<SessionStatus>(call('session.unlock', { passphrase: passphraseOf('maker') }))).toMatchObject({ state: 'signed-in' });
    expect(auditActions().slice(-3)).toEqual(['session.locked', 'session.passphrase_refused', 'session.unlocked']);
  });

  it('the idle time is an admin setting, audited', async () => {
    as(services, 'maker');
    expect(await call('settings.update', { idleLockMinutes: 60 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    as(services, 'admin');
    expect(await call('settings.update', { idleLockMinutes: 0 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    await ok(call('settings.update', { idleLockMinutes: 5 }));
    expect(services.audit.list({ action: 'settings.changed' })[0]!.details).toMatchObject({
      before: { idleLockMinutes: 15 },
      after: { idleLockMinutes: 5 },
    });
  });

  it('the last admin keeps the admin role; a disabled operator is signed out at once', async () => {
    const count = () => services.audit.list({ limit: 1000 }).length;
    const before = count();
    expect(await call('operators.update', { id: 'op-admin', roles: ['approver'] })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringMatching(/last admin/) },
    });
    expect(await call('operators.update', { id: 'op-admin', disabled: true })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(count()).toBe(before);
    expect(services.operatorStore.get('op-admin')!.roles).toContain('admin');

    const created = await ok<Operator>(call('operators.create', { name: 'Nia New', passphrase: 'nia-new-passphrase', roles: ['admin'] }));
    expect(created).toMatchObject({ name: 'Nia New', roles: ['admin'], disabled: false });
    expect(await call('operators.create', { name: 'nia new', passphrase: 'nia-new-passphrase', roles: ['admin'] })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    await ok(call('operators.update', { id: 'op-admin', roles: ['approver'] }));

    as(services, 'maker');
    await ok(call('payouts.list', {}));
    services.session.adopt(created.id);
    await ok(call('operators.update', { id: 'op-maker', disabled: true }));
    as(services, 'maker');
    expect(await call('payouts.list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('changing your passphrase needs the current one, and a wrong one counts like a failed sign-in', async () => {
    as(services, 'maker');
    expect(await call('operators.changePassphrase', { current: 'not it at all', next: 'a brand new passphrase' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', fieldErrors: { current: 'Wrong passphrase.' } },
    });
    expect(services.operatorStore.get('op-maker')!.failedSignIns).toBe(1);
    await ok(call('operators.changePassphrase', { current: passphraseOf('maker'), next: 'a brand new passphrase' }));
    await ok(call('session.signOut'));
    expect((await call('session.signIn', { name: TEAM.maker.name, passphrase: passphraseOf('maker') })).ok).toBe(false);
    expect((await call('session.signIn', { name: TEAM.maker.name, passphrase: 'a brand new passphrase' })).ok).toBe(true);
    expect(auditActions()).toEqual(expect.arrayContaining(['operator.passphrase_changed', 'session.signed_out', 'session.signed_in']));
  });
});
