package postgres

import (
	"fmt"
	"strings"
	"time"

	"conforms"

	"github.com/jackc/pgx/v5"
)

const evaluationColumns = `account_id, region, rule_name, resource_type, resource_id, compliance, annotation, recorded_at,
	invoked_at, ordering_at`

func scanEvaluation(s scanner) (*conforms.EvaluationResult, error) {
	var r conforms.EvaluationResult
	err := s.Scan(&r.AccountID, &r.Region, &r.RuleName, &r.ResourceType, &r.ResourceID, &r.Compliance,
		(*nullString)(&r.Annotation), (*timestampCol)(&r.RecordedAt), (*timestampCol)(&r.InvokedAt), (*timestampCol)(&r.OrderingAt))
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// PutEvaluationResult stores r unless the stored result has the same compliance.
func (tx *Tx) PutEvaluationResult(r *conforms.EvaluationResult) (bool, error) {
	n, err := tx.PutEvaluationResults([]*conforms.EvaluationResult{r})
	return n > 0, err
}

// PutEvaluationResults stores results with one INSERT of arrays, whatever
// their number. A result replaces the stored one only when its compliance
// differs.
func (tx *Tx) PutEvaluationResults(rs []*conforms.EvaluationResult) (int, error) {
	rs = lastByKey(rs, func(r *conforms.EvaluationResult) [5]string {
		return [5]string{r.AccountID, r.Region, r.RuleName, r.ResourceType, r.ResourceID}
	})
	if len(rs) == 0 {
		return 0, nil
	}
	var accounts, regions, rules, types, ids, compliance, annotations []string
	var recorded, invoked, ordering []*time.Time
	for _, r := range rs {
		accounts = append(accounts, r.AccountID)
		regions = append(regions, r.Region)
		rules = append(rules, r.RuleName)
		types = append(types, r.ResourceType)
		ids = append(ids, r.ResourceID)
		compliance = append(compliance, r.Compliance)
		annotations = append(annotations, r.Annotation)
		recorded = append(recorded, timestampPtr(r.RecordedAt))
		invoked = append(invoked, timestampPtr(r.InvokedAt))
		ordering = append(ordering, timestampPtr(r.OrderingAt))
	}
	tag, err := tx.exec(`INSERT INTO evaluation_results (`+evaluationColumns+`)
		SELECT a, r, n, t, i, c, nullif(an, ''), rec, inv, ord
		FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
			$8::timestamptz[], $9::timestamptz[], $10::timestamptz[]) AS u (a, r, n, t, i, c, an, rec, inv, ord)
		ON CONFLICT (account_id, region, rule_name, resource_type, resource_id) DO UPDATE SET compliance = excluded.compliance,
			annotation = excluded.annotation, recorded_at = excluded.recorded_at, invoked_at = excluded.invoked_at,
			ordering_at = excluded.ordering_at
		WHERE evaluation_results.compliance <> excluded.compliance`,
		accounts, regions, rules, types, ids, compliance, annotations, recorded, invoked, ordering)
	if err != nil {
		return 0, fmt.Errorf("put %d evaluation results: %w", len(rs), formatError(err))
	}
	return int(tag.RowsAffected()), nil
}

func evaluationConditions(f conforms.EvaluationFilter) *conditions {
	var c conditions
	c.add("account_id = ?", f.AccountID)
	c.add("region = ?", f.Region)
	c.eq("rule_name", f.RuleName)
	c.eq("resource_type", f.ResourceType)
	c.eq("resource_id", f.ResourceID)
	if len(f.ResourceIDs) > 0 {
		c.add("resource_id = ANY(?)", f.ResourceIDs)
	}
	return &c
}

// CountEvaluationResults counts results by rule and compliance: COMPLIANT
// and NON_COMPLIANT from the counts that triggers keep (rule_result_counts),
// others by reading the results.
func (tx *Tx) CountEvaluationResults(accountID, region string, compliance []string) ([]conforms.ResultCount, error) {
	var out []conforms.ResultCount
	wantOK, wantNC, others := false, false, false
	for _, c := range compliance {
		switch c {
		case conforms.Compliant:
			wantOK = true
		case conforms.NonCompliant:
			wantNC = true
		default:
			others = true
		}
	}
	if others {
		err := tx.query(func(rows pgx.Rows) error {
			var c conforms.ResultCount
			if err := rows.Scan(&c.RuleName, &c.Compliance, &c.N); err != nil {
				return err
			}
			out = append(out, c)
			return nil
		}, `SELECT rule_name, compliance, count(*) FROM evaluation_results WHERE account_id = $1 AND region = $2
			AND compliance = ANY($3) GROUP BY rule_name, compliance ORDER BY rule_name, compliance`, accountID, region, compliance)
		if err != nil {
			return nil, fmt.Errorf("count evaluation results: %w", formatError(err))
		}
		return out, nil
	}
	err := tx.query(func(rows pgx.Rows) error {
		var rule string
		var ok, nc int
		if err := rows.Scan(&rule, &ok, &nc); err != nil {
			return err
		}
		if wantOK && ok > 0 {
			out = append(out, conforms.ResultCount{RuleName: rule, Compliance: conforms.Compliant, N: ok})
		}
		if wantNC && nc > 0 {
			out = append(out, conforms.ResultCount{RuleName: rule, Compliance: conforms.NonCompliant, N: nc})
		}
		return nil
	}, `SELECT rule_name, compliant, non_compliant FROM rule_result_counts WHERE account_id = $1 AND region = $2
		ORDER BY rule_name`, accountID, region)
	if err != nil {
		return nil, fmt.Errorf("count evaluation results: %w", formatError(err))
	}
	return out, nil
}

// DeleteEvaluationResults deletes the results that match f.
func (tx *Tx) DeleteEvaluationResults(f conforms.EvaluationFilter) error {
	c := evaluationConditions(f)
	if _, err := tx.exec(`DELETE FROM evaluation_results`+c.where(), c.args...); err != nil {
		return fmt.Errorf("delete evaluation results: %w", formatError(err))
	}
	return nil
}

// ListEvaluationResults returns the results that match f.
func (tx *Tx) ListEvaluationResults(f conforms.EvaluationFilter) ([]*conforms.EvaluationResult, error) {
	c := evaluationConditions(f)
	if len(f.Compliance) > 0 {
		c.add("compliance = ANY(?)", f.Compliance)
	}
	if f.After != "" {
		parts := strings.SplitN(f.After, "\x00", 3)
		for len(parts) < 3 {
			parts = append(parts, "")
		}
		c.add("(rule_name, resource_type, resource_id) > (?, ?, ?)", parts[0], parts[1], parts[2])
	}
	q := `SELECT ` + evaluationColumns + ` FROM evaluation_results` + c.where() +
		` ORDER BY rule_name, resource_type, resource_id LIMIT ` + c.param(limit(f.Page))
	rows, err := list(tx, scanEvaluation, q, c.args...)
	if err != nil {
		return nil, fmt.Errorf("list evaluation results: %w", formatError(err))
	}
	return rows, nil
}

// RuleEvaluationStatus returns how a rule's evaluations went.
func (tx *Tx) RuleEvaluationStatus(accountID, region, ruleName string) (*conforms.RuleEvaluationStatus, error) {
	var st conforms.RuleEvaluationStatus
	err := tx.queryRow(`SELECT account_id, region, rule_name, last_successful_at, last_failed_at, first_evaluation_started,
			last_error_code, last_error_message FROM rule_evaluation_status WHERE account_id = $1 AND region = $2 AND rule_name = $3`,
		accountID, region, ruleName).Scan(&st.AccountID, &st.Region, &st.RuleName, (*timestampCol)(&st.LastSuccessfulAt),
		(*timestampCol)(&st.LastFailedAt), &st.FirstEvaluationStarted, (*nullString)(&st.LastErrorCode), (*nullString)(&st.LastErrorMessage))
	if err != nil {
		return nil, fmt.Errorf("get rule evaluation status rule=%s: %w", ruleName, formatError(err))
	}
	return &st, nil
}

// RecordRuleEvaluations records that rules were evaluated at a time, in
// one upsert.
func (tx *Tx) RecordRuleEvaluations(accountID, region string, rules []string, at time.Time, code, message string) error {
	if len(rules) == 0 {
		return nil
	}
	set := `last_successful_at = excluded.last_successful_at, last_error_code = NULL, last_error_message = NULL`
	var ok, failed any
	if code == "" {
		ok = timestamp(at)
	} else {
		failed = timestamp(at)
		set = `last_failed_at = excluded.last_failed_at, last_error_code = excluded.last_error_code,
			last_error_message = excluded.last_error_message`
	}
	_, err := tx.exec(`INSERT INTO rule_evaluation_status (account_id, region, rule_name, last_successful_at, last_failed_at,
			last_error_code, last_error_message, first_evaluation_started)
		SELECT $1, $2, name, $4::timestamptz, $5::timestamptz, $6::text, $7::text, true FROM unnest($3::text[]) AS name
		ON CONFLICT (account_id, region, rule_name) DO UPDATE SET first_evaluation_started = true, `+set,
		accountID, region, rules, ok, failed, text(code), text(message))
	if err != nil {
		return fmt.Errorf("record %d rule evaluations: %w", len(rules), formatError(err))
	}
	return nil
}
