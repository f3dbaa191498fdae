/**
 * The team's audit trail on a desktop: the Audit log, a payout's history and the exports read the replica of the
 * team trail (by default in a team workspace; this desktop's own trail on request), and Verify holds the replica
 * against the team database and the last team chain head the desktop kept in its keychain. A rewritten replica file,
 * a replica with events cut off, and events removed on the server behind the desktops' backs are each found.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent, AuditVerification, PreparedFile } from '@shared/contract/model';
import { postgresAvailable } from '../../support/postgres';
import { dispatcherFor, haveKeychain, ok } from '../payouts/harness';
import { openDesktop, type Desktop } from './desktops';
import { ctx, details, draftDoc, startTeamDb, testConnection, type TeamDb } from './team-fixture';
import { readExport } from '../../helpers/exports';

describe.skipIf(!postgresAvailable() || !haveKeychain)('the team audit trail on a desktop', () => {
  let team: TeamDb;
  const desktops: Desktop[] = [];
  let draftId = 0;

  const open = async (name: string) => {
    const desk = await openDesktop(team, name, 'dana');
    desktops.push(desk);
    return { desk, dispatch: dispatcherFor(desk.services) };
  };
  const serverRows = async () => (await (await team.queries('dana')).q.auditRows()) as Array<{ seq: number; hash: string }>;

  beforeAll(async () => {
    team = await startTeamDb({ logins: ['dana'] });
    const { q } = await team.queries('dana');
    await q.saveConnection(testConnection, details({ label: testConnection.label }), ctx('desk-setup'));
    draftId = await q.createDraft(draftDoc(testConnection.id), [], details({ amount: '25.00 EUR' }), ctx('desk-setup'));
  }, 120_000);

  afterAll(async () => {
    for (const d of desktops) await d.close();
    await team?.close();
  });

  it('lists the team trail by default, this desktop’s own on request, and a payout’s history from the team trail', async () => {
    const { dispatch } = await open('desk-list');
    const server = await serverRows();
    const listed = await ok<AuditEvent[]>(dispatch('audit.list', { limit: 100 }));
    expect(listed.map((e) => e.hash)).toEqual(server.map((r) => r.hash).reverse());
    expect(listed.map((e) => e.action)).toEqual(expect.arrayContaining(['connection.saved', 'payout.draft_created']));

    const own = await ok<AuditEvent[]>(dispatch('audit.list', { limit: 100, trail: 'desktop' }));
    expect(own.some((e) => e.action === 'payout.draft_created')).toBe(false);

    const history = await ok<AuditEvent[]>(dispatch('audit.forSubject', { subject: `payout:${draftId}`, limit: 50 }));
    expect(history.map((e) => `${e.action} ${e.actor}@${e.host}`)).toEqual(['payout.draft_created dana@desk-setup']);

    const filtered = await ok<AuditEvent[]>(dispatch('audit.list', { limit: 100, action: 'payout.' }));
    expect(filtered.every((e) => e.action.startsWith('payout.'))).toBe(true);
    expect(filtered.length).toBeGreaterThan(0);

    const exported = await ok<PreparedFile>(dispatch('audit.export', { format: 'jsonl' }));
    const lines = (await readExport(exported, (part) => ok(dispatch('files.part', part)))).trim().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ type: 'paydesk-audit-export', events: server.length });
    expect(lines.slice(1).map((l) => (JSON.parse(l) as AuditEvent).hash)).toEqual(server.map((r) => r.hash));
  });

  it('verifies the copy against the team database: intact and anchored through the server’s head', async () => {
    const { dispatch } = await open('desk-verify');
    const server = await serverRows();
    const result = await ok<AuditVerification>(dispatch('audit.verify', {}));
    expect(result).toEqual({
      intact: true,
      anchored: true,
      checked: server.length,
      anchoredThrough: server.at(-1)!.seq,
      anchoredBy: 'team-database',
    });
    // This desktop's own trail is still verified as before, anchored in its keychain.
    expect(await ok<AuditVerification>(dispatch('audit.verify', { trail: 'desktop' }))).toMatchObject({ intact: true, anchored: true });
    expect((await dispatch('audit.verify', { trail: 'everyone' })).ok).toBe(false);
  });

  it('events another desktop appends right after this copy caught up are not taken for events missing here', async () => {
    const { desk, dispatch } = await open('desk-busy');
    await desk.services.team!.catchUp();
    const seen = (await serverRows()).at(-1)!.seq;
    // Another desktop drafts between this desktop's catch-up and its look at the server's head.
    const team_ = desk.services.team!;
    const catchUp = team_.catchUp.bind(team_);
    team_.catchUp = async () => {
      await catchUp();
      const { q } = await team.queries('dana');
      await q.createDraft(draftDoc(testConnection.id), [], details({ amount: '30.00 EUR' }), ctx('desk-other'));
    };
    try {
      const verdict = await ok<AuditVerification>(dispatch('audit.verify', {}));
      expect(verdict).toMatchObject({ intact: true, anchored: true });
      // Through the head as of this copy's watermark, or the new event too if its notification landed meanwhile.
      expect(verdict.intact && verdict.anchored && verdict.anchoredThrough).toBeGreaterThanOrEqual(seen);
    } finally {
      team_.catchUp = catchUp;
    }
    expect((await serverRows()).at(-1)!.seq).toBe(seen + 1);
  });

  it('finds an event rewritten in the replica file, and events cut off its end', async () => {
    const { desk, dispatch } = await open('desk-tamper');
    const db = desk.services.db;
    db.exec('DROP TRIGGER team_audit_events_no_update');
    db.prepare("UPDATE team_audit_events SET details = json_set(details, '$.amount', '9999.00 EUR') WHERE seq = 2").run();
    expect(await ok<AuditVerification>(dispatch('audit.verify', {}))).toMatchObject({ intact: false, kind: 'changed', brokenSeq: 2 });

    const other = await open('desk-cut');
    const last = (await serverRows()).at(-1)!.seq;
    other.desk.services.db.prepare('DELETE FROM team_audit_events WHERE seq = ?').run(last);
    expect(await ok<AuditVerification>(other.dispatch('audit.verify', {}))).toMatchObject({
      intact: false,
      kind: 'truncated',
      brokenSeq: last,
      reason: expect.stringMatching(/missing from this desktop’s copy/),
    });
  });

  it('finds events removed on the server after a desktop saw them (the head it kept in its keychain)', async () => {
    const seer = await open('desk-seer');
    await seer.desk.services.team!.shareConnection({
      ...testConnection,
      environment: 'custom',
      id: 'conn-team-2',
      label: 'Second',
      publicFields: {},
    });
    const before = await serverRows();
    expect(await ok<AuditVerification>(seer.dispatch('audit.verify', {}))).toMatchObject({
      intact: true,
      anchoredThrough: before.at(-1)!.seq,
    });

    // Someone with the server's superuser rights removes the last event (the table's own guards switched off).
    const root = await team.server.installer();
    await root.query("SET session_replication_role = 'replica'");
    await root.query('DELETE FROM paydesk.audit_events WHERE seq = $1', [before.at(-1)!.seq]);
    await root.end();

    // A new desktop pulls the shortened trail: it chains, it matches the server, but this computer saw more of it.
    const fresh = await open('desk-fresh');
    expect(await ok<AuditVerification>(fresh.dispatch('audit.verify', {}))).toMatchObject({
      intact: false,
      kind: 'truncated',
      reason: expect.stringMatching(/gone from the team database: this desktop saw the trail reach #/),
    });
  });

  it('offline: the copy is checked on its own and says the server could not vouch for it', async () => {
    const { dispatch } = await open('desk-offline');
    team.server.halt();
    try {
      const result = await ok<AuditVerification>(dispatch('audit.verify', {}));
      expect(result).toMatchObject({ intact: true, anchored: false, reason: expect.stringMatching(/could not be asked to vouch/) });
    } finally {
      team.server.start();
    }
  });
});
