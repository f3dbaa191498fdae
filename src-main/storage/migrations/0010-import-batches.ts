import type { Migration } from './migration';

export const migration: Migration = {
  version: 10,
  name: 'import batches: the SHA-256 of each imported CSV file, to recognise a file imported twice',
  sql: `
    -- One row per committed import, written in the import's transaction (the batch lands with its drafts or not at all).
    CREATE TABLE import_batches (
      batch_id TEXT PRIMARY KEY,
      connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
      file_sha256 TEXT NOT NULL CHECK (length(file_sha256) = 64),
      rows INTEGER NOT NULL CHECK (rows > 0),
      imported_at TEXT NOT NULL,
      imported_by TEXT NOT NULL,
      -- the operator chose to import a file that was already imported (the earlier batches, as a JSON array)
      reimport_of TEXT
    ) STRICT;
    CREATE INDEX import_batches_file ON import_batches(file_sha256, imported_at);
  `,
};
