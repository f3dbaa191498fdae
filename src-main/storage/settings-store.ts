/** Workspace settings (key/value), each change audited with before and after. */
import { DEFAULT_BACKUP_RETENTION_DAYS, type Settings } from '@shared/contract/model';
import { randomUUID } from 'node:crypto';
import type { Actor, AuditStore } from './audit-store';
import type { Db } from './database';

export class SettingsRepository {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditStore,
  ) {}

  get(): Settings {
    const idle = Number(this.value('idleLockMinutes'));
    const retention = Number(this.value('backupRetentionDays'));
    return {
      idleLockMinutes: Number.isInteger(idle) && idle > 0 ? idle : 15,
      backupRetentionDays: Number.isInteger(retention) && retention > 0 ? retention : DEFAULT_BACKUP_RETENTION_DAYS,
    };
  }

  /** Changes settings and records the change, in one transaction. */
  update(changes: Partial<Settings>, actor: Actor): Settings {
    this.db.transaction(() => {
      const before = this.get();
      for (const [key, value] of Object.entries(changes)) if (value !== undefined) this.set(key, String(value));
      this.audit.append({ actor, action: 'settings.changed', subject: 'settings', details: { before, after: this.get() } });
    })();
    return this.get();
  }

  /** The workspace's stable id (made once): it names the workspace's entries in the keychain. */
  workspaceId(): string {
    let id = this.value('workspaceId');
    if (!id) {
      id = randomUUID();
      this.set('workspaceId', id);
    }
    return id;
  }

  private value(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  private set(key: string, value: string): void {
    this.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(key, value);
  }
}
