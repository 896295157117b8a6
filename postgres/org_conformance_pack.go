package postgres

import (
	"fmt"
	"time"

	"conforms"

	"github.com/jackc/pgx/v5"
)

const orgPackColumns = `org_id, region, name, owner_account_id, suffix, template, template_s3_uri, delivery_s3_bucket,
	delivery_s3_key_prefix, input_parameters, excluded_accounts, generation, deleting, created_at, last_update_time`

func scanOrgPack(s scanner) (*conforms.OrgConformancePack, error) {
	var p conforms.OrgConformancePack
	err := s.Scan(&p.OrgID, &p.Region, &p.Name, &p.OwnerAccountID, &p.Suffix, &p.Template, (*nullString)(&p.TemplateS3URI),
		(*nullString)(&p.DeliveryS3Bucket), (*nullString)(&p.DeliveryS3KeyPrefix), &p.InputParameters,
		&p.ExcludedAccounts, &p.Generation, &p.Deleting, (*timestampCol)(&p.CreatedAt), (*timestampCol)(&p.LastUpdateTime))
	if err != nil {
		return nil, err
	}
	nilIfEmpty(&p.ExcludedAccounts)
	return &p, nil
}

// OrgConformancePack returns the named organization conformance pack.
func (tx *Tx) OrgConformancePack(orgID, region, name string) (*conforms.OrgConformancePack, error) {
	const q = `SELECT ` + orgPackColumns + ` FROM org_conformance_packs WHERE org_id = $1 AND region = $2 AND name = $3`
	p, err := scanOrgPack(tx.queryRow(q, orgID, region, name))
	if err != nil {
		return nil, fmt.Errorf("get org conformance pack org=%s region=%s name=%s: %w", orgID, region, name, formatError(err))
	}
	return p, nil
}

// PutOrgConformancePack stores p.
func (tx *Tx) PutOrgConformancePack(p *conforms.OrgConformancePack) error {
	const q = `INSERT INTO org_conformance_packs (` + orgPackColumns + `)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
		ON CONFLICT (org_id, region, name) DO UPDATE SET
			owner_account_id = excluded.owner_account_id, suffix = excluded.suffix, template = excluded.template,
			template_s3_uri = excluded.template_s3_uri, delivery_s3_bucket = excluded.delivery_s3_bucket,
			delivery_s3_key_prefix = excluded.delivery_s3_key_prefix, input_parameters = excluded.input_parameters,
			excluded_accounts = excluded.excluded_accounts, generation = excluded.generation, deleting = excluded.deleting,
			created_at = excluded.created_at, last_update_time = excluded.last_update_time`
	params := p.InputParameters
	if params == nil {
		params = []conforms.PackParameter{}
	}
	_, err := tx.exec(q, p.OrgID, p.Region, p.Name, p.OwnerAccountID, p.Suffix, p.Template,
		text(p.TemplateS3URI), text(p.DeliveryS3Bucket), text(p.DeliveryS3KeyPrefix), params,
		strs(p.ExcludedAccounts), p.Generation, p.Deleting, timestamp(p.CreatedAt), timestamp(p.LastUpdateTime))
	if err != nil {
		return fmt.Errorf("put org conformance pack org=%s region=%s name=%s: %w", p.OrgID, p.Region, p.Name, formatError(err))
	}
	return nil
}

// DeleteOrgConformancePack deletes the named pack and, by cascade, its deployments.
func (tx *Tx) DeleteOrgConformancePack(orgID, region, name string) error {
	err := tx.deleteRows(`DELETE FROM org_conformance_packs WHERE org_id = $1 AND region = $2 AND name = $3`, orgID, region, name)
	if err != nil {
		return fmt.Errorf("delete org conformance pack org=%s region=%s name=%s: %w", orgID, region, name, formatError(err))
	}
	return nil
}

