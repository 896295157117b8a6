-- Conformance packs, per account and region, and the link from the rules a
-- pack created to their pack. Input parameters are a JSON list of
-- conforms.PackParameter.
CREATE TABLE conformance_packs (
	account_id                 TEXT NOT NULL,
	region                     TEXT NOT NULL,
	name                       TEXT NOT NULL,
	id                         TEXT NOT NULL UNIQUE,
	arn                        TEXT NOT NULL,
	delivery_s3_bucket         TEXT,
	delivery_s3_key_prefix     TEXT,
	input_parameters           TEXT NOT NULL CHECK (json_valid(input_parameters)),
	template                   TEXT NOT NULL,
	template_s3_uri            TEXT,
	created_by                 TEXT,
	state                      TEXT NOT NULL,
	status_reason              TEXT,
	last_update_requested_time INTEGER,
	last_update_completed_time INTEGER,
	PRIMARY KEY (account_id, region, name)
) STRICT;

CREATE INDEX conformance_packs_state ON conformance_packs (state);

ALTER TABLE config_rules ADD COLUMN conformance_pack TEXT;
CREATE INDEX config_rules_pack ON config_rules (account_id, region, conformance_pack);
