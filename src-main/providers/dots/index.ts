export { capabilities, createClient } from './client';
export { startSimulator } from './simulator';
