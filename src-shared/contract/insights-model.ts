/** Result types of the read-only insight operations (overview, linked creators, campaign totals, exports). */
import type { AmountDto, PayoutStatus, ProviderId } from './model';

export interface MonthlyTotal {
  /** YYYY-MM */
  month: string;
  currency: string;
  minor: number;
  count: number;
}

export interface ProviderTotal {
  provider: ProviderId;
  currency: string;
  minor: number;
  count: number;
}

export interface Overview {
  /**
   * Paid payouts per month and currency, last 12 months, oldest first. A payout counts in the month of its time of
   * payment where the provider reports one, else of its creation; never in a month Paydesk merely first saw it.
   */
  paidByMonth: MonthlyTotal[];
  /** Paid payouts the provider dates neither by payment nor by creation: in no month above (show them apart). */
  paidUndated: ProviderTotal[];
  paidByProvider: ProviderTotal[];
  /** Drafts waiting for approval, per currency: exactly the approval queue (our drafts, never the providers'). */
  awaitingApproval: Array<AmountDto & { count: number }>;
  /** Drafts that exist only at a provider (status 'provider_draft'), per currency: not ours to approve. */
  providerDrafts: Array<AmountDto & { count: number }>;
  /** Approved and not yet sent, per currency. */
  approvedNotSent: Array<AmountDto & { count: number }>;
  attentionCount: number;
  statusCounts: Array<{ status: PayoutStatus; count: number }>;
  payoutCount: number;
}

/** One person across connections, linked by normalised e-mail, else handle. */
export interface CreatorPerson {
  personKey: string;
  name: string | null;
  emails: string[];
  handles: string[];
  providers: ProviderId[];
  creatorIds: number[];
  payoutCount: number;
  paidTotals: AmountDto[];
  lastPaidAt: string | null;
}

export interface CampaignSummary {
  /** "campaign:<id>" for provider campaigns, "tag:<name>" for local campaign tags. */
  key: string;
  kind: 'provider' | 'local';
  campaignId: number | null;
  name: string;
  provider: ProviderId | null;
  connectionLabel: string | null;
  status: string | null;
  payoutCount: number;
  paid: AmountDto[];
  pending: AmountDto[];
}
