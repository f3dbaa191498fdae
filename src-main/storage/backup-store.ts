/**
 * The SQL side of backups: consistent copies of the live database (SQLite's online backup API, or VACUUM INTO where
 * the caller cannot wait), opening a backup read-only to check it, and copying a backup into the live database file.
 * The policy (when, where, how long, the audit events) is src-main/backups/backup-service.ts.
 */
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { makePrivate } from '../startup/data-dir';
import { currentSchemaVersion, PAYDESK_APPLICATION_ID, type Db } from './database';

/** A backup is one self-contained file: rollback journal, no -wal or -shm beside it. */
function toSingleFile(file: string): void {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
  makePrivate(file);
}

/** The online backup (better-sqlite3's db.backup(), SQLite's backup API): pages copied in steps, the app keeps running. */
export async function onlineBackup(db: Db, target: string): Promise<void> {
  try {
    await db.backup(target);
    toSingleFile(target);
  } catch (error) {
    for (const path of [target, `${target}-journal`, `${target}-wal`, `${target}-shm`]) rmSync(path, { force: true });
    throw error;
  }
}

/**
 * A consistent copy made synchronously (VACUUM INTO): for the backup before a migration, which openDatabase takes
 * while its synchronous caller waits, before the first migration's transaction.
 */
export function snapshotNow(db: Db, target: string): void {
  try {
    db.prepare('VACUUM INTO ?').run(target);
    toSingleFile(target);
  } catch (error) {
    for (const path of [target, `${target}-journal`]) rmSync(path, { force: true });
    throw error;
  }
}

export interface BackupInspection {
  applicationId: number;
  schemaVersion: number;
  /** PRAGMA integrity_check's findings: ['ok'] for a sound file. */
  integrity: string[];
}

/** Opens a backup read-only (the caller closes it). */
export function openReadOnly(file: string, nativeBinding?: string): Db {
  return new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
}

export function inspectBackup(db: Db): BackupInspection {
  return {
    applicationId: db.pragma('application_id', { simple: true }) as number,
    schemaVersion: currentSchemaVersion(db),
    integrity: (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check),
  };
}

export const isPaydeskFile = (inspection: BackupInspection) => inspection.applicationId === PAYDESK_APPLICATION_ID;

/**
 * Copies the source database over the live database file with SQLite's backup API: the live connection sees the
 * restored content as soon as the copy commits (its statements are prepared again on their next use).
 */
export async function copyInto(source: Db, liveFile: string): Promise<void> {
  await source.backup(liveFile);
}

/**
 * After a restore: every payout the replaced database had handed to the sender, which the restored one has but does
 * not know as handed over, gets the replaced database's send state (its outbox entry, with the provider's id, and its
 * status) so that it can never be sent a second time; the reconciler then looks each one up by its reference (and
 * attaches the provider's id). Returns their ids.
 */
export function carryOverSendState(live: Db, replacedFile: string, message: string, nowIso: string): number[] {
  live.prepare('ATTACH DATABASE ? AS replaced').run(replacedFile);
  try {
    return live.transaction(() => {
      const rows = live
        .prepare(
          `SELECT p.id AS id, o.client_reference AS reference
           FROM replaced.payout_outbox o
           JOIN main.payouts p ON p.client_reference = o.client_reference AND p.connection_id = o.connection_id
           WHERE NOT EXISTS (SELECT 1 FROM main.payout_outbox mo WHERE mo.client_reference = o.client_reference)
             -- a send that certainly never left (not_sent, closed) has nothing to carry over
             AND NOT (o.create_state = 'not_sent' AND o.open = 0)`,
        )
        .all() as Array<{ id: number; reference: string }>;
      const copyOutbox = live.prepare(
        `INSERT INTO main.payout_outbox (payout_id, connection_id, client_reference, short_reference, request_json, create_state,
           initiate_state, create_attempts, initiate_attempts, remote_id, open, amount_minor, currency, marked_at, updated_at, last_error)
         SELECT @id, o.connection_id, o.client_reference, o.short_reference, o.request_json,
           CASE o.create_state WHEN 'pending' THEN 'unknown' ELSE o.create_state END,
           CASE o.initiate_state WHEN 'pending' THEN 'unknown' ELSE o.initiate_state END,
           o.create_attempts, o.initiate_attempts, o.remote_id, 1, o.amount_minor, o.currency, o.marked_at, @now, o.last_error
         FROM replaced.payout_outbox o WHERE o.client_reference = @reference`,
      );
      const copyStatus = live.prepare(
        `UPDATE main.payouts SET
           status = (SELECT CASE WHEN r.status IN ('draft', 'approved') THEN 'unknown' ELSE r.status END FROM replaced.payouts r WHERE r.client_reference = @reference),
           provider_status = (SELECT r.provider_status FROM replaced.payouts r WHERE r.client_reference = @reference),
           status_message = @message, status_changed_at = @now
         WHERE id = @id`,
      );
      const history = live.prepare(
        `INSERT INTO main.payout_status_history (payout_id, at, status, provider_status, source, message)
         SELECT id, @now, status, provider_status, 'restore', @message FROM main.payouts WHERE id = @id`,
      );
      for (const row of rows) {
        const params = { id: row.id, reference: row.reference, now: nowIso, message };
        copyOutbox.run(params);
        copyStatus.run(params);
        history.run(params);
      }
      return rows.map((r) => r.id);
    })();
  } finally {
    live.prepare('DETACH DATABASE replaced').run();
  }
}
