/**
 * The read-only queries behind the Overview, Creators and Campaigns screens. Every query aggregates in SQLite
 * (integer sums of minor units per currency), so no screen holds the whole payout set.
 */
import type { AmountDto, PayoutStatus, ProviderId } from '@shared/contract/model';
import type { Db } from './database';
import type { CampaignSummary, CreatorPerson, Overview } from '@shared/contract/insights-model';

/**
 * Statuses that mean the money is on its way but not yet confirmed paid. A draft at a provider counts as a draft of
 * ours does (decision 0011: it was 'draft' before it had a status of its own).
 */
const PENDING_STATUSES: PayoutStatus[] = ['draft', 'provider_draft', 'approved', 'sending', 'submitted', 'processing', 'unknown'];
const PENDING_SQL = PENDING_STATUSES.map((s) => `'${s}'`).join(',');

/**
 * Same person across connections: the key the last sync linked them under (shared e-mail or handle, see
 * CacheRepository.relinkPeople), else normalised e-mail, else handle, else the creator row itself.
 */
const PERSON_KEY = "coalesce(cr.person_key, 'email:' || lower(trim(cr.email)), 'handle:' || lower(trim(cr.handle)), 'creator:' || cr.id)";

function amounts(rows: Array<{ currency: string; minor: number }>): AmountDto[] {
  return rows.map((r) => ({ currency: r.currency, minor: r.minor })).sort((a, b) => a.currency.localeCompare(b.currency));
}

function parseTotals(text: string | null): AmountDto[] {
  if (!text) return [];
  return amounts(
    text.split(',').map((part) => {
      const [currency, minor] = part.split(':');
      return { currency: currency!, minor: Number(minor) };
    }),
  );
}

export class InsightQueries {
  constructor(private readonly db: Db) {}

