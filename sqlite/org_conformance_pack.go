package sqlite

import (
	"fmt"
	"time"

	"conforms"
)

const orgPackColumns = `org_id, region, name, owner_account_id, suffix, template, template_s3_uri, delivery_s3_bucket,
	delivery_s3_key_prefix, input_parameters, excluded_accounts, generation, deleting, created_at, last_update_time`

func scanOrgPack(s scanner) (*conforms.OrgConformancePack, error) {
	var p conforms.OrgConformancePack
	err := s.Scan(&p.OrgID, &p.Region, &p.Name, &p.OwnerAccountID, &p.Suffix, &p.Template, (*nullString)(&p.TemplateS3URI),
		(*nullString)(&p.DeliveryS3Bucket), (*nullString)(&p.DeliveryS3KeyPrefix), jsonValue{&p.InputParameters},
		(*jsonStrings)(&p.ExcludedAccounts), &p.Generation, &p.Deleting, (*micros)(&p.CreatedAt), (*micros)(&p.LastUpdateTime))
	if err != nil {
		return nil, err
	}
	return &p, nil
}

// OrgConformancePack returns the named organization conformance pack.
func (tx *Tx) OrgConformancePack(orgID, region, name string) (*conforms.OrgConformancePack, error) {
	const q = `SELECT ` + orgPackColumns + ` FROM org_conformance_packs WHERE org_id = ? AND region = ? AND name = ?`
	p, err := scanOrgPack(tx.queryRow(q, orgID, region, name))
	if err != nil {
		return nil, fmt.Errorf("get org conformance pack org=%s region=%s name=%s: %w", orgID, region, name, formatError(err))
	}
	return p, nil
}

// PutOrgConformancePack stores p.
func (tx *Tx) PutOrgConformancePack(p *conforms.OrgConformancePack) error {
	const q = `INSERT INTO org_conformance_packs (` + orgPackColumns + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
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
		nullString(p.TemplateS3URI), nullString(p.DeliveryS3Bucket), nullString(p.DeliveryS3KeyPrefix), jsonValue{&params},
		jsonStrings(p.ExcludedAccounts), p.Generation, p.Deleting, micros(p.CreatedAt), micros(p.LastUpdateTime))
	if err != nil {
		return fmt.Errorf("put org conformance pack org=%s region=%s name=%s: %w", p.OrgID, p.Region, p.Name, formatError(err))
	}
	return nil
}

// DeleteOrgConformancePack deletes the named pack and, by cascade, its deployments.
func (tx *Tx) DeleteOrgConformancePack(orgID, region, name string) error {
	err := tx.deleteRows(`DELETE FROM org_conformance_packs WHERE org_id = ? AND region = ? AND name = ?`, orgID, region, name)
	if err != nil {
		return fmt.Errorf("delete org conformance pack org=%s region=%s name=%s: %w", orgID, region, name, formatError(err))
	}
	return nil
}

// ListOrgConformancePacks returns the packs that match f, ordered by name.
func (tx *Tx) ListOrgConformancePacks(f conforms.OrgConformancePackFilter) ([]*conforms.OrgConformancePack, error) {
	const q = `SELECT ` + orgPackColumns + ` FROM org_conformance_packs
		WHERE (?1 = '' OR org_id = ?1) AND (?2 = '' OR region = ?2) AND (?3 = '' OR owner_account_id = ?3) AND name > ?4
		ORDER BY name, org_id, region LIMIT ?5`
	packs, err := list(tx, scanOrgPack, q, f.OrgID, f.Region, f.OwnerAccountID, f.After, limit(f.Page))
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
		&d.Status, (*nullString)(&d.ErrorCode), (*nullString)(&d.ErrorMessage), &d.Attempts, (*epochMicros)(&d.NextAttemptAt),
		(*epochMicros)(&d.RetryUntil), (*nullString)(&d.LeaseOwner), (*epochMicros)(&d.LeaseExpiresAt), (*micros)(&d.UpdatedAt))
	if err != nil {
		return nil, err
	}
	return &d, nil
}

