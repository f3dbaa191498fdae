/**
 * Creating the demo workspace is all or nothing: when the disk fills part-way (after connections and hundreds of
 * payouts were written), nothing of it stays and the message says so; a creation a crash interrupted is removed at
 * the next start.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CredentialStore } from '../../src-main/credentials/credential-store';
import { createDispatcher } from '../../src-main/api/dispatcher';
import { createHandlers } from '../../src-main/api/handlers/index';
import { createServices, type Services } from '../../src-main/services';
import { tempDataDir } from '../helpers/temp-dir';

const keychain: CredentialStore = {
  save: async () => undefined,
  load: async () => null,
  remove: async () => true,
  status: async () => ({ available: true, message: null }),
};

let services: Services | undefined;
let cleanup: (() => void) | undefined;
afterEach(async () => {
  await services?.close();
  services = undefined;
  cleanup?.();
});

async function start(dir: string, options: { cacheWriter?: 'inline' } = {}): Promise<Services> {
  services = await createServices({
    dataDir: dir,
    host: 'browser',
    version: 'test',
    credentials: keychain,
    dailyBackups: false,
    demo: { payoutsPerProvider: 300 },
    ...options,
  });
  return services;
}
const count = (s: Services, table: string) => (s.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('demo workspace', () => {
  it('leaves nothing behind when the disk fills part-way, and says what happened', async () => {
    const t = tempDataDir();
    cleanup = t.cleanup;
    // The full disk is max_page_count on the main connection: the sync writes through it here, not on its worker.
    const s = await start(t.dir, { cacheWriter: 'inline' });
    const dispatch = createDispatcher(createHandlers(s), { error: () => undefined });
    // Room for the connections and some pages of payouts, not for all five providers' data.
    let written = 0;
    const pages = s.db.pragma('page_count', { simple: true }) as number;
    s.db.pragma(`max_page_count = ${pages + 60}`);
    const seen = s.events.on('syncProgress', ({ fetched }) => (written = Math.max(written, fetched)));
    const reply = await dispatch('workspace.createDemo', {});
    seen();
    s.db.pragma('max_page_count = 1073741823');
    expect(written).toBeGreaterThan(0);
    expect(reply).toMatchObject({ ok: false, error: { code: 'DATABASE' } });
    if (reply.ok) throw new Error('unreachable');
    expect(reply.error.message).toMatch(/The demo workspace could not be created \(.*full.*\)\. Nothing of it was kept/);
    for (const table of ['connections', 'payouts', 'creators', 'campaigns', 'sync_state']) expect(count(s, table)).toBe(0);
    expect(s.audit.list({ action: 'workspace.demo_discarded' })).toHaveLength(1);
    expect(s.audit.list({ action: 'workspace.demo_created' })).toHaveLength(0);
    // With room again it works, once.
    const created = await dispatch('workspace.createDemo', {});
    expect(created).toMatchObject({ ok: true, value: { connections: 5 } });
    expect(count(s, 'payouts')).toBeGreaterThan(1000);
  });

  it('removes at start a demo whose creation was interrupted', async () => {
    const t = tempDataDir();
    cleanup = t.cleanup;
    const s = await start(t.dir);
    const now = new Date().toISOString();
    s.connectionRepo.addPendingDemo([
      {
        id: 'demo-1',
        provider: 'dots',
        label: 'Demo Dots',
        environment: 'simulator',
        baseUrl: 'simulator://demo/dots',
        authMode: 'basic',
        archivedAt: null,
        publicFields: {},
        credentialHint: null,
        isDemo: true,
        createdAt: now,
        updatedAt: now,
      },
    ]);
    await s.close();
    const again = await start(t.dir);
    expect(again.connectionRepo.list()).toEqual([]);
    expect(again.audit.list({ action: 'workspace.demo_discarded' })[0]?.details).toMatchObject({ connections: ['demo-1'] });
  });
});
