import type { PgMigration } from './migration';

/**
 * Moving a solo workspace into a new team database (src-main/team/solo-move.ts): an admin copies the connections'
 * settings, the payouts with their history, approvals and outbox, and the audit trail as it was chained, into a team
 * database that holds none yet. The copied events keep their seq, hash and prev_hash; the server checks that they
 * link (each prev_hash is the hash before it, seqs without gaps), and the desktop's verifier checks every hash in the
 * team database before the move is finished. New events then chain on from the copied head.
 */
export const migration: PgMigration = {
  version: 2,
  name: 'solo import: payouts a solo workspace synced or made before, its audit trail copied as chained',
  sql: String.raw`
-- Payouts the provider cache holds were not drafted in Paydesk: no reference of ours, no maker.
ALTER TABLE paydesk.payouts ALTER COLUMN short_reference DROP NOT NULL;
ALTER TABLE paydesk.payouts ALTER COLUMN created_by DROP NOT NULL;
ALTER TABLE paydesk.payouts ALTER COLUMN created_by_id DROP NOT NULL;

-- One import at a time, and only into a team database with no payouts and no audit events.
CREATE TABLE paydesk.solo_import (
  id integer PRIMARY KEY CHECK (id = 1),
  state text NOT NULL CHECK (state IN ('open', 'finished')),
  started_by text NOT NULL,
  started_at text NOT NULL,
  finished_at text
);
ALTER TABLE paydesk.solo_import OWNER TO paydesk_owner;

CREATE FUNCTION paydesk.solo_import_begin() RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = paydesk, pg_temp AS $f$
BEGIN
  PERFORM paydesk.require_role('admin');
  IF EXISTS (SELECT 1 FROM paydesk.solo_import) THEN PERFORM paydesk.refuse('A solo workspace was already moved into this team database.'); END IF;
  IF EXISTS (SELECT 1 FROM paydesk.payouts) OR EXISTS (SELECT 1 FROM paydesk.audit_events) THEN
    PERFORM paydesk.refuse('This team database already holds payouts or audit events: a solo workspace can only be moved into a new one.');
  END IF;
  INSERT INTO paydesk.solo_import (id, state, started_by, started_at) VALUES (1, 'open', session_user, paydesk.iso_now());
END $f$;

CREATE FUNCTION paydesk.solo_import_open() RETURNS void LANGUAGE plpgsql AS $f$
BEGIN
  PERFORM paydesk.require_role('admin');
  IF NOT EXISTS (SELECT 1 FROM paydesk.solo_import WHERE state = 'open' AND started_by = session_user) THEN
    PERFORM paydesk.refuse('No move of a solo workspace is under way for your login.');
  END IF;
END $f$;

-- One batch of rows of one kind, as the solo workspace holds them.
CREATE FUNCTION paydesk.solo_import_rows(p_kind text, p_rows jsonb) RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = paydesk, pg_temp AS $f$
DECLARE
  n integer := 0;
  e jsonb;
  head record;
BEGIN
  PERFORM paydesk.solo_import_open();
  IF p_kind = 'connections' THEN
    INSERT INTO paydesk.connections (id, provider, label, environment, base_url, auth_mode, public_fields, credential_hint, created_at, updated_at, archived_at)
      SELECT r->>'id', r->>'provider', r->>'label', r->>'environment', r->>'base_url', r->>'auth_mode', coalesce(r->>'public_fields', '{}'),
        r->>'credential_hint', r->>'created_at', r->>'updated_at', r->>'archived_at' FROM jsonb_array_elements(p_rows) r
      ON CONFLICT (id) DO NOTHING;
  ELSIF p_kind = 'payouts' THEN
    INSERT INTO paydesk.payouts OVERRIDING SYSTEM VALUE
      SELECT * FROM jsonb_populate_recordset(NULL::paydesk.payouts, p_rows);
  ELSIF p_kind = 'payout_tags' THEN
    INSERT INTO paydesk.payout_tags SELECT * FROM jsonb_populate_recordset(NULL::paydesk.payout_tags, p_rows);
  ELSIF p_kind = 'payout_approvals' THEN
    INSERT INTO paydesk.payout_approvals OVERRIDING SYSTEM VALUE SELECT * FROM jsonb_populate_recordset(NULL::paydesk.payout_approvals, p_rows);
  ELSIF p_kind = 'payout_status_history' THEN
    INSERT INTO paydesk.payout_status_history OVERRIDING SYSTEM VALUE SELECT * FROM jsonb_populate_recordset(NULL::paydesk.payout_status_history, p_rows);
  ELSIF p_kind = 'payout_outbox' THEN
    INSERT INTO paydesk.payout_outbox SELECT * FROM jsonb_populate_recordset(NULL::paydesk.payout_outbox, p_rows);
  ELSIF p_kind = 'payout_send_attempts' THEN
    INSERT INTO paydesk.payout_send_attempts OVERRIDING SYSTEM VALUE SELECT * FROM jsonb_populate_recordset(NULL::paydesk.payout_send_attempts, p_rows);
  ELSIF p_kind = 'audit_events' THEN
    -- In order, each linked to the one before: the chain arrives whole or not at all.
    SELECT seq, hash INTO head FROM paydesk.audit_head WHERE id = 1 FOR UPDATE;
    FOR e IN SELECT value FROM jsonb_array_elements(p_rows) LOOP
      IF (e->>'seq')::bigint <> head.seq + 1 OR e->>'prev_hash' <> head.hash THEN
        PERFORM paydesk.refuse(format('The audit trail does not link at event %s: nothing of this batch was copied.', e->>'seq'));
      END IF;
      INSERT INTO paydesk.audit_events (seq, at, actor, actor_id, os_user, host, action, subject, details, prev_hash, hash, format, mac)
        VALUES ((e->>'seq')::bigint, e->>'at', e->>'actor', e->>'actor_id', e->>'os_user', e->>'host', e->>'action', e->>'subject',
          e->>'details', e->>'prev_hash', e->>'hash', (e->>'format')::integer, e->>'mac');
      head.seq := (e->>'seq')::bigint;
      head.hash := e->>'hash';
    END LOOP;
    UPDATE paydesk.audit_head SET seq = head.seq, hash = head.hash WHERE id = 1;
  ELSE
    PERFORM paydesk.refuse(format('Unknown kind of rows: %s.', p_kind));
  END IF;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN jsonb_array_length(p_rows);
END $f$;

-- Ends the move: the identities continue after the copied ids, and the move itself is the next audit event.
CREATE FUNCTION paydesk.solo_import_finish(p_details text, p_ctx jsonb) RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = paydesk, pg_temp AS $f$
DECLARE t text;
BEGIN
  PERFORM paydesk.solo_import_open();
  FOREACH t IN ARRAY ARRAY['payouts','payout_approvals','payout_status_history','payout_send_attempts'] LOOP
    EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, ''id''), greatest((SELECT coalesce(max(id), 0) FROM paydesk.%I), 1), (SELECT count(*) > 0 FROM paydesk.%I))',
      'paydesk.' || t, t, t);
  END LOOP;
  UPDATE paydesk.solo_import SET state = 'finished', finished_at = paydesk.iso_now() WHERE id = 1;
  RETURN paydesk.append_audit('team.solo_workspace_moved', 'workspace', p_details, p_ctx);
END $f$;

DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT p.oid::regprocedure AS sig FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname = 'paydesk' AND p.proname LIKE 'solo_import%' LOOP
    EXECUTE format('ALTER FUNCTION %s OWNER TO paydesk_owner', r.sig);
    EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', r.sig);
  END LOOP;
END $$;
GRANT SELECT ON paydesk.solo_import TO paydesk_preparer, paydesk_approver, paydesk_sender, paydesk_admin;
GRANT EXECUTE ON FUNCTION paydesk.solo_import_begin(), paydesk.solo_import_rows(text, jsonb), paydesk.solo_import_finish(text, jsonb) TO paydesk_admin;
`,
};
