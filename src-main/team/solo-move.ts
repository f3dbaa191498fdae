/**
 * Moves a solo workspace into a new team database (issue 13, point 6): an admin of the team database copies this
 * desktop's connections (settings only; secrets stay in the keychain), payouts with their tags, approvals, history,
 * outbox and attempts, its import batches, the audit trail as it was chained, and its approval policy, in ONE
 * PostgreSQL transaction. Before it commits, the
 * copied trail is read back from the team database and checked with the desktop's own verifier: the move lands only
 * when the chain verifies there, and then its own event chains on from the copied head.
 */
import type pg from 'pg';
import type { PayoutPolicy } from '@shared/contract/payouts-model';
import { verifyRows } from '../audit/audit-log';
import { canonicalJson } from '../audit/chain';
import { AppError } from '../errors';
import type { AuditRow } from '../storage/audit-store';
import type { Db } from '../storage/database';
import { SOLO_KINDS, soloCount, soloImportBatches, soloRows } from '../storage/postgres/solo-export';
import { TeamQueries, type CallContext } from '../storage/postgres/team-queries';
import { describeTeamError, type TeamSettings } from './connect';

export interface SoloMoveResult {
  payouts: number;
  auditEvents: number;
  verified: true;
}

/** Values the team database needs that an older solo row may lack (legacy approvals without an operator id). */
function prepare(kind: string, row: Record<string, unknown>): Record<string, unknown> {
  if (kind === 'payout_approvals') return { ...row, operator_id: row.operator_id ?? `name:${String(row.operator)}` };
  if (kind === 'payout_send_attempts') return { ...row, by_login: 'solo workspace' };
  return row;
}

export async function moveSoloWorkspace(
  db: Db,
  pool: pg.Pool,
  settings: TeamSettings,
  login: string,
  ctx: CallContext,
  policy: PayoutPolicy,
): Promise<SoloMoveResult> {
  const client = await pool.connect();
  const q = new TeamQueries(client);
  try {
    await client.query('BEGIN');
    await q.soloImportBegin();
    for (const kind of SOLO_KINDS) {
      for (const batch of soloRows(db, kind))
        await q.soloImportRows(
          kind,
          batch.map((r) => prepare(kind, r)),
        );
    }
    const batches = soloImportBatches(db);
    if (batches.length) await q.soloImportBatches(batches);
    // The chain as the team database now holds it, checked hash by hash before anything is committed.
    const rows = (await q.auditRows()) as unknown as AuditRow[];
    const verdict = verifyRows(rows, { kind: 'unavailable', reason: 'checked in the team database before the move commits' }, true);
    if (!verdict.intact) {
      throw new AppError(
        'CONFLICT',
        `The copied audit trail does not verify in the team database (${verdict.reason ?? `event ${verdict.brokenSeq}`}); nothing was moved.`,
      );
    }
    const counts = { payouts: soloCount(db, 'payouts'), auditEvents: rows.length };
    await q.soloImportFinish(canonicalJson({ ...counts, verifiedEvents: verdict.checked }), ctx);
    // The desk's approval policy becomes the team's, in the same transaction (audited there as any policy change).
    await q.setPolicy(policy, canonicalJson({ after: policy, reason: 'carried over from the solo workspace' }), ctx);
    await client.query('COMMIT');
    return { ...counts, verified: true };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw describeTeamError(error, { settings, user: login, during: 'moving the solo workspace' });
  } finally {
    client.release();
  }
}
