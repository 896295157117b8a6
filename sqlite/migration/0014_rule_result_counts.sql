-- How many COMPLIANT and NON_COMPLIANT results each rule has, kept by
-- triggers as results are written, so that compliance summaries over a
-- whole organization (the console's heat map, pack scores) read one row a
-- rule instead of every result: counting 3,500 results an account took
-- 3 ms, 3 s for 1,000 accounts.
CREATE TABLE rule_result_counts (
	account_id    TEXT NOT NULL,
	region        TEXT NOT NULL,
	rule_name     TEXT NOT NULL,
	compliant     INTEGER NOT NULL,
	non_compliant INTEGER NOT NULL,
	PRIMARY KEY (account_id, region, rule_name)
) STRICT, WITHOUT ROWID;

INSERT INTO rule_result_counts
	SELECT account_id, region, rule_name, sum(compliance = 'COMPLIANT'), sum(compliance = 'NON_COMPLIANT')
	FROM evaluation_results WHERE compliance IN ('COMPLIANT', 'NON_COMPLIANT') GROUP BY account_id, region, rule_name;

CREATE TRIGGER evaluation_results_counted_insert AFTER INSERT ON evaluation_results
WHEN NEW.compliance IN ('COMPLIANT', 'NON_COMPLIANT') BEGIN
	INSERT INTO rule_result_counts VALUES (NEW.account_id, NEW.region, NEW.rule_name,
		NEW.compliance = 'COMPLIANT', NEW.compliance = 'NON_COMPLIANT')
	ON CONFLICT (account_id, region, rule_name) DO UPDATE SET compliant = compliant + excluded.compliant,
		non_compliant = non_compliant + excluded.non_compliant;
END;

CREATE TRIGGER evaluation_results_counted_delete AFTER DELETE ON evaluation_results
WHEN OLD.compliance IN ('COMPLIANT', 'NON_COMPLIANT') BEGIN
	UPDATE rule_result_counts SET compliant = compliant - (OLD.compliance = 'COMPLIANT'),
		non_compliant = non_compliant - (OLD.compliance = 'NON_COMPLIANT')
	WHERE account_id = OLD.account_id AND region = OLD.region AND rule_name = OLD.rule_name;
END;

CREATE TRIGGER evaluation_results_counted_update AFTER UPDATE OF compliance ON evaluation_results
WHEN OLD.compliance != NEW.compliance BEGIN
	INSERT INTO rule_result_counts VALUES (NEW.account_id, NEW.region, NEW.rule_name,
		(NEW.compliance = 'COMPLIANT') - (OLD.compliance = 'COMPLIANT'),
		(NEW.compliance = 'NON_COMPLIANT') - (OLD.compliance = 'NON_COMPLIANT'))
	ON CONFLICT (account_id, region, rule_name) DO UPDATE SET compliant = compliant + excluded.compliant,
		non_compliant = non_compliant + excluded.non_compliant;
END;

CREATE TRIGGER config_rules_counts_deleted AFTER DELETE ON config_rules BEGIN
	DELETE FROM rule_result_counts WHERE account_id = OLD.account_id AND region = OLD.region AND rule_name = OLD.name;
END;
