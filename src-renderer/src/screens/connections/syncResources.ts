import type { ProviderCapabilities, SyncResource } from '@shared/contract';
import { syncResources } from '@shared/contract/model';

export const resourceLabels: Record<SyncResource, string> = { creators: 'Creators', campaigns: 'Campaigns', payouts: 'Payouts' };

export const listCapability: Record<SyncResource, 'listCreators' | 'listCampaigns' | 'listPayouts'> = {
  creators: 'listCreators',
  campaigns: 'listCampaigns',
  payouts: 'listPayouts',
};

/** The capabilities shown to users, in this order; getPayout is an internal detail of refreshing one payout. */
export const capabilityLabels: Array<[keyof ProviderCapabilities, string]> = [
  ['listCreators', 'List creators'],
  ['listCampaigns', 'List campaigns'],
  ['listPayouts', 'List payouts'],
  ['findByReference', 'Look up by our reference'],
  ['createPayout', 'Create payout'],
  ['initiatePayout', 'Initiate payout'],
  ['cancelPayout', 'Cancel payout'],
];

/** Resources the sync engine will read for this provider; all of them until capabilities are known. */
export function syncedResources(capabilities: ProviderCapabilities | undefined): SyncResource[] {
  return syncResources.filter((r) => !capabilities || capabilities[listCapability[r]] === true);
}

export function fetchedText(resource: SyncResource, fetched: number): string {
  return `${resourceLabels[resource]}: ${fetched.toLocaleString()} fetched`;
}
