package postgres

import (
	"fmt"

	"conforms"
)

const conformancePackColumns = `account_id, region, name, id, arn, delivery_s3_bucket, delivery_s3_key_prefix, input_parameters,
	template, template_s3_uri, created_by, state, status_reason, last_update_requested_time, last_update_completed_time`

func scanConformancePack(s scanner) (*conforms.ConformancePack, error) {
	var p conforms.ConformancePack
	err := s.Scan(&p.AccountID, &p.Region, &p.Name, &p.ID, &p.Arn, (*nullString)(&p.DeliveryS3Bucket),
		(*nullString)(&p.DeliveryS3KeyPrefix), &p.InputParameters, &p.Template, (*nullString)(&p.TemplateS3URI),
		(*nullString)(&p.CreatedBy), &p.State, (*nullString)(&p.StatusReason),
		(*timestampCol)(&p.LastUpdateRequestedTime), (*timestampCol)(&p.LastUpdateCompletedTime))
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// ConformancePack returns the named conformance pack of an account in a region.
func (tx *Tx) ConformancePack(accountID, region, name string) (*conforms.ConformancePack, error) {
	const q = `SELECT ` + conformancePackColumns + ` FROM conformance_packs WHERE account_id = $1 AND region = $2 AND name = $3`
	p, err := scanConformancePack(tx.queryRow(q, accountID, region, name))
	if err != nil {
		return nil, fmt.Errorf("get conformance pack account=%s region=%s name=%s: %w", accountID, region, name, formatError(err))
	}
	return p, nil
}

// PutConformancePack stores p. It returns conforms.ErrConflict if another
// pack has p's id; the transaction stays usable.
func (tx *Tx) PutConformancePack(p *conforms.ConformancePack) error {
	const q = `INSERT INTO conformance_packs (` + conformancePackColumns + `)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
		ON CONFLICT (account_id, region, name) DO UPDATE SET
			id = excluded.id, arn = excluded.arn, delivery_s3_bucket = excluded.delivery_s3_bucket,
			delivery_s3_key_prefix = excluded.delivery_s3_key_prefix, input_parameters = excluded.input_parameters,
			template = excluded.template, template_s3_uri = excluded.template_s3_uri, created_by = excluded.created_by,
			state = excluded.state, status_reason = excluded.status_reason,
			last_update_requested_time = excluded.last_update_requested_time,
			last_update_completed_time = excluded.last_update_completed_time`
	params := p.InputParameters
	if params == nil {
		params = []conforms.PackParameter{}
	}
	_, err := tx.execSavepoint(q, p.AccountID, p.Region, p.Name, p.ID, p.Arn, text(p.DeliveryS3Bucket),
		text(p.DeliveryS3KeyPrefix), params, p.Template, text(p.TemplateS3URI),
		text(p.CreatedBy), p.State, text(p.StatusReason), timestamp(p.LastUpdateRequestedTime), timestamp(p.LastUpdateCompletedTime))
	if err != nil {
		return fmt.Errorf("put conformance pack account=%s region=%s name=%s: %w", p.AccountID, p.Region, p.Name, formatError(err))
	}
	return nil
}

// DeleteConformancePack deletes the named pack of an account in a region.
func (tx *Tx) DeleteConformancePack(accountID, region, name string) error {
	err := tx.deleteRows(`DELETE FROM conformance_packs WHERE account_id = $1 AND region = $2 AND name = $3`, accountID, region, name)
	if err != nil {
		return fmt.Errorf("delete conformance pack account=%s region=%s name=%s: %w", accountID, region, name, formatError(err))
	}
	return nil
}

// ListConformancePacks returns the packs that match f, ordered by account,
// region and name.
func (tx *Tx) ListConformancePacks(f conforms.ConformancePackFilter) ([]*conforms.ConformancePack, error) {
	var c conditions
	c.eq("account_id", f.AccountID)
	c.eq("region", f.Region)
	if len(f.States) > 0 {
		c.add("state = ANY(?)", f.States)
	}
	if f.After != "" {
		c.add("name > ?", f.After)
	}
	q := `SELECT ` + conformancePackColumns + ` FROM conformance_packs` + c.where() +
		` ORDER BY account_id, region, name LIMIT ` + c.param(limit(f.Page))
	packs, err := list(tx, scanConformancePack, q, c.args...)
	if err != nil {
		return nil, fmt.Errorf("list conformance packs: %w", formatError(err))
	}
	return packs, nil
}
