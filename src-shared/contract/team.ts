/**
 * Contract operations of the team workspace (docs/decisions/0010-team-workspace.md): which workspace this desktop
 * uses, the team sign-in with the operator's own database login, the schema set-up, sharing a connection's settings,
 * and moving a solo workspace into the team database. Spread into the contract (index.ts). Passwords travel only from
 * the renderer to main, never back.
 */
import { z } from 'zod';
import type { OperatorRole } from './model';
import { boundedText, idText } from './fields';
import { none, op } from './operation';

/** How this desktop reaches the team database (no password: that is typed at sign-in). */
export interface TeamSettingsView {
  host: string;
  port: number;
  database: string;
  tls: { mode: 'verify-full'; caFile: string } | { mode: 'plain' };
}

export interface TeamStatusView {
  /** solo: this computer only (embedded SQLite); team: a team workspace on PostgreSQL. */
  mode: 'solo' | 'team';
  /** The team settings in use (team) or saved for the next start (a switch waits for a restart). */
  settings: TeamSettingsView | null;
  /** The workspace chosen for the next start differs from the one running: restart Paydesk to switch. */
  restartRequired: boolean;
  state: 'solo' | 'signed-out' | 'online' | 'offline';
  login: string | null;
  roles: OperatorRole[];
  /** When this desktop's copy last caught up with the server (ISO), shown as the views' freshness. */
  caughtUpAt: string | null;
  lastChangeSeq: number;
  /** Why the server is out of reach, when it is. */
  problem: string | null;
}

export interface SoloMoveResult {
  payouts: number;
  auditEvents: number;
  /** The copied trail verified in the team database before the move committed. */
  verified: true;
}

const login = z
  .string({ error: 'Enter your database login.' })
  .trim()
  .min(1, 'Enter your database login.')
  .max(63, 'A PostgreSQL login has at most 63 characters.');
const password = z
  .string({ error: 'Enter the password.' })
  .min(1, 'Enter the password.')
  .max(1_000, 'Keep the password under 1,000 characters.');

export const teamSettingsInput = z
  .object({
    host: boundedText(253, 'the host').trim(),
    port: z.number({ error: 'A port is a number from 1 to 65535.' }).int('A port is a whole number.').min(1).max(65_535),
    database: boundedText(63, 'the database name').trim(),
    tls: z.discriminatedUnion(
      'mode',
      [
        z.object({ mode: z.literal('verify-full'), caFile: boundedText(4_096, 'the CA file').trim() }).strict(),
        z.object({ mode: z.literal('plain') }).strict(),
      ],
      { error: 'Choose verify-full (with the CA file) or plain (this computer only).' },
    ),
  })
  .strict();

export const teamOperations = {
  'team.status': op(none).returns<TeamStatusView>(),
  /** Chooses the workspace for the next start: this computer only, or a team database. */
  'team.configure': op(
    z.discriminatedUnion('mode', [
      z.object({ mode: z.literal('solo') }).strict(),
      z.object({ mode: z.literal('team'), settings: teamSettingsInput }).strict(),
    ]),
  ).returns<TeamStatusView>(),
  /** Signs in with the operator's own database login: the database checks the password and holds the roles. */
  'team.signIn': op(z.object({ login, password }).strict()).returns<TeamStatusView>(),
  'team.signOut': op(none).returns<TeamStatusView>(),
  /** Creates or migrates the team schema, as a database login that may (the database's owner or administrator). */
  'team.setUpSchema': op(z.object({ login, password }).strict()).returns<{ from: number; to: number }>(),
  /** Shares a connection's settings (never its secret) with the team. */
  'team.shareConnection': op(z.object({ connectionId: idText('the connection id') }).strict()).returns<TeamStatusView>(),
  /** Copies this solo workspace (history and audit trail) into the new team database chosen in Settings. */
  'team.moveSoloWorkspace': op(z.object({ login, password }).strict()).returns<SoloMoveResult>(),
} as const;
