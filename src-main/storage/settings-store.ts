/** Workspace settings (key/value), each change audited with before and after. */
import { DEFAULT_BACKUP_RETENTION_DAYS, type Settings } from '@shared/contract/model';
import type { AuditStore } from './audit-store';
import type { Db } from './database';

export class SettingsRepository {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditStore,
  ) {}

  get(): Settings {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as Array<{ key: string; value: string }>;
    const map = new Map(rows.map((r) => [r.key, r.value]));
    const retention = Number(map.get('backupRetentionDays'));
    return {
      operatorName: map.get('operatorName') ?? '',
      backupRetentionDays: Number.isInteger(retention) && retention > 0 ? retention : DEFAULT_BACKUP_RETENTION_DAYS,
    };
  }

  /** Changes settings and records the change, in one transaction. */
  update(changes: Partial<Settings>, actor: () => string): Settings {
    this.db.transaction(() => {
      const before = this.get();
      const set = this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
      for (const [key, value] of Object.entries(changes)) if (value !== undefined) set.run(key, String(value));
      this.audit.append({ actor: actor(), action: 'settings.changed', subject: 'settings', details: { before, after: changes } });
    })();
    return this.get();
  }
}
