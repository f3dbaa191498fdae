import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Dispatch } from '../../src-main/api/dispatcher';
import { createServiceDispatcher } from '../../src-main/api/service-dispatcher';
import { startBrowserHost } from '../../src-main/api/browser-host/host';
import type { Connection, Envelope } from '@shared/contract/model';
import type { CredentialStore, SecretFields } from '../../src-main/credentials/credential-store';
import { keychainUnavailable } from '../../src-main/credentials/credential-store';
import { KeytarCredentialStore } from '../../src-main/credentials/keytar-store';
import { createServices, type Services } from '../../src-main/services';
import { tempDataDir } from '../helpers/temp-dir';
import { as, seedTeam, TEAM } from '../helpers/team';

const haveKeychain = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);

/** A keychain that is not there: every call fails the way KeytarCredentialStore does without a Secret Service. */
class MissingKeychain implements CredentialStore {
  save(): Promise<void> {
    return Promise.reject(keychainUnavailable('no Secret Service'));
  }
  load(): Promise<SecretFields | null> {
    return Promise.reject(keychainUnavailable('no Secret Service'));
  }
  remove(): Promise<boolean> {
    return Promise.reject(keychainUnavailable('no Secret Service'));
  }
  status() {
    return Promise.resolve({ available: false, message: keychainUnavailable().message });
  }
}

let services: Services;
let dispatch: Dispatch;
let cleanup: () => void;

async function setup(credentials: CredentialStore) {
  const t = tempDataDir();
  cleanup = t.cleanup;
  services = await createServices({ dataDir: t.dir, host: 'browser', version: 'test', credentials, demo: { payoutsPerProvider: 60 } });
  await seedTeam(services);
  dispatch = createServiceDispatcher(services, { error: () => undefined });
}
afterEach(async () => {
  await services?.close();
  cleanup?.();
  services = undefined as unknown as Services;
  cleanup = undefined as unknown as () => void;
});

const ok = <T>(e: Envelope<unknown>) => {
  if (!e.ok) throw new Error(`expected ok, got ${e.error.code}: ${e.error.message}`);
  return e.value as T;
};
const counts = () => ({
  connections: (services.db.prepare('SELECT count(*) n FROM connections').get() as { n: number }).n,
  audit: (services.db.prepare('SELECT count(*) n FROM audit_events').get() as { n: number }).n,
});
const talentirForm = {
  provider: 'talentir',
  label: 'Agency Talentir',
  environment: 'custom',
  baseUrl: 'https://talentir.example.test/api/v1',
  authMode: 'bearer',
  credentials: { apiKey: 'tk_live_abcdefgh12345678' },
};

const talliForm = {
  provider: 'talli',
  label: 'Agency Talli',
  environment: 'production',
  authMode: 'oauth2',
  credentials: {
    clientId: 'client-1',
    clientSecret: 'talli-secret-0001',
    tokenUrl: 'https://agency.auth0.example/oauth/token',
    audience: 'https://api.talli.ai',
  },
};
const dotsForm = {
  provider: 'dots',
  label: 'Agency Dots',
  environment: 'custom',
  baseUrl: 'https://dots.example.test/api',
  authMode: 'basic',
  credentials: { clientId: 'client-1', apiKey: 'dots-key-0001' },
};

