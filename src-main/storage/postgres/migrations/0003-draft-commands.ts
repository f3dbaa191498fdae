import type { PgMigration } from './migration';

/**
 * Editing, deleting and importing drafts, cancelling an approved payout before it is sent, and dismissing a failed or
 * returned payout, in a team workspace: each a function of
 * the team database that checks its rules on the locked row (whatever a desktop thought), changes the row and writes
 * its audit event in the same transaction. An edit voids the approvals given for the old values; the desktop says how
 * many it saw, and a different count (someone approved meanwhile on another desktop) refuses the edit, so its audit
 * event never misstates what it voided. A deleted draft's rows leave tombstones (migration 1), so the replicas drop
 * them too (the tombstone function is corrected here for it); its audit events stay. An import is one transaction:
 * every draft made as create_draft makes one (each with its maker and its event), and the batch with its file's hash,
 * so a file another desktop imported meanwhile is refused, and nothing of a refused import stays.
 */
export const migration: PgMigration = {
  version: 3,
  name: 'drafts edited, deleted and imported, unsent payouts cancelled, payouts dismissed, as team database functions',
  sql: String.raw`
ALTER TABLE paydesk.payouts ADD COLUMN dismissed_at text, ADD COLUMN dismissed_reason text;

-- Migration 1's tombstone named OLD.payout_id in a CASE that PL/pgSQL plans for every table, so deleting a row of a
-- table without that column failed; a deleted draft is the first such delete. The key is read from the row as JSON.
CREATE OR REPLACE FUNCTION paydesk.leave_tombstone() RETURNS trigger LANGUAGE plpgsql AS $f$
DECLARE s bigint := nextval('paydesk.change_seq'); v_row jsonb := to_jsonb(OLD);
BEGIN
  INSERT INTO paydesk.tombstones (change_seq, table_name, row_key) VALUES (s, TG_TABLE_NAME, TG_ARGV[0] || ':' ||
    CASE TG_TABLE_NAME WHEN 'payout_tags' THEN (v_row->>'payout_id') || ':' || (v_row->>'tag') ELSE v_row->>TG_ARGV[0] END);
  PERFORM pg_notify('paydesk_changes', 'changed');
  RETURN OLD;
END $f$;

-- A draft that may still change, locked: ours alone (no provider id, never handed to the sender) and still a draft.
CREATE FUNCTION paydesk.lock_editable_draft(p_id bigint) RETURNS paydesk.payouts LANGUAGE plpgsql AS $f$
DECLARE p paydesk.payouts%ROWTYPE;
BEGIN
  SELECT * INTO p FROM paydesk.payouts WHERE id = p_id FOR UPDATE;
  IF NOT FOUND THEN PERFORM paydesk.refuse('The payout no longer exists.'); END IF;
  IF p.remote_id IS NOT NULL OR EXISTS (SELECT 1 FROM paydesk.payout_outbox WHERE payout_id = p_id) THEN
    PERFORM paydesk.refuse('This payout was handed to the provider; it can no longer be edited or deleted.');
  END IF;
  IF p.status <> 'draft' THEN PERFORM paydesk.refuse(format('Only drafts can be changed; this payout is %s.', p.status)); END IF;
  RETURN p;
END $f$;

CREATE FUNCTION paydesk.update_draft(p_id bigint, d jsonb, p_tags text[], p_voids integer, p_details text, p_ctx jsonb)
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = paydesk, pg_temp AS $f$
DECLARE
  p paydesk.payouts%ROWTYPE;
  v_now text := paydesk.iso_now();
  v_amount bigint := (d->>'amountMinor')::bigint;
  v_currency text := d->>'currency';
  v_problem text;
  v_voided integer;
BEGIN
  PERFORM paydesk.require_role('preparer');
  p := paydesk.lock_editable_draft(p_id);
  v_problem := paydesk.max_per_payout_problem(v_amount, v_currency);
  IF v_problem IS NOT NULL THEN PERFORM paydesk.refuse(v_problem); END IF;
  IF coalesce(array_length(paydesk.active_approvers(p_id), 1), 0) <> p_voids THEN
    PERFORM paydesk.refuse('Someone approved this draft on another desktop meanwhile: look at it again, then save your changes.');
  END IF;
  UPDATE paydesk.payouts SET creator_id = (d->>'creatorId')::bigint, campaign_id = (d->>'campaignId')::bigint,
      recipient_name = d#>>'{display,name}', recipient_email = d#>>'{display,email}', recipient_handle = d#>>'{display,handle}',
      recipient_phone = d#>>'{display,phone}', recipient_json = d->>'recipientJson', recipient_key = d->>'recipientKey',
      local_campaign = d->>'localCampaign', amount_minor = v_amount, currency = v_currency, description = d->>'description', updated_at = v_now
    WHERE id = p_id;
  DELETE FROM paydesk.payout_tags WHERE payout_id = p_id AND tag <> ALL (coalesce(p_tags, '{}'));
  INSERT INTO paydesk.payout_tags (payout_id, tag) SELECT p_id, t FROM unnest(coalesce(p_tags, '{}')) t ON CONFLICT DO NOTHING;
  -- An approval was given for the old values; it must not carry over to new ones.
  UPDATE paydesk.payout_approvals SET voided_at = v_now WHERE payout_id = p_id AND voided_at IS NULL AND decision = 'approved';
  GET DIAGNOSTICS v_voided = ROW_COUNT;
  PERFORM paydesk.append_audit('payout.draft_updated', 'payout:' || p_id, p_details, p_ctx);
  RETURN v_voided;
END $f$;

CREATE FUNCTION paydesk.delete_draft(p_id bigint, p_details text, p_ctx jsonb) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = paydesk, pg_temp AS $f$
BEGIN
  PERFORM paydesk.require_role('preparer');
  PERFORM paydesk.lock_editable_draft(p_id);
  -- The audit event first: it describes the draft as it was, and stays when the rows go.
  PERFORM paydesk.append_audit('payout.draft_deleted', 'payout:' || p_id, p_details, p_ctx);
  DELETE FROM paydesk.payout_tags WHERE payout_id = p_id;
  DELETE FROM paydesk.payout_approvals WHERE payout_id = p_id;
  DELETE FROM paydesk.payout_status_history WHERE payout_id = p_id;
  DELETE FROM paydesk.payouts WHERE id = p_id;
END $f$;

CREATE TABLE paydesk.import_batches (
  batch_id text PRIMARY KEY,
  connection_id text NOT NULL REFERENCES paydesk.connections(id),
  file_sha256 text NOT NULL CHECK (length(file_sha256) = 64),
  rows integer NOT NULL CHECK (rows > 0),
  imported_at text NOT NULL,
  -- the login that imported (session_user), never a name the desktop sends
  imported_by text NOT NULL,
  reimport_of text,
  change_seq bigint NOT NULL DEFAULT 0
);
CREATE INDEX import_batches_file ON paydesk.import_batches (file_sha256, imported_at);
CREATE INDEX import_batches_change_seq ON paydesk.import_batches (change_seq);
CREATE TRIGGER import_batches_stamp BEFORE INSERT OR UPDATE ON paydesk.import_batches FOR EACH ROW EXECUTE FUNCTION paydesk.stamp_change();
ALTER TABLE paydesk.import_batches OWNER TO paydesk_owner;
REVOKE ALL ON paydesk.import_batches FROM PUBLIC;
GRANT SELECT ON paydesk.import_batches TO paydesk_preparer, paydesk_approver, paydesk_sender, paydesk_admin;

-- Moving a solo workspace in (migration 2) copies its import batches too, so a file it imported is known as such.
CREATE FUNCTION paydesk.solo_import_batches(p_rows jsonb) RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = paydesk, pg_temp AS $f$
BEGIN
  PERFORM paydesk.solo_import_open();
  INSERT INTO paydesk.import_batches (batch_id, connection_id, file_sha256, rows, imported_at, imported_by, reimport_of)
    SELECT r->>'batch_id', r->>'connection_id', r->>'file_sha256', (r->>'rows')::integer, r->>'imported_at', r->>'imported_by', r->>'reimport_of'
    FROM jsonb_array_elements(p_rows) r;
  RETURN jsonb_array_length(p_rows);
END $f$;

-- p_drafts: [{ "doc": <as create_draft>, "tags": [...], "details": "<audit details text>" }, ...]
CREATE FUNCTION paydesk.import_drafts(p_batch jsonb, p_drafts jsonb, p_details text, p_ctx jsonb)
RETURNS bigint[] LANGUAGE plpgsql SECURITY DEFINER SET search_path = paydesk, pg_temp AS $f$
DECLARE
  v_ids bigint[] := '{}';
  v_other text;
  v_known text[] := ARRAY(SELECT jsonb_array_elements_text(coalesce(p_batch->'reimportOf', '[]')));
  e jsonb;
BEGIN
  PERFORM paydesk.require_role('preparer');
  IF jsonb_typeof(p_drafts) <> 'array' OR jsonb_array_length(p_drafts) = 0 THEN PERFORM paydesk.refuse('An import needs at least one draft.'); END IF;
  SELECT batch_id INTO v_other FROM paydesk.import_batches
    WHERE file_sha256 = p_batch->>'fileSha256' AND batch_id <> ALL (v_known) ORDER BY imported_at LIMIT 1;
  IF v_other IS NOT NULL THEN
    PERFORM paydesk.refuse(format('This file was imported meanwhile as batch %s; nothing was imported twice.', v_other));
  END IF;
  FOR e IN SELECT value FROM jsonb_array_elements(p_drafts) LOOP
    IF e->'doc'->>'importBatch' IS DISTINCT FROM p_batch->>'batchId' THEN PERFORM paydesk.refuse('Every imported draft belongs to its batch.'); END IF;
    v_ids := v_ids || paydesk.create_draft(e->'doc', ARRAY(SELECT jsonb_array_elements_text(coalesce(e->'tags', '[]'))), e->>'details', p_ctx);
  END LOOP;
  INSERT INTO paydesk.import_batches (batch_id, connection_id, file_sha256, rows, imported_at, imported_by, reimport_of)
    VALUES (p_batch->>'batchId', p_batch->>'connectionId', p_batch->>'fileSha256', array_length(v_ids, 1), paydesk.iso_now(), session_user,
      CASE WHEN array_length(v_known, 1) > 0 THEN (p_batch->'reimportOf')::text END);
  PERFORM paydesk.append_audit('payout.imported', 'import:' || (p_batch->>'batchId'), p_details, p_ctx);
  RETURN v_ids;
END $f$;

-- A failed or returned payout the team has dealt with leaves the Attention list; the payout itself stays as it was.
CREATE FUNCTION paydesk.dismiss_payout(p_id bigint, p_reason text, p_details text, p_ctx jsonb) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = paydesk, pg_temp AS $f$
DECLARE p paydesk.payouts%ROWTYPE; v_now text := paydesk.iso_now();
BEGIN
  PERFORM paydesk.require_role('sender');
  IF p_reason IS NULL OR length(btrim(p_reason)) = 0 THEN PERFORM paydesk.refuse('Say why this payout is dismissed.'); END IF;
  SELECT * INTO p FROM paydesk.payouts WHERE id = p_id FOR UPDATE;
  IF NOT FOUND THEN PERFORM paydesk.refuse('The payout no longer exists.'); END IF;
  IF p.dismissed_at IS NOT NULL THEN PERFORM paydesk.refuse('This payout was already dismissed.'); END IF;
  IF p.status NOT IN ('failed', 'returned') THEN
    PERFORM paydesk.refuse(format('Only a failed or returned payout can be dismissed; this one is %s.', p.status));
  END IF;
  UPDATE paydesk.payouts SET dismissed_at = v_now, dismissed_reason = p_reason, updated_at = v_now WHERE id = p_id;
  PERFORM paydesk.append_audit('payout.dismissed', 'payout:' || p_id, p_details, p_ctx);
END $f$;

-- Cancelling an approved payout that was never sent (no provider id, no open send): nothing left the desk, so the
-- team database alone decides; a payout at the provider is cancelled there and its status recorded as any other.
CREATE FUNCTION paydesk.cancel_unsent(p_id bigint, p_message text, p_details text, p_ctx jsonb) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = paydesk, pg_temp AS $f$
DECLARE p paydesk.payouts%ROWTYPE; v_now text := paydesk.iso_now();
BEGIN
  PERFORM paydesk.require_role('sender');
  SELECT * INTO p FROM paydesk.payouts WHERE id = p_id FOR UPDATE;
  IF NOT FOUND THEN PERFORM paydesk.refuse('The payout no longer exists.'); END IF;
  IF p.status <> 'approved' OR p.remote_id IS NOT NULL OR EXISTS (SELECT 1 FROM paydesk.payout_outbox WHERE payout_id = p_id AND open = 1) THEN
    PERFORM paydesk.refuse(format('The payout is %s; it can no longer be cancelled here.', p.status));
  END IF;
  UPDATE paydesk.payouts SET status = 'cancelled', status_message = p_message, status_changed_at = v_now, updated_at = v_now WHERE id = p_id;
  PERFORM paydesk.add_history(p_id, 'cancelled', p.provider_status, session_user, p_message, v_now);
  PERFORM paydesk.append_audit('payout.cancelled', 'payout:' || p_id, p_details, p_ctx);
END $f$;

-- These events are now written only by the changes they describe, as the draft's creation and the approvals are.
CREATE OR REPLACE FUNCTION paydesk.audit_payout(p_id bigint, p_action text, p_details text, p_ctx jsonb) RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = paydesk, pg_temp AS $f$
BEGIN
  IF array_length(paydesk.my_roles(), 1) IS NULL THEN PERFORM paydesk.require_role('preparer'); END IF;
  PERFORM 1 FROM paydesk.audit_head WHERE id = 1 FOR UPDATE;
  IF p_action NOT LIKE 'payout.%' OR p_action IN ('payout.approved', 'payout.sending', 'payout.draft_created', 'payout.rejected',
      'payout.draft_updated', 'payout.draft_deleted', 'payout.dismissed', 'payout.imported') THEN
    PERFORM paydesk.refuse('That audit event is written only by the change it describes.');
  END IF;
  RETURN paydesk.append_audit(p_action, 'payout:' || p_id, p_details, p_ctx);
END $f$;

DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT p.oid::regprocedure AS sig FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname = 'paydesk' AND p.proname IN ('lock_editable_draft', 'update_draft', 'delete_draft', 'dismiss_payout', 'import_drafts', 'solo_import_batches', 'cancel_unsent') LOOP
    EXECUTE format('ALTER FUNCTION %s OWNER TO paydesk_owner', r.sig);
    EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', r.sig);
  END LOOP;
END $$;
GRANT EXECUTE ON FUNCTION paydesk.update_draft(bigint, jsonb, text[], integer, text, jsonb), paydesk.delete_draft(bigint, text, jsonb),
  paydesk.dismiss_payout(bigint, text, text, jsonb), paydesk.import_drafts(jsonb, jsonb, text, jsonb),
  paydesk.cancel_unsent(bigint, text, text, jsonb)
  TO paydesk_preparer, paydesk_approver, paydesk_sender, paydesk_admin;
GRANT EXECUTE ON FUNCTION paydesk.solo_import_batches(jsonb) TO paydesk_admin;
`,
};
