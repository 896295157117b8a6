-- How many COMPLIANT and NON_COMPLIANT results each rule has, kept by
-- statement triggers as results are written (one aggregated upsert per
-- statement, from its transition tables), so that compliance summaries over
-- a whole organization read one row a rule instead of every result.
CREATE TABLE rule_result_counts (
	account_id    text COLLATE "C" NOT NULL,
	region        text COLLATE "C" NOT NULL,
	rule_name     text COLLATE "C" NOT NULL,
	compliant     bigint NOT NULL,
	non_compliant bigint NOT NULL,
	PRIMARY KEY (account_id, region, rule_name)
);

INSERT INTO rule_result_counts
	SELECT account_id, region, rule_name, count(*) FILTER (WHERE compliance = 'COMPLIANT'),
		count(*) FILTER (WHERE compliance = 'NON_COMPLIANT')
	FROM evaluation_results WHERE compliance IN ('COMPLIANT', 'NON_COMPLIANT') GROUP BY account_id, region, rule_name;

-- count_results adds the counts of the rows in new_rows (when there is
-- one) and takes away those in old_rows (when there is one).
CREATE FUNCTION count_results() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		INSERT INTO rule_result_counts AS c
			SELECT account_id, region, rule_name, count(*) FILTER (WHERE compliance = 'COMPLIANT'),
				count(*) FILTER (WHERE compliance = 'NON_COMPLIANT')
			FROM new_rows WHERE compliance IN ('COMPLIANT', 'NON_COMPLIANT') GROUP BY account_id, region, rule_name
		ON CONFLICT (account_id, region, rule_name) DO UPDATE SET compliant = c.compliant + excluded.compliant,
			non_compliant = c.non_compliant + excluded.non_compliant;
	END IF;
	IF TG_OP IN ('DELETE', 'UPDATE') THEN
		UPDATE rule_result_counts AS c SET compliant = c.compliant - o.ok, non_compliant = c.non_compliant - o.nc
		FROM (SELECT account_id, region, rule_name, count(*) FILTER (WHERE compliance = 'COMPLIANT') AS ok,
				count(*) FILTER (WHERE compliance = 'NON_COMPLIANT') AS nc
			FROM old_rows WHERE compliance IN ('COMPLIANT', 'NON_COMPLIANT') GROUP BY account_id, region, rule_name) AS o
		WHERE c.account_id = o.account_id AND c.region = o.region AND c.rule_name = o.rule_name;
	END IF;
	RETURN NULL;
END $$;

CREATE TRIGGER evaluation_results_counted_insert AFTER INSERT ON evaluation_results
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION count_results();
CREATE TRIGGER evaluation_results_counted_update AFTER UPDATE ON evaluation_results
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION count_results();
CREATE TRIGGER evaluation_results_counted_delete AFTER DELETE ON evaluation_results
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION count_results();

CREATE FUNCTION forget_rule_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM rule_result_counts AS c USING old_rows AS o
	WHERE c.account_id = o.account_id AND c.region = o.region AND c.rule_name = o.name;
	RETURN NULL;
END $$;

CREATE TRIGGER config_rules_counts_deleted AFTER DELETE ON config_rules
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION forget_rule_counts();
