-- Configuration items: every recorded state of every resource (the
-- history), and for each resource a pointer to its current item. Tags,
-- supplementary configuration and relationships are JSON documents.
CREATE TABLE configuration_items (
	account_id             TEXT NOT NULL,
	region                 TEXT NOT NULL,
	resource_type          TEXT NOT NULL,
	resource_id            TEXT NOT NULL,
	capture_time           INTEGER NOT NULL,
	seq                    INTEGER NOT NULL,
	status                 TEXT NOT NULL,
	resource_name          TEXT,
	arn                    TEXT,
	availability_zone      TEXT,
	resource_creation_time INTEGER,
	state_id               TEXT NOT NULL,
	version                TEXT NOT NULL,
	schema_version_id      TEXT,
	tags                   TEXT NOT NULL CHECK (json_valid(tags)),
	configuration          TEXT,
	supplementary          TEXT NOT NULL CHECK (json_valid(supplementary)),
	relationships          TEXT NOT NULL CHECK (json_valid(relationships)),
	PRIMARY KEY (account_id, region, resource_type, resource_id, capture_time, seq)
) STRICT, WITHOUT ROWID;

CREATE TABLE resources (
	account_id    TEXT NOT NULL,
	region        TEXT NOT NULL,
	resource_type TEXT NOT NULL,
	resource_id   TEXT NOT NULL,
	resource_name TEXT,
	capture_time  INTEGER NOT NULL,
	seq           INTEGER NOT NULL,
	deleted       INTEGER NOT NULL,
	PRIMARY KEY (account_id, region, resource_type, resource_id)
) STRICT, WITHOUT ROWID;