// PutDeployment stores d, replacing the row of the same pack and account.
func (tx *Tx) PutDeployment(d *conforms.Deployment) error {
	const q = `INSERT INTO deployments (` + deploymentColumns + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (org_id, region, pack_name, account_id) DO UPDATE SET
			generation = excluded.generation, applied_generation = excluded.applied_generation, remove = excluded.remove,
			status = excluded.status, error_code = excluded.error_code, error_message = excluded.error_message,
			attempts = excluded.attempts, next_attempt_at = excluded.next_attempt_at, retry_until = excluded.retry_until, lease_owner = excluded.lease_owner,
			lease_expires_at = excluded.lease_expires_at, updated_at = excluded.updated_at`
	_, err := tx.exec(q, deploymentArgs(d)...)
	if err != nil {
		return fmt.Errorf("put deployment pack=%s account=%s: %w", d.PackName, d.AccountID, formatError(err))
	}
	return nil
}

func deploymentArgs(d *conforms.Deployment) []any {
	return []any{d.OrgID, d.Region, d.PackName, d.AccountID, d.Generation, d.AppliedGeneration, d.Remove, d.Status,
		nullString(d.ErrorCode), nullString(d.ErrorMessage), d.Attempts, epochMicros(d.NextAttemptAt), epochMicros(d.RetryUntil),
		nullString(d.LeaseOwner), epochMicros(d.LeaseExpiresAt), micros(d.UpdatedAt)}
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
	q := `SELECT ` + deploymentColumns + ` FROM deployments` + c.where() + ` ORDER BY account_id, org_id, region, pack_name LIMIT ?`
	rows, err := list(tx, scanDeployment, q, append(c.args, limit(f.Page))...)
	if err != nil {
		return nil, fmt.Errorf("list deployments: %w", formatError(err))
	}
	return rows, nil
}

// ClaimDeployments leases pending, due and unleased deployments to owner.
// Updates run one at a time on SQLite, so one UPDATE ... RETURNING is a
// claim no one else can win.
func (tx *Tx) ClaimDeployments(owner string, now time.Time, lease time.Duration, n int) ([]*conforms.Deployment, error) {
	const q = `UPDATE deployments SET lease_owner = ?1, lease_expires_at = ?2
		WHERE rowid IN (
			SELECT rowid FROM deployments
			WHERE applied_generation < generation AND next_attempt_at <= ?3 AND (lease_owner IS NULL OR lease_expires_at <= ?3)
			ORDER BY next_attempt_at LIMIT ?4)
		RETURNING ` + deploymentColumns
	rows, err := list(tx, scanDeployment, q, owner, epochMicros(now.Add(lease)), epochMicros(now), n)
	if err != nil {
		return nil, fmt.Errorf("claim deployments owner=%s: %w", owner, formatError(err))
	}
	return rows, nil
}

// CompleteDeployment stores d and releases its lease, if owner still holds it.
func (tx *Tx) CompleteDeployment(d *conforms.Deployment, owner string) error {
	const q = `UPDATE deployments SET generation = ?5, applied_generation = ?6, remove = ?7, status = ?8, error_code = ?9,
			error_message = ?10, attempts = ?11, next_attempt_at = ?12, retry_until = ?13, lease_owner = NULL, lease_expires_at = 0,
			updated_at = ?16
		WHERE org_id = ?1 AND region = ?2 AND pack_name = ?3 AND account_id = ?4 AND lease_owner = ?17`
	res, err := tx.exec(q, append(deploymentArgs(d), owner)...)
	if err == nil {
		var n int64
		if n, err = res.RowsAffected(); err == nil && n == 0 {
			err = conforms.ErrConflict
		}
	}
	if err != nil {
		return fmt.Errorf("complete deployment pack=%s account=%s owner=%s: %w", d.PackName, d.AccountID, owner, formatError(err))
	}
	d.LeaseOwner, d.LeaseExpiresAt = "", time.Time{}
	return nil
}

// DeleteDeployment deletes the deployment of a pack to one account.
func (tx *Tx) DeleteDeployment(orgID, region, pack, accountID string) error {
	err := tx.deleteRows(`DELETE FROM deployments WHERE org_id = ? AND region = ? AND pack_name = ? AND account_id = ?`,
		orgID, region, pack, accountID)
	if err != nil {
		return fmt.Errorf("delete deployment pack=%s account=%s: %w", pack, accountID, formatError(err))
	}
	return nil
}

// CountDeployments counts a pack's deployments by status.
func (tx *Tx) CountDeployments(orgID, region, pack string) (map[string]int, error) {
	rows, err := tx.query(`SELECT status, count(*) FROM deployments
		WHERE org_id = ? AND region = ? AND pack_name = ? GROUP BY status`, orgID, region, pack)
	if err != nil {
		return nil, fmt.Errorf("count deployments pack=%s: %w", pack, formatError(err))
	}
	defer rows.Close()
	counts := map[string]int{}
	for rows.Next() {
		var status string
		var n int
		if err := rows.Scan(&status, &n); err != nil {
			return nil, err
		}
		counts[status] = n
	}
	return counts, rows.Err()
}
