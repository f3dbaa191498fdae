import { userInfo } from 'node:os';
import type { SettingsRepository } from '../storage/settings-store';

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
