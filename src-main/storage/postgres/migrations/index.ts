import type { PgMigration } from './migration';
import { migration as m0001 } from './0001-team-schema';
import { migration as m0002 } from './0002-solo-import';
import { migration as m0003 } from './0003-draft-commands';
import { migration as m0004 } from './0004-provider-cache';
import { migration as m0005 } from './0005-checks-and-regressions';

/** Every migration of the team schema, in order. Never change a shipped one: add the next. */
export const pgMigrations: readonly PgMigration[] = [m0001, m0002, m0003, m0004, m0005];

export const PG_SCHEMA_VERSION = pgMigrations[pgMigrations.length - 1]!.version;
