import type { BackupInfo, BackupKind } from '@shared/contract';

export const backupKindLabels: Record<BackupKind, string> = {
  daily: 'Daily',
  'pre-migration': 'Before an upgrade',
  'pre-restore': 'Before a restore',
  manual: 'Made by hand',
};

/** "12.3 MB": decimal units, one decimal from kB up. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** What a restore does, said before it happens: what it replaces, what it keeps, and that the app reloads. */
export function restoreConsequences(backup: Pick<BackupInfo, 'createdAt' | 'name'>, when: (iso: string) => string): string[] {
  return [
    `The whole database is replaced by the backup of ${when(backup.createdAt)} (${backup.name}): connections, creators, campaigns, payouts, drafts and approvals, operators, the policy and the audit trail become what they were then.`,
    'Paydesk first checks the backup and verifies its audit trail; if either fails, nothing changes. The current database is kept as a backup of its own, so this can be undone by restoring that one.',
    'Payouts sent since the backup keep their send state: nothing is paid twice. Secrets stay in the keychain.',
    'Paydesk then reloads with the restored database; sign in again if it asks (operators are those of the backup).',
  ];
}
