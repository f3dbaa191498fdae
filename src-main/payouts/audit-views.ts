/** What the audit trail keeps of a payout: the values an approver judges, bank numbers masked. */
import type { PayoutRecipient } from '@shared/contract/payouts-model';
import { parseRecipient } from '../storage/workflow-rows';
import type { WorkflowRow } from '../storage/workflow-store';
import { maskRecipient, type ValidDraft } from './validation';

function auditViewOf(values: {
  status: string;
  amount: { minor: number; currency: string };
  recipient: PayoutRecipient | null;
  display: { name: string | null; email: string | null; handle: string | null; phone?: string | null };
  description: string | null;
  campaignId: number | null;
  localCampaign: string | null;
  tags?: string[] | undefined;
}): Record<string, unknown> {
  return {
    status: values.status,
    amount: values.amount,
    recipient: maskRecipient(values.recipient) ?? values.display,
    description: values.description,
    campaignId: values.campaignId,
    localCampaign: values.localCampaign,
    ...(values.tags ? { tags: values.tags } : {}),
  };
}

export function auditView(row: WorkflowRow, tags?: string[]): Record<string, unknown> {
  return auditViewOf({
    status: row.status,
    amount: { minor: row.amount_minor, currency: row.currency },
    recipient: parseRecipient(row.recipient_json),
    display: { name: row.recipient_name, email: row.recipient_email, handle: row.recipient_handle },
    description: row.description,
    campaignId: row.campaign_id,
    localCampaign: row.local_campaign,
    tags,
  });
}

export function draftAuditView(draft: ValidDraft): Record<string, unknown> {
  return auditViewOf({
    status: 'draft',
    amount: { minor: draft.amount.minor, currency: draft.amount.currency },
    recipient: draft.recipient,
    display: draft.display,
    description: draft.description,
    campaignId: draft.campaignId,
    localCampaign: draft.localCampaign,
    tags: draft.tags,
  });
}
