/** Talentir's draft rules, CSV columns and status semantics. Sources: docs/providers/talentir.md, ./assumptions.ts. */
import type { ProviderDraftRules } from '@shared/contract/providers';
import { SOCIAL_HANDLE, emailRecipientMode, isSocialPlatform, optionalNameField } from '../draft-checks';
import type { DraftCheckContext, ProviderStatusSemantics } from '../provider';
import { STATUS_MAP } from './assumptions';
import { capabilities } from './client';
import { PROVIDER_ID, TALENTIR_CURRENCIES, TALENTIR_MINIMUM_MINOR } from './info';

/** Talentir's status for a payout it holds for approval in its dashboard [seed]. */
const AWAITING_APPROVAL_STATUS = 'created';

const nameField = optionalNameField('Optional: how the creator shows in Paydesk.');

export const draftRules: ProviderDraftRules = {
  provider: PROVIDER_ID,
  currencies: [...TALENTIR_CURRENCIES],
  minimumMinor: TALENTIR_MINIMUM_MINOR,
  recipientModes: [
    emailRecipientMode(nameField),
    {
      mode: 'handle',
      label: 'By social handle',
      creator: 'optional',
      fillFromCreator: ['name', 'handle'],
      fields: [
        nameField,
        { key: 'handle', label: 'Handle', required: true, placeholder: '@jane.creates' },
        { key: 'platform', label: 'Platform', required: true },
      ],
    },
  ],
  campaign: 'local',
  descriptionRequired: true,
  descriptionHint: 'The reason shown to the creator.',
  manualStep: capabilities.initiatePayout === true ? null : capabilities.initiatePayout,
  csvColumns: ['name', 'email', 'handle', 'platform', 'amount', 'currency', 'description', 'tags', 'campaign'],
  csvRequiredColumns: ['amount', 'currency', 'description'],
};

export function checkDraft(ctx: DraftCheckContext): void {
  const { typed, errors, recipient } = ctx;
  const handle = typed.handle;
  if (handle) {
    if (!SOCIAL_HANDLE.test(handle))
      errors['recipient.handle'] =
        `Social handles start with @ and contain no spaces, e.g. @jane.creates; "${handle.slice(0, 60)}" does not.`;
    else recipient.handle = handle;
    const platform = typed.platform.toLowerCase();
    if (!platform) errors['recipient.platform'] = `Choose the platform of ${handle.slice(0, 60)}: TikTok, Instagram or YouTube channel.`;
    else if (!isSocialPlatform(platform))
      errors['recipient.platform'] =
        `"${platform.slice(0, 40)}" is not a platform Talentir knows; use tiktok, instagram or youtube-channel.`;
    else recipient.platform = platform;
  } else if (!typed.email && !errors['recipient.email']) {
    errors['recipient.email'] = "Talentir pays by e-mail or social handle: enter the creator's e-mail, or an @handle with its platform.";
  }
}

export function csvExample(): Record<string, string> {
  return {
    name: 'Jane Creator',
    email: 'jane.creator@example.com',
    amount: '125.50',
    currency: 'EUR',
    description: 'March campaign fee',
    tags: 'spring;ugc',
    campaign: 'Spring launch',
  };
}

export const statuses: ProviderStatusSemantics = {
  known: Object.keys(STATUS_MAP),
  pendingStep: ({ providerStatus, remoteId, reference }) =>
    providerStatus === AWAITING_APPROVAL_STATUS
      ? `Paydesk created the payout at Talentir${remoteId ? ` (id ${remoteId})` : ''} with reference ${reference}. ` +
        "Remaining at Talentir: approve it in the Talentir dashboard; Talentir's API has no approve call. Paydesk shows the new status once Talentir reports it."
      : null,
  cancellable: () => capabilities.cancelPayout,
};
