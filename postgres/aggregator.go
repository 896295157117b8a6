package postgres

import (
	"fmt"

	"conforms"

	"github.com/jackc/pgx/v5"
)

const aggregatorColumns = `account_id, region, name, arn, account_sources, org_source, created_at, updated_at`

func scanAggregator(s scanner) (*conforms.Aggregator, error) {
	var a conforms.Aggregator
	err := s.Scan(&a.AccountID, &a.Region, &a.Name, &a.Arn, &a.AccountSources, &a.OrgSource,
		(*timestampCol)(&a.CreatedAt), (*timestampCol)(&a.UpdatedAt))
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// Aggregator returns the named aggregator of an account in a region.
func (tx *Tx) Aggregator(accountID, region, name string) (*conforms.Aggregator, error) {
	a, err := scanAggregator(tx.queryRow(`SELECT `+aggregatorColumns+` FROM aggregators WHERE account_id = $1 AND region = $2 AND name = $3`,
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
	var org any // NULL for none
	if a.OrgSource != nil {
		org = a.OrgSource
	}
	_, err := tx.exec(`INSERT INTO aggregators (`+aggregatorColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (account_id, region, name) DO UPDATE SET arn = excluded.arn, account_sources = excluded.account_sources,
			org_source = excluded.org_source, created_at = excluded.created_at, updated_at = excluded.updated_at`,
		a.AccountID, a.Region, a.Name, a.Arn, sources, org, timestamp(a.CreatedAt), timestamp(a.UpdatedAt))
	if err != nil {
		return fmt.Errorf("put aggregator %s: %w", a.Name, formatError(err))
	}
	return nil
}

// DeleteAggregator deletes the named aggregator.
func (tx *Tx) DeleteAggregator(accountID, region, name string) error {
	if err := tx.deleteRows(`DELETE FROM aggregators WHERE account_id = $1 AND region = $2 AND name = $3`, accountID, region, name); err != nil {
		return fmt.Errorf("delete aggregator %s: %w", name, formatError(err))
	}
	return nil
}

// ListAggregators returns an account's aggregators in a region, by name.
func (tx *Tx) ListAggregators(accountID, region string, p conforms.Page) ([]*conforms.Aggregator, error) {
	rows, err := list(tx, scanAggregator, `SELECT `+aggregatorColumns+` FROM aggregators
		WHERE account_id = $1 AND region = $2 AND name > $3 ORDER BY name LIMIT $4`, accountID, region, p.After, limit(p))
	if err != nil {
		return nil, fmt.Errorf("list aggregators: %w", formatError(err))
	}
	return rows, nil
}

// ConfigRuleRegions returns the regions in which an account has rules.
func (tx *Tx) ConfigRuleRegions(accountID string) ([]string, error) {
	var out []string
	err := tx.query(func(rows pgx.Rows) error {
		var r string
		err := rows.Scan(&r)
		out = append(out, r)
		return err
	}, `SELECT DISTINCT region FROM config_rules WHERE account_id = $1 ORDER BY region`, accountID)
	if err != nil {
		return nil, fmt.Errorf("config rule regions: %w", formatError(err))
	}
	return out, nil
}
