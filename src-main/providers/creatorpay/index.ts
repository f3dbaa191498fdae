/** The Creator Pay provider module: everything Paydesk knows about Creator Pay, from this folder only. */
import type { ProviderModule } from '../provider';
import { capabilities, createCreatorPayClient } from './client';
import { staticInfo } from './info';
import { checkDraft, csvExample, draftRules, statuses } from './rules';
import { startSimulator } from './simulator';

export const creatorpay: ProviderModule = {
  info: { ...staticInfo, capabilities, draftRules },
  createClient: (config) => createCreatorPayClient(config),
  startSimulator,
  demoSeed: 1003,
  checkDraft,
  // Creator Pay's users are creators: the user id column is named after them.
  csvColumns: { 'recipient.userId': 'creator_id' },
  csvExample,
  statuses,
};
