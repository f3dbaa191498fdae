import type { Migration } from './migration';

/**
 * Counts and totals of the payouts, kept up to date by triggers, for the screens that summarise them (Overview,
 * Creators, Campaigns) so that none of them reads every payout per request (issue 12, bench/screens.ts). Grouped by
 * currency and status everywhere: money is summed per currency only, and which statuses count as paid or pending
 * stays the queries' choice (src-main/storage/insights-queries.ts). A group's row may drop to zero payouts; readers
 * ignore those.
 *
 * The month is the one the provider dates a payout in (paid_at, else created_at unless that is only when Paydesk
 * first saw it); '' when undated. A creator's paid group keeps last_at, its latest coalesce(status_changed_at,
 * updated_at) (when the creator was last paid): raised on every change, and looked up again (payouts_creator_paid)
 * only when the payout that held it leaves the group.
 *
 * The triggers fire for every write path (sync, drafts, imports, the sender, purges and cascades) in the writer's
 * own transaction, so the totals are never out of step with the payouts. Existing databases are backfilled here.
 */
const MONTH = (p: string) =>
  `coalesce(substr(coalesce(${p}.paid_at, CASE WHEN ${p}.created_at_first_seen = 0 THEN ${p}.created_at END), 1, 7), '')`;
const LAST_AT = (p: string) => `coalesce(${p}.status_changed_at, ${p}.updated_at)`;

const add = (p: string) => `
    INSERT INTO payout_month_totals (month, connection_id, currency, status, payouts, minor)
    VALUES (${MONTH(p)}, ${p}.connection_id, ${p}.currency, ${p}.status, 1, ${p}.amount_minor)
    ON CONFLICT (month, connection_id, currency, status) DO UPDATE SET payouts = payouts + 1, minor = minor + excluded.minor;
    INSERT INTO payout_creator_totals (creator_id, currency, status, payouts, minor, last_at)
    SELECT ${p}.creator_id, ${p}.currency, ${p}.status, 1, ${p}.amount_minor, CASE WHEN ${p}.status = 'paid' THEN ${LAST_AT(p)} END
    WHERE ${p}.creator_id IS NOT NULL
    ON CONFLICT (creator_id, currency, status) DO UPDATE SET payouts = payouts + 1, minor = minor + excluded.minor,
      last_at = CASE WHEN excluded.last_at > coalesce(last_at, '') THEN excluded.last_at ELSE last_at END;
    INSERT INTO payout_campaign_totals (campaign_id, currency, status, payouts, minor)
    SELECT ${p}.campaign_id, ${p}.currency, ${p}.status, 1, ${p}.amount_minor WHERE ${p}.campaign_id IS NOT NULL
    ON CONFLICT (campaign_id, currency, status) DO UPDATE SET payouts = payouts + 1, minor = minor + excluded.minor;
    INSERT INTO payout_tag_totals (local_campaign, currency, status, payouts, minor)
    SELECT ${p}.local_campaign, ${p}.currency, ${p}.status, 1, ${p}.amount_minor WHERE coalesce(${p}.local_campaign, '') <> ''
    ON CONFLICT (local_campaign, currency, status) DO UPDATE SET payouts = payouts + 1, minor = minor + excluded.minor;`;

const remove = (p: string) => `
    UPDATE payout_month_totals SET payouts = payouts - 1, minor = minor - ${p}.amount_minor
    WHERE month = ${MONTH(p)} AND connection_id = ${p}.connection_id AND currency = ${p}.currency AND status = ${p}.status;
    UPDATE payout_creator_totals SET payouts = payouts - 1, minor = minor - ${p}.amount_minor,
      last_at = CASE WHEN ${p}.status = 'paid' AND ${LAST_AT(p)} >= coalesce(last_at, '') THEN
        (SELECT max(${LAST_AT('q')}) FROM payouts q INDEXED BY payouts_creator_paid
         WHERE q.status = 'paid' AND q.creator_id = ${p}.creator_id AND q.currency = ${p}.currency)
        ELSE last_at END
    WHERE creator_id = ${p}.creator_id AND currency = ${p}.currency AND status = ${p}.status;
    UPDATE payout_campaign_totals SET payouts = payouts - 1, minor = minor - ${p}.amount_minor
    WHERE campaign_id = ${p}.campaign_id AND currency = ${p}.currency AND status = ${p}.status;
    UPDATE payout_tag_totals SET payouts = payouts - 1, minor = minor - ${p}.amount_minor
    WHERE local_campaign = ${p}.local_campaign AND currency = ${p}.currency AND status = ${p}.status;`;

