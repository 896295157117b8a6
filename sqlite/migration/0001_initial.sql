-- The initial schema: one table per entity of the root package.
--
-- Times are INTEGER microseconds since the Unix epoch (UTC), NULL for the zero
-- time. Optional strings are NULL when empty. Tables are STRICT, so a column
-- holds only values of its declared type.

-- settings holds server-wide key/value settings; a key is set once.
CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;

-- accounts holds every account, standalone or member of an organization.
-- Email addresses are unique regardless of ASCII case.
CREATE TABLE accounts (
	id            TEXT PRIMARY KEY,
	name          TEXT NOT NULL,
	email         TEXT NOT NULL COLLATE NOCASE UNIQUE,
	status        TEXT NOT NULL,
	created_at    INTEGER,
	org_id        TEXT,
	parent_id     TEXT,
	joined_method TEXT,
	joined_at     INTEGER
) STRICT;

CREATE INDEX accounts_org_id ON accounts (org_id, id);
CREATE INDEX accounts_parent_id ON accounts (parent_id, id);

-- organizations holds AWS Organizations organizations. Deleting one deletes
-- its units, create-account statuses, service access and delegated admins.
CREATE TABLE organizations (
	id                    TEXT PRIMARY KEY,
	feature_set           TEXT NOT NULL,
	management_account_id TEXT NOT NULL,
	root_id               TEXT NOT NULL,
	created_at            INTEGER
) STRICT;

-- org_units holds roots (parent_id NULL) and organizational units. Names are
-- unique among the children of one parent; roots, whose parent is NULL, are
-- not constrained.
CREATE TABLE org_units (
	id         TEXT PRIMARY KEY,
	org_id     TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	parent_id  TEXT,
	name       TEXT NOT NULL,
	created_at INTEGER,
	UNIQUE (parent_id, name)
) STRICT;

CREATE INDEX org_units_org_id ON org_units (org_id, id);

-- create_account_statuses records CreateAccount requests.
CREATE TABLE create_account_statuses (
	id             TEXT PRIMARY KEY,
	org_id         TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	account_name   TEXT NOT NULL,
	state          TEXT NOT NULL,
	requested_at   INTEGER,
	completed_at   INTEGER,
	account_id     TEXT,
	failure_reason TEXT
) STRICT;

CREATE INDEX create_account_statuses_org_id ON create_account_statuses (org_id, id);

-- service_access lists the service principals trusted in an organization.
CREATE TABLE service_access (
	org_id     TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	principal  TEXT NOT NULL,
	enabled_at INTEGER,
	PRIMARY KEY (org_id, principal)
) STRICT;

-- delegated_admins lists the member accounts that administer an organization
-- for a service principal.
CREATE TABLE delegated_admins (
	org_id     TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	account_id TEXT NOT NULL,
	principal  TEXT NOT NULL,
	enabled_at INTEGER,
	PRIMARY KEY (org_id, account_id, principal)
) STRICT;

CREATE INDEX delegated_admins_account_id ON delegated_admins (account_id, principal);

-- roles holds IAM roles; trusted_accounts is a JSON array of account ids and
-- max_session_duration is in seconds.
CREATE TABLE roles (
	account_id           TEXT NOT NULL,
	name                 TEXT NOT NULL,
	id                   TEXT NOT NULL,
	path                 TEXT NOT NULL,
	trusted_accounts     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(trusted_accounts)),
	max_session_duration INTEGER NOT NULL,
	created_at           INTEGER,
	PRIMARY KEY (account_id, name)
) STRICT;

-- access_keys holds the credentials the server accepts; expires_at is NULL
-- for keys that do not expire.
CREATE TABLE access_keys (
	id            TEXT PRIMARY KEY,
	secret        TEXT NOT NULL,
	account_id    TEXT NOT NULL,
	principal_arn TEXT NOT NULL,
	user_id       TEXT NOT NULL,
	session_token TEXT,
	expires_at    INTEGER,
	created_at    INTEGER
) STRICT;

CREATE INDEX access_keys_expires_at ON access_keys (expires_at) WHERE expires_at IS NOT NULL;
