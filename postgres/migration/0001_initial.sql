-- The schema of package sqlite's migrations 0001 to 0012, in PostgreSQL.
--
-- Key and ordered text columns use the "C" collation, so that they compare
-- byte by byte whatever the database's locale. Times are timestamptz, NULL
-- for the zero time (the deployment columns compared with < and <= hold the
-- Unix epoch instead). Optional strings are NULL when empty. Documents that
-- conforms encodes are json (kept as written), but those of configuration items,
-- which are text; lists of strings are text[].

-- settings holds server-wide key/value settings; a key is set once.
CREATE TABLE settings (
	key   text COLLATE "C" PRIMARY KEY,
	value text NOT NULL
);

-- accounts holds every account, standalone or member of an organization.
-- Email addresses are unique regardless of ASCII case: lower() of a "C"
-- column folds A-Z only, like SQLite's NOCASE.
CREATE TABLE accounts (
	id            text COLLATE "C" PRIMARY KEY,
	name          text NOT NULL,
	email         text COLLATE "C" NOT NULL,
	status        text NOT NULL,
	created_at    timestamptz,
	org_id        text COLLATE "C",
	parent_id     text COLLATE "C",
	joined_method text,
	joined_at     timestamptz
);

CREATE UNIQUE INDEX accounts_email ON accounts (lower(email));
CREATE INDEX accounts_org_id ON accounts (org_id, id);
CREATE INDEX accounts_parent_id ON accounts (parent_id, id);

-- organizations holds AWS Organizations organizations. Deleting one deletes
-- its units, create-account statuses, service access and delegated admins.
CREATE TABLE organizations (
	id                    text COLLATE "C" PRIMARY KEY,
	feature_set           text NOT NULL,
	management_account_id text NOT NULL,
	root_id               text NOT NULL,
	created_at            timestamptz
);

-- org_units holds roots (parent_id NULL) and organizational units. Names are
-- unique among the children of one parent; roots, whose parent is NULL, are
-- not constrained.
CREATE TABLE org_units (
	id         text COLLATE "C" PRIMARY KEY,
	org_id     text COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	parent_id  text COLLATE "C",
	name       text COLLATE "C" NOT NULL,
	created_at timestamptz,
	UNIQUE (parent_id, name)
);

CREATE INDEX org_units_org_id ON org_units (org_id, id);

-- create_account_statuses records CreateAccount requests.
CREATE TABLE create_account_statuses (
	id             text COLLATE "C" PRIMARY KEY,
	org_id         text COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	account_name   text NOT NULL,
	state          text COLLATE "C" NOT NULL,
	requested_at   timestamptz,
	completed_at   timestamptz,
	account_id     text,
	failure_reason text
);

CREATE INDEX create_account_statuses_org_id ON create_account_statuses (org_id, id);

-- service_access lists the service principals trusted in an organization.
CREATE TABLE service_access (
	org_id     text COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	principal  text COLLATE "C" NOT NULL,
	enabled_at timestamptz,
	PRIMARY KEY (org_id, principal)
);

-- delegated_admins lists the member accounts that administer an organization
-- for a service principal.
CREATE TABLE delegated_admins (
	org_id     text COLLATE "C" NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
	account_id text COLLATE "C" NOT NULL,
	principal  text COLLATE "C" NOT NULL,
	enabled_at timestamptz,
	PRIMARY KEY (org_id, account_id, principal)
);

CREATE INDEX delegated_admins_account_id ON delegated_admins (account_id, principal);

-- roles holds IAM roles; max_session_duration is in seconds.
CREATE TABLE roles (
	account_id           text COLLATE "C" NOT NULL,
	name                 text COLLATE "C" NOT NULL,
	id                   text NOT NULL,
	path                 text NOT NULL,
	trusted_accounts     text[] NOT NULL DEFAULT '{}',
	max_session_duration bigint NOT NULL,
	created_at           timestamptz,
	PRIMARY KEY (account_id, name)
);

-- access_keys holds the credentials the server accepts; expires_at is NULL
-- for keys that do not expire.
CREATE TABLE access_keys (
	id            text COLLATE "C" PRIMARY KEY,
	secret        text NOT NULL,
	account_id    text NOT NULL,
	principal_arn text NOT NULL,
	user_id       text NOT NULL,
	session_token text,
	expires_at    timestamptz,
	created_at    timestamptz
);

CREATE INDEX access_keys_expires_at ON access_keys (expires_at) WHERE expires_at IS NOT NULL;

-- Configuration recorders and delivery channels: at most one of each per
-- account and region. The recording group and mode are JSON documents of
-- conforms.RecordingGroup and conforms.RecordingMode.
CREATE TABLE recorders (
	account_id              text COLLATE "C" NOT NULL,
	region                  text COLLATE "C" NOT NULL,
	name                    text NOT NULL,
	id                      text NOT NULL,
	role_arn                text NOT NULL,
	recording_group         json NOT NULL,
	recording_mode          json NOT NULL,
	recording               boolean NOT NULL,
	last_status             text,
	last_start_time         timestamptz,
	last_stop_time          timestamptz,
	last_status_change_time timestamptz,
	PRIMARY KEY (account_id, region)
);

