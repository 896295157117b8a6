-- Evaluation results: the latest compliance of each resource against each
-- rule, written only when it changes; and how each rule's evaluations went.
CREATE TABLE evaluation_results (
	account_id    TEXT NOT NULL,
	region        TEXT NOT NULL,
	rule_name     TEXT NOT NULL,
	resource_type TEXT NOT NULL,
	resource_id   TEXT NOT NULL,
	compliance    TEXT NOT NULL,
	annotation    TEXT,
	recorded_at   INTEGER,
	invoked_at    INTEGER,
	ordering_at   INTEGER,
	PRIMARY KEY (account_id, region, rule_name, resource_type, resource_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX evaluation_results_resource ON evaluation_results (account_id, region, resource_type, resource_id);

CREATE TABLE rule_evaluation_status (
	account_id               TEXT NOT NULL,
	region                   TEXT NOT NULL,
	rule_name                TEXT NOT NULL,
	last_successful_at       INTEGER,
	last_failed_at           INTEGER,
	first_evaluation_started INTEGER NOT NULL,
	last_error_code          TEXT,
	last_error_message       TEXT,
	PRIMARY KEY (account_id, region, rule_name)
) STRICT, WITHOUT ROWID;
