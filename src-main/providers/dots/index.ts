/** The Dots provider module: everything Paydesk knows about Dots, from this folder only. */
import type { ProviderModule } from '../provider';
import { capabilities, createClient } from './client';
import { staticInfo } from './info';
import { checkDraft, csvExample, draftRules, statuses } from './rules';
import { startSimulator } from './simulator';

export const dots: ProviderModule = {
  info: { ...staticInfo, capabilities, draftRules },
  createClient,
  startSimulator,
  demoSeed: 1005,
  checkDraft,
  csvExample,
  statuses,
};
