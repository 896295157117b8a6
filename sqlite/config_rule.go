package sqlite

import (
	"fmt"

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
	r, err := scanConfigRule(tx.tx.QueryRowContext(tx.ctx, q, accountID, region, name))
	if err != nil {
		return nil, fmt.Errorf("get config rule account=%s region=%s name=%s: %w", accountID, region, name, formatError(err))
	}
	return r, nil
}

// ConfigRuleByID returns the rule with the given id, in any account.
func (tx *Tx) ConfigRuleByID(id string) (*conforms.ConfigRule, error) {
	const q = `SELECT ` + configRuleColumns + ` FROM config_rules WHERE id = ?`
	r, err := scanConfigRule(tx.tx.QueryRowContext(tx.ctx, q, id))
	if err != nil {
		return nil, fmt.Errorf("get config rule id=%s: %w", id, formatError(err))
	}
	return r, nil
}

// PutConfigRule stores r.
func (tx *Tx) PutConfigRule(r *conforms.ConfigRule) error {
	const q = `INSERT INTO config_rules (` + configRuleColumns + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (account_id, region, name) DO UPDATE SET
			id = excluded.id, arn = excluded.arn, description = excluded.description, source = excluded.source,
			scope = excluded.scope, input_parameters = excluded.input_parameters,
			maximum_execution_frequency = excluded.maximum_execution_frequency, state = excluded.state,
			created_by = excluded.created_by, evaluation_modes = excluded.evaluation_modes, created_at = excluded.created_at,
			conformance_pack = excluded.conformance_pack`
	_, err := tx.tx.ExecContext(tx.ctx, q, r.AccountID, r.Region, r.Name, r.ID, r.Arn, nullString(r.Description),
		jsonValue{&r.Source}, jsonValue{&r.Scope}, nullString(r.InputParameters), nullString(r.MaximumExecutionFrequency),
		r.State, nullString(r.CreatedBy), jsonStrings(r.EvaluationModes), micros(r.CreatedAt), nullString(r.ConformancePack))
	if err != nil {
		return fmt.Errorf("put config rule account=%s region=%s name=%s: %w", r.AccountID, r.Region, r.Name, formatError(err))
	}
	return nil
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

// CountConfigRules returns how many rules an account has in a region.
func (tx *Tx) CountConfigRules(accountID, region string) (int, error) {
	var n int
	err := tx.tx.QueryRowContext(tx.ctx, `SELECT count(*) FROM config_rules WHERE account_id = ? AND region = ?`, accountID, region).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count config rules account=%s region=%s: %w", accountID, region, formatError(err))
	}
	return n, nil
}
