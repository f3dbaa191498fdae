import { userInfo } from 'node:os';
import type { Settings } from '@shared/contract/model';
import type { Db } from '../storage/database';

export class SettingsRepository {
  constructor(private readonly db: Db) {}

  get(): Settings {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as Array<{ key: string; value: string }>;
    const map = new Map(rows.map((r) => [r.key, r.value]));
    return { operatorName: map.get('operatorName') ?? '' };
  }

  set(key: keyof Settings, value: string): void {
    this.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(key, value);
  }
}

export function osUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

/** Who did it, as written in the audit trail: the operator name from Settings and the OS account. */
export function actorName(settings: SettingsRepository, osUser = osUserName()): string {
  const operator = settings.get().operatorName.trim();
  return operator ? `${operator} (${osUser})` : osUser;
}
