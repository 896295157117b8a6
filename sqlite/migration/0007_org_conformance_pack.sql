-- Organization conformance packs (desired state) and their deployments to
-- each account (actual state, with the lease of the worker applying it).
CREATE TABLE org_conformance_packs (
	org_id                 TEXT NOT NULL,
	region                 TEXT NOT NULL,
	name                   TEXT NOT NULL,
	owner_account_id       TEXT NOT NULL,
	suffix                 TEXT NOT NULL,
	template               TEXT NOT NULL,
	template_s3_uri        TEXT,
	delivery_s3_bucket     TEXT,
	delivery_s3_key_prefix TEXT,
	input_parameters       TEXT NOT NULL CHECK (json_valid(input_parameters)),
	excluded_accounts      TEXT NOT NULL CHECK (json_valid(excluded_accounts)),
	generation             INTEGER NOT NULL,
	deleting               INTEGER NOT NULL,
	created_at             INTEGER,
	last_update_time       INTEGER,
	PRIMARY KEY (org_id, region, name)
) STRICT;

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
	lease_owner        TEXT,
	lease_expires_at   INTEGER NOT NULL,
	updated_at         INTEGER,
	PRIMARY KEY (org_id, region, pack_name, account_id),
	FOREIGN KEY (org_id, region, pack_name) REFERENCES org_conformance_packs (org_id, region, name) ON DELETE CASCADE
) STRICT;

-- The rows a claim looks for: pending ones, by due time.
CREATE INDEX deployments_pending ON deployments (next_attempt_at) WHERE applied_generation < generation;
