-- Configuration items without json_valid checks: the store writes tags,
-- supplementary configuration and relationships from Go values it encodes
-- itself, and parsing them again cost an import a twentieth of its write
-- time. SQLite cannot drop a CHECK, so the table is built anew.
CREATE TABLE configuration_items_unchecked (
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
	tags                   TEXT NOT NULL,
	configuration          TEXT,
	supplementary          TEXT NOT NULL,
	relationships          TEXT NOT NULL,
	PRIMARY KEY (account_id, region, resource_type, resource_id, capture_time, seq)
) STRICT, WITHOUT ROWID;
INSERT INTO configuration_items_unchecked SELECT * FROM configuration_items;
DROP TABLE configuration_items;
ALTER TABLE configuration_items_unchecked RENAME TO configuration_items;
