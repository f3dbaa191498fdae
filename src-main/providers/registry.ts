/** The five providers, each from its own folder: client factory, simulator and declared capabilities. */
import type { ProviderId } from '../api/model';
import type { ClientFactory, ProviderCapabilities } from './provider';
import type { SimulatorFactory } from './simulator/types';
import * as talentir from './talentir/index';
import * as tokenio from './tokenio/index';
import * as creatorpay from './creatorpay/index';
import * as talli from './talli/index';
import * as dots from './dots/index';

export interface ProviderModule {
  createClient: ClientFactory;
  startSimulator: SimulatorFactory;
  capabilities: ProviderCapabilities;
}

export const providerModules: Record<ProviderId, ProviderModule> = { talentir, tokenio, creatorpay, talli, dots };
