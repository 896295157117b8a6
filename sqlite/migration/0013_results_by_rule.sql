-- Evaluation results lose their index by resource: keeping it cost a
-- large import two fifths of the time it spent writing results. A
-- resource's results are found by the primary key instead, one seek per
-- rule of the account (every result belongs to a rule that exists: deleting
-- a rule deletes its results).
DROP INDEX evaluation_results_resource;