describe('API dispatcher: bad calls change nothing', () => {
  beforeEach(() => setup(new MissingKeychain()));

  it.each([
    ['unknown operation', 'connections.drop', {}],
    ['not a string', 42, {}],
    ['wrong type', 'connections.remove', { id: 7 }],
    ['extra field', 'connections.remove', { id: 'x', force: true }],
    ['prototype trick', '__proto__', {}],
    ['missing credentials', 'connections.add', { ...talentirForm, credentials: {} }],
    ['unknown provider', 'connections.add', { ...talentirForm, provider: 'paypal' }],
    ['bad URL', 'connections.add', { ...talentirForm, baseUrl: 'javascript:alert(1)' }],
    ['URL with password', 'connections.add', { ...talentirForm, baseUrl: 'https://u:p@example.com' }],
    ['no sandbox host', 'connections.add', { ...talentirForm, environment: 'sandbox' }],
    ['field of another mode', 'connections.add', { ...talentirForm, credentials: { apiKey: 'k', clientSecret: 's' } }],
    ['basic auth in production', 'connections.add', { ...talentirForm, provider: 'tokenio', environment: 'production', authMode: 'basic' }],
    ['impossible date range', 'payouts.list', { filters: { createdFrom: '2026-02-01', createdTo: '2026-01-01' } }],
    ['amount with letters', 'payouts.list', { filters: { minAmount: '10abc' } }],
    ['plain http to another computer', 'connections.add', { ...talentirForm, baseUrl: 'http://talentir.example.test/api/v1' }],
    [
      'a token URL that is not a URL',
      'connections.add',
      { ...talliForm, credentials: { ...talliForm.credentials, tokenUrl: 'not a url' } },
    ],
    [
      'a private key that is not PEM',
      'connections.add',
      {
        ...talentirForm,
        provider: 'tokenio',
        authMode: 'jwt',
        credentials: { memberId: 'm:abc:def', keyId: 'k1', privateKey: 'not a key' },
      },
    ],
    ['the simulator environment for an own connection', 'connections.add', { ...talentirForm, environment: 'simulator' }],
    ['a custom URL left over after switching to production', 'connections.add', { ...talentirForm, environment: 'production' }],
  ])('%s', async (_label, name, input) => {
    const before = counts();
    const result = await dispatch(name, input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(['INVALID_INPUT', 'UNKNOWN_OPERATION']).toContain(result.error.code);
      expect(result.error.message.length).toBeGreaterThan(10);
    }
    expect(counts()).toEqual(before);
  });

  it('points form errors at the field', async () => {
    const result = await dispatch('connections.add', { ...talentirForm, label: ' ', credentials: {} });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.fieldErrors).toMatchObject({ label: expect.any(String), 'credentials.apiKey': 'API key is required.' });
    }
  });

  it('checks every field at save and says which one is wrong', async () => {
    const fieldErrorsOf = async (input: unknown) => {
      const result = await dispatch('connections.add', input);
      if (result.ok) throw new Error('expected a refusal');
      expect(result.error.code).toBe('INVALID_INPUT');
      return result.error.fieldErrors ?? {};
    };
    expect(await fieldErrorsOf({ ...talliForm, credentials: { ...talliForm.credentials, tokenUrl: 'not a url' } })).toEqual({
      'credentials.tokenUrl': 'Enter a full URL, e.g. https://api.example.com/v1.',
    });
    expect(await fieldErrorsOf({ ...talentirForm, baseUrl: 'http://talentir.example.test/api/v1' })).toEqual({
      baseUrl: 'Use https: plain http is allowed only for a server on this computer (127.0.0.1).',
    });
    expect(
      await fieldErrorsOf({
        ...talentirForm,
        provider: 'tokenio',
        authMode: 'jwt',
        credentials: { memberId: 'm:abc:def', keyId: 'k1', privateKey: '-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----' },
      }),
    ).toEqual({ 'credentials.privateKey': expect.stringMatching(/^This is not a PEM private key/) });
    // The simulators run inside Paydesk on ports nobody can know: only the demo workspace uses that environment.
    expect(await fieldErrorsOf({ ...talentirForm, environment: 'simulator', baseUrl: 'http://127.0.0.1:4010' })).toEqual({
      environment: expect.stringMatching(
        /^The simulator environment is for Paydesk's demo workspace only: create the demo workspace.*choose Custom/,
      ),
    });
    expect(await fieldErrorsOf({ ...talentirForm, environment: 'production' })).toEqual({
      baseUrl: 'Production uses https://www.talentir.com/api/v1; leave the base URL empty, or choose Custom to use another address.',
    });
  });

  it('without a keychain: adding a connection fails clearly and writes nothing', async () => {
    const result = await dispatch('connections.add', talentirForm);
    expect(result).toMatchObject({ ok: false, error: { code: 'KEYCHAIN_UNAVAILABLE' } });
    if (!result.ok) expect(result.error.message).not.toContain('tk_live');
    expect(counts()).toEqual({ connections: 0, audit: 0 });
    const info = ok<{ keychain: { available: boolean; message: string } }>(await dispatch('app.info', undefined));
    expect(info.keychain).toMatchObject({ available: false, message: expect.stringMatching(/Secret Service/) });
  });

  it('searches FTS operators as plain text', async () => {
    for (const search of ['"', '*', 'NEAR(a b)', '-x', 'a OR b', 'col:val', '""""']) {
      const result = await dispatch('payouts.list', { filters: { search } });
      expect(result.ok, search).toBe(true);
    }
  });
});

