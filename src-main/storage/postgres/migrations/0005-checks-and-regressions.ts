import type { PgMigration } from './migration';

/**
 * The last workflow records that were a desk's own, now the team's (docs/team-workspace.md):
 * - **Payee checks** (src-main/payouts/payee-checks.ts): each outcome is a row every desktop's replica holds, so the
 *   approver and the sender on other desktops see the check the preparer's desktop ran, with its audit event.
 * - **Status regressions** (a provider reporting a payout in flight again after a final status): the final status
 *   stays, the regression is recorded once per new report, with its audit event, and ends when the provider's status
 *   is final again (record_provider_status is wrapped for it, keeping every rule of migration 1).
 *   "No match" blocks approving and sending here too, unless the policy allows it (decide and claim_send are wrapped).
 * - **A payout the provider deleted outright** (a provider-side draft, cancelled there): the operator's cancel records
 *   it as cancelled, only for a payout at the provider with no send open and a status that may still end cancelled.
 * Each function checks on the locked row, whatever the desktop thought, and writes its audit event in the same
 * transaction; audit_payout can no longer write these events.
 */
export const migration: PgMigration = {
  version: 5,
  name: 'payee checks, status regressions and provider-side deletes as team database functions',
  sql: String.raw`
CREATE TABLE paydesk.payee_checks (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- A deleted draft takes its checks with it; the tombstone tells the replicas.
  payout_id bigint NOT NULL REFERENCES paydesk.payouts(id) ON DELETE CASCADE,
  check_id text,
  status text NOT NULL CHECK (status IN ('match','close_match','no_match','not_possible','error')),
  provider_status text,
  matched_name text,
  details text,
  reasons text NOT NULL DEFAULT '[]',
  checked_name text NOT NULL,
  checked_key text NOT NULL,
  trigger text NOT NULL,
  at text NOT NULL,
  checked_by text NOT NULL,
  change_seq bigint NOT NULL DEFAULT 0
);
CREATE INDEX payee_checks_payout ON paydesk.payee_checks (payout_id, id);
CREATE TRIGGER payee_checks_tombstone AFTER DELETE ON paydesk.payee_checks FOR EACH ROW EXECUTE FUNCTION paydesk.leave_tombstone('id');

CREATE TABLE paydesk.payout_status_regressions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  payout_id bigint NOT NULL REFERENCES paydesk.payouts(id),
  kept_status text NOT NULL,
  kept_provider_status text,
  reported_status text NOT NULL,
  reported_provider_status text,
  source text NOT NULL,
  first_reported_at text NOT NULL,
  last_reported_at text NOT NULL,
  resolved_at text,
  change_seq bigint NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX payout_status_regressions_open ON paydesk.payout_status_regressions (payout_id) WHERE resolved_at IS NULL;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['payee_checks','payout_status_regressions'] LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE ON paydesk.%I FOR EACH ROW EXECUTE FUNCTION paydesk.stamp_change()', t || '_stamp', t);
    EXECUTE format('CREATE INDEX %I ON paydesk.%I (change_seq)', t || '_change_seq', t);
  END LOOP;
END $$;

CREATE FUNCTION paydesk.is_final(p_status text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $f$
  SELECT p_status IN ('paid', 'rejected', 'failed', 'cancelled', 'expired', 'returned')
$f$;

-- A check runs for whoever drafts, approves or sends (any Paydesk role), on a payout that is not yet at the provider.
CREATE FUNCTION paydesk.record_payee_check(p_id bigint, c jsonb, p_details text, p_ctx jsonb) RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = paydesk, pg_temp AS $f$
DECLARE p paydesk.payouts%ROWTYPE; v_id bigint;
BEGIN
  IF array_length(paydesk.my_roles(), 1) IS NULL THEN PERFORM paydesk.require_role('preparer'); END IF;
  PERFORM 1 FROM paydesk.audit_head WHERE id = 1 FOR UPDATE;
  SELECT * INTO p FROM paydesk.payouts WHERE id = p_id FOR UPDATE;
  IF NOT FOUND THEN PERFORM paydesk.refuse('The payout no longer exists.'); END IF;
  IF p.status NOT IN ('draft', 'approved') OR p.remote_id IS NOT NULL THEN
    PERFORM paydesk.refuse(format('The payout is %s: a payee check no longer applies to it.', p.status));
  END IF;
  IF coalesce(c->>'checkedKey', '') = '' OR coalesce(c->>'checkedName', '') = '' OR coalesce(c->>'trigger', '') = '' THEN
    PERFORM paydesk.refuse('A payee check names what it checked.');
  END IF;
  INSERT INTO paydesk.payee_checks (payout_id, check_id, status, provider_status, matched_name, details, reasons, checked_name, checked_key, trigger, at, checked_by)
    VALUES (p_id, c->>'checkId', c->>'status', c->>'providerStatus', c->>'matchedName', c->>'details', coalesce(c->'reasons', '[]')::text,
      c->>'checkedName', c->>'checkedKey', c->>'trigger', paydesk.iso_now(), session_user)
    RETURNING id INTO v_id;
  PERFORM paydesk.append_audit('payout.payee_checked', 'payout:' || p_id, p_details, p_ctx);
  RETURN v_id;
END $f$;

-- "No match" blocks approving and sending unless the policy allows it (src-main/payouts/payee-checks.ts): the latest
-- check recorded for the payout decides, here as on the desktop. (Which providers need a check at all is the
-- provider module's knowledge, on the desktop: docs/team-workspace.md, "Not yet".)
CREATE FUNCTION paydesk.refuse_unmatched_payee(p_id bigint) RETURNS void LANGUAGE plpgsql AS $f$
DECLARE v_latest paydesk.payee_checks%ROWTYPE;
BEGIN
  SELECT * INTO v_latest FROM paydesk.payee_checks WHERE payout_id = p_id ORDER BY id DESC LIMIT 1;
  IF v_latest.status = 'no_match' AND coalesce((SELECT (doc->>'payeeNoMatchBlocks')::boolean FROM paydesk.policy WHERE id = 1), true) THEN
    PERFORM paydesk.refuse(format('The payee check found that the account does not belong to "%s": this payout can be neither approved nor sent.',
      v_latest.checked_name));
  END IF;
END $f$;
ALTER FUNCTION paydesk.decide(bigint, text, text, text, jsonb) RENAME TO decide_checked;
ALTER FUNCTION paydesk.claim_send(bigint, text, boolean, integer, text, text, jsonb) RENAME TO claim_send_checked;
REVOKE ALL ON FUNCTION paydesk.decide_checked(bigint, text, text, text, jsonb), paydesk.claim_send_checked(bigint, text, boolean, integer, text, text, jsonb)
  FROM paydesk_preparer, paydesk_approver, paydesk_sender, paydesk_admin;
CREATE FUNCTION paydesk.decide(p_id bigint, p_decision text, p_reason text, p_details text, p_ctx jsonb) RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = paydesk, pg_temp AS $f$
BEGIN
  IF p_decision = 'approved' THEN PERFORM paydesk.refuse_unmatched_payee(p_id); END IF;
  RETURN paydesk.decide_checked(p_id, p_decision, p_reason, p_details, p_ctx);
END $f$;
-- Only a first send is held back: a payout already on its way is reconciled whatever its check says.
CREATE FUNCTION paydesk.claim_send(p_id bigint, p_request_json text, p_initiate boolean, p_lease_seconds integer, p_message text, p_details text, p_ctx jsonb)
RETURNS TABLE (outcome text, claimed_by text, claim_host text) LANGUAGE plpgsql SECURITY DEFINER SET search_path = paydesk, pg_temp AS $f$
BEGIN
  IF (SELECT status FROM paydesk.payouts WHERE id = p_id) = 'approved'
     AND NOT EXISTS (SELECT 1 FROM paydesk.payout_outbox WHERE payout_id = p_id AND open = 1) THEN
    PERFORM paydesk.refuse_unmatched_payee(p_id);
  END IF;
  RETURN QUERY SELECT * FROM paydesk.claim_send_checked(p_id, p_request_json, p_initiate, p_lease_seconds, p_message, p_details, p_ctx);
END $f$;

-- The provider reports a payout in flight that the team holds as final. The final status stays; the regression is
-- opened (or its last report updated); the audit event is written when it is new or the provider says something new.
CREATE FUNCTION paydesk.record_status_regression(p_id bigint, c jsonb, p_details text, p_ctx jsonb) RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER SET search_path = paydesk, pg_temp AS $f$
DECLARE p paydesk.payouts%ROWTYPE; v_now text := paydesk.iso_now(); v_open paydesk.payout_status_regressions%ROWTYPE;
BEGIN
  IF array_length(paydesk.my_roles(), 1) IS NULL THEN PERFORM paydesk.require_role('preparer'); END IF;
  PERFORM 1 FROM paydesk.audit_head WHERE id = 1 FOR UPDATE;
  SELECT * INTO p FROM paydesk.payouts WHERE id = p_id FOR UPDATE;
  IF NOT FOUND THEN PERFORM paydesk.refuse('The payout no longer exists.'); END IF;
  IF NOT paydesk.is_final(p.status) OR paydesk.is_final(c->>'status') THEN
    PERFORM paydesk.refuse(format('A payout %s that the provider reports %s is not a regression.', p.status, c->>'status'));
  END IF;
  SELECT * INTO v_open FROM paydesk.payout_status_regressions WHERE payout_id = p_id AND resolved_at IS NULL;
  IF FOUND THEN
    UPDATE paydesk.payout_status_regressions SET reported_status = c->>'status', reported_provider_status = c->>'providerStatus',
      last_reported_at = v_now WHERE id = v_open.id;
  ELSE
    INSERT INTO paydesk.payout_status_regressions (payout_id, kept_status, kept_provider_status, reported_status, reported_provider_status,
      source, first_reported_at, last_reported_at)
      VALUES (p_id, p.status, p.provider_status, c->>'status', c->>'providerStatus', coalesce(c->>'source', 'poller'), v_now, v_now);
  END IF;
  IF v_open.id IS NULL OR v_open.reported_provider_status IS DISTINCT FROM c->>'providerStatus' THEN
    IF p_details IS NOT NULL THEN PERFORM paydesk.append_audit('payout.status_regressed', 'payout:' || p_id, p_details, p_ctx); END IF;
    RETURN true;
  END IF;
  RETURN false;
END $f$;

-- A final status recorded again ends the payout's regression (as the desk's own store does).
ALTER FUNCTION paydesk.record_provider_status(bigint, jsonb, text, text, jsonb) RENAME TO record_provider_status_checked;
REVOKE ALL ON FUNCTION paydesk.record_provider_status_checked(bigint, jsonb, text, text, jsonb)
  FROM paydesk_preparer, paydesk_approver, paydesk_sender, paydesk_admin;
CREATE FUNCTION paydesk.record_provider_status(p_id bigint, c jsonb, p_action text, p_details text, p_ctx jsonb) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = paydesk, pg_temp AS $f$
BEGIN
  PERFORM paydesk.record_provider_status_checked(p_id, c, p_action, p_details, p_ctx);
  IF paydesk.is_final(c->>'status') THEN
    UPDATE paydesk.payout_status_regressions SET resolved_at = paydesk.iso_now() WHERE payout_id = p_id AND resolved_at IS NULL;
  END IF;
END $f$;

-- The operator cancelled a payout at the provider and the provider deleted it outright: nothing is left to read back.
CREATE FUNCTION paydesk.cancel_deleted(p_id bigint, p_message text, p_details text, p_ctx jsonb) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = paydesk, pg_temp AS $f$
DECLARE p paydesk.payouts%ROWTYPE; v_now text := paydesk.iso_now();
BEGIN
  PERFORM paydesk.require_role('sender');
  SELECT * INTO p FROM paydesk.payouts WHERE id = p_id FOR UPDATE;
  IF NOT FOUND THEN PERFORM paydesk.refuse('The payout no longer exists.'); END IF;
  IF p.remote_id IS NULL OR EXISTS (SELECT 1 FROM paydesk.payout_outbox WHERE payout_id = p_id AND open = 1) THEN
    PERFORM paydesk.refuse('This payout is not at the provider, or its send is still open: it cannot be recorded as deleted there.');
  END IF;
  IF paydesk.is_final(p.status) OR p.status IN ('draft', 'approved') OR NOT paydesk.allowed_after(p.status, 'cancelled') THEN
    PERFORM paydesk.refuse(format('The payout is %s; it cannot be recorded as cancelled.', p.status));
  END IF;
  UPDATE paydesk.payouts SET status = 'cancelled', provider_status = NULL, status_message = p_message, status_changed_at = v_now, updated_at = v_now
    WHERE id = p_id;
  PERFORM paydesk.add_history(p_id, 'cancelled', NULL, 'operator', p_message, v_now);
  PERFORM paydesk.append_audit('payout.cancelled', 'payout:' || p_id, p_details, p_ctx);
END $f$;

CREATE OR REPLACE FUNCTION paydesk.audit_payout(p_id bigint, p_action text, p_details text, p_ctx jsonb) RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = paydesk, pg_temp AS $f$
BEGIN
  IF array_length(paydesk.my_roles(), 1) IS NULL THEN PERFORM paydesk.require_role('preparer'); END IF;
  PERFORM 1 FROM paydesk.audit_head WHERE id = 1 FOR UPDATE;
  IF p_action NOT LIKE 'payout.%' OR p_action IN ('payout.approved', 'payout.sending', 'payout.draft_created', 'payout.rejected',
      'payout.draft_updated', 'payout.draft_deleted', 'payout.dismissed', 'payout.imported', 'payout.payee_checked',
      'payout.status_regressed') THEN
    PERFORM paydesk.refuse('That audit event is written only by the change it describes.');
  END IF;
  RETURN paydesk.append_audit(p_action, 'payout:' || p_id, p_details, p_ctx);
END $f$;

ALTER TABLE paydesk.payee_checks OWNER TO paydesk_owner;
ALTER TABLE paydesk.payout_status_regressions OWNER TO paydesk_owner;
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT p.oid::regprocedure AS sig FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname = 'paydesk' AND p.proname IN ('is_final', 'record_payee_check', 'record_status_regression', 'record_provider_status', 'cancel_deleted',
             'refuse_unmatched_payee', 'decide', 'claim_send') LOOP
    EXECUTE format('ALTER FUNCTION %s OWNER TO paydesk_owner', r.sig);
    EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', r.sig);
  END LOOP;
END $$;
REVOKE ALL ON paydesk.payee_checks, paydesk.payout_status_regressions FROM PUBLIC;
GRANT SELECT ON paydesk.payee_checks, paydesk.payout_status_regressions TO paydesk_preparer, paydesk_approver, paydesk_sender, paydesk_admin;
GRANT EXECUTE ON FUNCTION paydesk.record_payee_check(bigint, jsonb, text, jsonb), paydesk.record_status_regression(bigint, jsonb, text, jsonb),
  paydesk.record_provider_status(bigint, jsonb, text, text, jsonb), paydesk.cancel_deleted(bigint, text, text, jsonb),
  paydesk.decide(bigint, text, text, text, jsonb), paydesk.claim_send(bigint, text, boolean, integer, text, text, jsonb)
  TO paydesk_preparer, paydesk_approver, paydesk_sender, paydesk_admin;
`,
};