// ListOrgConformancePacks returns the packs that match f, ordered by name.
func (tx *Tx) ListOrgConformancePacks(f conforms.OrgConformancePackFilter) ([]*conforms.OrgConformancePack, error) {
	var c conditions
	c.eq("org_id", f.OrgID)
	c.eq("region", f.Region)
	c.eq("owner_account_id", f.OwnerAccountID)
	if f.After != "" {
		c.add("name > ?", f.After)
	}
	q := `SELECT ` + orgPackColumns + ` FROM org_conformance_packs` + c.where() +
		` ORDER BY name, org_id, region LIMIT ` + c.param(limit(f.Page))
	packs, err := list(tx, scanOrgPack, q, c.args...)
	if err != nil {
		return nil, fmt.Errorf("list org conformance packs: %w", formatError(err))
	}
	return packs, nil
}

const deploymentColumns = `org_id, region, pack_name, account_id, generation, applied_generation, remove, status,
	error_code, error_message, attempts, next_attempt_at, retry_until, lease_owner, lease_expires_at, updated_at`

func scanDeployment(s scanner) (*conforms.Deployment, error) {
	var d conforms.Deployment
	err := s.Scan(&d.OrgID, &d.Region, &d.PackName, &d.AccountID, &d.Generation, &d.AppliedGeneration, &d.Remove,
		&d.Status, (*nullString)(&d.ErrorCode), (*nullString)(&d.ErrorMessage), &d.Attempts, (*epochCol)(&d.NextAttemptAt),
		(*epochCol)(&d.RetryUntil), (*nullString)(&d.LeaseOwner), (*epochCol)(&d.LeaseExpiresAt), (*timestampCol)(&d.UpdatedAt))
	if err != nil {
		return nil, err
	}
	return &d, nil
}

// PutDeployment stores d, replacing the row of the same pack and account.
func (tx *Tx) PutDeployment(d *conforms.Deployment) error {
	const q = `INSERT INTO deployments (` + deploymentColumns + `)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
		ON CONFLICT (org_id, region, pack_name, account_id) DO UPDATE SET
			generation = excluded.generation, applied_generation = excluded.applied_generation, remove = excluded.remove,
			status = excluded.status, error_code = excluded.error_code, error_message = excluded.error_message,
			attempts = excluded.attempts, next_attempt_at = excluded.next_attempt_at, retry_until = excluded.retry_until,
			lease_owner = excluded.lease_owner, lease_expires_at = excluded.lease_expires_at, updated_at = excluded.updated_at`
	_, err := tx.exec(q, deploymentArgs(d)...)
	if err != nil {
		return fmt.Errorf("put deployment pack=%s account=%s: %w", d.PackName, d.AccountID, formatError(err))
	}
	return nil
}

func deploymentArgs(d *conforms.Deployment) []any {
	return []any{d.OrgID, d.Region, d.PackName, d.AccountID, d.Generation, d.AppliedGeneration, d.Remove, d.Status,
		text(d.ErrorCode), text(d.ErrorMessage), d.Attempts, epoch(d.NextAttemptAt), epoch(d.RetryUntil),
		text(d.LeaseOwner), epoch(d.LeaseExpiresAt), timestamp(d.UpdatedAt)}
}

// ListDeployments returns the deployments that match f, ordered by account id.
func (tx *Tx) ListDeployments(f conforms.DeploymentFilter) ([]*conforms.Deployment, error) {
	var c conditions
	c.eq("org_id", f.OrgID)
	c.eq("region", f.Region)
	c.eq("pack_name", f.PackName)
	c.eq("account_id", f.AccountID)
	c.eq("status", f.Status)
	if f.After != "" {
		c.add("account_id > ?", f.After)
	}
	if f.Targeted {
		c.add("NOT remove")
	}
	q := `SELECT ` + deploymentColumns + ` FROM deployments` + c.where() +
		` ORDER BY account_id, org_id, region, pack_name LIMIT ` + c.param(limit(f.Page))
	rows, err := list(tx, scanDeployment, q, c.args...)
	if err != nil {
		return nil, fmt.Errorf("list deployments: %w", formatError(err))
	}
	return rows, nil
}