describe.runIf(haveKeychain)('connections with the real keychain', () => {
  beforeEach(() => setup(new KeytarCredentialStore('Paydesk-test')));

  it('add, edit, remove: secret only in the keychain, every change audited without it', async () => {
    const added = ok<Connection>(await dispatch('connections.add', talentirForm));
    expect(added).toMatchObject({ provider: 'talentir', label: 'Agency Talentir', credentialHint: '••••5678', isDemo: false });
    expect(JSON.stringify(added)).not.toContain('tk_live');
    expect(await services.credentials.load(added.id)).toEqual({ apiKey: 'tk_live_abcdefgh12345678' });

    // Leaving the secret empty on edit keeps it.
    const edited = ok<Connection>(
      await dispatch('connections.update', { ...talentirForm, id: added.id, label: 'Renamed', credentials: {} }),
    );
    expect(edited.label).toBe('Renamed');
    expect(await services.credentials.load(added.id)).toEqual({ apiKey: 'tk_live_abcdefgh12345678' });
    ok(
      await dispatch('connections.update', {
        ...talentirForm,
        id: added.id,
        label: 'Renamed',
        credentials: { apiKey: 'tk_live_new_key_0000zzzz' },
      }),
    );
    expect(await services.credentials.load(added.id)).toEqual({ apiKey: 'tk_live_new_key_0000zzzz' });

    // Removing archives: the secret leaves the keychain, the connection and its history stay readable.
    expect(ok(await dispatch('connections.remove', { id: added.id }))).toEqual({ archived: true });
    expect(await services.credentials.load(added.id)).toBeNull();
    expect(ok<Connection[]>(await dispatch('connections.list', undefined))).toEqual([
      expect.objectContaining({ id: added.id, archivedAt: expect.any(String) }),
    ]);
    expect(await dispatch('connections.test', { id: added.id })).toMatchObject({ ok: true, value: { ok: false } });
    expect(await dispatch('sync.start', { connectionId: added.id })).toMatchObject({ ok: false });
    // Deleting the archived connection's cached data for good: previewed, then done, and audited.
    expect(ok(await dispatch('connections.purgePreview', { id: added.id }))).toMatchObject({ payouts: 0, sentByPaydesk: 0, refusal: null });
    expect(await dispatch('connections.purge', { id: added.id })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    ok(await dispatch('connections.purge', { id: added.id, confirm: true }));
    expect(ok<Connection[]>(await dispatch('connections.list', undefined))).toEqual([]);

    const events = services.audit.list({ limit: 100 }).reverse();
    expect(events.map((e) => e.action)).toEqual([
      'connection.added',
      'credential.saved',
      'connection.edited',
      'connection.edited',
      'credential.saved',
      'connection.archived',
      'credential.removed',
      'connection.purged',
    ]);
    expect(events[2]!.details).toMatchObject({ before: { label: 'Agency Talentir' }, after: { label: 'Renamed' } });
    expect(events.every((e) => e.actor === TEAM.admin.name && e.actorId === 'op-admin')).toBe(true);
    const everything =
      JSON.stringify(services.db.prepare('SELECT * FROM audit_events').all()) +
      JSON.stringify(services.db.prepare('SELECT * FROM connections').all());
    expect(everything).not.toMatch(/tk_live_abcdefgh|tk_live_new_key/);
    expect(services.audit.verify()).toMatchObject({ intact: true, checked: 8, anchored: true });
  });

  it('refuses a second connection with the same name, on add and on edit', async () => {
    const first = ok<Connection>(await dispatch('connections.add', talentirForm));
    const clash = await dispatch('connections.add', { ...dotsForm, label: '  agency   TALENTIR ' });
    expect(clash).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        fieldErrors: { label: 'Another connection is already called "agency   TALENTIR"; give this one a name of its own.' },
      },
    });
    const second = ok<Connection>(await dispatch('connections.add', dotsForm));
    const renamed = await dispatch('connections.update', {
      ...dotsForm,
      id: second.id,
      label: 'Agency Talentir',
      credentials: { clientId: 'client-1' },
    });
    expect(renamed).toMatchObject({ ok: false, error: { fieldErrors: { label: expect.stringMatching(/already called/) } } });
    // Keeping its own name is not a clash.
    ok(await dispatch('connections.update', { ...talentirForm, id: first.id, credentials: {} }));
    expect(
      ok<Connection[]>(await dispatch('connections.list', undefined))
        .map((c) => c.label)
        .sort(),
    ).toEqual(['Agency Dots', 'Agency Talentir']);
  });

  it("switching the environment uses that environment's address, never the old custom one", async () => {
    const added = ok<Connection>(await dispatch('connections.add', dotsForm));
    expect(added.baseUrl).toBe('https://dots.example.test/api');
    const keep = { clientId: 'client-1' };
    const leftOver = await dispatch('connections.update', { ...dotsForm, id: added.id, environment: 'sandbox', credentials: keep });
    expect(leftOver).toMatchObject({ ok: false, error: { fieldErrors: { baseUrl: expect.stringMatching(/^The sandbox uses https:/) } } });
    const { baseUrl: _old, ...withoutUrl } = dotsForm;
    const switched = ok<Connection>(
      await dispatch('connections.update', { ...withoutUrl, id: added.id, environment: 'sandbox', credentials: keep }),
    );
    expect(switched).toMatchObject({ environment: 'sandbox', baseUrl: 'https://pls.senddotssandbox.com/api' });
    const [edited] = services.audit.list({ action: 'connection.edited' });
    expect(edited!.details).toMatchObject({
      before: { environment: 'custom', baseUrl: 'https://dots.example.test/api' },
      after: { environment: 'sandbox', baseUrl: 'https://pls.senddotssandbox.com/api' },
    });
  });

  it('a connection saved before its token URL was checked: Test says what to fix instead of failing inside Paydesk', async () => {
    const added = ok<Connection>(await dispatch('connections.add', talliForm));
    // As an older Paydesk could have stored it.
    services.db
      .prepare('UPDATE connections SET public_fields = ? WHERE id = ?')
      .run(JSON.stringify({ clientId: 'client-1', audience: 'https://api.talli.ai', tokenUrl: 'not a url' }), added.id);
    services.clients.invalidate(added.id);
    const test = ok<{ ok: boolean; message: string }>(await dispatch('connections.test', { id: added.id }));
    expect(test).toEqual({
      ok: false,
      message: 'The Talli connection has an address that is not a full URL ("not a url"). Edit the connection and enter it again.',
    });
    const result = await services.sync.syncConnection(added.id);
    expect(result.resources.payouts.error).toMatch(/not a full URL/);
  });

  it('records the signed-in operator, with the desktop user and host, as the actor', async () => {
    as(services, 'maker');
    expect(await dispatch('connections.add', talentirForm)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    as(services, 'admin');
    ok(await dispatch('connections.add', talentirForm));
    const [latest] = services.audit.list({ limit: 1 });
    expect(latest).toMatchObject({ actor: TEAM.admin.name, actorId: 'op-admin', osUser: expect.any(String), host: expect.any(String) });
  });

  it('creates the demo workspace once, synced from all five simulators, only in a new workspace', async () => {
    // A workspace with operators is never turned into the demo (its passphrases are public).
    expect(await dispatch('workspace.createDemo', undefined)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    await services.close();
    cleanup();
    const t = tempDataDir();
    cleanup = t.cleanup;
    services = await createServices({
      dataDir: t.dir,
      host: 'browser',
      version: 'test',
      credentials: new KeytarCredentialStore('Paydesk-test'),
      demo: { payoutsPerProvider: 60 },
    });
    dispatch = createServiceDispatcher(services, { error: () => undefined });
    const info = ok<{ workspaceEmpty: boolean }>(await dispatch('app.info', undefined));
    expect(info.workspaceEmpty).toBe(true);
    const result = ok<{ connections: number; payouts: number; creators: number }>(await dispatch('workspace.createDemo', undefined));
    expect(result.connections).toBe(5);
    expect(result.payouts).toBe(5 * 60);
    expect(result.creators).toBeGreaterThan(0);
    // Nobody is signed in yet: the sign-in screen offers the demo's operators with their passphrases.
    const status = ok<{ state: string; demoOperators: Array<{ name: string }> }>(await dispatch('session.status', undefined));
    expect(status).toMatchObject({ state: 'signed-out' });
    expect(status.demoOperators.map((o) => o.name)).toEqual(['Alice', 'Bob', 'Carol']);
    expect(await dispatch('connections.list', undefined)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    ok(await dispatch('session.signIn', { name: 'Carol', passphrase: 'carol-demo-passphrase' }));
    const connections = ok<Connection[]>(await dispatch('connections.list', undefined));
    expect(connections.every((c) => c.isDemo && c.sync.find((s) => s.resource === 'payouts')?.lastSyncedAt)).toBe(true);
    expect(await dispatch('workspace.createDemo', undefined)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    // No real account joins the demo workspace, and nothing is written trying.
    const before = counts();
    expect(await dispatch('connections.add', talentirForm)).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringMatching(/demo workspace/) },
    });
    expect(counts()).toEqual(before);
    expect(await services.credentials.status()).toMatchObject({ available: true });
    expect(services.audit.list({ action: 'workspace.demo_created' })).toHaveLength(1);
    expect(services.audit.list({ action: 'sync.' })).toHaveLength(5);
  });
});

