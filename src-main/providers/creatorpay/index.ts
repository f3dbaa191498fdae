/** Creator Pay provider: client factory, simulator factory and capabilities (see ./assumptions.ts for the guesses). */
import type { ClientFactory } from '../provider';
import { capabilities, createCreatorPayClient } from './client';
import { startSimulator } from './simulator';

export const createClient: ClientFactory = (config) => createCreatorPayClient(config);

export { capabilities, startSimulator };
