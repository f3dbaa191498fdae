import type { PgMigration } from './migration';

/**
 * The team schema: tables owned by the non-login role paydesk_owner, closed to direct writes; the four group roles get
 * SELECT (the replicas read everything) and EXECUTE on SECURITY DEFINER functions, which are the only way to change
 * anything. Each function checks the caller's group roles with pg_has_role(session_user, …), enforces the workflow's
 * rules (maker ≠ checker, four eyes, limits, status transitions, the send claim) and appends its audit event with
 * session_user as the actor. The audit chain is the SQLite one (src-main/audit/chain.ts, hashEventV2Text), computed
 * here in SQL so that the desktop's verifier accepts it.
 */
export const migration: PgMigration = {
  version: 1,
  name: 'team schema: tables, group roles, change sequence, audit chain, workflow functions',
  sql: String.raw`
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'paydesk_owner') THEN CREATE ROLE paydesk_owner NOLOGIN; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'paydesk_preparer') THEN CREATE ROLE paydesk_preparer NOLOGIN; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'paydesk_approver') THEN CREATE ROLE paydesk_approver NOLOGIN; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'paydesk_sender') THEN CREATE ROLE paydesk_sender NOLOGIN; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'paydesk_admin') THEN CREATE ROLE paydesk_admin NOLOGIN; END IF;
END $$;

ALTER SCHEMA paydesk OWNER TO paydesk_owner;
GRANT USAGE ON SCHEMA paydesk TO paydesk_preparer, paydesk_approver, paydesk_sender, paydesk_admin;
REVOKE CREATE ON SCHEMA paydesk FROM PUBLIC;

-- One sequence orders every change of every shared table: a replica pulls WHERE change_seq > its last one.
CREATE SEQUENCE paydesk.change_seq;

CREATE TABLE paydesk.tombstones (
  change_seq bigint PRIMARY KEY,
  table_name text NOT NULL,
  row_key text NOT NULL
);

CREATE TABLE paydesk.connections (
  id text PRIMARY KEY,
  provider text NOT NULL CHECK (provider <> ''),
  label text NOT NULL,
  environment text NOT NULL,
  base_url text NOT NULL,
  auth_mode text NOT NULL,
  public_fields text NOT NULL DEFAULT '{}',
  credential_hint text,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  archived_at text,
  change_seq bigint NOT NULL DEFAULT 0
);

CREATE TABLE paydesk.payouts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  connection_id text NOT NULL REFERENCES paydesk.connections(id),
  remote_id text,
  client_reference text NOT NULL UNIQUE,
  short_reference text NOT NULL UNIQUE,
  creator_id bigint,
  campaign_id bigint,
  recipient_name text,
  recipient_email text,
  recipient_handle text,
  recipient_phone text,
  recipient_json text,
  recipient_key text,
  local_campaign text,
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  description text,
  status text NOT NULL CHECK (status IN ('draft','approved','sending','submitted','processing','paid','rejected','failed','cancelled','expired','returned','unknown')),
  provider_status text,
  status_message text,
  status_changed_at text,
  -- the maker: the login that called create_draft (session_user), never a value the desktop sends
  created_by text NOT NULL,
  created_by_id text NOT NULL,
  import_batch text,
  approvals_required integer,
  redraft_of bigint,
  provider_reference text,
  raw_json text,
  paid_at text,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  change_seq bigint NOT NULL DEFAULT 0,
  UNIQUE (connection_id, remote_id)
);

CREATE TABLE paydesk.payout_tags (
  payout_id bigint NOT NULL REFERENCES paydesk.payouts(id),
  tag text NOT NULL,
  change_seq bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (payout_id, tag)
);

CREATE TABLE paydesk.payout_approvals (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  payout_id bigint NOT NULL REFERENCES paydesk.payouts(id),
  operator text NOT NULL,
  operator_id text NOT NULL,
  decision text NOT NULL CHECK (decision IN ('approved','rejected')),
  reason text,
  at text NOT NULL,
  voided_at text,
  change_seq bigint NOT NULL DEFAULT 0
);
CREATE INDEX payout_approvals_payout ON paydesk.payout_approvals(payout_id);

CREATE TABLE paydesk.payout_status_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  payout_id bigint NOT NULL REFERENCES paydesk.payouts(id),
  at text NOT NULL,
  status text NOT NULL,
  provider_status text,
  source text NOT NULL,
  message text,
  change_seq bigint NOT NULL DEFAULT 0
);

CREATE TABLE paydesk.payout_outbox (
  payout_id bigint PRIMARY KEY REFERENCES paydesk.payouts(id),
  connection_id text NOT NULL,
  client_reference text NOT NULL UNIQUE,
  short_reference text NOT NULL,
  request_json text NOT NULL,
  create_state text NOT NULL CHECK (create_state IN ('pending','done','failed','unknown','not_sent')),
  initiate_state text NOT NULL CHECK (initiate_state IN ('none','pending','done','failed','unknown')),
  create_attempts integer NOT NULL DEFAULT 0,
  initiate_attempts integer NOT NULL DEFAULT 0,
  remote_id text,
  open integer NOT NULL DEFAULT 1 CHECK (open IN (0,1)),
  amount_minor bigint NOT NULL,
  currency text NOT NULL,
  marked_at text NOT NULL,
  updated_at text NOT NULL,
  last_error text,
  -- the send claim: who sends it, from which computer, until when (an expired lease lets another desktop reconcile)
  claimed_by text,
  claim_host text,
  lease_until timestamptz,
  change_seq bigint NOT NULL DEFAULT 0
);

CREATE TABLE paydesk.payout_send_attempts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  payout_id bigint NOT NULL REFERENCES paydesk.payouts(id),
  step text NOT NULL CHECK (step IN ('create','lookup','initiate','cancel')),
  started_at text NOT NULL,
  finished_at text,
  outcome text,
  detail text,
  by_login text NOT NULL,
  change_seq bigint NOT NULL DEFAULT 0
);

-- The policy as the desktop's PayoutPolicy (src-shared/contract/payouts-model.ts): one row.
CREATE TABLE paydesk.policy (
  id integer PRIMARY KEY CHECK (id = 1),
  doc jsonb NOT NULL,
  change_seq bigint NOT NULL DEFAULT 0
);
INSERT INTO paydesk.policy (id, doc) VALUES (1, '{
  "approvalThresholds": [],
  "maxPerPayout": [{"minor": 1000000, "currency": "CHF"}, {"minor": 1000000, "currency": "EUR"}, {"minor": 1000000, "currency": "GBP"}, {"minor": 1000000, "currency": "USD"}],
  "dailyCaps": [],
  "workspaceDailyCaps": [],
  "makerMayApproveOwn": false,
  "duplicateWindowDays": 30,
  "stuckAfterDays": 7,
  "expiringWithinDays": 3,
  "payeeCheckMaxAgeHours": 24,
  "payeeNoMatchBlocks": true
}');

CREATE TABLE paydesk.audit_events (
  seq bigint PRIMARY KEY,
  at text NOT NULL,
  actor text NOT NULL,
  actor_id text,
  os_user text,
  host text,
  action text NOT NULL,
  subject text NOT NULL,
  details text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  format integer NOT NULL DEFAULT 2 CHECK (format IN (1,2)),
  mac text,
  change_seq bigint NOT NULL DEFAULT 0
);
-- The chain's head: appends take this row FOR UPDATE, so they are serialized and gapless.
CREATE TABLE paydesk.audit_head (
  id integer PRIMARY KEY CHECK (id = 1),
  seq bigint NOT NULL,
  hash text NOT NULL
);
INSERT INTO paydesk.audit_head VALUES (1, 0, repeat('0', 64));

-- change_seq on every insert and update; a delete leaves a tombstone; every commit with changes wakes the replicas.
CREATE FUNCTION paydesk.stamp_change() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  NEW.change_seq := nextval('paydesk.change_seq');
  -- One payload for all: PostgreSQL folds equal notifications of a transaction into one, delivered at commit.
  PERFORM pg_notify('paydesk_changes', 'changed');
  RETURN NEW;
END $f$;
CREATE FUNCTION paydesk.leave_tombstone() RETURNS trigger LANGUAGE plpgsql AS $f$
DECLARE s bigint := nextval('paydesk.change_seq');
BEGIN
  INSERT INTO paydesk.tombstones (change_seq, table_name, row_key) VALUES (s, TG_TABLE_NAME, TG_ARGV[0] || ':' ||
    CASE TG_TABLE_NAME WHEN 'payout_tags' THEN OLD.payout_id::text || ':' || (to_jsonb(OLD)->>'tag') ELSE to_jsonb(OLD)->>TG_ARGV[0] END);
  PERFORM pg_notify('paydesk_changes', 'changed');
  RETURN OLD;
END $f$;
CREATE FUNCTION paydesk.append_only() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = '42501';
END $f$;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['connections','payouts','payout_tags','payout_approvals','payout_status_history','payout_outbox','payout_send_attempts','policy','audit_events'] LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE ON paydesk.%I FOR EACH ROW EXECUTE FUNCTION paydesk.stamp_change()', t || '_stamp', t);
    EXECUTE format('CREATE INDEX %I ON paydesk.%I (change_seq)', t || '_change_seq', t);
  END LOOP;
END $$;
CREATE TRIGGER payouts_tombstone AFTER DELETE ON paydesk.payouts FOR EACH ROW EXECUTE FUNCTION paydesk.leave_tombstone('id');
CREATE TRIGGER payout_tags_tombstone AFTER DELETE ON paydesk.payout_tags FOR EACH ROW EXECUTE FUNCTION paydesk.leave_tombstone('payout_id');
CREATE TRIGGER payout_approvals_tombstone AFTER DELETE ON paydesk.payout_approvals FOR EACH ROW EXECUTE FUNCTION paydesk.leave_tombstone('id');
CREATE TRIGGER payout_outbox_tombstone AFTER DELETE ON paydesk.payout_outbox FOR EACH ROW EXECUTE FUNCTION paydesk.leave_tombstone('payout_id');
CREATE TRIGGER payout_status_history_tombstone AFTER DELETE ON paydesk.payout_status_history FOR EACH ROW EXECUTE FUNCTION paydesk.leave_tombstone('id');
CREATE TRIGGER payout_send_attempts_tombstone AFTER DELETE ON paydesk.payout_send_attempts FOR EACH ROW EXECUTE FUNCTION paydesk.leave_tombstone('id');
-- Even the functions cannot rewrite the trail; only the owner could drop these triggers.
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON paydesk.audit_events FOR EACH ROW EXECUTE FUNCTION paydesk.append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON paydesk.audit_events FOR EACH STATEMENT EXECUTE FUNCTION paydesk.append_only();

-- ---------------------------------------------------------------------------------------------------------------
-- Helpers (not granted to anyone: called only from the functions below)

CREATE FUNCTION paydesk.iso_now() RETURNS text LANGUAGE sql STABLE AS $f$
  SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$f$;

CREATE FUNCTION paydesk.json_text(v text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT CASE WHEN v IS NULL THEN 'null' ELSE to_json(v)::text END
$f$;

-- Every change starts here: the role check, then the audit head's row lock, held to the end of the transaction. So
-- writers are serialized and change_seq values are handed out in commit order: a replica that pulled up to N has
-- seen every change up to N, and the audit chain has no gaps or forks.
CREATE FUNCTION paydesk.require_role(role text) RETURNS void LANGUAGE plpgsql AS $f$
BEGIN
  IF NOT pg_has_role(session_user, 'paydesk_' || role, 'MEMBER') THEN
    RAISE EXCEPTION 'Your database login % does not have the % role in this team workspace.', session_user, role USING ERRCODE = '42501';
  END IF;
  PERFORM 1 FROM paydesk.audit_head WHERE id = 1 FOR UPDATE;
END $f$;

CREATE FUNCTION paydesk.refuse(message text) RETURNS void LANGUAGE plpgsql AS $f$
BEGIN
  RAISE EXCEPTION '%', message USING ERRCODE = 'P0001', HINT = 'paydesk-refusal';
END $f$;

-- Appends one audit event (format 2), chained to the head under its row lock. The body is the canonical JSON of
-- src-main/audit/chain.ts (hashEventV2Text): keys in sorted order, strings escaped as JSON.stringify does (to_json
-- escapes the same characters the same way), the details as the canonical text the desktop computed.
CREATE FUNCTION paydesk.append_audit(p_action text, p_subject text, p_details text, p_ctx jsonb) RETURNS bigint LANGUAGE plpgsql AS $f$
DECLARE
  head record;
  v_seq bigint;
  v_at text := paydesk.iso_now();
  v_actor text := session_user;
  v_actor_id text := 'pg:' || session_user;
  v_os_user text := nullif(p_ctx->>'osUser', '');
  v_host text := nullif(p_ctx->>'host', '');
  v_body text;
  v_hash text;
BEGIN
  IF p_details IS NULL OR jsonb_typeof(p_details::jsonb) <> 'object' THEN
    PERFORM paydesk.refuse('The audit details must be a JSON object.');
  END IF;
  SELECT seq, hash INTO head FROM paydesk.audit_head WHERE id = 1 FOR UPDATE;
  v_seq := head.seq + 1;
  v_body := '{"action":' || paydesk.json_text(p_action) || ',"actor":' || paydesk.json_text(v_actor) ||
    ',"actorId":' || paydesk.json_text(v_actor_id) || ',"at":' || paydesk.json_text(v_at) || ',"details":' || p_details ||
    ',"format":2,"host":' || paydesk.json_text(v_host) || ',"osUser":' || paydesk.json_text(v_os_user) ||
    ',"seq":' || v_seq::text || ',"subject":' || paydesk.json_text(p_subject) || '}';
  v_hash := encode(sha256(convert_to(head.hash || E'\n' || v_body, 'UTF8')), 'hex');
  INSERT INTO paydesk.audit_events (seq, at, actor, actor_id, os_user, host, action, subject, details, prev_hash, hash, format)
    VALUES (v_seq, v_at, v_actor, v_actor_id, v_os_user, v_host, p_action, p_subject, p_details, head.hash, v_hash, 2);
  UPDATE paydesk.audit_head SET seq = v_seq, hash = v_hash WHERE id = 1;
  RETURN v_seq;
END $f$;

CREATE FUNCTION paydesk.add_history(p_id bigint, p_status text, p_provider_status text, p_source text, p_message text, p_at text) RETURNS void LANGUAGE sql AS $f$
  INSERT INTO paydesk.payout_status_history (payout_id, at, status, provider_status, source, message) VALUES (p_id, p_at, p_status, p_provider_status, p_source, p_message)
$f$;

CREATE FUNCTION paydesk.policy_amount(p_key text, p_currency text) RETURNS bigint LANGUAGE sql STABLE AS $f$
  SELECT (e->>'minor')::bigint FROM paydesk.policy, jsonb_array_elements(doc->p_key) e WHERE id = 1 AND e->>'currency' = p_currency LIMIT 1
$f$;

CREATE FUNCTION paydesk.approvals_required(p_amount bigint, p_currency text) RETURNS integer LANGUAGE sql STABLE AS $f$
  SELECT CASE WHEN paydesk.policy_amount('approvalThresholds', p_currency) IS NOT NULL AND p_amount > paydesk.policy_amount('approvalThresholds', p_currency) THEN 2 ELSE 1 END
$f$;

CREATE FUNCTION paydesk.max_per_payout_problem(p_amount bigint, p_currency text) RETURNS text LANGUAGE plpgsql STABLE AS $f$
DECLARE m bigint := paydesk.policy_amount('maxPerPayout', p_currency);
BEGIN
  IF m IS NULL THEN RETURN format('The policy sets no maximum per payout for %s, so Paydesk does not pay out in it. An admin can add one.', p_currency); END IF;
  IF p_amount > m THEN RETURN format('%s %s minor units is above the maximum per payout (%s %s minor units).', p_amount, p_currency, m, p_currency); END IF;
  RETURN NULL;
END $f$;

-- Money marked for sending today (UTC) in a currency, on a connection or on all.
CREATE FUNCTION paydesk.sent_today(p_connection text, p_currency text) RETURNS bigint LANGUAGE sql STABLE AS $f$
  SELECT coalesce(sum(amount_minor), 0)::bigint FROM paydesk.payout_outbox
  WHERE currency = p_currency AND (p_connection IS NULL OR connection_id = p_connection)
    AND marked_at >= to_char(date_trunc('day', clock_timestamp() AT TIME ZONE 'UTC'), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
    AND create_state <> 'not_sent'
$f$;

CREATE FUNCTION paydesk.active_approvers(p_id bigint) RETURNS text[] LANGUAGE sql STABLE AS $f$
  SELECT coalesce(array_agg(operator_id ORDER BY id), '{}') FROM paydesk.payout_approvals WHERE payout_id = p_id AND decision = 'approved' AND voided_at IS NULL
$f$;

-- ---------------------------------------------------------------------------------------------------------------
-- What a desktop calls. Each: SECURITY DEFINER with a fixed search_path, its role checked against session_user.

-- The caller's Paydesk roles (sign-in reads them: roles come from the database, not from the desktop).
CREATE FUNCTION paydesk.my_roles() RETURNS text[] LANGUAGE sql STABLE SECURITY DEFINER SET search_path = paydesk, pg_temp AS $f$
  SELECT coalesce(array_agg(r ORDER BY r), '{}') FROM unnest(ARRAY['preparer','approver','sender','admin']) r WHERE pg_has_role(session_user, 'paydesk_' || r, 'MEMBER')
$f$;

CREATE FUNCTION paydesk.save_connection(c jsonb, p_details text, p_ctx jsonb) RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = paydesk, pg_temp AS $f$
DECLARE v_now text := paydesk.iso_now(); v_seq bigint;
BEGIN
  PERFORM paydesk.require_role('admin');
  INSERT INTO paydesk.connections AS k (id, provider, label, environment, base_url, auth_mode, public_fields, credential_hint, created_at, updated_at)
    VALUES (c->>'id', c->>'provider', c->>'label', c->>'environment', c->>'baseUrl', c->>'authMode', coalesce(c->>'publicFields', '{}'), c->>'credentialHint', v_now, v_now)
  ON CONFLICT (id) DO UPDATE SET label = excluded.label, environment = excluded.environment, base_url = excluded.base_url,
    auth_mode = excluded.auth_mode, public_fields = excluded.public_fields, credential_hint = excluded.credential_hint, updated_at = v_now
  RETURNING change_seq INTO v_seq;
  PERFORM paydesk.append_audit('connection.saved', 'connection:' || (c->>'id'), p_details, p_ctx);
  RETURN v_seq;
END $f$;

CREATE FUNCTION paydesk.create_draft(d jsonb, p_tags text[], p_details text, p_ctx jsonb) RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = paydesk, pg_temp AS $f$
DECLARE v_id bigint; v_now text := paydesk.iso_now(); v_problem text; v_amount bigint := (d->>'amountMinor')::bigint; v_currency text := d->>'currency';
BEGIN
  PERFORM paydesk.require_role('preparer');
  IF NOT EXISTS (SELECT 1 FROM paydesk.connections WHERE id = d->>'connectionId' AND archived_at IS NULL) THEN
    PERFORM paydesk.refuse('This connection is not in the team workspace (or is archived).');
  END IF;
  v_problem := paydesk.max_per_payout_problem(v_amount, v_currency);
  IF v_problem IS NOT NULL THEN PERFORM paydesk.refuse(v_problem); END IF;
  INSERT INTO paydesk.payouts (connection_id, client_reference, short_reference, creator_id, campaign_id, recipient_name, recipient_email,
      recipient_handle, recipient_phone, recipient_json, recipient_key, local_campaign, amount_minor, currency, description, status,
      status_changed_at, created_by, created_by_id, import_batch, redraft_of, created_at, updated_at)
    VALUES (d->>'connectionId', d->>'clientReference', d->>'shortReference', (d->>'creatorId')::bigint, (d->>'campaignId')::bigint,
      d#>>'{display,name}', d#>>'{display,email}', d#>>'{display,handle}', d#>>'{display,phone}', d->>'recipientJson', d->>'recipientKey',
      d->>'localCampaign', v_amount, v_currency, d->>'description', 'draft', v_now, session_user, 'pg:' || session_user,
      d->>'importBatch', (d->>'redraftOf')::bigint, v_now, v_now)
    RETURNING id INTO v_id;
  INSERT INTO paydesk.payout_tags (payout_id, tag) SELECT v_id, t FROM unnest(coalesce(p_tags, '{}')) t;
  PERFORM paydesk.add_history(v_id, 'draft', NULL, CASE WHEN d->>'importBatch' IS NULL THEN 'operator' ELSE 'import' END,
    CASE WHEN d->>'importBatch' IS NULL THEN 'Draft created' ELSE 'Imported (batch ' || (d->>'importBatch') || ')' END, v_now);
  PERFORM paydesk.append_audit('payout.draft_created', 'payout:' || v_id, p_details, p_ctx);
  RETURN v_id;
END $f$;

-- An approval or rejection by the caller. Four eyes, maker ≠ checker and the limits are checked here, on the rows
-- under lock, whatever the desktop thought.
CREATE FUNCTION paydesk.decide(p_id bigint, p_decision text, p_reason text, p_details text, p_ctx jsonb) RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = paydesk, pg_temp AS $f$
DECLARE
  p paydesk.payouts%ROWTYPE;
  v_me text := 'pg:' || session_user;
  v_approvers text[];
  v_required integer;
  v_problem text;
  v_now text := paydesk.iso_now();
  v_flag boolean;
BEGIN
  PERFORM paydesk.require_role('approver');
  IF p_decision NOT IN ('approved', 'rejected') THEN PERFORM paydesk.refuse('A decision is approved or rejected.'); END IF;
  SELECT * INTO p FROM paydesk.payouts WHERE id = p_id FOR UPDATE;
  IF NOT FOUND THEN PERFORM paydesk.refuse('The payout no longer exists.'); END IF;
  IF p.status <> 'draft' OR EXISTS (SELECT 1 FROM paydesk.payout_outbox WHERE payout_id = p_id) THEN
    PERFORM paydesk.refuse(format('Only drafts can be approved; this payout is %s.', p.status));
  END IF;
  v_approvers := paydesk.active_approvers(p_id);
  IF v_me = ANY (v_approvers) THEN
    PERFORM paydesk.refuse('You already approved this payout; the second approval must come from a different operator.');
  END IF;
  v_required := paydesk.approvals_required(p.amount_minor, p.currency);
  IF p_decision = 'approved' THEN
    v_problem := paydesk.max_per_payout_problem(p.amount_minor, p.currency);
    IF v_problem IS NOT NULL THEN PERFORM paydesk.refuse(v_problem); END IF;
    IF p.created_by_id = v_me THEN
      SELECT (doc->>'makerMayApproveOwn')::boolean INTO v_flag FROM paydesk.policy WHERE id = 1;
      IF v_required > 1 THEN
        PERFORM paydesk.refuse('You drafted this payout, and it is above the approval threshold: two other operators must approve it.');
      ELSIF NOT coalesce(v_flag, false) THEN
        PERFORM paydesk.refuse('You drafted this payout: another operator must approve it (four eyes).');
      END IF;
    END IF;
  END IF;
  INSERT INTO paydesk.payout_approvals (payout_id, operator, operator_id, decision, reason, at) VALUES (p_id, session_user, v_me, p_decision, p_reason, v_now);
  IF p_decision = 'rejected' THEN
    UPDATE paydesk.payouts SET status = 'rejected', status_message = coalesce('Rejected: ' || p_reason, 'Rejected'), status_changed_at = v_now, updated_at = v_now WHERE id = p_id;
    PERFORM paydesk.add_history(p_id, 'rejected', NULL, session_user, coalesce('Rejected: ' || p_reason, 'Rejected'), v_now);
    PERFORM paydesk.append_audit('payout.rejected', 'payout:' || p_id, p_details, p_ctx);
    RETURN 'rejected';
  END IF;
  IF coalesce(array_length(v_approvers, 1), 0) + 1 >= v_required THEN
    UPDATE paydesk.payouts SET status = 'approved', approvals_required = v_required, status_message = 'Approved', status_changed_at = v_now, updated_at = v_now WHERE id = p_id;
    PERFORM paydesk.add_history(p_id, 'approved', NULL, session_user, 'Approved', v_now);
    PERFORM paydesk.append_audit('payout.approved', 'payout:' || p_id, p_details, p_ctx);
    RETURN 'approved';
  END IF;
  UPDATE paydesk.payouts SET updated_at = v_now WHERE id = p_id;
  PERFORM paydesk.append_audit('payout.approved', 'payout:' || p_id, p_details, p_ctx);
  RETURN 'draft';
END $f$;

-- The send claim: one transaction decides which desktop sends. An approved payout is claimed and marked sending with
-- our reference and the request before any request leaves; a payout in sending whose lease expired is claimed again
-- for reconciliation (the desktop looks the reference up, never resends blindly). The limits are checked again here.
CREATE FUNCTION paydesk.claim_send(p_id bigint, p_request_json text, p_initiate boolean, p_lease_seconds integer, p_message text, p_details text, p_ctx jsonb)
RETURNS TABLE (outcome text, claimed_by text, claim_host text) LANGUAGE plpgsql SECURITY DEFINER SET search_path = paydesk, pg_temp AS $f$
DECLARE
  p paydesk.payouts%ROWTYPE;
  o paydesk.payout_outbox%ROWTYPE;
  v_now text := paydesk.iso_now();
  v_problem text;
  v_cap bigint;
  v_host text := coalesce(nullif(p_ctx->>'host', ''), 'unknown computer');
  v_lease interval := make_interval(secs => greatest(5, least(coalesce(p_lease_seconds, 120), 3600)));
BEGIN
  PERFORM paydesk.require_role('sender');
  SELECT * INTO p FROM paydesk.payouts WHERE id = p_id FOR UPDATE;
  IF NOT FOUND THEN PERFORM paydesk.refuse('The payout no longer exists.'); END IF;
  SELECT * INTO o FROM paydesk.payout_outbox WHERE payout_id = p_id;
  IF FOUND THEN
    -- Open and free (its lease expired) or already this desktop's (same login on the same computer): taken up again.
    IF o.open = 1 AND (o.lease_until IS NULL OR o.lease_until < clock_timestamp() OR (o.claimed_by = session_user AND o.claim_host = v_host)) THEN
      UPDATE paydesk.payout_outbox SET claimed_by = session_user, claim_host = v_host, lease_until = clock_timestamp() + v_lease, updated_at = v_now WHERE payout_id = p_id;
      PERFORM paydesk.append_audit('payout.send_reclaimed', 'payout:' || p_id, p_details, p_ctx);
      RETURN QUERY SELECT 'reconcile'::text, session_user::text, v_host;
      RETURN;
    END IF;
    RETURN QUERY SELECT 'taken'::text, o.claimed_by, o.claim_host;
    RETURN;
  END IF;
  IF p.status <> 'approved' THEN PERFORM paydesk.refuse(format('Only approved payouts can be sent; this payout is %s.', p.status)); END IF;
  IF coalesce(array_length(paydesk.active_approvers(p_id), 1), 0) < coalesce(p.approvals_required, 1) THEN
    PERFORM paydesk.refuse('This payout does not have the approvals the policy asks for.');
  END IF;
  v_problem := paydesk.max_per_payout_problem(p.amount_minor, p.currency);
  IF v_problem IS NOT NULL THEN PERFORM paydesk.refuse(v_problem); END IF;
  SELECT (e#>>'{cap,minor}')::bigint INTO v_cap FROM paydesk.policy, jsonb_array_elements(doc->'dailyCaps') e
    WHERE id = 1 AND e->>'connectionId' = p.connection_id AND e#>>'{cap,currency}' = p.currency;
  IF v_cap IS NOT NULL AND paydesk.sent_today(p.connection_id, p.currency) + p.amount_minor > v_cap THEN
    PERFORM paydesk.refuse('This payout would go over the daily cap of its connection.');
  END IF;
  v_cap := paydesk.policy_amount('workspaceDailyCaps', p.currency);
  IF v_cap IS NOT NULL AND paydesk.sent_today(NULL, p.currency) + p.amount_minor > v_cap THEN
    PERFORM paydesk.refuse('This payout would go over the daily cap of the workspace.');
  END IF;
  INSERT INTO paydesk.payout_outbox (payout_id, connection_id, client_reference, short_reference, request_json, create_state, initiate_state,
      amount_minor, currency, marked_at, updated_at, claimed_by, claim_host, lease_until)
    VALUES (p_id, p.connection_id, p.client_reference, p.short_reference, p_request_json, 'pending', CASE WHEN p_initiate THEN 'pending' ELSE 'none' END,
      p.amount_minor, p.currency, v_now, v_now, session_user, v_host, clock_timestamp() + v_lease);
  UPDATE paydesk.payouts SET status = 'sending', status_message = p_message, status_changed_at = v_now, updated_at = v_now WHERE id = p_id;
  PERFORM paydesk.add_history(p_id, 'sending', NULL, session_user, p_message, v_now);
  PERFORM paydesk.append_audit('payout.sending', 'payout:' || p_id, p_details, p_ctx);
  RETURN QUERY SELECT 'won'::text, session_user::text, v_host;
END $f$;

-- Only the holder of a live claim may go on with a send.
-- The claim is the login on one computer: the same login signed in on two desktops does not hold it twice.
CREATE FUNCTION paydesk.require_claim(p_id bigint, p_ctx jsonb) RETURNS paydesk.payout_outbox LANGUAGE plpgsql AS $f$
DECLARE o paydesk.payout_outbox%ROWTYPE;
BEGIN
  PERFORM paydesk.require_role('sender');
  SELECT * INTO o FROM paydesk.payout_outbox WHERE payout_id = p_id FOR UPDATE;
  IF NOT FOUND THEN PERFORM paydesk.refuse('This payout was never handed to the sender.'); END IF;
  IF o.claimed_by IS DISTINCT FROM session_user OR o.claim_host IS DISTINCT FROM coalesce(nullif(p_ctx->>'host', ''), 'unknown computer')
     OR o.lease_until < clock_timestamp() THEN
    PERFORM paydesk.refuse(format('This payout is being sent by %s on %s.', o.claimed_by, o.claim_host));
  END IF;
  RETURN o;
END $f$;

CREATE FUNCTION paydesk.start_attempt(p_id bigint, p_step text, p_lease_seconds integer, p_ctx jsonb) RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = paydesk, pg_temp AS $f$
DECLARE v_id bigint; v_now text := paydesk.iso_now();
BEGIN
  PERFORM paydesk.require_claim(p_id, p_ctx);
  -- The counter moves before the request leaves: a count of 0 proves nothing was ever sent under our reference.
  UPDATE paydesk.payout_outbox SET
    create_attempts = create_attempts + CASE WHEN p_step = 'create' THEN 1 ELSE 0 END,
    create_state = CASE WHEN p_step = 'create' THEN 'pending' ELSE create_state END,
    initiate_attempts = initiate_attempts + CASE WHEN p_step = 'initiate' THEN 1 ELSE 0 END,
    initiate_state = CASE WHEN p_step = 'initiate' THEN 'pending' ELSE initiate_state END,
    lease_until = clock_timestamp() + make_interval(secs => greatest(5, least(coalesce(p_lease_seconds, 120), 3600))),
    updated_at = v_now
  WHERE payout_id = p_id;
  INSERT INTO paydesk.payout_send_attempts (payout_id, step, started_at, by_login) VALUES (p_id, p_step, v_now, session_user) RETURNING id INTO v_id;
  RETURN v_id;
END $f$;

CREATE FUNCTION paydesk.finish_attempt(p_attempt bigint, p_outcome text, p_detail text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = paydesk, pg_temp AS $f$
BEGIN
  PERFORM paydesk.require_role('sender');
  UPDATE paydesk.payout_send_attempts SET finished_at = paydesk.iso_now(), outcome = p_outcome, detail = p_detail
    WHERE id = p_attempt AND by_login = session_user AND finished_at IS NULL;
  IF NOT FOUND THEN PERFORM paydesk.refuse('This attempt is not yours, or it is finished.'); END IF;
END $f$;

-- Statuses a payout in the send protocol may move to (the provider's report of it).
CREATE FUNCTION paydesk.allowed_after(p_from text, p_to text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $f$
  SELECT p_from = p_to OR CASE p_from
    WHEN 'draft' THEN p_to IN ('approved', 'rejected', 'cancelled')
    WHEN 'approved' THEN p_to IN ('sending', 'cancelled')
    WHEN 'sending' THEN p_to IN ('submitted', 'processing', 'paid', 'failed', 'cancelled', 'expired', 'returned', 'unknown')
    WHEN 'unknown' THEN p_to IN ('sending', 'submitted', 'processing', 'paid', 'failed', 'cancelled', 'expired', 'returned')
    WHEN 'submitted' THEN p_to IN ('processing', 'paid', 'failed', 'cancelled', 'expired', 'returned', 'unknown')
    WHEN 'processing' THEN p_to IN ('submitted', 'paid', 'failed', 'cancelled', 'expired', 'returned', 'unknown')
    WHEN 'paid' THEN p_to IN ('returned')
    ELSE false END
$f$;

-- One step's outcome of the send protocol (src-main/payouts/send-steps.ts decides it), by the claim's holder.
CREATE FUNCTION paydesk.apply_send_transition(p_id bigint, t jsonb, p_action text, p_details text, p_ctx jsonb) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = paydesk, pg_temp AS $f$
DECLARE o paydesk.payout_outbox%ROWTYPE; p paydesk.payouts%ROWTYPE; v_now text := paydesk.iso_now(); v_status text := t#>>'{payout,status}'; v_create text := t#>>'{outbox,create_state}';
BEGIN
  o := paydesk.require_claim(p_id, p_ctx);
  SELECT * INTO p FROM paydesk.payouts WHERE id = p_id FOR UPDATE;
  -- A create the provider confirmed stays confirmed: 'unknown' there could later turn into a resend.
  IF o.create_state = 'done' AND v_create IS NOT NULL AND v_create <> 'done' THEN v_create := NULL; END IF;
  UPDATE paydesk.payout_outbox SET
    create_state = coalesce(v_create, create_state),
    initiate_state = coalesce(t#>>'{outbox,initiate_state}', initiate_state),
    open = coalesce((t#>>'{outbox,open}')::integer, open),
    last_error = CASE WHEN t->'outbox' ? 'last_error' THEN t#>>'{outbox,last_error}' ELSE last_error END,
    -- a closed entry needs no claim any more
    lease_until = CASE WHEN (t#>>'{outbox,open}')::integer = 0 THEN NULL ELSE lease_until END,
    updated_at = v_now
  WHERE payout_id = p_id;
  IF v_status IS NOT NULL THEN
    IF NOT paydesk.allowed_after(p.status, v_status) THEN
      PERFORM paydesk.refuse(format('A payout cannot go from %s to %s.', p.status, v_status));
    END IF;
    UPDATE paydesk.payouts SET status = v_status,
      status_message = CASE WHEN t->'payout' ? 'message' THEN t#>>'{payout,message}' ELSE status_message END,
      provider_status = CASE WHEN t->'payout' ? 'providerStatus' THEN t#>>'{payout,providerStatus}' ELSE provider_status END,
      raw_json = CASE WHEN t->'payout' ? 'raw' THEN (t#>'{payout,raw}')::text ELSE raw_json END,
      paid_at = CASE WHEN v_status = 'paid' AND paid_at IS NULL THEN v_now ELSE paid_at END,
      status_changed_at = CASE WHEN v_status <> p.status THEN v_now ELSE status_changed_at END,
      updated_at = v_now
    WHERE id = p_id;
    IF v_status <> p.status THEN PERFORM paydesk.add_history(p_id, v_status, t#>>'{payout,providerStatus}', coalesce(t#>>'{payout,source}', 'sender'), t#>>'{payout,message}', v_now); END IF;
  END IF;
  IF p_action IS NOT NULL THEN PERFORM paydesk.append_audit(p_action, 'payout:' || p_id, p_details, p_ctx); END IF;
END $f$;

-- The provider's id for our payout, by the claim's holder.
CREATE FUNCTION paydesk.attach_remote(p_id bigint, r jsonb, p_action text, p_details text, p_ctx jsonb) RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = paydesk, pg_temp AS $f$
DECLARE v_now text := paydesk.iso_now(); v_holder bigint; v_remote text := r->>'remoteId';
BEGIN
  PERFORM paydesk.require_claim(p_id, p_ctx);
  IF v_remote IS NOT NULL THEN
    SELECT id INTO v_holder FROM paydesk.payouts WHERE connection_id = (SELECT connection_id FROM paydesk.payouts WHERE id = p_id) AND remote_id = v_remote AND id <> p_id;
    IF v_holder IS NOT NULL THEN RETURN v_holder; END IF;
  END IF;
  UPDATE paydesk.payout_outbox SET create_state = 'done', remote_id = v_remote, last_error = NULL, updated_at = v_now WHERE payout_id = p_id;
  UPDATE paydesk.payouts SET remote_id = v_remote, provider_status = r->>'providerStatus', raw_json = (r->'raw')::text,
    status_message = CASE WHEN r ? 'message' THEN r->>'message' ELSE status_message END, updated_at = v_now WHERE id = p_id;
  PERFORM paydesk.append_audit(p_action, 'payout:' || p_id, p_details, p_ctx);
  RETURN NULL;
END $f$;

-- What the provider reports for a payout Paydesk sent (the poller, a refresh): any sender, along allowed transitions.
CREATE FUNCTION paydesk.record_provider_status(p_id bigint, c jsonb, p_action text, p_details text, p_ctx jsonb) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = paydesk, pg_temp AS $f$
DECLARE p paydesk.payouts%ROWTYPE; v_now text := paydesk.iso_now(); v_status text := c->>'status';
BEGIN
  PERFORM paydesk.require_role('sender');
  SELECT * INTO p FROM paydesk.payouts WHERE id = p_id FOR UPDATE;
  IF NOT FOUND THEN PERFORM paydesk.refuse('The payout no longer exists.'); END IF;
  IF p.status IN ('draft', 'approved') OR NOT paydesk.allowed_after(p.status, v_status) THEN
    PERFORM paydesk.refuse(format('A payout cannot go from %s to %s.', p.status, v_status));
  END IF;
  UPDATE paydesk.payouts SET status = v_status, provider_status = c->>'providerStatus',
    status_message = CASE WHEN c ? 'message' THEN c->>'message' ELSE status_message END,
    paid_at = CASE WHEN v_status = 'paid' AND paid_at IS NULL THEN v_now ELSE paid_at END,
    status_changed_at = CASE WHEN v_status <> p.status THEN v_now ELSE status_changed_at END, updated_at = v_now WHERE id = p_id;
  IF v_status <> p.status THEN PERFORM paydesk.add_history(p_id, v_status, c->>'providerStatus', coalesce(c->>'source', 'tracking'), c->>'message', v_now); END IF;
  IF p_action IS NOT NULL THEN PERFORM paydesk.append_audit(p_action, 'payout:' || p_id, p_details, p_ctx); END IF;
END $f$;

-- An audit event about a payout that changes nothing else, by any Paydesk role.
CREATE FUNCTION paydesk.audit_payout(p_id bigint, p_action text, p_details text, p_ctx jsonb) RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = paydesk, pg_temp AS $f$
BEGIN
  IF array_length(paydesk.my_roles(), 1) IS NULL THEN PERFORM paydesk.require_role('preparer'); END IF;
  PERFORM 1 FROM paydesk.audit_head WHERE id = 1 FOR UPDATE;
  IF p_action NOT LIKE 'payout.%' OR p_action IN ('payout.approved', 'payout.sending', 'payout.draft_created', 'payout.rejected') THEN
    PERFORM paydesk.refuse('That audit event is written only by the change it describes.');
  END IF;
  RETURN paydesk.append_audit(p_action, 'payout:' || p_id, p_details, p_ctx);
END $f$;

CREATE FUNCTION paydesk.set_policy(p_doc jsonb, p_details text, p_ctx jsonb) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = paydesk, pg_temp AS $f$
BEGIN
  PERFORM paydesk.require_role('admin');
  IF jsonb_typeof(p_doc->'maxPerPayout') <> 'array' OR jsonb_typeof(p_doc->'approvalThresholds') <> 'array' THEN
    PERFORM paydesk.refuse('The policy is incomplete.');
  END IF;
  IF EXISTS (SELECT 1 FROM jsonb_array_elements(p_doc->'maxPerPayout') e WHERE (e->>'minor')::bigint <= 0) THEN
    PERFORM paydesk.refuse('A maximum per payout must be above zero.');
  END IF;
  UPDATE paydesk.policy SET doc = p_doc WHERE id = 1;
  PERFORM paydesk.append_audit('policy.changed', 'policy', p_details, p_ctx);
END $f$;

-- ---------------------------------------------------------------------------------------------------------------
-- Ownership and grants: the owner role holds everything; the groups read and call, nothing else.
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'paydesk' LOOP
    EXECUTE format('ALTER TABLE paydesk.%I OWNER TO paydesk_owner', r.tablename);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS sig FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'paydesk' LOOP
    EXECUTE format('ALTER FUNCTION %s OWNER TO paydesk_owner', r.sig);
    EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', r.sig);
  END LOOP;
END $$;
ALTER SEQUENCE paydesk.change_seq OWNER TO paydesk_owner;
REVOKE ALL ON ALL TABLES IN SCHEMA paydesk FROM PUBLIC;
GRANT SELECT ON ALL TABLES IN SCHEMA paydesk TO paydesk_preparer, paydesk_approver, paydesk_sender, paydesk_admin;
GRANT SELECT ON SEQUENCE paydesk.change_seq TO paydesk_preparer, paydesk_approver, paydesk_sender, paydesk_admin;
GRANT EXECUTE ON FUNCTION paydesk.my_roles(), paydesk.save_connection(jsonb, text, jsonb), paydesk.create_draft(jsonb, text[], text, jsonb),
  paydesk.decide(bigint, text, text, text, jsonb), paydesk.claim_send(bigint, text, boolean, integer, text, text, jsonb),
  paydesk.start_attempt(bigint, text, integer, jsonb), paydesk.finish_attempt(bigint, text, text),
  paydesk.apply_send_transition(bigint, jsonb, text, text, jsonb), paydesk.attach_remote(bigint, jsonb, text, text, jsonb),
  paydesk.record_provider_status(bigint, jsonb, text, text, jsonb), paydesk.audit_payout(bigint, text, text, jsonb),
  paydesk.set_policy(jsonb, text, jsonb)
  TO paydesk_preparer, paydesk_approver, paydesk_sender, paydesk_admin;
`,
};
