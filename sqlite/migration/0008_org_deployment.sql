-- Config rules are split in two for the organizations whose packs write a
-- million of them: what a rule checks (its spec: description, source, scope,
-- parameters, frequency, modes) is stored once in rule_specs, keyed by a hash
-- of its content and shared by every account that has the same rule; a rule
-- row keeps the account's name, id, state and owner. The ARN is no longer
-- stored: it is derived from the region, account, owner and id. The table is
-- clustered on its key (WITHOUT ROWID) and has no other index: an account
-- has at most 1,000 rules, which its key prefix finds. Rule ids are unique
-- per account and region, which the application ensures (six random
-- characters would collide across the rules of a large organization).
CREATE TABLE rule_specs (
	id                          INTEGER PRIMARY KEY,
	hash                        TEXT NOT NULL UNIQUE,
	description                 TEXT,
	source                      TEXT NOT NULL CHECK (json_valid(source)),
	scope                       TEXT NOT NULL CHECK (json_valid(scope)),
	input_parameters            TEXT,
	maximum_execution_frequency TEXT,
	evaluation_modes            TEXT NOT NULL CHECK (json_valid(evaluation_modes))
) STRICT;
INSERT INTO rule_specs (hash, description, source, scope, input_parameters, maximum_execution_frequency, evaluation_modes)
	SELECT 'migrated:' || account_id || ':' || region || ':' || name, description, source, scope, input_parameters,
		maximum_execution_frequency, evaluation_modes
	FROM config_rules;

CREATE TABLE config_rules_new (
	account_id       TEXT NOT NULL,
	region           TEXT NOT NULL,
	name             TEXT NOT NULL,
	id               TEXT NOT NULL,
	spec             INTEGER NOT NULL,
	state            TEXT NOT NULL,
	created_by       TEXT,
	created_at       INTEGER,
	conformance_pack TEXT,
	PRIMARY KEY (account_id, region, name)
) STRICT, WITHOUT ROWID;
INSERT INTO config_rules_new
	SELECT c.account_id, c.region, c.name, c.id, s.id, c.state, c.created_by, c.created_at, c.conformance_pack
	FROM config_rules c JOIN rule_specs s ON s.hash = 'migrated:' || c.account_id || ':' || c.region || ':' || c.name;
DROP TABLE config_rules;
ALTER TABLE config_rules_new RENAME TO config_rules;

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
