package sqlite

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"conforms"
)

const evaluationColumns = `account_id, region, rule_name, resource_type, resource_id, compliance, annotation, recorded_at,
	invoked_at, ordering_at`

func scanEvaluation(s scanner) (*conforms.EvaluationResult, error) {
	var r conforms.EvaluationResult
	err := s.Scan(&r.AccountID, &r.Region, &r.RuleName, &r.ResourceType, &r.ResourceID, &r.Compliance,
		(*nullString)(&r.Annotation), (*micros)(&r.RecordedAt), (*micros)(&r.InvokedAt), (*micros)(&r.OrderingAt))
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// evaluationUpsert ends the INSERT of results: a result replaces the
// stored one only when its compliance differs.
const evaluationUpsert = `
		ON CONFLICT (account_id, region, rule_name, resource_type, resource_id) DO UPDATE SET compliance = excluded.compliance,
			annotation = excluded.annotation, recorded_at = excluded.recorded_at, invoked_at = excluded.invoked_at,
			ordering_at = excluded.ordering_at
		WHERE evaluation_results.compliance != excluded.compliance`

func evaluationArgs(r *conforms.EvaluationResult) []any {
	return []any{r.AccountID, r.Region, r.RuleName, r.ResourceType, r.ResourceID, r.Compliance, nullString(r.Annotation),
		micros(r.RecordedAt), micros(r.InvokedAt), micros(r.OrderingAt)}
}

// PutEvaluationResult stores r unless the stored result has the same compliance.
func (tx *Tx) PutEvaluationResult(r *conforms.EvaluationResult) (bool, error) {
	n, err := tx.PutEvaluationResults([]*conforms.EvaluationResult{r})
	return n > 0, err
}

// resultsPerInsert is how many results one INSERT writes (10 parameters each).
const resultsPerInsert = 256

// PutEvaluationResults stores results with multi-row INSERTs, in the
// order of the table's key: new rows then fill pages one after the other
// instead of splitting them at random.
func (tx *Tx) PutEvaluationResults(rs []*conforms.EvaluationResult) (int, error) {
	rs = slices.Clone(rs)
	slices.SortStableFunc(rs, func(a, b *conforms.EvaluationResult) int {
		return cmp.Or(strings.Compare(a.AccountID, b.AccountID), strings.Compare(a.Region, b.Region),
			strings.Compare(a.RuleName, b.RuleName), strings.Compare(a.ResourceType, b.ResourceType),
			strings.Compare(a.ResourceID, b.ResourceID))
	})
	written := 0
	for len(rs) > 0 {
		chunk := rs[:min(len(rs), resultsPerInsert)]
		rs = rs[len(chunk):]
		args := make([]any, 0, 10*len(chunk))
		for _, r := range chunk {
			args = append(args, evaluationArgs(r)...)
		}
		res, err := tx.exec(`INSERT INTO evaluation_results (`+evaluationColumns+`) VALUES `+placeholders(len(chunk), 10)+evaluationUpsert, args...)
		if err != nil {
			return written, fmt.Errorf("put %d evaluation results: %w", len(chunk), formatError(err))
		}
		n, err := res.RowsAffected()
		if err != nil {
			return written, err
		}
		written += int(n)
	}
	return written, nil
}

func evaluationConditions(f conforms.EvaluationFilter) *conditions {
	var c conditions
	c.add("account_id = ?", f.AccountID)
	c.add("region = ?", f.Region)
	c.eq("rule_name", f.RuleName)
	if f.RuleName == "" && (f.ResourceID != "" || len(f.ResourceIDs) > 0) {
		// The results of given resources: one seek of the primary key per
		// rule of the account, rather than a scan of the account's results.
		c.add("rule_name IN (SELECT name FROM config_rules WHERE account_id = ? AND region = ?)", f.AccountID, f.Region)
	}
	c.eq("resource_type", f.ResourceType)
	c.eq("resource_id", f.ResourceID)
	if len(f.ResourceIDs) > 0 {
		c.add("resource_id IN (SELECT value FROM json_each(?))", jsonStrings(f.ResourceIDs))
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
		rows, err := tx.query(`SELECT rule_name, compliance, count(*) FROM evaluation_results WHERE account_id = ? AND region = ?
			AND compliance IN (SELECT value FROM json_each(?)) GROUP BY rule_name, compliance ORDER BY rule_name, compliance`,
			accountID, region, jsonStrings(compliance))
		if err != nil {
			return nil, fmt.Errorf("count evaluation results: %w", formatError(err))
		}
		defer rows.Close()
		for rows.Next() {
			var c conforms.ResultCount
			if err := rows.Scan(&c.RuleName, &c.Compliance, &c.N); err != nil {
				return nil, err
			}
			out = append(out, c)
		}
		return out, rows.Err()
	}
	rows, err := tx.query(`SELECT rule_name, compliant, non_compliant FROM rule_result_counts WHERE account_id = ? AND region = ?`,
		accountID, region)
	if err != nil {
		return nil, fmt.Errorf("count evaluation results: %w", formatError(err))
	}
	defer rows.Close()
	for rows.Next() {
		var rule string
		var ok, nc int
		if err := rows.Scan(&rule, &ok, &nc); err != nil {
			return nil, err
		}
		if wantOK && ok > 0 {
			out = append(out, conforms.ResultCount{RuleName: rule, Compliance: conforms.Compliant, N: ok})
		}
		if wantNC && nc > 0 {
			out = append(out, conforms.ResultCount{RuleName: rule, Compliance: conforms.NonCompliant, N: nc})
		}
	}
	return out, rows.Err()
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
		c.add("compliance IN (SELECT value FROM json_each(?))", jsonStrings(f.Compliance))
	}
	if f.After != "" {
		parts := strings.SplitN(f.After, "\x00", 3)
		for len(parts) < 3 {
			parts = append(parts, "")
		}
		c.add("(rule_name, resource_type, resource_id) > (?, ?, ?)", parts[0], parts[1], parts[2])
	}
	q := `SELECT ` + evaluationColumns + ` FROM evaluation_results` + c.where() + ` ORDER BY rule_name, resource_type, resource_id LIMIT ?`
	rows, err := list(tx, scanEvaluation, q, append(c.args, limit(f.Page))...)
	if err != nil {
		return nil, fmt.Errorf("list evaluation results: %w", formatError(err))
	}
	return rows, nil
}

