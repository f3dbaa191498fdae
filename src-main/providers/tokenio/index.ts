/** The Token.io provider module: everything Paydesk knows about Token.io Payouts, from this folder only. */
import type { ProviderModule } from '../provider';
import { TokenioClient, capabilities } from './client';
import { staticInfo } from './info';
import { checkDraft, csvExample, draftRules, payeeCheck, statuses } from './rules';
import { startSimulator } from './simulator';

export const tokenio: ProviderModule = {
  info: { ...staticInfo, capabilities, draftRules },
  createClient: (config) => new TokenioClient(config),
  startSimulator,
  demoSeed: 1002,
  checkDraft,
  csvExample,
  statuses,
  payeeCheck,
};
