/**
 * `npm run audit:verify -- <export.jsonl>` (scripts/verify-audit-export.ts): an exported trail is checked again with
 * the workspace's key and chain head from the keychain. Intact → exit 0; any edit, a stripped MAC, a dropped line → 1;
 * on a keychain without that workspace's key → 2, the hash chain alone reported as not anchored, never as intact.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { keychainServiceName, removeKeychainService } from '../../helpers/keychain-service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../scripts/verify-audit-export';
import { KeytarCredentialStore } from '../../../src-main/credentials/keytar-store';
import { createServices, type Services } from '../../../src-main/services';
import { tempDataDir } from '../../helpers/temp-dir';

const haveKeychain = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);

describe.runIf(haveKeychain)('verifying an exported audit trail', () => {
  const service = keychainServiceName('audit-export');
  let services: Services;
  let dir: { dir: string; cleanup: () => void };
  let exported: string;

  beforeAll(async () => {
    dir = tempDataDir();
    services = await createServices({
      dataDir: dir.dir,
      host: 'browser',
      version: 'test',
      credentials: new KeytarCredentialStore(service),
      payouts: { poller: false },
    });
    for (let i = 1; i <= 50; i += 1) {
      services.audit.append({
        actor: { id: 'op-a', name: 'Ada' },
        action: 'payout.draft_created',
        subject: `payout:${i}`,
        details: { n: i },
      });
    }
    await services.anchor.flush();
    exported = services.audit.exportJsonLines();
  });
  afterAll(async () => {
    await services?.close();
    await removeKeychainService(service);
    dir?.cleanup();
  });

  const run = (text: string, keychainService = service) => {
    const file = join(dir.dir, `export-${randomBytes(3).toString('hex')}.jsonl`);
    writeFileSync(file, text);
    return main([file, '--keychain-service', keychainService]);
  };
  const lines = () => exported.trimEnd().split('\n');

  it('an untouched export is intact and anchored', async () => {
    expect(await run(exported)).toEqual({
      code: 0,
      line: expect.stringMatching(/^INTACT: 50 events, every one with the workspace key's MAC/),
    });
  });

  it('an edited event, a stripped MAC with recomputed hashes, a dropped line or an unknown file: exit 1, naming the event', async () => {
    expect(await run(exported.replace('"n":7', '"n":70'))).toEqual({
      code: 1,
      line: expect.stringMatching(/^TAMPERED: event 7 \(changed\)/),
    });
    // Every MAC stripped (as if the events were written before the workspace had a key): the keychain says otherwise.
    const stripped = lines()
      .map((l, i) => (i === 0 ? l : l.replace(/"mac":"[0-9a-f]+"/, '"mac":null')))
      .join('\n');
    expect(await run(stripped)).toEqual({ code: 1, line: expect.stringMatching(/^TAMPERED: event 1 \(forged\)/) });
    const dropped = lines().filter((_, i) => i !== 20);
    expect((await run(dropped.join('\n'))).code).toBe(1);
    expect(await run('not an export\n')).toMatchObject({ code: 1, line: expect.stringMatching(/Not a readable Paydesk audit export/) });
  });

  it('without the workspace key in this keychain: exit 2, the chain alone reported as not anchored', async () => {
    expect(await run(exported, `${service}-elsewhere`)).toEqual({
      code: 2,
      line: expect.stringMatching(/^NOT ANCHORED: the hash chain of 50 events holds/),
    });
  });
});