CREATE TABLE delivery_channels (
	account_id         text COLLATE "C" NOT NULL,
	region             text COLLATE "C" NOT NULL,
	name               text NOT NULL,
	s3_bucket_name     text,
	s3_key_prefix      text,
	s3_kms_key_arn     text,
	sns_topic_arn      text,
	delivery_frequency text,
	PRIMARY KEY (account_id, region)
);

-- What a rule checks (its spec: description, source, scope, parameters,
-- frequency, modes) is stored once in rule_specs, keyed by a hash of its
-- content and shared by every account that has the same rule; specs are
-- never deleted. A rule row keeps the account's name, id, state, owner and
-- pack. The ARN is not stored: it is derived from the region, account, owner
-- and id. Rule ids are unique per account and region, which the application
-- ensures.
CREATE TABLE rule_specs (
	id                          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	hash                        text COLLATE "C" NOT NULL UNIQUE,
	description                 text,
	source                      json NOT NULL,
	scope                       json NOT NULL,
	input_parameters            text,
	maximum_execution_frequency text,
	evaluation_modes            json NOT NULL
);

CREATE TABLE config_rules (
	account_id       text COLLATE "C" NOT NULL,
	region           text COLLATE "C" NOT NULL,
	name             text COLLATE "C" NOT NULL,
	id               text COLLATE "C" NOT NULL,
	spec             bigint NOT NULL,
	state            text NOT NULL,
	created_by       text,
	created_at       timestamptz,
	conformance_pack text COLLATE "C",
	PRIMARY KEY (account_id, region, name)
);

CREATE INDEX config_rules_pack ON config_rules (account_id, region, conformance_pack);

-- Remediation configurations (one per rule) and remediation exceptions (one
-- per rule and resource). Parameters are a JSON document of
-- map[string]conforms.RemediationParameter.
CREATE TABLE remediation_configurations (
	account_id                           text COLLATE "C" NOT NULL,
	region                               text COLLATE "C" NOT NULL,
	config_rule_name                     text COLLATE "C" NOT NULL,
	target_type                          text NOT NULL,
	target_id                            text NOT NULL,
	target_version                       text,
	parameters                           json NOT NULL,
	resource_type                        text,
	automatic                            boolean NOT NULL,
	concurrent_execution_rate_percentage bigint NOT NULL,
	error_percentage                     bigint NOT NULL,
	maximum_automatic_attempts           bigint NOT NULL,
	retry_attempt_seconds                bigint NOT NULL,
	arn                                  text NOT NULL,
	created_by_service                   text,
	PRIMARY KEY (account_id, region, config_rule_name)
);

CREATE TABLE remediation_exceptions (
	account_id       text COLLATE "C" NOT NULL,
	region           text COLLATE "C" NOT NULL,
	config_rule_name text COLLATE "C" NOT NULL,
	resource_type    text COLLATE "C" NOT NULL,
	resource_id      text COLLATE "C" NOT NULL,
	message          text,
	expiration_time  timestamptz,
	PRIMARY KEY (account_id, region, config_rule_name, resource_type, resource_id)
);

-- S3 buckets and their objects. Bucket names are global. Objects keep their
-- body as bytea; metadata is a JSON object of the x-amz-meta-* headers. A
-- bucket cannot be deleted while it holds objects.
CREATE TABLE buckets (
	name       text COLLATE "C" PRIMARY KEY,
	account_id text COLLATE "C" NOT NULL,
	region     text NOT NULL,
	policy     text,
	created_at timestamptz
);

CREATE INDEX buckets_account_id ON buckets (account_id, name);

CREATE TABLE objects (
	bucket        text COLLATE "C" NOT NULL REFERENCES buckets (name),
	key           text COLLATE "C" NOT NULL,
	body          bytea NOT NULL,
	size          bigint NOT NULL,
	etag          text NOT NULL,
	content_type  text,
	metadata      json NOT NULL,
	last_modified timestamptz,
	PRIMARY KEY (bucket, key)
);

-- Conformance packs, per account and region. Input parameters are a JSON
-- list of conforms.PackParameter.
CREATE TABLE conformance_packs (
	account_id                 text COLLATE "C" NOT NULL,
	region                     text COLLATE "C" NOT NULL,
	name                       text COLLATE "C" NOT NULL,
	id                         text COLLATE "C" NOT NULL UNIQUE,
	arn                        text NOT NULL,
	delivery_s3_bucket         text,
	delivery_s3_key_prefix     text,
	input_parameters           json NOT NULL,
	template                   text NOT NULL,
	template_s3_uri            text,
	created_by                 text,
	state                      text COLLATE "C" NOT NULL,
	status_reason              text,
	last_update_requested_time timestamptz,
	last_update_completed_time timestamptz,
	PRIMARY KEY (account_id, region, name)
);

CREATE INDEX conformance_packs_state ON conformance_packs (state);

