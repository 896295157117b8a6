-- S3 buckets and their objects. Bucket names are global. Objects keep their
-- body as a BLOB; metadata is a JSON object of the x-amz-meta-* headers.
-- A bucket cannot be deleted while it holds objects.
CREATE TABLE buckets (
	name       TEXT PRIMARY KEY,
	account_id TEXT NOT NULL,
	region     TEXT NOT NULL,
	policy     TEXT,
	created_at INTEGER
) STRICT;

CREATE INDEX buckets_account_id ON buckets (account_id, name);

CREATE TABLE objects (
	bucket        TEXT NOT NULL REFERENCES buckets (name),
	key           TEXT NOT NULL,
	body          BLOB NOT NULL,
	size          INTEGER NOT NULL,
	etag          TEXT NOT NULL,
	content_type  TEXT,
	metadata      TEXT NOT NULL CHECK (json_valid(metadata)),
	last_modified INTEGER,
	PRIMARY KEY (bucket, key)
) STRICT;
