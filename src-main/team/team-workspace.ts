/**
 * A desktop in a team workspace: signs its operator in with their own PostgreSQL login (the password is checked by
 * the database and never stored; the desk keeps only a scrypt hash of it for unlock and step-up, as for a local
 * operator), reads the operator's Paydesk roles from the database, and keeps the local replica current while signed
 * in. The session (src-main/workspace/session.ts) then knows the operator as `pg:<login>`, the same id the database
 * writes as the actor of everything this operator does.
 */
import type pg from 'pg';
import type { Connection, OperatorRole } from '@shared/contract/model';
import { canonicalJson } from '../audit/chain';
import { operatorRoles } from '@shared/contract/model';
import { AppError } from '../errors';
import type { ProviderId } from '@shared/contract/model';
import { isProviderId, providerModule } from '../providers/registry';
import type { Db } from '../storage/database';
import type { OperatorStore } from '../storage/operator-store';
import { ReplicaStore } from '../storage/postgres/replica-store';
import { checkSchema, inspectSchema } from '../storage/postgres/schema';
import { PG_SCHEMA_VERSION } from '../storage/postgres/migrations';
import { TeamQueries, type CallContext } from '../storage/postgres/team-queries';
import { hashPassphrase } from '../workspace/passphrase';
import type { SessionService } from '../workspace/session';
import { assertTeamSettings, describeTeamError, openPool, type TeamSettings } from './connect';
import type { TeamLink } from './pg-workflow-store';
import { TeamReplica } from './replica';

export interface TeamWorkspaceOptions {
  settings: TeamSettings;
  /** The computer's name on audit events and send claims (default: the OS host name). */
  host: string;
  osUser: string;
  /** How long a send claim holds without renewal (default 120 s). */
  leaseSeconds?: number;
  now: () => Date;
  /** Told when the replica changed (views refresh). */
  onChanged?: () => void;
}

export interface TeamStatus {
  state: 'signed-out' | 'online' | 'offline';
  login: string | null;
  roles: OperatorRole[];
  /** When this desktop's copy last caught up with the server (ISO), or null before the first pull. */
  caughtUpAt: string | null;
  lastChangeSeq: number;
  /** Why the server is out of reach, when it is. */
  problem: string | null;
}

export const teamOperatorId = (login: string) => `pg:${login}`;

export class TeamWorkspace {
  readonly replicaStore: ReplicaStore;
  private pool: pg.Pool | null = null;
  private currentLogin: string | null = null;
  private roles: OperatorRole[] = [];
  private currentReplica: TeamReplica | null = null;
  private problem: string | null = null;
  readonly link: TeamLink;

  constructor(
    db: Db,
    private readonly operators: OperatorStore,
    private readonly session: SessionService,
    private readonly options: TeamWorkspaceOptions,
  ) {
    assertTeamSettings(options.settings);
    this.replicaStore = new ReplicaStore(db, (provider) =>
      isProviderId(provider) ? providerModule(provider as ProviderId).info.capabilities.listCreators !== true : false,
    );
    this.link = {
      leaseSeconds: options.leaseSeconds ?? 120,
      queries: () => new TeamQueries(this.requirePool()),
      replica: () => this.requireReplica(),
      callContext: (): CallContext => ({ osUser: options.osUser, host: options.host }),
      login: () => this.currentLogin ?? '',
    };
  }

  get settings(): TeamSettings {
    return this.options.settings;
  }

  private requirePool(): pg.Pool {
    if (!this.pool) throw new AppError('UNAUTHENTICATED', 'Sign in to the team workspace with your database login first.');
    return this.pool;
  }

  private requireReplica(): TeamReplica {
    if (!this.currentReplica) throw new AppError('UNAUTHENTICATED', 'Sign in to the team workspace with your database login first.');
    return this.currentReplica;
  }

