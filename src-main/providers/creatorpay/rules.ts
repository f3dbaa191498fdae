/** Creator Pay's draft rules, CSV columns and status semantics. Sources: docs/providers/creatorpay.md, ./assumptions.ts. */
import type { ProviderDraftRules } from '@shared/contract/providers';
import type { CachedCreator, CsvExampleContext, DraftCheckContext, ProviderStatusSemantics } from '../provider';
import { CURRENCY, DRAFT_STATUS, STATUS_MAP } from './assumptions';
import { capabilities } from './client';
import { PROVIDER_ID } from './info';

export const draftRules: ProviderDraftRules = {
  provider: PROVIDER_ID,
  currencies: [CURRENCY],
  minimumMinor: 1,
  recipientModes: [{ mode: 'user', label: 'To a creator', creator: 'required', fillFromCreator: ['name', 'email', 'userId'], fields: [] }],
  campaign: 'optional',
  descriptionRequired: false,
  descriptionHint: null,
  manualStep: capabilities.initiatePayout === true ? null : capabilities.initiatePayout,
  csvColumns: ['creator_id', 'email', 'amount', 'currency', 'description', 'tags', 'campaign'],
  csvRequiredColumns: ['amount', 'currency'],
};

/** Creator Pay pays only creators it has: the picked (or named) creator must be in this connection's cache. */
export function checkDraft(ctx: DraftCheckContext): { creator?: CachedCreator } | void {
  const { typed, errors, recipient } = ctx;
  let picked = ctx.creator;
  if (!picked && typed.userId) picked = ctx.lookups.creatorByRemoteId(ctx.connectionId, typed.userId);
  if (!picked) {
    errors['recipient.userId'] = typed.userId
      ? `No Creator Pay creator with id "${typed.userId.slice(0, 60)}" is in this connection's cache; sync the connection or choose another creator.`
      : 'Creator Pay pays only creators that exist in Creator Pay: choose a creator synced from this connection.';
    return;
  }
  recipient.userId = picked.remoteId;
  if (!recipient.name && picked.name) recipient.name = picked.name;
  if (!recipient.email && picked.email) recipient.email = picked.email;
  return { creator: picked };
}

export function csvExample(ctx: CsvExampleContext): Record<string, string> {
  return {
    creator_id: ctx.creator?.remoteId ?? 'creator id from the Creators screen',
    email: ctx.creator?.email ?? '',
    amount: '100.00',
    currency: 'USD',
    description: 'March campaign fee',
    campaign: '',
  };
}

const isDraft = (providerStatus: string | null) => (providerStatus ?? '').trim().toLowerCase() === DRAFT_STATUS;

export const statuses: ProviderStatusSemantics = {
  known: Object.keys(STATUS_MAP),
  pendingStep: ({ providerStatus, remoteId, reference }) =>
    isDraft(providerStatus)
      ? `Paydesk created the payment in Creator Pay as a draft${remoteId ? ` (id ${remoteId})` : ''}, marked "paydesk:${reference}". ` +
        `Remaining at Creator Pay: ${typeof capabilities.initiatePayout === 'string' ? capabilities.initiatePayout : 'send it from the Creator Pay web app.'}`
      : null,
  cancellable: (providerStatus) => (isDraft(providerStatus) ? true : (capabilities.cancelPayout as string)),
  // Documented [seed]: DELETE /v1/payments deletes payments, only drafts.
  providerDraft: {
    action: 'delete',
    line: "A draft made in Creator Pay's web app, not in Paydesk, so it is not approved or sent here: send it from the Creator Pay web app, or delete it at Creator Pay.",
  },
};
