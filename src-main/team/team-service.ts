/**
 * The team workspace as the handlers see it (src-shared/contract/team.ts): which workspace this desktop uses and
 * which it will use after a restart, the team sign-in, the schema set-up by a login that may, and sharing a
 * connection's settings. In a solo workspace the team operations say plainly that this computer works on its own.
 */
import type { PayoutPolicy } from '@shared/contract/payouts-model';
import type { SoloMoveResult, TeamSettingsView, TeamStatusView } from '@shared/contract/team';
import type { Db } from '../storage/database';
import { moveSoloWorkspace } from './solo-move';
import { AppError, notFound } from '../errors';
import type { AuditLog } from '../audit/audit-log';
import type { Actor } from '../storage/audit-store';
import type { ConnectionRepository } from '../storage/connection-store';
import { migrateSchema } from '../storage/postgres/schema';
import { assertTeamSettings, describeTeamError, openPool, type TeamSettings } from './connect';
import { readTeamSettingsFile, writeTeamSettingsFile } from './settings-file';
import type { TeamWorkspace } from './team-workspace';
import type { AppLog } from '../logging/app-log';

const soloOnly = () =>
  new AppError(
    'CONFLICT',
    'This computer uses its own workspace. Choose "Team workspace (PostgreSQL)" in Settings and restart Paydesk first.',
  );

const sameSettings = (a: TeamSettings | null, b: TeamSettings | null) => JSON.stringify(a) === JSON.stringify(b);

export class TeamService {
  constructor(
    private readonly dataDir: string,
    private readonly running: TeamWorkspace | null,
    private readonly deps: {
      connections: ConnectionRepository;
      audit: AuditLog;
      actor: () => Actor;
      db: Db;
      identity: { osUser: string; host: string };
      log?: Pick<AppLog, 'warn'>;
      /** This desk's approval policy (what a solo workspace carries into the team database). */
      policy: () => PayoutPolicy;
    },
  ) {}

  status(): TeamStatusView {
    const saved = readTeamSettingsFile(this.dataDir);
    const inUse = this.running?.settings ?? null;
    const team = this.running?.status();
    return {
      mode: this.running ? 'team' : 'solo',
      settings: (inUse ?? saved) as TeamSettingsView | null,
      restartRequired: !sameSettings(inUse, saved),
      state: team ? team.state : 'solo',
      login: team?.login ?? null,
      roles: team?.roles ?? [],
      caughtUpAt: team?.caughtUpAt ?? null,
      lastChangeSeq: team?.lastChangeSeq ?? 0,
      problem: team?.problem ?? null,
    };
  }

  /** Saves the workspace to open at the next start, audited; the running one stays until then. */
  configure(input: { mode: 'solo' } | { mode: 'team'; settings: TeamSettings }): TeamStatusView {
    const before = readTeamSettingsFile(this.dataDir);
    const after = input.mode === 'team' ? input.settings : null;
    if (after) assertTeamSettings(after);
    writeTeamSettingsFile(this.dataDir, after);
    this.deps.audit.append({
      actor: this.deps.actor(),
      action: 'team.configured',
      subject: 'workspace',
      details: {
        before: before ? { mode: 'team', ...before } : { mode: 'solo' },
        after: after ? { mode: 'team', ...after } : { mode: 'solo' },
      },
    });
    return this.status();
  }

  private team(): TeamWorkspace {
    if (!this.running) throw soloOnly();
    return this.running;
  }

  async signIn(login: string, password: string): Promise<TeamStatusView> {
    await this.team().signIn(login, password);
    return this.status();
  }

  async signOut(): Promise<TeamStatusView> {
    await this.team().signOut();
    return this.status();
  }

  /** Creates or migrates the schema as this login (it needs the right to create roles and schemas). */
  async setUpSchema(login: string, password: string): Promise<{ from: number; to: number }> {
    const settings = this.running?.settings ?? readTeamSettingsFile(this.dataDir);
    if (!settings) throw soloOnly();
    const pool = await openPool(settings, { user: login, password });
    try {
      const client = await pool.connect();
      try {
        return await migrateSchema(client);
      } catch (error) {
        throw describeTeamError(error, { settings, user: login, during: 'setting up the team schema' });
      } finally {
        client.release();
      }
    } finally {
      await pool.end().catch(() => undefined);
    }
  }

  /**
   * From a solo desktop whose next workspace is a new team database: copies its history and audit trail there as
   * this admin login (the trail verifies in the team database before the move commits). Audited here too.
   */
  async moveSoloWorkspace(login: string, password: string): Promise<SoloMoveResult> {
    if (this.running) throw new AppError('CONFLICT', 'This desktop already works in a team workspace: there is no solo workspace to move.');
    const settings = readTeamSettingsFile(this.dataDir);
    if (!settings) throw new AppError('CONFLICT', 'Choose the team database in Settings → Team workspace first; the move copies into it.');
    const pool = await openPool(settings, { user: login, password });
    try {
      const result = await moveSoloWorkspace(this.deps.db, pool, settings, login, this.deps.identity, this.deps.policy());
      this.deps.audit.append({
        actor: this.deps.actor(),
        action: 'team.solo_workspace_moved',
        subject: 'workspace',
        details: { into: { host: settings.host, port: settings.port, database: settings.database }, login, ...result },
      });
      return result;
    } finally {
      await pool.end().catch(() => undefined);
    }
  }

  /**
   * After a connection is added or edited in a team workspace its settings go to the team too. The connection is
   * saved on this desktop either way; a share the server could not take is logged and left to the card's "Share with
   * the team" (the team status shows why the server is out of reach).
   */
  async shareIfInTeam(connectionId: string): Promise<void> {
    if (!this.running || this.running.status().state === 'signed-out') return;
    try {
      await this.shareConnection(connectionId);
    } catch (error) {
      this.deps.log?.warn('sharing the connection with the team failed', {
        connectionId,
        reason: error instanceof Error ? error.message : String(error),
      });
    }
  }

  async shareConnection(connectionId: string): Promise<TeamStatusView> {
    const connection = this.deps.connections.get(connectionId);
    if (!connection) throw notFound('The connection');
    await this.team().shareConnection(connection);
    return this.status();
  }
}