// ClaimDeployments leases pending, due and unleased deployments to owner.
// It locks the rows it claims with FOR UPDATE SKIP LOCKED, so that claims
// running at once on several connections skip each other's rows instead
// of waiting for them. A transaction whose first statement this is runs at
// READ COMMITTED (see the package documentation), where claims do not
// conflict; a row that another claim leased and committed since the
// statement began fails the UPDATE's re-check and is not returned.
func (tx *Tx) ClaimDeployments(owner string, now time.Time, lease time.Duration, n int) ([]*conforms.Deployment, error) {
	if tx.tx == nil && tx.opts.AccessMode != pgx.ReadOnly {
		tx.opts.IsoLevel = pgx.ReadCommitted
	}
	// The CTE runs once (MATERIALIZED), so that its locks are those of the
	// rows claimed; the UPDATE checks again the conditions of a row that
	// another transaction changed since the statement began.
	const q = `WITH c AS MATERIALIZED (
			SELECT org_id, region, pack_name, account_id FROM deployments
			WHERE applied_generation < generation AND next_attempt_at <= $3 AND (lease_owner IS NULL OR lease_expires_at <= $3)
			ORDER BY next_attempt_at LIMIT $4
			FOR UPDATE SKIP LOCKED)
		UPDATE deployments d SET lease_owner = $1, lease_expires_at = $2
		FROM c
		WHERE d.org_id = c.org_id AND d.region = c.region AND d.pack_name = c.pack_name AND d.account_id = c.account_id
			AND d.applied_generation < d.generation AND d.next_attempt_at <= $3 AND (d.lease_owner IS NULL OR d.lease_expires_at <= $3)
		RETURNING ` + claimedColumns
	rows, err := list(tx, scanDeployment, q, owner, epoch(now.Add(lease)), epoch(now), n)
	if err != nil {
		return nil, fmt.Errorf("claim deployments owner=%s: %w", owner, formatError(err))
	}
	return rows, nil
}

// claimedColumns are deploymentColumns of the alias d.
const claimedColumns = `d.org_id, d.region, d.pack_name, d.account_id, d.generation, d.applied_generation, d.remove, d.status,
	d.error_code, d.error_message, d.attempts, d.next_attempt_at, d.retry_until, d.lease_owner, d.lease_expires_at, d.updated_at`

// CompleteDeployment stores d and releases its lease, if owner still holds it.
func (tx *Tx) CompleteDeployment(d *conforms.Deployment, owner string) error {
	const q = `UPDATE deployments SET generation = $5, applied_generation = $6, remove = $7, status = $8, error_code = $9,
			error_message = $10, attempts = $11, next_attempt_at = $12, retry_until = $13, lease_owner = NULL,
			lease_expires_at = 'epoch', updated_at = $14
		WHERE org_id = $1 AND region = $2 AND pack_name = $3 AND account_id = $4 AND lease_owner = $15`
	args := deploymentArgs(d)
	args = append(args[:13:13], args[15], owner) // all but the lease
	tag, err := tx.exec(q, args...)
	if err == nil && tag.RowsAffected() == 0 {
		err = conforms.ErrConflict
	}
	if err != nil {
		return fmt.Errorf("complete deployment pack=%s account=%s owner=%s: %w", d.PackName, d.AccountID, owner, formatError(err))
	}
	d.LeaseOwner, d.LeaseExpiresAt = "", time.Time{}
	return nil
}

// DeleteDeployment deletes the deployment of a pack to one account.
func (tx *Tx) DeleteDeployment(orgID, region, pack, accountID string) error {
	err := tx.deleteRows(`DELETE FROM deployments WHERE org_id = $1 AND region = $2 AND pack_name = $3 AND account_id = $4`,
		orgID, region, pack, accountID)
	if err != nil {
		return fmt.Errorf("delete deployment pack=%s account=%s: %w", pack, accountID, formatError(err))
	}
	return nil
}

// CountDeployments counts a pack's deployments by status.
func (tx *Tx) CountDeployments(orgID, region, pack string) (map[string]int, error) {
	counts := map[string]int{}
	err := tx.query(func(rows pgx.Rows) error {
		var status string
		var n int
		err := rows.Scan(&status, &n)
		counts[status] = n
		return err
	}, `SELECT status, count(*) FROM deployments WHERE org_id = $1 AND region = $2 AND pack_name = $3 GROUP BY status`,
		orgID, region, pack)
	if err != nil {
		return nil, fmt.Errorf("count deployments pack=%s: %w", pack, formatError(err))
	}
	return counts, nil
}
