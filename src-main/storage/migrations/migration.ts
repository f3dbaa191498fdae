export interface Migration {
  version: number;
  name: string;
  sql: string;
  /**
   * Rebuilds a table that others reference: foreign keys are switched off around the migration's transaction (SQLite
   * cannot do that inside one), and the transaction checks them all before it commits.
   */
  rebuildsReferencedTable?: boolean;
}
