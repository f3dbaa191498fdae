/** The Talentir provider module: everything Paydesk knows about Talentir, from this folder only. */
import type { ProviderModule } from '../provider';
import { capabilities, createClient } from './client';
import { staticInfo } from './info';
import { checkDraft, csvExample, draftRules, statuses } from './rules';
import { startSimulator } from './simulator';

export const talentir: ProviderModule = {
  info: { ...staticInfo, capabilities, draftRules },
  createClient,
  startSimulator,
  demoSeed: 1001,
  checkDraft,
  csvExample,
  statuses,
};
