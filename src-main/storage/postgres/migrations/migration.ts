/** One ordered step of the team schema in PostgreSQL; recorded in paydesk.paydesk_schema_migrations once applied. */
export interface PgMigration {
  version: number;
  name: string;
  sql: string;
}
