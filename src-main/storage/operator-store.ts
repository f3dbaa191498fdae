/**
 * Operators: stable ids, display names, roles, passphrase hashes (never leave main) and the sign-in failure counter
 * that rate-limits guessing. Every change is audited in the same transaction.
 */
import { operatorRoles, type Operator, type OperatorRole } from '@shared/contract/model';
import type { AuditEntry, AuditStore } from './audit-store';
import type { Db } from './database';

interface OperatorDbRow {
  id: string;
  display_name: string;
  roles: string;
  passphrase_hash: string;
  is_demo: number;
  failed_sign_ins: number;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
  disabled_at: string | null;
}

/** An operator as main knows it: the DTO plus what only main may see. */
export interface OperatorRecord extends Operator {
  passphraseHash: string;
  failedSignIns: number;
  lockedUntil: string | null;
}

function parseRoles(text: string): OperatorRole[] {
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) ? operatorRoles.filter((r) => parsed.includes(r)) : [];
  } catch {
    return [];
  }
}

function toRecord(row: OperatorDbRow): OperatorRecord {
  return {
    id: row.id,
    name: row.display_name,
    roles: parseRoles(row.roles),
    disabled: row.disabled_at !== null,
    isDemo: row.is_demo === 1,
    createdAt: row.created_at,
    passphraseHash: row.passphrase_hash,
    failedSignIns: row.failed_sign_ins,
    lockedUntil: row.locked_until,
  };
}

/** What the renderer may see of an operator: never the hash, never the counters. */
export function toOperator(record: OperatorRecord): Operator {
  return {
    id: record.id,
    name: record.name,
    roles: record.roles,
    disabled: record.disabled,
    isDemo: record.isDemo,
    createdAt: record.createdAt,
  };
}

export class OperatorStore {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditStore,
  ) {}

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM operators').get() as { n: number }).n;
  }

  list(): OperatorRecord[] {
    return (
      this.db.prepare('SELECT * FROM operators ORDER BY disabled_at IS NOT NULL, display_name COLLATE NOCASE').all() as OperatorDbRow[]
    ).map(toRecord);
  }

  get(id: string): OperatorRecord | undefined {
    const row = this.db.prepare('SELECT * FROM operators WHERE id = ?').get(id) as OperatorDbRow | undefined;
    return row && toRecord(row);
  }

  /** The active operator with this name (names are unique among active operators, case-insensitively). */
  byName(name: string): OperatorRecord | undefined {
    const row = this.db.prepare('SELECT * FROM operators WHERE lower(display_name) = lower(?) AND disabled_at IS NULL').get(name.trim()) as
      OperatorDbRow | undefined;
    return row && toRecord(row);
  }

  /** Active admins other than this operator (the last admin must not remove their own admin role). */
  otherActiveAdmins(exceptId: string): number {
    return this.list().filter((o) => o.id !== exceptId && !o.disabled && o.roles.includes('admin')).length;
  }

  add(
    records: Array<{ id: string; name: string; roles: OperatorRole[]; passphraseHash: string; isDemo: boolean; now: string }>,
    notes: AuditEntry[],
  ): void {
    this.db.transaction(() => {
      const insert = this.db.prepare(
        `INSERT INTO operators (id, display_name, roles, passphrase_hash, is_demo, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const r of records) insert.run(r.id, r.name.trim(), JSON.stringify(r.roles), r.passphraseHash, r.isDemo ? 1 : 0, r.now, r.now);
      for (const note of notes) this.audit.append(note);
    })();
  }

  update(
    id: string,
    change: { name?: string; roles?: OperatorRole[]; disabled?: boolean; passphraseHash?: string; now: string },
    notes: AuditEntry[],
  ): void {
    this.db.transaction(() => {
      const sets: string[] = ['updated_at = @now'];
      const params: Record<string, unknown> = { id, now: change.now };
      if (change.name !== undefined) {
        sets.push('display_name = @name');
        params.name = change.name.trim();
      }
      if (change.roles !== undefined) {
        sets.push('roles = @roles');
        params.roles = JSON.stringify(change.roles);
      }
      if (change.disabled !== undefined) {
        sets.push('disabled_at = @disabledAt');
        params.disabledAt = change.disabled ? change.now : null;
      }
      if (change.passphraseHash !== undefined) {
        sets.push('passphrase_hash = @hash, failed_sign_ins = 0, locked_until = NULL');
        params.hash = change.passphraseHash;
      }
      this.db.prepare(`UPDATE operators SET ${sets.join(', ')} WHERE id = @id`).run(params);
      for (const note of notes) this.audit.append(note);
    })();
  }

  /** A failed sign-in: the counter goes up, a lock may start; audited with it. */
  recordFailure(id: string | null, lockedUntil: string | null, note: AuditEntry): void {
    this.db.transaction(() => {
      if (id)
        this.db.prepare('UPDATE operators SET failed_sign_ins = failed_sign_ins + 1, locked_until = ? WHERE id = ?').run(lockedUntil, id);
      this.audit.append(note);
    })();
  }

  recordSuccess(id: string, note: AuditEntry | null): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE operators SET failed_sign_ins = 0, locked_until = NULL WHERE id = ?').run(id);
      if (note) this.audit.append(note);
    })();
  }

  /** An audit event about an operator's session that changes nothing else (locked, signed out). */
  recordEvent(note: AuditEntry): void {
    this.audit.append(note);
  }

  /** Names of operators by id, for showing who approved and who drafted (a rename shows everywhere). */
  namesById(): Map<string, string> {
    return new Map(
      (this.db.prepare('SELECT id, display_name FROM operators').all() as Array<{ id: string; display_name: string }>).map((r) => [
        r.id,
        r.display_name,
      ]),
    );
  }
}
