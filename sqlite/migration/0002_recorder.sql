-- Configuration recorders and delivery channels: at most one of each per
-- account and region. The recording group and mode are JSON documents of
-- conforms.RecordingGroup and conforms.RecordingMode.
CREATE TABLE recorders (
	account_id              TEXT NOT NULL,
	region                  TEXT NOT NULL,
	name                    TEXT NOT NULL,
	id                      TEXT NOT NULL,
	role_arn                TEXT NOT NULL,
	recording_group         TEXT NOT NULL CHECK (json_valid(recording_group)),
	recording_mode          TEXT NOT NULL CHECK (json_valid(recording_mode)),
	recording               INTEGER NOT NULL,
	last_status             TEXT,
	last_start_time         INTEGER,
	last_stop_time          INTEGER,
	last_status_change_time INTEGER,
	PRIMARY KEY (account_id, region)
) STRICT;

CREATE TABLE delivery_channels (
	account_id         TEXT NOT NULL,
	region             TEXT NOT NULL,
	name               TEXT NOT NULL,
	s3_bucket_name     TEXT,
	s3_key_prefix      TEXT,
	s3_kms_key_arn     TEXT,
	sns_topic_arn      TEXT,
	delivery_frequency TEXT,
	PRIMARY KEY (account_id, region)
) STRICT;