  /**
   * Signs in as this database login: the database checks the password, the roles are the login's paydesk_* roles,
   * and the schema must be a Paydesk team schema this version understands. Nothing local changes before all of that
   * holds. The replica then catches up and listens for changes.
   */
  async signIn(user: string, password: string): Promise<TeamStatus> {
    if (!user.trim() || !password) throw new AppError('INVALID_INPUT', 'Enter your database login and its password.');
    const pool = await openPool(this.options.settings, { user: user.trim(), password });
    try {
      let state: Awaited<ReturnType<typeof inspectSchema>>;
      let granted: string[];
      try {
        state = await inspectSchema(pool);
        granted = await new TeamQueries(pool).grantedRoles();
      } catch (error) {
        throw describeTeamError(error, { settings: this.options.settings, user });
      }
      // Another application's tables, or a schema from a newer Paydesk: refused before anything else is said.
      if (state.kind !== 'empty') {
        const version = checkSchema(state, { allowEmpty: false });
        // The database's functions are the rules this desktop relies on: an older set would refuse (or lack) them.
        if (version < PG_SCHEMA_VERSION) {
          throw new AppError(
            'CONFLICT',
            `This team database's schema is version ${version}; this Paydesk needs version ${PG_SCHEMA_VERSION}. The database's administrator updates it with “Set up the team database” on the team sign-in screen; nothing was changed.`,
          );
        }
      }
      const roles = operatorRoles.filter((r) => granted.includes(r));
      if (!roles.length) {
        throw new AppError(
          'FORBIDDEN',
          `Your database login ${user} has no Paydesk role in this team workspace. Ask the team’s admin to grant it one of paydesk_preparer, paydesk_approver, paydesk_sender or paydesk_admin.`,
        );
      }
      if (state.kind === 'empty') checkSchema(state, { allowEmpty: false });
      const login = user.trim();
      const id = teamOperatorId(login);
      const hash = await hashPassphrase(password);
      const now = this.options.now().toISOString();
      if (this.operators.get(id)) this.operators.update(id, { roles, passphraseHash: hash, now }, []);
      else this.operators.add([{ id, name: login, roles, passphraseHash: hash, isDemo: false, now }], []);
      await this.releasePool();
      this.pool = pool;
      this.currentLogin = login;
      this.roles = roles;
      this.currentReplica = new TeamReplica(pool, this.replicaStore, {
        now: this.options.now,
        onApplied: () => this.options.onChanged?.(),
        onError: (error) => {
          this.problem = describeTeamError(error, { settings: this.options.settings }).message;
        },
      });
      this.session.adopt(id);
      await this.catchUp();
      return this.status();
    } catch (error) {
      if (this.pool !== pool) await pool.end().catch(() => undefined);
      throw error;
    }
  }

  /** Pulls what changed; a failure leaves the replica readable as it is and is shown as the freshness problem. */
  async catchUp(): Promise<void> {
    try {
      const replica = this.requireReplica();
      await replica.catchUp();
      this.problem = null;
      if (!replica.listening()) await replica.listen().catch(() => undefined);
    } catch (error) {
      const described = describeTeamError(error, { settings: this.options.settings });
      this.problem = described.message;
      throw described;
    }
  }

  /**
   * An admin shares a connection's settings with the team (never its secret: each desktop that syncs or sends
   * through it keeps the secret in its own keychain).
   */
  async shareConnection(
    connection: Pick<Connection, 'id' | 'provider' | 'label' | 'environment' | 'baseUrl' | 'authMode' | 'publicFields' | 'credentialHint'>,
  ): Promise<void> {
    const settings = {
      id: connection.id,
      provider: connection.provider,
      label: connection.label,
      environment: connection.environment,
      baseUrl: connection.baseUrl,
      authMode: connection.authMode,
      publicFields: JSON.stringify(connection.publicFields),
      credentialHint: connection.credentialHint,
    };
    try {
      await new TeamQueries(this.requirePool()).saveConnection(
        settings,
        canonicalJson({ label: connection.label, provider: connection.provider, environment: connection.environment }),
        this.link.callContext(),
      );
    } catch (error) {
      throw describeTeamError(error, {
        settings: this.options.settings,
        user: this.currentLogin ?? undefined,
        during: 'sharing the connection',
      });
    }
    await this.catchUp();
  }

  status(): TeamStatus {
    return {
      state: !this.pool ? 'signed-out' : this.problem ? 'offline' : 'online',
      login: this.currentLogin,
      roles: [...this.roles],
      caughtUpAt: this.replicaStore.lastCaughtUpAt(),
      lastChangeSeq: this.replicaStore.lastApplied(),
      problem: this.problem,
    };
  }

  private async releasePool(): Promise<void> {
    await this.currentReplica?.stop();
    this.currentReplica = null;
    await this.pool?.end().catch(() => undefined);
    this.pool = null;
  }

  async signOut(): Promise<void> {
    await this.releasePool();
    this.currentLogin = null;
    this.roles = [];
    this.session.signOut();
  }

  async close(): Promise<void> {
    await this.releasePool();
  }
}
