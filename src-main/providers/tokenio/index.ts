import type { ClientFactory } from '../provider';
import { TokenioClient, capabilities } from './client';
import { startSimulator } from './simulator';

export const createClient: ClientFactory = (config) => new TokenioClient(config);

export { startSimulator, capabilities };
