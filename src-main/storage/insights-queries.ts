/**
 * The read-only queries behind the Overview, Creators and Campaigns screens. They read the payout totals that
 * triggers keep per month, creator, campaign and tag (migrations/0011-payout-totals.ts) — integer sums of minor units
 * per currency and status — so no request reads every payout, at 1,000 or 1,000,000 of them (bench/screens.ts).
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
// The same expression as the index creators_person (migration 12), so that a person's creators are an index lookup.
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
    // The month the provider dates a paid payout in: when it was paid where the provider says, else when it was
    // created. A payout Paydesk merely first saw on some day belongs to no month (paidUndated, month '').
    const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1)).toISOString().slice(0, 7);
    const paidByMonth = this.db
      .prepare(
        `SELECT month, currency, sum(minor) AS minor, sum(payouts) AS count FROM payout_month_totals
         WHERE status = 'paid' AND month >= ? GROUP BY month, currency HAVING sum(payouts) > 0 ORDER BY month, currency`,
      )
      .all(since) as Overview['paidByMonth'];
    const paidByProviderWhere = (where: string) =>
      this.db
        .prepare(
          `SELECT c.provider, t.currency, sum(t.minor) AS minor, sum(t.payouts) AS count
           FROM payout_month_totals t JOIN connections c ON c.id = t.connection_id
           WHERE t.status = 'paid' ${where} GROUP BY c.provider, t.currency HAVING sum(t.payouts) > 0 ORDER BY c.provider, t.currency`,
        )
        .all() as Overview['paidByProvider'];
    const byStatus = (status: PayoutStatus) =>
      this.db
        .prepare(
          `SELECT currency, sum(minor) AS minor, sum(payouts) AS count FROM payout_month_totals WHERE status = ?
           GROUP BY currency HAVING sum(payouts) > 0 ORDER BY currency`,
        )
        .all(status) as Array<AmountDto & { count: number }>;
    const statusCounts = this.db
      .prepare('SELECT status, sum(payouts) AS count FROM payout_month_totals GROUP BY status HAVING sum(payouts) > 0 ORDER BY count DESC')
      .all() as Overview['statusCounts'];
    return {
      paidByMonth,
      paidUndated: paidByProviderWhere("AND t.month = ''"),
      paidByProvider: paidByProviderWhere(''),
      awaitingApproval: byStatus('draft'),
      providerDrafts: byStatus('provider_draft'),
      approvedNotSent: byStatus('approved'),
      attentionCount,
      statusCounts,
      payoutCount: statusCounts.reduce((n, s) => n + s.count, 0),
    };
  }

  /**
   * People in name order (the first `limit`; people without any name last), each with their creators across
   * connections (those that match the search). The order is found by walking the creators' name index until `limit`
   * people were seen — a few hundred rows, not a grouping of every creator — and each person's counts come from the
   * creator totals (migration 11), for all of them in one query.
   */
  people(search: string | undefined, limit: number): CreatorPerson[] {
    const like = search ? `%${search.replace(/[%_\\]/g, (m) => `\\${m}`)}%` : null;
    // A search of three characters or more finds its candidates in the trigram index (migration 16) when they are few;
    // the LIKE still decides. Many candidates: walking the name index stops sooner at `limit` people.
    const candidates = search && [...search].length >= 3 ? this.trigramCandidates(search) : null;
    const matches =
      `(@like IS NULL OR cr.name LIKE @like ESCAPE '\\' OR cr.email LIKE @like ESCAPE '\\' OR cr.handle LIKE @like ESCAPE '\\')` +
      (candidates ? ' AND cr.id IN (SELECT value FROM json_each(@candidates))' : '');
    const params = { like, ...(candidates ? { candidates: JSON.stringify(candidates) } : {}) };
    const keys: string[] = [];
    const seen = new Set<string>();
    const walk = (sql: string): boolean => {
      for (const key of this.db.prepare(sql).pluck().iterate(params) as IterableIterator<string>) {
        if (seen.has(key)) continue;
        seen.add(key);
        keys.push(key);
        if (keys.length >= limit) return true;
      }
      return false;
    };
    if (!walk(`SELECT ${PERSON_KEY} FROM creators cr WHERE cr.name IS NOT NULL AND ${matches} ORDER BY cr.name COLLATE NOCASE, cr.id`))
      walk(`SELECT ${PERSON_KEY} FROM creators cr WHERE cr.name IS NULL AND ${matches} ORDER BY cr.id`);
    if (!keys.length) return [];
    const creators = this.db
      .prepare(
        `SELECT ${PERSON_KEY} AS person_key, cr.id, cr.name, cr.email, cr.handle, c.provider
         FROM creators cr JOIN connections c ON c.id = cr.connection_id
         WHERE ${PERSON_KEY} IN (SELECT value FROM json_each(@keys)) AND ${matches}`,
      )
      .all({ ...params, keys: JSON.stringify(keys) }) as Array<{
      person_key: string;
      id: number;
      name: string | null;
      email: string | null;
      handle: string | null;
      provider: string;
    }>;
    const byKey = new Map<string, PersonRow>(
      keys.map((k) => [k, { person_key: k, name: null, emails: null, handles: null, providers: null, ids: '' }]),
    );
    const join = (list: string | null, value: string | null) => (value === null ? list : list === null ? value : `${list},${value}`);
    for (const c of creators) {
      const row = byKey.get(c.person_key)!;
      if (c.name !== null && (row.name === null || c.name < row.name)) row.name = c.name;
      row.emails = join(row.emails, c.email === null ? null : c.email.toLowerCase());
      row.handles = join(row.handles, c.handle);
      row.providers = join(row.providers, c.provider);
      row.ids = row.ids ? `${row.ids},${c.id}` : String(c.id);
    }
    const totals = this.creatorTotals(creators.map((c) => c.id));
    return keys.map((k) => this.person(byKey.get(k)!, totals));
  }

  /** Ids of the creators whose name, e-mail or handle contains `search` (case folded), or null when there are many. */
  private trigramCandidates(search: string): number[] | null {
    const cap = 2_000;
    const phrase = `"${search.replace(/"/g, '""')}"`;
    const ids = this.db.prepare('SELECT rowid FROM creators_fts WHERE creators_fts MATCH ? LIMIT ?').pluck().all(phrase, cap) as number[];
    return ids.length < cap ? ids : null;
  }

  personDetail(personKey: string): CreatorPerson | null {
    const row = this.db
      .prepare(
        `SELECT ${PERSON_KEY} AS person_key, min(cr.name) AS name, group_concat(DISTINCT lower(cr.email)) AS emails,
           group_concat(DISTINCT cr.handle) AS handles, group_concat(DISTINCT c.provider) AS providers, group_concat(cr.id) AS ids
         FROM creators cr JOIN connections c ON c.id = cr.connection_id
         WHERE ${PERSON_KEY} = ? GROUP BY 1`,
      )
      .get(personKey) as PersonRow | undefined;
    return row ? this.person(row, this.creatorTotals(row.ids.split(',').map(Number))) : null;
  }

  /** The non-empty totals of these creators, per creator. */
  private creatorTotals(creatorIds: number[]): Map<number, CreatorTotal[]> {
    const rows = this.db
      .prepare(
        `SELECT creator_id, currency, status, payouts, minor, last_at FROM payout_creator_totals
         WHERE creator_id IN (SELECT value FROM json_each(?)) AND payouts > 0`,
      )
      .all(JSON.stringify(creatorIds)) as Array<CreatorTotal & { creator_id: number }>;
    const out = new Map<number, CreatorTotal[]>();
    for (const r of rows) out.set(r.creator_id, [...(out.get(r.creator_id) ?? []), r]);
    return out;
  }

  private person(r: PersonRow, totalsByCreator: Map<number, CreatorTotal[]>): CreatorPerson {
    const creatorIds = r.ids.split(',').map(Number);
    const paid = new Map<string, number>();
    let payoutCount = 0;
    let lastPaidAt: string | null = null;
    for (const t of creatorIds.flatMap((id) => totalsByCreator.get(id) ?? [])) {
      payoutCount += t.payouts;
      if (t.status !== 'paid') continue;
      paid.set(t.currency, (paid.get(t.currency) ?? 0) + t.minor);
      if (t.last_at && (!lastPaidAt || t.last_at > lastPaidAt)) lastPaidAt = t.last_at;
    }
    const split = (text: string | null) => (text ? [...new Set(text.split(','))].filter(Boolean).sort() : []);
    return {
      personKey: r.person_key,
      name: r.name,
      emails: split(r.emails),
      handles: split(r.handles),
      providers: split(r.providers) as ProviderId[],
      creatorIds,
      payoutCount,
      paidTotals: amounts([...paid].map(([currency, minor]) => ({ currency, minor }))),
      lastPaidAt,
    };
  }

  campaigns(): CampaignSummary[] {
    const totals = (table: 'payout_campaign_totals' | 'payout_tag_totals', key: string, statuses: string) =>
      `(SELECT group_concat(currency || ':' || minor) FROM (SELECT currency, sum(minor) AS minor FROM ${table} t
         WHERE ${key} AND t.status IN (${statuses}) GROUP BY currency HAVING sum(payouts) > 0))`;
    const provider = this.db
      .prepare(
        `
        SELECT k.id, k.name, k.status, c.provider, c.label,
          (SELECT coalesce(sum(payouts), 0) FROM payout_campaign_totals t WHERE t.campaign_id = k.id) AS n,
          ${totals('payout_campaign_totals', 't.campaign_id = k.id', "'paid'")} AS paid,
          ${totals('payout_campaign_totals', 't.campaign_id = k.id', PENDING_SQL)} AS pending
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
        SELECT g.local_campaign AS name, g.n,
          ${totals('payout_tag_totals', 't.local_campaign = g.local_campaign', "'paid'")} AS paid,
          ${totals('payout_tag_totals', 't.local_campaign = g.local_campaign', PENDING_SQL)} AS pending
        FROM (SELECT local_campaign, sum(payouts) AS n FROM payout_tag_totals GROUP BY local_campaign HAVING sum(payouts) > 0) g
        ORDER BY g.local_campaign COLLATE NOCASE`,
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

interface CreatorTotal {
  currency: string;
  status: PayoutStatus;
  payouts: number;
  minor: number;
  last_at: string | null;
}

interface PersonRow {
  person_key: string;
  name: string | null;
  emails: string | null;
  handles: string | null;
  providers: string | null;
  ids: string;
}