/** Columns a group or a total depends on: an update that changes none of them leaves the totals as they are. */
const CHANGED = [
  'connection_id',
  'creator_id',
  'campaign_id',
  'local_campaign',
  'currency',
  'status',
  'amount_minor',
  'paid_at',
  'created_at',
  'created_at_first_seen',
  'status_changed_at',
  'updated_at',
];

export const migration: Migration = {
  version: 11,
  name: 'payout counts and totals per month, creator, campaign and tag, kept by triggers',
  sql: `
    CREATE TABLE payout_month_totals (
      month TEXT NOT NULL,
      connection_id TEXT NOT NULL,
      currency TEXT NOT NULL,
      status TEXT NOT NULL,
      payouts INTEGER NOT NULL,
      minor INTEGER NOT NULL,
      PRIMARY KEY (month, connection_id, currency, status)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE payout_creator_totals (
      creator_id INTEGER NOT NULL,
      currency TEXT NOT NULL,
      status TEXT NOT NULL,
      payouts INTEGER NOT NULL,
      minor INTEGER NOT NULL,
      last_at TEXT,
      PRIMARY KEY (creator_id, currency, status)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE payout_campaign_totals (
      campaign_id INTEGER NOT NULL,
      currency TEXT NOT NULL,
      status TEXT NOT NULL,
      payouts INTEGER NOT NULL,
      minor INTEGER NOT NULL,
      PRIMARY KEY (campaign_id, currency, status)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE payout_tag_totals (
      local_campaign TEXT NOT NULL,
      currency TEXT NOT NULL,
      status TEXT NOT NULL,
      payouts INTEGER NOT NULL,
      minor INTEGER NOT NULL,
      PRIMARY KEY (local_campaign, currency, status)
    ) STRICT, WITHOUT ROWID;

    -- When a creator's latest paid payout leaves the group, the next latest is one index seek away.
    CREATE INDEX payouts_creator_paid ON payouts(creator_id, currency, coalesce(status_changed_at, updated_at)) WHERE status = 'paid';

    INSERT INTO payout_month_totals (month, connection_id, currency, status, payouts, minor)
    SELECT ${MONTH('p')}, p.connection_id, p.currency, p.status, count(*), sum(p.amount_minor)
    FROM payouts p GROUP BY 1, 2, 3, 4;
    INSERT INTO payout_creator_totals (creator_id, currency, status, payouts, minor, last_at)
    SELECT p.creator_id, p.currency, p.status, count(*), sum(p.amount_minor), max(CASE WHEN p.status = 'paid' THEN ${LAST_AT('p')} END)
    FROM payouts p WHERE p.creator_id IS NOT NULL GROUP BY 1, 2, 3;
    INSERT INTO payout_campaign_totals (campaign_id, currency, status, payouts, minor)
    SELECT p.campaign_id, p.currency, p.status, count(*), sum(p.amount_minor)
    FROM payouts p WHERE p.campaign_id IS NOT NULL GROUP BY 1, 2, 3;
    INSERT INTO payout_tag_totals (local_campaign, currency, status, payouts, minor)
    SELECT p.local_campaign, p.currency, p.status, count(*), sum(p.amount_minor)
    FROM payouts p WHERE coalesce(p.local_campaign, '') <> '' GROUP BY 1, 2, 3;

    CREATE TRIGGER payouts_totals_insert AFTER INSERT ON payouts BEGIN ${add('new')}
    END;
    CREATE TRIGGER payouts_totals_delete AFTER DELETE ON payouts BEGIN ${remove('old')}
    END;
    CREATE TRIGGER payouts_totals_update AFTER UPDATE OF ${CHANGED.join(', ')} ON payouts
    WHEN ${CHANGED.map((c) => `old.${c} IS NOT new.${c}`).join(' OR ')}
    BEGIN ${remove('old')} ${add('new')}
    END;
  `,
};