-- Organization conformance packs (desired state) and their deployments to
-- each account (actual state, with the lease of the worker applying it).
CREATE TABLE org_conformance_packs (
	org_id                 text COLLATE "C" NOT NULL,
	region                 text COLLATE "C" NOT NULL,
	name                   text COLLATE "C" NOT NULL,
	owner_account_id       text COLLATE "C" NOT NULL,
	suffix                 text NOT NULL,
	template               text NOT NULL,
	template_s3_uri        text,
	delivery_s3_bucket     text,
	delivery_s3_key_prefix text,
	input_parameters       json NOT NULL,
	excluded_accounts      text[] NOT NULL,
	generation             bigint NOT NULL,
	deleting               boolean NOT NULL,
	created_at             timestamptz,
	last_update_time       timestamptz,
	PRIMARY KEY (org_id, region, name)
);

CREATE TABLE deployments (
	org_id             text COLLATE "C" NOT NULL,
	region             text COLLATE "C" NOT NULL,
	pack_name          text COLLATE "C" NOT NULL,
	account_id         text COLLATE "C" NOT NULL,
	generation         bigint NOT NULL,
	applied_generation bigint NOT NULL,
	remove             boolean NOT NULL,
	status             text COLLATE "C" NOT NULL,
	error_code         text,
	error_message      text,
	attempts           bigint NOT NULL,
	next_attempt_at    timestamptz NOT NULL,
	retry_until        timestamptz NOT NULL,
	lease_owner        text,
	lease_expires_at   timestamptz NOT NULL,
	updated_at         timestamptz,
	PRIMARY KEY (org_id, region, pack_name, account_id),
	FOREIGN KEY (org_id, region, pack_name) REFERENCES org_conformance_packs (org_id, region, name) ON DELETE CASCADE
);

-- The rows a claim looks for: pending ones, by due time.
CREATE INDEX deployments_pending ON deployments (next_attempt_at) WHERE applied_generation < generation;
CREATE INDEX deployments_account ON deployments (account_id);

-- Configuration items: every recorded state of every resource (the
-- history), and for each resource a pointer to its current item. Tags,
-- supplementary configuration and relationships are JSON documents kept as
-- text, unchecked: the store encodes them itself, and an import writes
-- millions of them. The configuration is kept as the text it was given.
CREATE TABLE configuration_items (
	account_id             text COLLATE "C" NOT NULL,
	region                 text COLLATE "C" NOT NULL,
	resource_type          text COLLATE "C" NOT NULL,
	resource_id            text COLLATE "C" NOT NULL,
	capture_time           timestamptz NOT NULL,
	seq                    bigint NOT NULL,
	status                 text NOT NULL,
	resource_name          text,
	arn                    text,
	availability_zone      text,
	resource_creation_time timestamptz,
	state_id               text NOT NULL,
	version                text NOT NULL,
	schema_version_id      text,
	tags                   text NOT NULL,
	configuration          text,
	supplementary          text NOT NULL,
	relationships          text NOT NULL,
	PRIMARY KEY (account_id, region, resource_type, resource_id, capture_time, seq)
);

CREATE TABLE resources (
	account_id    text COLLATE "C" NOT NULL,
	region        text COLLATE "C" NOT NULL,
	resource_type text COLLATE "C" NOT NULL,
	resource_id   text COLLATE "C" NOT NULL,
	resource_name text COLLATE "C",
	capture_time  timestamptz NOT NULL,
	seq           bigint NOT NULL,
	deleted       boolean NOT NULL,
	PRIMARY KEY (account_id, region, resource_type, resource_id)
);

-- Evaluation results: the latest compliance of each resource against each
-- rule, written only when it changes; and how each rule's evaluations went.
CREATE TABLE evaluation_results (
	account_id    text COLLATE "C" NOT NULL,
	region        text COLLATE "C" NOT NULL,
	rule_name     text COLLATE "C" NOT NULL,
	resource_type text COLLATE "C" NOT NULL,
	resource_id   text COLLATE "C" NOT NULL,
	compliance    text COLLATE "C" NOT NULL,
	annotation    text,
	recorded_at   timestamptz,
	invoked_at    timestamptz,
	ordering_at   timestamptz,
	PRIMARY KEY (account_id, region, rule_name, resource_type, resource_id)
);

CREATE INDEX evaluation_results_resource ON evaluation_results (account_id, region, resource_type, resource_id);

CREATE TABLE rule_evaluation_status (
	account_id               text COLLATE "C" NOT NULL,
	region                   text COLLATE "C" NOT NULL,
	rule_name                text COLLATE "C" NOT NULL,
	last_successful_at       timestamptz,
	last_failed_at           timestamptz,
	first_evaluation_started boolean NOT NULL,
	last_error_code          text,
	last_error_message       text,
	PRIMARY KEY (account_id, region, rule_name)
);

-- Configuration aggregators. Sources are JSON documents of
-- []conforms.AggregationSource and *conforms.AggregationSource.
CREATE TABLE aggregators (
	account_id      text COLLATE "C" NOT NULL,
	region          text COLLATE "C" NOT NULL,
	name            text COLLATE "C" NOT NULL,
	arn             text NOT NULL,
	account_sources json NOT NULL,
	org_source      json,
	created_at      timestamptz,
	updated_at      timestamptz,
	PRIMARY KEY (account_id, region, name)
);
