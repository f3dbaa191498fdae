/** The Talli provider module: everything Paydesk knows about Talli, from this folder only. */
import type { ProviderModule } from '../provider';
import { TalliClient, capabilities } from './client';
import { staticInfo } from './info';
import { checkDraft, csvExample, draftRules, statuses } from './rules';
import { startSimulator } from './simulator';

export const talli: ProviderModule = {
  info: { ...staticInfo, capabilities, draftRules },
  createClient: (config) => new TalliClient(config),
  startSimulator,
  demoSeed: 1004,
  checkDraft,
  csvExample,
  statuses,
};
