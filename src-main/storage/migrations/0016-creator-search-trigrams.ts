import type { Migration } from './migration';

/**
 * The Creators screen's search (InsightQueries.people) matches any part of a name, e-mail or handle (LIKE '%…%'): without
 * an index it walks every creator when few of them match. An FTS5 table with the trigram tokenizer indexes every
 * three-character piece of those columns, so a search of three or more characters looks its candidates up instead
 * (the LIKE still decides, so the results are the same). External content: the text stays in `creators`, the triggers
 * keep the index in step with every write, in the same transaction.
 */
export const migration: Migration = {
  version: 16,
  name: 'creator search: a trigram index of creator names, e-mails and handles',
  sql: `
    CREATE VIRTUAL TABLE creators_fts USING fts5(
      name, email, handle,
      content='creators', content_rowid='id', tokenize='trigram'
    );
    CREATE TRIGGER creators_fts_insert AFTER INSERT ON creators BEGIN
      INSERT INTO creators_fts(rowid, name, email, handle) VALUES (new.id, new.name, new.email, new.handle);
    END;
    CREATE TRIGGER creators_fts_delete AFTER DELETE ON creators BEGIN
      INSERT INTO creators_fts(creators_fts, rowid, name, email, handle) VALUES ('delete', old.id, old.name, old.email, old.handle);
    END;
    CREATE TRIGGER creators_fts_update AFTER UPDATE OF name, email, handle ON creators BEGIN
      INSERT INTO creators_fts(creators_fts, rowid, name, email, handle) VALUES ('delete', old.id, old.name, old.email, old.handle);
      INSERT INTO creators_fts(rowid, name, email, handle) VALUES (new.id, new.name, new.email, new.handle);
    END;
    INSERT INTO creators_fts(creators_fts) VALUES ('rebuild');
  `,
};
