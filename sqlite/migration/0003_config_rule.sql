-- Config rules, per account and region. Source, scope and evaluation modes
-- are JSON documents of conforms.RuleSource, conforms.RuleScope and a list.
CREATE TABLE config_rules (
	account_id                  TEXT NOT NULL,
	region                      TEXT NOT NULL,
	name                        TEXT NOT NULL,
	id                          TEXT NOT NULL UNIQUE,
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
	PRIMARY KEY (account_id, region, name)
) STRICT;
