import type { PgMigration } from './migration';

/**
 * The provider cache, shared: one desktop's sync serves the whole team (docs/team-workspace.md, "The provider cache").
 * A desktop that holds a connection's secret syncs it and publishes what the provider listed, as the provider client
 * read it (one JSON item per creator, campaign or payout, keyed by the provider's id), with the sync's cursor, in one
 * transaction per page group. Every desktop's replica pulls the items and writes them into its own SQLite cache
 * through the same code a desk of its own uses (src-main/storage/cache-repository.ts), so each desktop's cache reads
 * the same provider data without the secret and without asking the provider again.
 *
 * What is stored is what the provider said: it moves no money and approves nothing, so any Paydesk role may publish
 * it (a desktop syncs for whoever is signed in). Items are written only through these functions, which take the audit
 * head's lock like every other writer, so change_seq stays in commit order for the replicas (migration 1).
 */
export const migration: PgMigration = {
  version: 4,
  name: 'the provider cache shared: items and sync state published by the desktop that syncs; drafts name creators and campaigns by provider id',
  sql: String.raw`
CREATE TABLE paydesk.provider_items (
  connection_id text NOT NULL REFERENCES paydesk.connections(id),
  resource text NOT NULL CHECK (resource IN ('creators','campaigns','payouts')),
  remote_id text NOT NULL CHECK (remote_id <> '' AND length(remote_id) <= 200),
  -- The provider client's reading of the item (src-main/providers/provider.ts: RemoteCreator, RemoteCampaign, RemotePayout).
  item jsonb NOT NULL CHECK (jsonb_typeof(item) = 'object' AND item->>'remoteId' = remote_id AND pg_column_size(item) <= 1048576),
  fetched_at text NOT NULL,
  -- The login whose desktop published it.
  fetched_by text NOT NULL,
  change_seq bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (connection_id, resource, remote_id)
);
ALTER TABLE paydesk.provider_items ADD CONSTRAINT provider_items_payout_amount CHECK (resource <> 'payouts' OR (
  jsonb_typeof(item->'amount'->'minor') = 'number' AND (item->'amount'->>'currency') ~ '^[A-Z]{3}$'));

CREATE TABLE paydesk.provider_sync_state (
  connection_id text NOT NULL REFERENCES paydesk.connections(id),
  resource text NOT NULL CHECK (resource IN ('creators','campaigns','payouts')),
  -- Where the next page starts (null: the last run read to the end).
  cursor text,
  last_synced_at text,
  last_error text,
  synced_by text,
  change_seq bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (connection_id, resource)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['provider_items','provider_sync_state'] LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE ON paydesk.%I FOR EACH ROW EXECUTE FUNCTION paydesk.stamp_change()', t || '_stamp', t);
    EXECUTE format('CREATE INDEX %I ON paydesk.%I (change_seq)', t || '_change_seq', t);
  END LOOP;
END $$;

-- Any Paydesk role; then the audit head's lock, as every writer takes it (migration 1, require_role).
CREATE FUNCTION paydesk.lock_for_cache(p_connection text, p_resource text) RETURNS void LANGUAGE plpgsql AS $f$
BEGIN
  IF array_length(paydesk.my_roles(), 1) IS NULL THEN PERFORM paydesk.require_role('preparer'); END IF;
  PERFORM 1 FROM paydesk.audit_head WHERE id = 1 FOR UPDATE;
  IF p_resource NOT IN ('creators','campaigns','payouts') THEN PERFORM paydesk.refuse('That is not a resource Paydesk syncs.'); END IF;
  IF NOT EXISTS (SELECT 1 FROM paydesk.connections WHERE id = p_connection AND archived_at IS NULL) THEN
    PERFORM paydesk.refuse('This connection is not shared with the team (or it is archived): its sync cannot be shared.');
  END IF;
END $f$;

-- One page group: its items (the last copy of an id wins, as in the provider's order) and the cursor after it. An
-- item the provider sends unchanged keeps its change_seq, so a full re-read costs the replicas nothing.
CREATE FUNCTION paydesk.publish_provider_items(p_connection text, p_resource text, p_items jsonb, p_cursor text) RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = paydesk, pg_temp AS $f$
DECLARE v_now text := paydesk.iso_now(); v_count integer;
BEGIN
  PERFORM paydesk.lock_for_cache(p_connection, p_resource);
  IF jsonb_typeof(p_items) <> 'array' THEN PERFORM paydesk.refuse('The items of a page come as a list.'); END IF;
  IF EXISTS (SELECT 1 FROM jsonb_array_elements(p_items) e WHERE jsonb_typeof(e->'remoteId') <> 'string') THEN
    PERFORM paydesk.refuse('Every item published to the team needs the provider''s id.');
  END IF;
  INSERT INTO paydesk.provider_items AS i (connection_id, resource, remote_id, item, fetched_at, fetched_by)
    SELECT p_connection, p_resource, last.item->>'remoteId', last.item, v_now, session_user
    FROM (SELECT DISTINCT ON (e.value->>'remoteId') e.value AS item, e.ordinality AS n
          FROM jsonb_array_elements(p_items) WITH ORDINALITY e ORDER BY e.value->>'remoteId', e.ordinality DESC) last
    ORDER BY last.n
  ON CONFLICT (connection_id, resource, remote_id) DO UPDATE SET item = excluded.item, fetched_at = excluded.fetched_at, fetched_by = excluded.fetched_by
    WHERE i.item IS DISTINCT FROM excluded.item;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  INSERT INTO paydesk.provider_sync_state AS s (connection_id, resource, cursor, synced_by) VALUES (p_connection, p_resource, p_cursor, session_user)
  ON CONFLICT (connection_id, resource) DO UPDATE SET cursor = excluded.cursor, synced_by = excluded.synced_by;
  RETURN v_count;
END $f$;

-- The resource was read to its last page: no cursor, the time, no error.
CREATE FUNCTION paydesk.complete_provider_sync(p_connection text, p_resource text) RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = paydesk, pg_temp AS $f$
DECLARE v_now text := paydesk.iso_now();
BEGIN
  PERFORM paydesk.lock_for_cache(p_connection, p_resource);
  INSERT INTO paydesk.provider_sync_state AS s (connection_id, resource, cursor, last_synced_at, last_error, synced_by)
    VALUES (p_connection, p_resource, NULL, v_now, NULL, session_user)
  ON CONFLICT (connection_id, resource) DO UPDATE SET cursor = NULL, last_synced_at = v_now, last_error = NULL, synced_by = session_user;
  RETURN v_now;
END $f$;

CREATE FUNCTION paydesk.record_provider_sync_error(p_connection text, p_resource text, p_message text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = paydesk, pg_temp AS $f$
BEGIN
  PERFORM paydesk.lock_for_cache(p_connection, p_resource);
  INSERT INTO paydesk.provider_sync_state AS s (connection_id, resource, last_error, synced_by)
    VALUES (p_connection, p_resource, left(p_message, 2000), session_user)
  ON CONFLICT (connection_id, resource) DO UPDATE SET last_error = left(p_message, 2000), synced_by = session_user;
END $f$;

-- A desktop's creator and campaign ids are its own (each desktop's cache numbers them): a team payout also names
-- them by the provider's ids, which every desktop's replica resolves in its own cache. create_draft and update_draft
-- (migrations 1 and 3; import_drafts calls create_draft by name) keep every rule and are wrapped to record the links.
ALTER TABLE paydesk.payouts ADD COLUMN creator_remote_id text, ADD COLUMN campaign_remote_id text;
CREATE FUNCTION paydesk.link_draft(p_id bigint, d jsonb) RETURNS void LANGUAGE sql AS $f$
  UPDATE paydesk.payouts SET creator_remote_id = left(d->>'creatorRemoteId', 200), campaign_remote_id = left(d->>'campaignRemoteId', 200)
  WHERE id = p_id AND status = 'draft'
    AND (creator_remote_id IS DISTINCT FROM left(d->>'creatorRemoteId', 200) OR campaign_remote_id IS DISTINCT FROM left(d->>'campaignRemoteId', 200))
$f$;
ALTER FUNCTION paydesk.create_draft(jsonb, text[], text, jsonb) RENAME TO create_draft_checked;
ALTER FUNCTION paydesk.update_draft(bigint, jsonb, text[], integer, text, jsonb) RENAME TO update_draft_checked;
REVOKE ALL ON FUNCTION paydesk.create_draft_checked(jsonb, text[], text, jsonb), paydesk.update_draft_checked(bigint, jsonb, text[], integer, text, jsonb)
  FROM paydesk_preparer, paydesk_approver, paydesk_sender, paydesk_admin;
CREATE FUNCTION paydesk.create_draft(d jsonb, p_tags text[], p_details text, p_ctx jsonb) RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = paydesk, pg_temp AS $f$
DECLARE v_id bigint;
BEGIN
  v_id := paydesk.create_draft_checked(d, p_tags, p_details, p_ctx);
  PERFORM paydesk.link_draft(v_id, d);
  RETURN v_id;
END $f$;
CREATE FUNCTION paydesk.update_draft(p_id bigint, d jsonb, p_tags text[], p_voids integer, p_details text, p_ctx jsonb) RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = paydesk, pg_temp AS $f$
DECLARE v_voided integer;
BEGIN
  v_voided := paydesk.update_draft_checked(p_id, d, p_tags, p_voids, p_details, p_ctx);
  PERFORM paydesk.link_draft(p_id, d);
  RETURN v_voided;
END $f$;

ALTER TABLE paydesk.provider_items OWNER TO paydesk_owner;
ALTER TABLE paydesk.provider_sync_state OWNER TO paydesk_owner;
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT p.oid::regprocedure AS sig FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname = 'paydesk' AND p.proname IN ('lock_for_cache', 'publish_provider_items', 'complete_provider_sync', 'record_provider_sync_error',
             'link_draft', 'create_draft', 'update_draft') LOOP
    EXECUTE format('ALTER FUNCTION %s OWNER TO paydesk_owner', r.sig);
    EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', r.sig);
  END LOOP;
END $$;
REVOKE ALL ON paydesk.provider_items, paydesk.provider_sync_state FROM PUBLIC;
GRANT SELECT ON paydesk.provider_items, paydesk.provider_sync_state TO paydesk_preparer, paydesk_approver, paydesk_sender, paydesk_admin;
GRANT EXECUTE ON FUNCTION paydesk.publish_provider_items(text, text, jsonb, text), paydesk.complete_provider_sync(text, text),
  paydesk.record_provider_sync_error(text, text, text), paydesk.create_draft(jsonb, text[], text, jsonb),
  paydesk.update_draft(bigint, jsonb, text[], integer, text, jsonb)
  TO paydesk_preparer, paydesk_approver, paydesk_sender, paydesk_admin;
`,
};
