/**
 * Sync on a team desktop: the payouts table there is the team database's replica (its ids are the server's), so the
 * provider's own payout history is not written into it (until the team database holds the provider cache); creators
 * and campaigns are synced into this desktop's cache as before, and the demo never starts on a team desktop.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderSimulator } from '../../../src-main/providers/simulator/types';
import { postgresAvailable } from '../../support/postgres';
import { connect, dispatcherFor, draftFor, haveKeychain, startSim } from '../payouts/harness';
import { openDesktop, type Desktop } from './desktops';
import { startTeamDb, type TeamDb } from './team-fixture';

describe.skipIf(!postgresAvailable() || !haveKeychain)('sync on a team desktop', () => {
  let team: TeamDb;
  let sim: ProviderSimulator;
  let desk: Desktop;

  beforeAll(async () => {
    team = await startTeamDb({ logins: ['dana'] });
    sim = await startSim('creatorpay');
    desk = await openDesktop(team, 'desk-sync', 'dana');
  }, 120_000);

  afterAll(async () => {
    await desk?.close();
    await sim?.close();
    await team?.close();
  });

  it('syncs creators and campaigns, withholds the provider’s payouts with the reason, and leaves the replica as the server has it', async () => {
    const connection = await connect(dispatcherFor(desk.services), 'creatorpay', sim);
    const result = await desk.services.sync.syncConnection(connection.id);
    expect(result.resources.payouts).toMatchObject({ fetched: 0, skipped: expect.stringMatching(/tracked through the team database/) });
    expect(result.resources.creators.fetched).toBeGreaterThan(0);
    expect(result.resources.creators.error).toBeNull();
    // A draft to a synced creator goes to the team database, and the replica holds exactly what the server has.
    const draft = await desk.services.payoutWorkflow.drafts.create(draftFor(desk.services, 'creatorpay', connection.id));
    const local = desk.services.db.prepare('SELECT id FROM payouts ORDER BY id').all();
    expect(local).toEqual([{ id: draft.id }]);
  });

  it('refuses to start the demo on a team desktop', async () => {
    expect(await dispatcherFor(desk.services)('workspace.createDemo', undefined)).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringMatching(/works in a team workspace/) },
    });
  });
});
