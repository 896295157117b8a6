-- Remediation configurations (one per rule) and remediation exceptions (one
-- per rule and resource). Parameters are a JSON document of
-- map[string]conforms.RemediationParameter.
CREATE TABLE remediation_configurations (
	account_id                           TEXT NOT NULL,
	region                               TEXT NOT NULL,
	config_rule_name                     TEXT NOT NULL,
	target_type                          TEXT NOT NULL,
	target_id                            TEXT NOT NULL,
	target_version                       TEXT,
	parameters                           TEXT NOT NULL CHECK (json_valid(parameters)),
	resource_type                        TEXT,
	automatic                            INTEGER NOT NULL,
	concurrent_execution_rate_percentage INTEGER NOT NULL,
	error_percentage                     INTEGER NOT NULL,
	maximum_automatic_attempts           INTEGER NOT NULL,
	retry_attempt_seconds                INTEGER NOT NULL,
	arn                                  TEXT NOT NULL,
	created_by_service                   TEXT,
	PRIMARY KEY (account_id, region, config_rule_name)
) STRICT;

CREATE TABLE remediation_exceptions (
	account_id       TEXT NOT NULL,
	region           TEXT NOT NULL,
	config_rule_name TEXT NOT NULL,
	resource_type    TEXT NOT NULL,
	resource_id      TEXT NOT NULL,
	message          TEXT,
	expiration_time  INTEGER,
	PRIMARY KEY (account_id, region, config_rule_name, resource_type, resource_id)
) STRICT;
