-- index audit_events_action
CREATE INDEX audit_events_action ON audit_events(action, seq);
-- index audit_events_at
CREATE INDEX audit_events_at ON audit_events(at, seq);
-- index audit_events_subject
CREATE INDEX audit_events_subject ON audit_events(subject, seq);
-- index creators_connection_phone
CREATE INDEX creators_connection_phone ON creators(connection_id, phone) WHERE phone IS NOT NULL;
-- index creators_email
CREATE INDEX creators_email ON creators(lower(email)) WHERE email IS NOT NULL;
-- index creators_handle
CREATE INDEX creators_handle ON creators(lower(handle)) WHERE handle IS NOT NULL;
-- index creators_name_nocase
CREATE INDEX creators_name_nocase ON creators(name COLLATE NOCASE, id);
-- index creators_person
CREATE INDEX creators_person ON creators(coalesce(person_key, 'email:' || lower(trim(email)), 'handle:' || lower(trim(handle)), 'creator:' || id));
-- index creators_person_key
CREATE INDEX creators_person_key ON creators(person_key);
-- index import_batches_file
CREATE INDEX import_batches_file ON import_batches(file_sha256, imported_at);
-- index operators_display_name
CREATE UNIQUE INDEX operators_display_name ON operators(lower(display_name)) WHERE disabled_at IS NULL;
-- index payee_checks_payout
CREATE INDEX payee_checks_payout ON payee_checks(payout_id, id);
-- index payout_approvals_operator
CREATE INDEX payout_approvals_operator ON payout_approvals(payout_id, operator_id);
-- index payout_approvals_payout
CREATE INDEX payout_approvals_payout ON payout_approvals(payout_id, id);
-- index payout_outbox_daily
CREATE INDEX payout_outbox_daily ON payout_outbox(connection_id, currency, marked_at);
-- index payout_outbox_open
CREATE INDEX payout_outbox_open ON payout_outbox(open, payout_id);
-- index payout_send_attempts_payout
CREATE INDEX payout_send_attempts_payout ON payout_send_attempts(payout_id, id);
-- index payout_status_history_payout
CREATE INDEX payout_status_history_payout ON payout_status_history(payout_id, id);
-- index payout_status_regressions_open
CREATE UNIQUE INDEX payout_status_regressions_open ON payout_status_regressions(payout_id) WHERE resolved_at IS NULL;
-- index payout_status_regressions_recent
CREATE INDEX payout_status_regressions_recent ON payout_status_regressions(first_reported_at) WHERE resolved_at IS NULL;
-- index payout_tags_tag
CREATE INDEX payout_tags_tag ON payout_tags(tag);
-- index payout_tracking_due
CREATE INDEX payout_tracking_due ON payout_tracking(next_poll_at);
-- index payouts_amount
CREATE INDEX payouts_amount ON payouts(amount_minor, id);
-- index payouts_amount_created
CREATE INDEX payouts_amount_created ON payouts(amount_minor, created_at);
-- index payouts_campaign
CREATE INDEX payouts_campaign ON payouts(campaign_id, created_at, id);
-- index payouts_connection
CREATE INDEX payouts_connection ON payouts(connection_id, created_at, id);
-- index payouts_connection_sort
CREATE INDEX payouts_connection_sort ON payouts(connection_id, id);
-- index payouts_created
CREATE INDEX payouts_created ON payouts(created_at, id);
-- index payouts_creator
CREATE INDEX payouts_creator ON payouts(creator_id, created_at, id);
-- index payouts_creator_paid
CREATE INDEX payouts_creator_paid ON payouts(creator_id, currency, coalesce(status_changed_at, updated_at)) WHERE status = 'paid';
-- index payouts_creator_sort
CREATE INDEX payouts_creator_sort ON payouts(coalesce(recipient_name, recipient_email, recipient_handle, ''), id);
-- index payouts_currency
CREATE INDEX payouts_currency ON payouts(currency, created_at, id);
-- index payouts_currency_sort
CREATE INDEX payouts_currency_sort ON payouts(currency, id);
-- index payouts_expires
CREATE INDEX payouts_expires ON payouts(expires_at) WHERE expires_at IS NOT NULL;
-- index payouts_expiry_pending
CREATE INDEX payouts_expiry_pending ON payouts(expiry_pending) WHERE expiry_pending = 1;
-- index payouts_provider_reference
CREATE INDEX payouts_provider_reference ON payouts(connection_id, provider_reference) WHERE provider_reference IS NOT NULL;
-- index payouts_recipient_key
CREATE INDEX payouts_recipient_key ON payouts(recipient_key, amount_minor, currency) WHERE recipient_key IS NOT NULL;
-- index payouts_redraft_of
CREATE INDEX payouts_redraft_of ON payouts(redraft_of) WHERE redraft_of IS NOT NULL;
-- index payouts_short_reference
CREATE UNIQUE INDEX payouts_short_reference ON payouts(short_reference) WHERE short_reference IS NOT NULL;
-- index payouts_status
CREATE INDEX payouts_status ON payouts(status, created_at, id);
-- index payouts_status_amount
CREATE INDEX payouts_status_amount ON payouts(status, amount_minor, id);
-- index payouts_status_sort
CREATE INDEX payouts_status_sort ON payouts(status, id);
-- index payouts_team_unlinked
CREATE INDEX payouts_team_unlinked ON payouts(connection_id) WHERE (creator_id IS NULL AND creator_remote_id IS NOT NULL) OR (campaign_id IS NULL AND campaign_remote_id IS NOT NULL);
-- index payouts_updated
CREATE INDEX payouts_updated ON payouts(updated_at, id);
-- index sync_set_aside_connection
CREATE INDEX sync_set_aside_connection ON sync_set_aside(connection_id, resource, id);
-- index sync_set_aside_item
CREATE UNIQUE INDEX sync_set_aside_item ON sync_set_aside(connection_id, resource, remote_id) WHERE remote_id IS NOT NULL;
-- index team_audit_events_action
CREATE INDEX team_audit_events_action ON team_audit_events(action, seq);
-- index team_audit_events_at
CREATE INDEX team_audit_events_at ON team_audit_events(at, seq);
-- index team_audit_events_subject
CREATE INDEX team_audit_events_subject ON team_audit_events(subject, seq);
-- table approval_thresholds
CREATE TABLE approval_thresholds ( currency TEXT PRIMARY KEY CHECK (length(currency) = 3), threshold_minor INTEGER NOT NULL CHECK (threshold_minor >= 0) ) STRICT;
-- table audit_events
CREATE TABLE audit_events ( seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, subject TEXT NOT NULL, details TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL , actor_id TEXT, os_user TEXT, host TEXT, format INTEGER NOT NULL DEFAULT 1 CHECK (format IN (1,2)), mac TEXT) STRICT;
-- table campaigns
CREATE TABLE campaigns ( id INTEGER PRIMARY KEY, connection_id TEXT REFERENCES connections(id) ON DELETE CASCADE, remote_id TEXT NOT NULL, name TEXT NOT NULL, status TEXT, raw_json TEXT, updated_at TEXT NOT NULL, UNIQUE (connection_id, remote_id) ) STRICT;
-- table connections
CREATE TABLE "connections" ( id TEXT PRIMARY KEY, provider TEXT NOT NULL CHECK (provider <> ''), label TEXT NOT NULL, environment TEXT NOT NULL CHECK (environment IN ('production','sandbox','simulator','custom')), base_url TEXT NOT NULL, auth_mode TEXT NOT NULL, public_fields TEXT NOT NULL DEFAULT '{}', credential_hint TEXT, is_demo INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL, updated_at TEXT NOT NULL , archived_at TEXT) STRICT;
-- table creators
CREATE TABLE creators ( id INTEGER PRIMARY KEY, connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE, remote_id TEXT NOT NULL, name TEXT, email TEXT, handle TEXT, platform TEXT, phone TEXT, raw_json TEXT, updated_at TEXT NOT NULL, person_key TEXT, UNIQUE (connection_id, remote_id) ) STRICT;
-- table creators_fts
CREATE VIRTUAL TABLE creators_fts USING fts5( name, email, handle, content='creators', content_rowid='id', tokenize='trigram' );
-- table creators_fts_config
CREATE TABLE 'creators_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
-- table creators_fts_data
CREATE TABLE 'creators_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
-- table creators_fts_docsize
CREATE TABLE 'creators_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
-- table creators_fts_idx
CREATE TABLE 'creators_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
-- table daily_send_caps
CREATE TABLE daily_send_caps ( connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE, currency TEXT NOT NULL CHECK (length(currency) = 3), cap_minor INTEGER NOT NULL CHECK (cap_minor >= 0), PRIMARY KEY (connection_id, currency) ) STRICT;
-- table import_batches
CREATE TABLE import_batches ( batch_id TEXT PRIMARY KEY, connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE, file_sha256 TEXT NOT NULL CHECK (length(file_sha256) = 64), rows INTEGER NOT NULL CHECK (rows > 0), imported_at TEXT NOT NULL, imported_by TEXT NOT NULL, -- the operator chose to import a file that was already imported (the earlier batches, as a JSON array) reimport_of TEXT ) STRICT;
-- table operators
CREATE TABLE operators ( id TEXT PRIMARY KEY, display_name TEXT NOT NULL CHECK (length(trim(display_name)) > 0), -- JSON array of preparer | approver | sender | admin; checked by the code that writes it roles TEXT NOT NULL, passphrase_hash TEXT NOT NULL, is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0,1)), failed_sign_ins INTEGER NOT NULL DEFAULT 0, locked_until TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, disabled_at TEXT ) STRICT;
-- table payee_checks
CREATE TABLE payee_checks ( id INTEGER PRIMARY KEY, payout_id INTEGER NOT NULL REFERENCES payouts(id) ON DELETE CASCADE, check_id TEXT, status TEXT NOT NULL CHECK (status IN ('match','close_match','no_match','not_possible','error')), provider_status TEXT, matched_name TEXT, details TEXT, reasons TEXT NOT NULL DEFAULT '[]', checked_name TEXT NOT NULL, -- The currency, account and name checked: a check applies to a draft only while these stay the same. checked_key TEXT NOT NULL, trigger TEXT NOT NULL, at TEXT NOT NULL ) STRICT;
-- table payout_approvals
CREATE TABLE payout_approvals ( id INTEGER PRIMARY KEY, payout_id INTEGER NOT NULL REFERENCES payouts(id) ON DELETE CASCADE, operator TEXT NOT NULL, decision TEXT NOT NULL CHECK (decision IN ('approved','rejected')), reason TEXT, at TEXT NOT NULL, -- set when the draft is edited afterwards: the approval was for other values voided_at TEXT , operator_id TEXT) STRICT;
-- table payout_campaign_totals
CREATE TABLE payout_campaign_totals ( campaign_id INTEGER NOT NULL, currency TEXT NOT NULL, status TEXT NOT NULL, payouts INTEGER NOT NULL, minor INTEGER NOT NULL, PRIMARY KEY (campaign_id, currency, status) ) STRICT, WITHOUT ROWID;
-- table payout_creator_totals
CREATE TABLE payout_creator_totals ( creator_id INTEGER NOT NULL, currency TEXT NOT NULL, status TEXT NOT NULL, payouts INTEGER NOT NULL, minor INTEGER NOT NULL, last_at TEXT, PRIMARY KEY (creator_id, currency, status) ) STRICT, WITHOUT ROWID;
-- table payout_limits
CREATE TABLE payout_limits ( currency TEXT PRIMARY KEY CHECK (length(currency) = 3), max_minor INTEGER NOT NULL CHECK (max_minor > 0) ) STRICT;
-- table payout_month_totals
CREATE TABLE payout_month_totals ( month TEXT NOT NULL, connection_id TEXT NOT NULL, currency TEXT NOT NULL, status TEXT NOT NULL, payouts INTEGER NOT NULL, minor INTEGER NOT NULL, PRIMARY KEY (month, connection_id, currency, status) ) STRICT, WITHOUT ROWID;
-- table payout_outbox
CREATE TABLE payout_outbox ( payout_id INTEGER PRIMARY KEY REFERENCES payouts(id) ON DELETE CASCADE, connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE, client_reference TEXT NOT NULL UNIQUE, short_reference TEXT NOT NULL, request_json TEXT NOT NULL, create_state TEXT NOT NULL CHECK (create_state IN ('pending','done','failed','unknown','not_sent')), initiate_state TEXT NOT NULL CHECK (initiate_state IN ('none','pending','done','failed','unknown')), create_attempts INTEGER NOT NULL DEFAULT 0, initiate_attempts INTEGER NOT NULL DEFAULT 0, remote_id TEXT, open INTEGER NOT NULL DEFAULT 1 CHECK (open IN (0,1)), amount_minor INTEGER NOT NULL, currency TEXT NOT NULL, marked_at TEXT NOT NULL, updated_at TEXT NOT NULL, last_error TEXT ) STRICT;
-- table payout_send_attempts
CREATE TABLE payout_send_attempts ( id INTEGER PRIMARY KEY, payout_id INTEGER NOT NULL REFERENCES payouts(id) ON DELETE CASCADE, step TEXT NOT NULL CHECK (step IN ('create','lookup','initiate','cancel')), started_at TEXT NOT NULL, finished_at TEXT, outcome TEXT, detail TEXT ) STRICT;
-- table payout_status_history
CREATE TABLE payout_status_history ( id INTEGER PRIMARY KEY, payout_id INTEGER NOT NULL REFERENCES payouts(id) ON DELETE CASCADE, at TEXT NOT NULL, status TEXT NOT NULL, provider_status TEXT, source TEXT NOT NULL, message TEXT ) STRICT;
-- table payout_status_regressions
CREATE TABLE payout_status_regressions ( id INTEGER PRIMARY KEY, payout_id INTEGER NOT NULL REFERENCES payouts(id) ON DELETE CASCADE, kept_status TEXT NOT NULL, kept_provider_status TEXT, reported_status TEXT NOT NULL, reported_provider_status TEXT, source TEXT NOT NULL, first_reported_at TEXT NOT NULL, last_reported_at TEXT NOT NULL, resolved_at TEXT ) STRICT;
-- table payout_tag_totals
CREATE TABLE payout_tag_totals ( local_campaign TEXT NOT NULL, currency TEXT NOT NULL, status TEXT NOT NULL, payouts INTEGER NOT NULL, minor INTEGER NOT NULL, PRIMARY KEY (local_campaign, currency, status) ) STRICT, WITHOUT ROWID;
-- table payout_tags
CREATE TABLE payout_tags ( payout_id INTEGER NOT NULL REFERENCES payouts(id) ON DELETE CASCADE, tag TEXT NOT NULL, PRIMARY KEY (payout_id, tag) ) STRICT, WITHOUT ROWID;
-- table payout_tracking
CREATE TABLE payout_tracking ( payout_id INTEGER PRIMARY KEY REFERENCES payouts(id) ON DELETE CASCADE, next_poll_at TEXT NOT NULL, interval_ms INTEGER NOT NULL, last_polled_at TEXT, last_error TEXT ) STRICT;
-- table payouts
CREATE TABLE payouts ( id INTEGER PRIMARY KEY, connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE, remote_id TEXT, client_reference TEXT NOT NULL UNIQUE, creator_id INTEGER REFERENCES creators(id) ON DELETE SET NULL, campaign_id INTEGER REFERENCES campaigns(id) ON DELETE SET NULL, recipient_name TEXT, recipient_email TEXT, recipient_handle TEXT, amount_minor INTEGER NOT NULL, currency TEXT NOT NULL CHECK (length(currency) = 3), description TEXT, status TEXT NOT NULL, provider_status TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, raw_json TEXT, short_reference TEXT, recipient_json TEXT, recipient_key TEXT, local_campaign TEXT, status_message TEXT, status_changed_at TEXT, created_by TEXT, import_batch TEXT, expires_at TEXT, expiry_pending INTEGER NOT NULL DEFAULT 0 CHECK (expiry_pending IN (0,1)), created_by_id TEXT, approvals_required INTEGER, redraft_of INTEGER REFERENCES payouts(id) ON DELETE SET NULL, dismissed_at TEXT, dismissed_reason TEXT, provider_reference TEXT, recipient_phone TEXT, created_at_first_seen INTEGER NOT NULL DEFAULT 0 CHECK (created_at_first_seen IN (0,1)), paid_at TEXT, creator_remote_id TEXT, campaign_remote_id TEXT, UNIQUE (connection_id, remote_id) ) STRICT;
-- table payouts_fts
CREATE VIRTUAL TABLE payouts_fts USING fts5( recipient_name, recipient_email, recipient_handle, recipient_phone, description, client_reference, provider_reference, remote_id, content='payouts', content_rowid='id', tokenize='unicode61 remove_diacritics 2' );
-- table payouts_fts_config
CREATE TABLE 'payouts_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
-- table payouts_fts_data
CREATE TABLE 'payouts_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
-- table payouts_fts_docsize
CREATE TABLE 'payouts_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
-- table payouts_fts_idx
CREATE TABLE 'payouts_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
-- table schema_migrations
CREATE TABLE schema_migrations ( version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT;
-- table settings
CREATE TABLE settings ( key TEXT PRIMARY KEY, value TEXT NOT NULL ) STRICT;
-- table sync_set_aside
CREATE TABLE sync_set_aside ( id INTEGER PRIMARY KEY, connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE, resource TEXT NOT NULL CHECK (resource IN ('creators','campaigns','payouts')), run_id TEXT NOT NULL, remote_id TEXT, reason TEXT NOT NULL, at TEXT NOT NULL ) STRICT;
-- table sync_state
CREATE TABLE sync_state ( connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE, resource TEXT NOT NULL CHECK (resource IN ('creators','campaigns','payouts')), cursor TEXT, last_synced_at TEXT, last_error TEXT, item_count INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (connection_id, resource) ) STRICT;
-- table team_audit_events
CREATE TABLE team_audit_events ( seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, actor_id TEXT, os_user TEXT, host TEXT, action TEXT NOT NULL, subject TEXT NOT NULL, details TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL, format INTEGER NOT NULL DEFAULT 2 CHECK (format IN (1,2)), mac TEXT ) STRICT;
-- table team_replica_state
CREATE TABLE team_replica_state ( key TEXT PRIMARY KEY, value TEXT NOT NULL ) STRICT;
-- table team_send_claims
CREATE TABLE team_send_claims ( payout_id INTEGER PRIMARY KEY REFERENCES payouts(id) ON DELETE CASCADE, claimed_by TEXT, claim_host TEXT, lease_until TEXT ) STRICT;
-- table workflow_settings
CREATE TABLE workflow_settings ( key TEXT PRIMARY KEY, value INTEGER NOT NULL ) STRICT;
-- table workspace_daily_caps
CREATE TABLE workspace_daily_caps ( currency TEXT PRIMARY KEY CHECK (length(currency) = 3), cap_minor INTEGER NOT NULL CHECK (cap_minor > 0) ) STRICT;
-- trigger audit_events_no_delete
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
-- trigger audit_events_no_update
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
-- trigger creators_fts_delete
CREATE TRIGGER creators_fts_delete AFTER DELETE ON creators BEGIN INSERT INTO creators_fts(creators_fts, rowid, name, email, handle) VALUES ('delete', old.id, old.name, old.email, old.handle); END;
-- trigger creators_fts_insert
CREATE TRIGGER creators_fts_insert AFTER INSERT ON creators BEGIN INSERT INTO creators_fts(rowid, name, email, handle) VALUES (new.id, new.name, new.email, new.handle); END;
-- trigger creators_fts_update
CREATE TRIGGER creators_fts_update AFTER UPDATE OF name, email, handle ON creators BEGIN INSERT INTO creators_fts(creators_fts, rowid, name, email, handle) VALUES ('delete', old.id, old.name, old.email, old.handle); INSERT INTO creators_fts(rowid, name, email, handle) VALUES (new.id, new.name, new.email, new.handle); END;
-- trigger payouts_fts_delete
CREATE TRIGGER payouts_fts_delete AFTER DELETE ON payouts BEGIN INSERT INTO payouts_fts(payouts_fts, rowid, recipient_name, recipient_email, recipient_handle, recipient_phone, description, client_reference, provider_reference, remote_id) VALUES ('delete', old.id, old.recipient_name, old.recipient_email, old.recipient_handle, old.recipient_phone, old.description, old.client_reference, old.provider_reference, old.remote_id); END;
-- trigger payouts_fts_insert
CREATE TRIGGER payouts_fts_insert AFTER INSERT ON payouts BEGIN INSERT INTO payouts_fts(rowid, recipient_name, recipient_email, recipient_handle, recipient_phone, description, client_reference, provider_reference, remote_id) VALUES (new.id, new.recipient_name, new.recipient_email, new.recipient_handle, new.recipient_phone, new.description, new.client_reference, new.provider_reference, new.remote_id); END;
-- trigger payouts_fts_update
CREATE TRIGGER payouts_fts_update AFTER UPDATE OF recipient_name, recipient_email, recipient_handle, recipient_phone, description, client_reference, provider_reference, remote_id ON payouts BEGIN INSERT INTO payouts_fts(payouts_fts, rowid, recipient_name, recipient_email, recipient_handle, recipient_phone, description, client_reference, provider_reference, remote_id) VALUES ('delete', old.id, old.recipient_name, old.recipient_email, old.recipient_handle, old.recipient_phone, old.description, old.client_reference, old.provider_reference, old.remote_id); INSERT INTO payouts_fts(rowid, recipient_name, recipient_email, recipient_handle, recipient_phone, description, client_reference, provider_reference, remote_id) VALUES (new.id, new.recipient_name, new.recipient_email, new.recipient_handle, new.recipient_phone, new.description, new.client_reference, new.provider_reference, new.remote_id); END;
-- trigger payouts_totals_delete
CREATE TRIGGER payouts_totals_delete AFTER DELETE ON payouts BEGIN UPDATE payout_month_totals SET payouts = payouts - 1, minor = minor - old.amount_minor WHERE month = coalesce(substr(coalesce(old.paid_at, CASE WHEN old.created_at_first_seen = 0 THEN old.created_at END), 1, 7), '') AND connection_id = old.connection_id AND currency = old.currency AND status = old.status; UPDATE payout_creator_totals SET payouts = payouts - 1, minor = minor - old.amount_minor, last_at = CASE WHEN old.status = 'paid' AND coalesce(old.status_changed_at, old.updated_at) >= coalesce(last_at, '') THEN (SELECT max(coalesce(q.status_changed_at, q.updated_at)) FROM payouts q INDEXED BY payouts_creator_paid WHERE q.status = 'paid' AND q.creator_id = old.creator_id AND q.currency = old.currency) ELSE last_at END WHERE creator_id = old.creator_id AND currency = old.currency AND status = old.status; UPDATE payout_campaign_totals SET payouts = payouts - 1, minor = minor - old.amount_minor WHERE campaign_id = old.campaign_id AND currency = old.currency AND status = old.status; UPDATE payout_tag_totals SET payouts = payouts - 1, minor = minor - old.amount_minor WHERE local_campaign = old.local_campaign AND currency = old.currency AND status = old.status; END;
-- trigger payouts_totals_insert
CREATE TRIGGER payouts_totals_insert AFTER INSERT ON payouts BEGIN INSERT INTO payout_month_totals (month, connection_id, currency, status, payouts, minor) VALUES (coalesce(substr(coalesce(new.paid_at, CASE WHEN new.created_at_first_seen = 0 THEN new.created_at END), 1, 7), ''), new.connection_id, new.currency, new.status, 1, new.amount_minor) ON CONFLICT (month, connection_id, currency, status) DO UPDATE SET payouts = payouts + 1, minor = minor + excluded.minor; INSERT INTO payout_creator_totals (creator_id, currency, status, payouts, minor, last_at) SELECT new.creator_id, new.currency, new.status, 1, new.amount_minor, CASE WHEN new.status = 'paid' THEN coalesce(new.status_changed_at, new.updated_at) END WHERE new.creator_id IS NOT NULL ON CONFLICT (creator_id, currency, status) DO UPDATE SET payouts = payouts + 1, minor = minor + excluded.minor, last_at = CASE WHEN excluded.last_at > coalesce(last_at, '') THEN excluded.last_at ELSE last_at END; INSERT INTO payout_campaign_totals (campaign_id, currency, status, payouts, minor) SELECT new.campaign_id, new.currency, new.status, 1, new.amount_minor WHERE new.campaign_id IS NOT NULL ON CONFLICT (campaign_id, currency, status) DO UPDATE SET payouts = payouts + 1, minor = minor + excluded.minor; INSERT INTO payout_tag_totals (local_campaign, currency, status, payouts, minor) SELECT new.local_campaign, new.currency, new.status, 1, new.amount_minor WHERE coalesce(new.local_campaign, '') <> '' ON CONFLICT (local_campaign, currency, status) DO UPDATE SET payouts = payouts + 1, minor = minor + excluded.minor; END;
-- trigger payouts_totals_update
CREATE TRIGGER payouts_totals_update AFTER UPDATE OF connection_id, creator_id, campaign_id, local_campaign, currency, status, amount_minor, paid_at, created_at, created_at_first_seen, status_changed_at, updated_at ON payouts WHEN old.connection_id IS NOT new.connection_id OR old.creator_id IS NOT new.creator_id OR old.campaign_id IS NOT new.campaign_id OR old.local_campaign IS NOT new.local_campaign OR old.currency IS NOT new.currency OR old.status IS NOT new.status OR old.amount_minor IS NOT new.amount_minor OR old.paid_at IS NOT new.paid_at OR old.created_at IS NOT new.created_at OR old.created_at_first_seen IS NOT new.created_at_first_seen OR old.status_changed_at IS NOT new.status_changed_at OR old.updated_at IS NOT new.updated_at BEGIN UPDATE payout_month_totals SET payouts = payouts - 1, minor = minor - old.amount_minor WHERE month = coalesce(substr(coalesce(old.paid_at, CASE WHEN old.created_at_first_seen = 0 THEN old.created_at END), 1, 7), '') AND connection_id = old.connection_id AND currency = old.currency AND status = old.status; UPDATE payout_creator_totals SET payouts = payouts - 1, minor = minor - old.amount_minor, last_at = CASE WHEN old.status = 'paid' AND coalesce(old.status_changed_at, old.updated_at) >= coalesce(last_at, '') THEN (SELECT max(coalesce(q.status_changed_at, q.updated_at)) FROM payouts q INDEXED BY payouts_creator_paid WHERE q.status = 'paid' AND q.creator_id = old.creator_id AND q.currency = old.currency) ELSE last_at END WHERE creator_id = old.creator_id AND currency = old.currency AND status = old.status; UPDATE payout_campaign_totals SET payouts = payouts - 1, minor = minor - old.amount_minor WHERE campaign_id = old.campaign_id AND currency = old.currency AND status = old.status; UPDATE payout_tag_totals SET payouts = payouts - 1, minor = minor - old.amount_minor WHERE local_campaign = old.local_campaign AND currency = old.currency AND status = old.status; INSERT INTO payout_month_totals (month, connection_id, currency, status, payouts, minor) VALUES (coalesce(substr(coalesce(new.paid_at, CASE WHEN new.created_at_first_seen = 0 THEN new.created_at END), 1, 7), ''), new.connection_id, new.currency, new.status, 1, new.amount_minor) ON CONFLICT (month, connection_id, currency, status) DO UPDATE SET payouts = payouts + 1, minor = minor + excluded.minor; INSERT INTO payout_creator_totals (creator_id, currency, status, payouts, minor, last_at) SELECT new.creator_id, new.currency, new.status, 1, new.amount_minor, CASE WHEN new.status = 'paid' THEN coalesce(new.status_changed_at, new.updated_at) END WHERE new.creator_id IS NOT NULL ON CONFLICT (creator_id, currency, status) DO UPDATE SET payouts = payouts + 1, minor = minor + excluded.minor, last_at = CASE WHEN excluded.last_at > coalesce(last_at, '') THEN excluded.last_at ELSE last_at END; INSERT INTO payout_campaign_totals (campaign_id, currency, status, payouts, minor) SELECT new.campaign_id, new.currency, new.status, 1, new.amount_minor WHERE new.campaign_id IS NOT NULL ON CONFLICT (campaign_id, currency, status) DO UPDATE SET payouts = payouts + 1, minor = minor + excluded.minor; INSERT INTO payout_tag_totals (local_campaign, currency, status, payouts, minor) SELECT new.local_campaign, new.currency, new.status, 1, new.amount_minor WHERE coalesce(new.local_campaign, '') <> '' ON CONFLICT (local_campaign, currency, status) DO UPDATE SET payouts = payouts + 1, minor = minor + excluded.minor; END;
-- trigger team_audit_events_no_update
CREATE TRIGGER team_audit_events_no_update BEFORE UPDATE ON team_audit_events BEGIN SELECT RAISE(ABORT, 'team_audit_events is append-only'); END;