  overview(attentionCount: number, now = new Date()): Overview {
    const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1)).toISOString();
    // The month the provider dates a paid payout in: when it was paid where the provider says, else when it was
    // created. A payout Paydesk merely first saw on some day belongs to no month (paidUndated).
    const paidByMonth = this.db
      .prepare(
        `SELECT substr(dated, 1, 7) AS month, currency, sum(amount_minor) AS minor, count(*) AS count
         FROM (SELECT coalesce(paid_at, CASE WHEN created_at_first_seen = 0 THEN created_at END) AS dated, currency, amount_minor
               FROM payouts WHERE status = 'paid')
         WHERE dated >= ? GROUP BY month, currency ORDER BY month, currency`,
      )
      .all(since) as Overview['paidByMonth'];
    const paidUndated = this.db
      .prepare(
        `SELECT c.provider, p.currency, sum(p.amount_minor) AS minor, count(*) AS count
         FROM payouts p JOIN connections c ON c.id = p.connection_id
         WHERE p.status = 'paid' AND p.paid_at IS NULL AND p.created_at_first_seen = 1
         GROUP BY c.provider, p.currency ORDER BY c.provider, p.currency`,
      )
      .all() as Overview['paidUndated'];
    const paidByProvider = this.db
      .prepare(
        `SELECT c.provider, p.currency, sum(p.amount_minor) AS minor, count(*) AS count
                FROM payouts p JOIN connections c ON c.id = p.connection_id WHERE p.status = 'paid'
                GROUP BY c.provider, p.currency ORDER BY c.provider, p.currency`,
      )
      .all() as Overview['paidByProvider'];
    const byStatus = (status: PayoutStatus) =>
      this.db
        .prepare(
          'SELECT currency, sum(amount_minor) AS minor, count(*) AS count FROM payouts WHERE status = ? GROUP BY currency ORDER BY currency',
        )
        .all(status) as Array<AmountDto & { count: number }>;
    const statusCounts = this.db
      .prepare('SELECT status, count(*) AS count FROM payouts GROUP BY status ORDER BY count DESC')
      .all() as Overview['statusCounts'];
    return {
      paidByMonth,
      paidUndated,
      paidByProvider,
      awaitingApproval: byStatus('draft'),
      providerDrafts: byStatus('provider_draft'),
      approvedNotSent: byStatus('approved'),
      attentionCount,
      statusCounts,
      payoutCount: statusCounts.reduce((n, s) => n + s.count, 0),
    };
  }

  people(search: string | undefined, limit: number): CreatorPerson[] {
    const like = search ? `%${search.replace(/[%_\\]/g, (m) => `\\${m}`)}%` : null;
    const rows = this.db
      .prepare(
        `
        WITH people AS (
          SELECT ${PERSON_KEY} AS person_key, cr.id, cr.name, cr.email, cr.handle, c.provider
          FROM creators cr JOIN connections c ON c.id = cr.connection_id
          WHERE @like IS NULL OR cr.name LIKE @like ESCAPE '\\' OR cr.email LIKE @like ESCAPE '\\' OR cr.handle LIKE @like ESCAPE '\\'
        ),
        keys AS (SELECT person_key, min(name) AS name FROM people GROUP BY person_key ORDER BY min(name) COLLATE NOCASE, person_key LIMIT @limit)
        SELECT k.person_key, k.name,
          (SELECT group_concat(DISTINCT lower(email)) FROM people p WHERE p.person_key = k.person_key) AS emails,
          (SELECT group_concat(DISTINCT handle) FROM people p WHERE p.person_key = k.person_key) AS handles,
          (SELECT group_concat(DISTINCT provider) FROM people p WHERE p.person_key = k.person_key) AS providers,
          (SELECT group_concat(id) FROM people p WHERE p.person_key = k.person_key) AS ids
        FROM keys k`,
      )
      .all({ like, limit }) as Array<{
      person_key: string;
      name: string | null;
      emails: string | null;
      handles: string | null;
      providers: string | null;
      ids: string;
    }>;
    return rows.map((r) => this.person(r));
  }

  personDetail(personKey: string): CreatorPerson | null {
    const row = this.db
      .prepare(
        `
        WITH people AS (
          SELECT ${PERSON_KEY} AS person_key, cr.id, cr.name, cr.email, cr.handle, c.provider
          FROM creators cr JOIN connections c ON c.id = cr.connection_id)
        SELECT person_key, min(name) AS name, group_concat(DISTINCT lower(email)) AS emails, group_concat(DISTINCT handle) AS handles,
          group_concat(DISTINCT provider) AS providers, group_concat(id) AS ids
        FROM people WHERE person_key = ? GROUP BY person_key`,
      )
      .get(personKey) as
      | { person_key: string; name: string | null; emails: string | null; handles: string | null; providers: string | null; ids: string }
      | undefined;
    return row ? this.person(row) : null;
  }

  private person(r: {
    person_key: string;
    name: string | null;
    emails: string | null;
    handles: string | null;
    providers: string | null;
    ids: string;
  }): CreatorPerson {
    const creatorIds = r.ids.split(',').map(Number);
    const placeholders = creatorIds.map(() => '?').join(',');
    const totals = this.db
      .prepare(
        `SELECT currency, sum(amount_minor) AS minor FROM payouts WHERE creator_id IN (${placeholders}) AND status = 'paid' GROUP BY currency`,
      )
      .all(...creatorIds) as Array<{ currency: string; minor: number }>;
    const stats = this.db
      .prepare(
        `SELECT count(*) AS n, max(CASE WHEN status = 'paid' THEN coalesce(status_changed_at, updated_at) END) AS last_paid FROM payouts WHERE creator_id IN (${placeholders})`,
      )
      .get(...creatorIds) as { n: number; last_paid: string | null };
    const split = (text: string | null) => (text ? [...new Set(text.split(','))].filter(Boolean).sort() : []);
    return {
      personKey: r.person_key,
      name: r.name,
      emails: split(r.emails),
      handles: split(r.handles),
      providers: split(r.providers) as ProviderId[],
      creatorIds,
      payoutCount: stats.n,
      paidTotals: amounts(totals),
      lastPaidAt: stats.last_paid,
    };
  }

  campaigns(): CampaignSummary[] {
    const provider = this.db
      .prepare(
        `
        SELECT k.id, k.name, k.status, c.provider, c.label,
          (SELECT count(*) FROM payouts p WHERE p.campaign_id = k.id) AS n,
          (SELECT group_concat(currency || ':' || minor) FROM (SELECT currency, sum(amount_minor) AS minor FROM payouts p WHERE p.campaign_id = k.id AND p.status = 'paid' GROUP BY currency)) AS paid,
          (SELECT group_concat(currency || ':' || minor) FROM (SELECT currency, sum(amount_minor) AS minor FROM payouts p WHERE p.campaign_id = k.id AND p.status IN (${PENDING_SQL}) GROUP BY currency)) AS pending
        FROM campaigns k JOIN connections c ON c.id = k.connection_id ORDER BY k.name COLLATE NOCASE`,
      )
      .all() as Array<{
      id: number;
      name: string;
      status: string | null;
      provider: ProviderId;
      label: string;
      n: number;
      paid: string | null;
      pending: string | null;
    }>;
    const local = this.db
      .prepare(
        `
        SELECT local_campaign AS name, count(*) AS n,
          (SELECT group_concat(currency || ':' || minor) FROM (SELECT currency, sum(amount_minor) AS minor FROM payouts q WHERE q.local_campaign = p.local_campaign AND q.status = 'paid' GROUP BY currency)) AS paid,
          (SELECT group_concat(currency || ':' || minor) FROM (SELECT currency, sum(amount_minor) AS minor FROM payouts q WHERE q.local_campaign = p.local_campaign AND q.status IN (${PENDING_SQL}) GROUP BY currency)) AS pending
        FROM payouts p WHERE local_campaign IS NOT NULL AND local_campaign <> '' GROUP BY local_campaign ORDER BY local_campaign COLLATE NOCASE`,
      )
      .all() as Array<{ name: string; n: number; paid: string | null; pending: string | null }>;
    return [
      ...provider.map((k): CampaignSummary => ({
        key: `campaign:${k.id}`,
        kind: 'provider',
        campaignId: k.id,
        name: k.name,
        provider: k.provider,
        connectionLabel: k.label,
        status: k.status,
        payoutCount: k.n,
        paid: parseTotals(k.paid),
        pending: parseTotals(k.pending),
      })),
      ...local.map((k): CampaignSummary => ({
        key: `tag:${k.name}`,
        kind: 'local',
        campaignId: null,
        name: k.name,
        provider: null,
        connectionLabel: null,
        status: null,
        payoutCount: k.n,
        paid: parseTotals(k.paid),
        pending: parseTotals(k.pending),
      })),
    ];
  }
}
