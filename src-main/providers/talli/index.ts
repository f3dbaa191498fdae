import type { ClientFactory } from '../provider';
import { TalliClient, capabilities } from './client';
import { startSimulator } from './simulator';

export const createClient: ClientFactory = (config) => new TalliClient(config);

export { startSimulator, capabilities };
