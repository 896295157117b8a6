-- Rule ids are unique within an account and region, not across every account:
-- six random characters (as on AWS) would collide across the million rules of
-- a large organization. The table is clustered on its primary key (WITHOUT
-- ROWID), which saves one b-tree insertion a rule when an organization pack
-- writes a million of them.
CREATE TABLE config_rules_new (
	account_id                  TEXT NOT NULL,
	region                      TEXT NOT NULL,
	name                        TEXT NOT NULL,
	id                          TEXT NOT NULL,
	arn                         TEXT NOT NULL,
	description                 TEXT,
	source                      TEXT NOT NULL CHECK (json_valid(source)),
	scope                       TEXT NOT NULL CHECK (json_valid(scope)),
	input_parameters            TEXT,
	maximum_execution_frequency TEXT,
	state                       TEXT NOT NULL,
	created_by                  TEXT,
	evaluation_modes            TEXT NOT NULL CHECK (json_valid(evaluation_modes)),
	created_at                  INTEGER,
	conformance_pack            TEXT,
	PRIMARY KEY (account_id, region, name),
	UNIQUE (account_id, region, id)
) STRICT, WITHOUT ROWID;
INSERT INTO config_rules_new SELECT account_id, region, name, id, arn, description, source, scope, input_parameters,
	maximum_execution_frequency, state, created_by, evaluation_modes, created_at, conformance_pack FROM config_rules;
DROP TABLE config_rules;
ALTER TABLE config_rules_new RENAME TO config_rules;
CREATE INDEX config_rules_pack ON config_rules (account_id, region, conformance_pack);

-- Nothing wrote organization conformance packs before this migration, so their
-- tables are made anew: deployments gain the end of their retry window and an
-- index by account (joins, leaves, recorders starting).
DROP TABLE deployments;
CREATE TABLE deployments (
	org_id             TEXT NOT NULL,
	region             TEXT NOT NULL,
	pack_name          TEXT NOT NULL,
	account_id         TEXT NOT NULL,
	generation         INTEGER NOT NULL,
	applied_generation INTEGER NOT NULL,
	remove             INTEGER NOT NULL,
	status             TEXT NOT NULL,
	error_code         TEXT,
	error_message      TEXT,
	attempts           INTEGER NOT NULL,
	next_attempt_at    INTEGER NOT NULL,
	retry_until        INTEGER NOT NULL,
	lease_owner        TEXT,
	lease_expires_at   INTEGER NOT NULL,
	updated_at         INTEGER,
	PRIMARY KEY (org_id, region, pack_name, account_id),
	FOREIGN KEY (org_id, region, pack_name) REFERENCES org_conformance_packs (org_id, region, name) ON DELETE CASCADE
) STRICT;
CREATE INDEX deployments_pending ON deployments (next_attempt_at) WHERE applied_generation < generation;
CREATE INDEX deployments_account ON deployments (account_id);