// RuleEvaluationStatus returns how a rule's evaluations went.
func (tx *Tx) RuleEvaluationStatus(accountID, region, ruleName string) (*conforms.RuleEvaluationStatus, error) {
	var st conforms.RuleEvaluationStatus
	err := tx.queryRow(`SELECT account_id, region, rule_name, last_successful_at, last_failed_at, first_evaluation_started,
			last_error_code, last_error_message FROM rule_evaluation_status WHERE account_id = ? AND region = ? AND rule_name = ?`,
		accountID, region, ruleName).Scan(&st.AccountID, &st.Region, &st.RuleName, (*micros)(&st.LastSuccessfulAt),
		(*micros)(&st.LastFailedAt), &st.FirstEvaluationStarted, (*nullString)(&st.LastErrorCode), (*nullString)(&st.LastErrorMessage))
	if err != nil {
		return nil, fmt.Errorf("get rule evaluation status rule=%s: %w", ruleName, formatError(err))
	}
	return &st, nil
}

// RecordRuleEvaluations records that rules were evaluated at a time, with
// one upsert per 500 rules.
func (tx *Tx) RecordRuleEvaluations(accountID, region string, rules []string, at time.Time, code, message string) error {
	set := `last_successful_at = excluded.last_successful_at, last_error_code = NULL, last_error_message = NULL`
	var ok, failed micros
	if code == "" {
		ok = micros(at)
	} else {
		failed = micros(at)
		set = `last_failed_at = excluded.last_failed_at, last_error_code = excluded.last_error_code,
			last_error_message = excluded.last_error_message`
	}
	for len(rules) > 0 {
		chunk := rules[:min(len(rules), 500)]
		rules = rules[len(chunk):]
		args := make([]any, 0, 7*len(chunk))
		for _, name := range chunk {
			args = append(args, accountID, region, name, ok, failed, nullString(code), nullString(message))
		}
		_, err := tx.exec(`INSERT INTO rule_evaluation_status (account_id, region, rule_name, last_successful_at, last_failed_at,
				last_error_code, last_error_message, first_evaluation_started) VALUES `+
			strings.Repeat("(?, ?, ?, ?, ?, ?, ?, 1), ", len(chunk)-1)+`(?, ?, ?, ?, ?, ?, ?, 1)
			ON CONFLICT (account_id, region, rule_name) DO UPDATE SET first_evaluation_started = 1, `+set, args...)
		if err != nil {
			return fmt.Errorf("record %d rule evaluations: %w", len(chunk), formatError(err))
		}
	}
	return nil
}
