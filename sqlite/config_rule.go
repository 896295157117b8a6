package sqlite

import (
	"fmt"
	"strings"

	"conforms"
)

const configRuleColumns = `account_id, region, name, id, arn, description, source, scope, input_parameters,
	maximum_execution_frequency, state, created_by, evaluation_modes, created_at, conformance_pack`

func scanConfigRule(s scanner) (*conforms.ConfigRule, error) {
	var r conforms.ConfigRule
	err := s.Scan(&r.AccountID, &r.Region, &r.Name, &r.ID, &r.Arn, (*nullString)(&r.Description),
		jsonValue{&r.Source}, jsonValue{&r.Scope}, (*nullString)(&r.InputParameters),
		(*nullString)(&r.MaximumExecutionFrequency), &r.State, (*nullString)(&r.CreatedBy),
		(*jsonStrings)(&r.EvaluationModes), (*micros)(&r.CreatedAt), (*nullString)(&r.ConformancePack))
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// ConfigRule returns the named rule of an account in a region.
func (tx *Tx) ConfigRule(accountID, region, name string) (*conforms.ConfigRule, error) {
	const q = `SELECT ` + configRuleColumns + ` FROM config_rules WHERE account_id = ? AND region = ? AND name = ?`
	r, err := scanConfigRule(tx.queryRow(q, accountID, region, name))
	if err != nil {
		return nil, fmt.Errorf("get config rule account=%s region=%s name=%s: %w", accountID, region, name, formatError(err))
	}
	return r, nil
}

// ConfigRuleByID returns the rule of an account in a region with the given id.
func (tx *Tx) ConfigRuleByID(accountID, region, id string) (*conforms.ConfigRule, error) {
	const q = `SELECT ` + configRuleColumns + ` FROM config_rules WHERE account_id = ? AND region = ? AND id = ?`
	r, err := scanConfigRule(tx.queryRow(q, accountID, region, id))
	if err != nil {
		return nil, fmt.Errorf("get config rule id=%s: %w", id, formatError(err))
	}
	return r, nil
}

// configRuleUpsert ends the INSERT of config rules: a rule replaces the one
// of the same name, but only if both belong to the same conformance pack
// (none counts as one), so that a pack never takes over another's rule.
const configRuleUpsert = `
		ON CONFLICT (account_id, region, name) DO UPDATE SET
			id = excluded.id, arn = excluded.arn, description = excluded.description, source = excluded.source,
			scope = excluded.scope, input_parameters = excluded.input_parameters,
			maximum_execution_frequency = excluded.maximum_execution_frequency, state = excluded.state,
			created_by = excluded.created_by, evaluation_modes = excluded.evaluation_modes, created_at = excluded.created_at,
			conformance_pack = excluded.conformance_pack`

func configRuleArgs(r *conforms.ConfigRule) []any {
	return []any{r.AccountID, r.Region, r.Name, r.ID, r.Arn, nullString(r.Description),
		jsonValue{&r.Source}, jsonValue{&r.Scope}, nullString(r.InputParameters), nullString(r.MaximumExecutionFrequency),
		r.State, nullString(r.CreatedBy), jsonStrings(r.EvaluationModes), micros(r.CreatedAt), nullString(r.ConformancePack)}
}

// PutConfigRule stores r.
func (tx *Tx) PutConfigRule(r *conforms.ConfigRule) error {
	q := `INSERT INTO config_rules (` + configRuleColumns + `) VALUES ` + placeholders(1, 15) + configRuleUpsert
	if _, err := tx.exec(q, configRuleArgs(r)...); err != nil {
		return fmt.Errorf("put config rule account=%s region=%s name=%s: %w", r.AccountID, r.Region, r.Name, formatError(err))
	}
	return nil
}

// configRulesPerInsert is how many rules one INSERT of PutConfigRules writes
// (15 parameters each, well under SQLite's 32,766).
const configRulesPerInsert = 256

// PutConfigRules stores rules with multi-row INSERTs. A rule whose name an
// existing rule of another conformance pack (or of none) holds is not
// written, and the call returns ErrConflict.
func (tx *Tx) PutConfigRules(rules []*conforms.ConfigRule) error {
	for len(rules) > 0 {
		chunk := rules[:min(len(rules), configRulesPerInsert)]
		rules = rules[len(chunk):]
		args := make([]any, 0, 15*len(chunk))
		for _, r := range chunk {
			args = append(args, configRuleArgs(r)...)
		}
		q := `INSERT INTO config_rules (` + configRuleColumns + `) VALUES ` + placeholders(len(chunk), 15) + configRuleUpsert +
			` WHERE coalesce(config_rules.conformance_pack, '') = coalesce(excluded.conformance_pack, '')`
		res, err := tx.exec(q, args...)
		if err != nil {
			return fmt.Errorf("put %d config rules: %w", len(chunk), formatError(err))
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("put %d config rules: %w", len(chunk), err)
		} else if n != int64(len(chunk)) {
			return fmt.Errorf("put %d config rules: %d names belong to other rules: %w", len(chunk), int64(len(chunk))-n, conforms.ErrConflict)
		}
	}
	return nil
}

// placeholders returns rows parenthesised groups of cols "?" each.
func placeholders(rows, cols int) string {
	group := "(" + strings.Repeat("?, ", cols-1) + "?)"
	return strings.Repeat(group+", ", rows-1) + group
}

// DeleteConfigRule deletes the named rule of an account in a region.
func (tx *Tx) DeleteConfigRule(accountID, region, name string) error {
	err := tx.deleteRows(`DELETE FROM config_rules WHERE account_id = ? AND region = ? AND name = ?`, accountID, region, name)
	if err != nil {
		return fmt.Errorf("delete config rule account=%s region=%s name=%s: %w", accountID, region, name, formatError(err))
	}
	return nil
}

// ListConfigRules returns the rules of an account in a region, ordered by name.
func (tx *Tx) ListConfigRules(f conforms.ConfigRuleFilter) ([]*conforms.ConfigRule, error) {
	const q = `SELECT ` + configRuleColumns + ` FROM config_rules
		WHERE account_id = ?1 AND region = ?2 AND (?3 = '' OR conformance_pack = ?3) AND name > ?4 ORDER BY name LIMIT ?5`
	rules, err := list(tx, scanConfigRule, q, f.AccountID, f.Region, f.ConformancePack, f.After, limit(f.Page))
	if err != nil {
		return nil, fmt.Errorf("list config rules account=%s region=%s: %w", f.AccountID, f.Region, formatError(err))
	}
	return rules, nil
}

// ConfigRuleIDs returns the ids of an account's rules in a region.
func (tx *Tx) ConfigRuleIDs(accountID, region string) ([]string, error) {
	rows, err := tx.query(`SELECT id FROM config_rules WHERE account_id = ? AND region = ?`, accountID, region)
	if err != nil {
		return nil, fmt.Errorf("list config rule ids account=%s region=%s: %w", accountID, region, formatError(err))
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// DeleteConformancePackRules deletes the rules a conformance pack created
// in its account, with their remediation configurations and exceptions.
func (tx *Tx) DeleteConformancePackRules(accountID, region, pack string) error {
	for _, q := range []string{
		`DELETE FROM remediation_exceptions WHERE account_id = ?1 AND region = ?2 AND config_rule_name IN
			(SELECT name FROM config_rules WHERE account_id = ?1 AND region = ?2 AND conformance_pack = ?3)`,
		`DELETE FROM remediation_configurations WHERE account_id = ?1 AND region = ?2 AND config_rule_name IN
			(SELECT name FROM config_rules WHERE account_id = ?1 AND region = ?2 AND conformance_pack = ?3)`,
		`DELETE FROM config_rules WHERE account_id = ?1 AND region = ?2 AND conformance_pack = ?3`,
	} {
		if _, err := tx.exec(q, accountID, region, pack); err != nil {
			return fmt.Errorf("delete rules of conformance pack account=%s region=%s pack=%s: %w", accountID, region, pack, formatError(err))
		}
	}
	return nil
}

// CountConfigRules returns how many rules an account has in a region.
func (tx *Tx) CountConfigRules(accountID, region string) (int, error) {
	var n int
	err := tx.queryRow(`SELECT count(*) FROM config_rules WHERE account_id = ? AND region = ?`, accountID, region).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count config rules account=%s region=%s: %w", accountID, region, formatError(err))
	}
	return n, nil
}
