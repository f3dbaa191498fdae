/**
 * Which workspace this desktop opens: the file `team-workspace.json` in the data directory holds the team database's
 * settings (host, port, database, TLS; never a password), or is absent for "This computer only". Read before the
 * services are wired (src-main/services.ts), written by Settings → Team workspace; a change applies at the next start.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../errors';
import { teamSettingsProblems, type TeamSettings } from './connect';

export const TEAM_SETTINGS_FILE = 'team-workspace.json';

export function readTeamSettingsFile(dataDir: string): TeamSettings | null {
  const file = join(dataDir, TEAM_SETTINGS_FILE);
  if (!existsSync(file)) return null;
  let parsed: { mode?: string; settings?: TeamSettings };
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as typeof parsed;
  } catch {
    throw new AppError(
      'INVALID_INPUT',
      `${file} cannot be read as the team workspace settings; fix or remove it to open this computer's own workspace.`,
    );
  }
  if (parsed.mode !== 'team' || !parsed.settings) return null;
  const problems = teamSettingsProblems(parsed.settings);
  if (Object.keys(problems).length) {
    throw new AppError('INVALID_INPUT', `The team workspace settings in ${file} are not usable: ${Object.values(problems).join(' ')}`);
  }
  return parsed.settings;
}

/** Writes the choice atomically (a torn file would leave the desktop unable to start). */
export function writeTeamSettingsFile(dataDir: string, settings: TeamSettings | null): void {
  const file = join(dataDir, TEAM_SETTINGS_FILE);
  if (!settings) {
    rmSync(file, { force: true });
    return;
  }
  const temp = `${file}.tmp`;
  writeFileSync(temp, `${JSON.stringify({ mode: 'team', settings }, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, file);
}
