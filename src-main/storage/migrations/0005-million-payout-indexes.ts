import type { Migration } from './migration';

export const migration: Migration = {
  version: 5,
  name: 'indexes for sorting and lookups at a million payouts (measured in bench/)',
  sql: `
    -- Ties in every sort are broken by id, which the (column, created_at, id) filter indexes cannot serve.
    CREATE INDEX IF NOT EXISTS payouts_creator_sort ON payouts(coalesce(recipient_name, recipient_email, recipient_handle, ''), id);
    CREATE INDEX IF NOT EXISTS payouts_status_sort ON payouts(status, id);
    CREATE INDEX IF NOT EXISTS payouts_currency_sort ON payouts(currency, id);
    CREATE INDEX IF NOT EXISTS payouts_connection_sort ON payouts(connection_id, id);
    CREATE INDEX IF NOT EXISTS payouts_amount_created ON payouts(amount_minor, created_at);
    CREATE INDEX IF NOT EXISTS creators_name_nocase ON creators(name COLLATE NOCASE, id);
  `,
};
