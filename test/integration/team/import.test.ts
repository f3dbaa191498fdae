/**
 * A CSV import in a team workspace: one transaction in the team database (every draft with its maker, the login,
 * and its own event, plus the import's event); the other desktops see the drafts and the batch; the same file
 * imported on another desktop is refused as a repeat unless the operator imports it again on purpose; a moved solo
 * workspace carries its import batches and its approval policy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '@shared/contract/model';
import type { CsvTemplate, ImportCommitResult } from '@shared/contract/payouts-model';
import type { ProviderSimulator } from '../../../src-main/providers/simulator/types';
import { postgresAvailable } from '../../support/postgres';
import { connect, dispatcherFor, haveKeychain, ok, startSim } from '../payouts/harness';
import { openDesktop, type Desktop } from './desktops';
import { startTeamDb, type TeamDb } from './team-fixture';

describe.skipIf(!postgresAvailable() || !haveKeychain)('a CSV import in a team workspace', () => {
  let team: TeamDb;
  let sim: ProviderSimulator;
  let a: Desktop;
  let b: Desktop;
  let connection: Connection;
  let file = '';

  const serverCount = async (sql: string, params: unknown[] = []) => {
    const root = await team.server.installer();
    try {
      return Number((await root.query(sql, params)).rows[0].n);
    } finally {
      await root.end();
    }
  };

  beforeAll(async () => {
    team = await startTeamDb();
    sim = await startSim('talentir');
    const admin = await openDesktop(team, 'desk-admin', 'dana');
    connection = await connect(dispatcherFor(admin.services), 'talentir', sim);
    await admin.close();
    a = await openDesktop(team, 'desk-a', 'alice');
    b = await openDesktop(team, 'desk-b', 'pete');
    const template = await ok<CsvTemplate>(dispatcherFor(a.services)('payouts.importTemplate', { connectionId: connection.id }));
    const [header, example] = template.content.trim().split(/\r?\n/);
    // Three rows like the template's example, each to its own creator.
    file = [header, ...[1, 2, 3].map((n) => example!.replace(/[^,@]+@example\.com/, `team.import${n}@example.com`))].join('\r\n') + '\r\n';
  }, 120_000);

  afterAll(async () => {
    for (const d of [a, b]) await d?.close();
    await sim?.close();
    await team?.close();
  });

  it('imports on A in one server transaction; B sees the drafts, and the same file on B is a repeat', async () => {
    const result = await ok<ImportCommitResult>(
      dispatcherFor(a.services)('payouts.importCommit', { connectionId: connection.id, content: file }),
    );
    expect(result.imported).toBe(3);
    expect(
      await serverCount("SELECT count(*) AS n FROM paydesk.payouts WHERE import_batch = $1 AND created_by = 'alice'", [result.batchId]),
    ).toBe(3);
    expect(
      await serverCount("SELECT count(*) AS n FROM paydesk.import_batches WHERE batch_id = $1 AND imported_by = 'alice'", [result.batchId]),
    ).toBe(1);
    expect(await serverCount("SELECT count(*) AS n FROM paydesk.audit_events WHERE action = 'payout.imported' AND actor = 'alice'")).toBe(
      1,
    );
    expect(
      await serverCount(
        "SELECT count(*) AS n FROM paydesk.audit_events WHERE action = 'payout.draft_created' AND details::jsonb->>'importBatch' = $1",
        [result.batchId],
      ),
    ).toBe(3);

    await b.services.team!.catchUp();
    expect(b.services.db.prepare('SELECT count(*) AS n FROM payouts WHERE import_batch = ?').get(result.batchId)).toEqual({ n: 3 });
    const repeat = await dispatcherFor(b.services)('payouts.importCommit', { connectionId: connection.id, content: file });
    expect(repeat).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await serverCount('SELECT count(*) AS n FROM paydesk.payouts')).toBe(3);

    const again = await ok<ImportCommitResult>(
      dispatcherFor(b.services)('payouts.importCommit', { connectionId: connection.id, content: file, importAgain: true }),
    );
    expect(again).toMatchObject({ imported: 3, reimportOf: [result.batchId] });
    expect(await serverCount("SELECT count(*) AS n FROM paydesk.payouts WHERE created_by = 'pete'")).toBe(3);
  });

  it('a raw call cannot import a file another desktop imported meanwhile, nor a draft outside its batch', async () => {
    const { q } = await team.queries('pete');
    const sha = await team.server.installer().then(async (c) => {
      const r = await c.query('SELECT file_sha256 FROM paydesk.import_batches LIMIT 1');
      await c.end();
      return r.rows[0].file_sha256 as string;
    });
    const before = await serverCount('SELECT count(*) AS n FROM paydesk.payouts');
    const doc = {
      connectionId: connection.id,
      clientReference: 'paydesk-raw-1',
      shortReference: 'RAW-1',
      amountMinor: 100,
      currency: 'EUR',
      recipientJson: '{}',
      display: {},
      importBatch: 'raw-batch',
    };
    await expect(
      q.importDrafts(
        { batchId: 'raw-batch', connectionId: connection.id, fileSha256: sha, reimportOf: [] },
        [{ doc, tags: [], details: '{}' }],
        '{}',
        { osUser: 'x', host: 'psql' },
      ),
    ).rejects.toThrow(/imported meanwhile as batch/);
    await expect(
      q.importDrafts(
        { batchId: 'raw-batch', connectionId: connection.id, fileSha256: 'f'.repeat(64), reimportOf: [] },
        [{ doc: { ...doc, importBatch: 'other' }, tags: [], details: '{}' }],
        '{}',
        { osUser: 'x', host: 'psql' },
      ),
    ).rejects.toThrow(/belongs to its batch/);
    expect(await serverCount('SELECT count(*) AS n FROM paydesk.payouts')).toBe(before);
  });
});
