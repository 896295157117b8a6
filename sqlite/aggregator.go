package sqlite

import (
	"encoding/json"
	"fmt"

	"conforms"
)

const aggregatorColumns = `account_id, region, name, arn, account_sources, org_source, created_at, updated_at`

func scanAggregator(s scanner) (*conforms.Aggregator, error) {
	var a conforms.Aggregator
	var org nullString
	err := s.Scan(&a.AccountID, &a.Region, &a.Name, &a.Arn, jsonValue{&a.AccountSources}, &org, (*micros)(&a.CreatedAt), (*micros)(&a.UpdatedAt))
	if err != nil {
		return nil, err
	}
	if org != "" {
		a.OrgSource = &conforms.AggregationSource{}
		if err := json.Unmarshal([]byte(org), a.OrgSource); err != nil {
			return nil, err
		}
	}
	return &a, nil
}

// Aggregator returns the named aggregator of an account in a region.
func (tx *Tx) Aggregator(accountID, region, name string) (*conforms.Aggregator, error) {
	a, err := scanAggregator(tx.queryRow(`SELECT `+aggregatorColumns+` FROM aggregators WHERE account_id = ? AND region = ? AND name = ?`,
		accountID, region, name))
	if err != nil {
		return nil, fmt.Errorf("get aggregator %s: %w", name, formatError(err))
	}
	return a, nil
}

// PutAggregator stores a.
func (tx *Tx) PutAggregator(a *conforms.Aggregator) error {
	sources := a.AccountSources
	if sources == nil {
		sources = []conforms.AggregationSource{}
	}
	var org nullString
	if a.OrgSource != nil {
		b, err := json.Marshal(a.OrgSource)
		if err != nil {
			return err
		}
		org = nullString(b)
	}
	_, err := tx.exec(`INSERT INTO aggregators (`+aggregatorColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (account_id, region, name) DO UPDATE SET arn = excluded.arn, account_sources = excluded.account_sources,
			org_source = excluded.org_source, created_at = excluded.created_at, updated_at = excluded.updated_at`,
		a.AccountID, a.Region, a.Name, a.Arn, jsonValue{&sources}, org, micros(a.CreatedAt), micros(a.UpdatedAt))
	if err != nil {
		return fmt.Errorf("put aggregator %s: %w", a.Name, formatError(err))
	}
	return nil
}

// DeleteAggregator deletes the named aggregator.
func (tx *Tx) DeleteAggregator(accountID, region, name string) error {
	if err := tx.deleteRows(`DELETE FROM aggregators WHERE account_id = ? AND region = ? AND name = ?`, accountID, region, name); err != nil {
		return fmt.Errorf("delete aggregator %s: %w", name, formatError(err))
	}
	return nil
}

// ListAggregators returns an account's aggregators in a region, by name.
func (tx *Tx) ListAggregators(accountID, region string, p conforms.Page) ([]*conforms.Aggregator, error) {
	rows, err := list(tx, scanAggregator, `SELECT `+aggregatorColumns+` FROM aggregators WHERE account_id = ? AND region = ? AND name > ?
		ORDER BY name LIMIT ?`, accountID, region, p.After, limit(p))
	if err != nil {
		return nil, fmt.Errorf("list aggregators: %w", formatError(err))
	}
	return rows, nil
}

// ConfigRuleRegions returns the regions in which an account has rules.
func (tx *Tx) ConfigRuleRegions(accountID string) ([]string, error) {
	rows, err := tx.query(`SELECT DISTINCT region FROM config_rules WHERE account_id = ? ORDER BY region`, accountID)
	if err != nil {
		return nil, fmt.Errorf("config rule regions: %w", formatError(err))
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