describe('browser host WebSocket', () => {
  it('refuses connections without the token or from another origin, serves calls with it', async () => {
    const t = tempDataDir();
    const host = await startBrowserHost({
      dataDir: t.dir,
      version: 'test',
      rendererDir: 'out/renderer',
      credentials: new MissingKeychain(),
    });
    const port = new URL(host.origin).port;
    const attempt = (url: string, origin?: string) =>
      new Promise<WebSocket | number>((resolve) => {
        const ws = new WebSocket(url, origin ? { origin } : {});
        ws.on('open', () => resolve(ws));
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('error', () => resolve(-1));
      });
    try {
      expect(await attempt(`ws://127.0.0.1:${port}/api`)).toBe(401);
      expect(await attempt(`ws://127.0.0.1:${port}/api?token=wrong`)).toBe(401);
      expect(await attempt(`ws://127.0.0.1:${port}/api?token=${host.token}`, 'http://evil.example')).toBe(401);
      const ws = await attempt(`ws://127.0.0.1:${port}/api?token=${host.token}`, host.origin);
      expect(ws).toBeInstanceOf(WebSocket);
      const socket = ws as WebSocket;
      const reply = await new Promise<{ id: number; envelope: Envelope<unknown> }>((resolve) => {
        socket.on('message', (data) => resolve(JSON.parse(String(data)) as { id: number; envelope: Envelope<unknown> }));
        socket.send(JSON.stringify({ id: 1, op: 'connections.remove', input: { id: 5 } }));
      });
      expect(reply).toMatchObject({ id: 1, envelope: { ok: false, error: { code: 'INVALID_INPUT' } } });
      socket.close();
    } finally {
      await host.close();
      t.cleanup();
    }
  });
});
