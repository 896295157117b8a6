-- Configuration aggregators. Sources are JSON documents of
-- []conforms.AggregationSource and *conforms.AggregationSource.
CREATE TABLE aggregators (
	account_id      TEXT NOT NULL,
	region          TEXT NOT NULL,
	name            TEXT NOT NULL,
	arn             TEXT NOT NULL,
	account_sources TEXT NOT NULL CHECK (json_valid(account_sources)),
	org_source      TEXT CHECK (org_source IS NULL OR json_valid(org_source)),
	created_at      INTEGER,
	updated_at      INTEGER,
	PRIMARY KEY (account_id, region, name)
) STRICT, WITHOUT ROWID;
