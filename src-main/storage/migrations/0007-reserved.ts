import type { Migration } from './migration';

/**
 * Number 7 is handed to a parallel branch (the money controls). This placeholder keeps the versions without gaps on
 * this branch and does nothing; when the branches meet, that branch's migration 7 takes its place.
 */
export const migration: Migration = {
  version: 7,
  name: 'reserved (another branch)',
  sql: '',
};
