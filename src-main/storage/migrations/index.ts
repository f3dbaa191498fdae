/**
 * Ordered schema migrations, one file each (NNNN-name.ts). Each runs once, inside a transaction, and is recorded in
 * schema_migrations. Never change what a shipped migration does: add a new one. Tests migrate from an empty database
 * and from every earlier version to the latest, and compare the result with a schema snapshot.
 *
 * One exception, made once: migrations 1 and 5 named provider ids and a provider's status in SQL (a CHECK on
 * connections.provider, a partial index on one provider status). Which providers exist is the registry's business
 * (src-main/providers/registry.ts), so those literals were taken out of the text, and migration 6 brings databases
 * created with them to the same schema as new ones.
 */
import { migration as m0001 } from './0001-settings-connections-audit';
import { migration as m0002 } from './0002-offline-cache';
import { migration as m0003 } from './0003-sync-state';
import { migration as m0004 } from './0004-payout-workflow';
import { migration as m0005 } from './0005-million-payout-indexes';
import { migration as m0006 } from './0006-provider-knowledge-out-of-schema';
import { migration as m0007 } from './0007-operators-controls-anchored-audit';
import { migration as m0008 } from './0008-references-set-aside-regressions-dates';
import { migration as m0009 } from './0009-payee-checks';
import { migration as m0010 } from './0010-import-batches';
import { migration as m0011 } from './0011-payout-totals';
import { migration as m0012 } from './0012-screen-indexes';
import { migration as m0013 } from './0013-team-replica';
import { migration as m0015 } from './0015-provider-side-drafts';
import { migration as m0016 } from './0016-creator-search-trigrams';
import { migration as m0017 } from './0017-partial-redraft-index';
import { migration as m0018 } from './0018-team-audit-indexes';
import { migration as m0019 } from './0019-team-payout-links';
import type { Migration } from './migration';

export type { Migration };

export const migrations: Migration[] = [
  m0001,
  m0002,
  m0003,
  m0004,
  m0005,
  m0006,
  m0007,
  m0008,
  m0009,
  m0010,
  m0011,
  m0012,
  m0013,
  m0015,
  m0016,
  m0017,
  m0018,
  m0019,
];

export const latestSchemaVersion = migrations[migrations.length - 1]!.version;
