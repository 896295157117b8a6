package postgres

import (
	"fmt"

	"conforms"
)

const organizationColumns = `id, feature_set, management_account_id, root_id, created_at`

// Organization returns the organization with the given id.
func (tx *Tx) Organization(id string) (*conforms.Organization, error) {
	const q = `SELECT ` + organizationColumns + ` FROM organizations WHERE id = $1`
	var o conforms.Organization
	err := tx.queryRow(q, id).Scan(&o.ID, &o.FeatureSet, &o.ManagementAccountID, &o.RootID, (*timestampCol)(&o.CreatedAt))
	if err != nil {
		return nil, fmt.Errorf("get organization id=%s: %w", id, formatError(err))
	}
	return &o, nil
}

// PutOrganization stores o. Storing an existing organization updates it in
// place and keeps what belongs to it.
func (tx *Tx) PutOrganization(o *conforms.Organization) error {
	const q = `INSERT INTO organizations (` + organizationColumns + `) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (id) DO UPDATE SET
			feature_set = excluded.feature_set, management_account_id = excluded.management_account_id,
			root_id = excluded.root_id, created_at = excluded.created_at`
	_, err := tx.exec(q, o.ID, o.FeatureSet, o.ManagementAccountID, o.RootID, timestamp(o.CreatedAt))
	if err != nil {
		return fmt.Errorf("put organization id=%s: %w", o.ID, formatError(err))
	}
	return nil
}

// DeleteOrganization deletes the organization and, by the schema's cascading
// foreign keys, its units, create-account statuses, service access and
// delegated administrators.
func (tx *Tx) DeleteOrganization(id string) error {
	if err := tx.deleteRows(`DELETE FROM organizations WHERE id = $1`, id); err != nil {
		return fmt.Errorf("delete organization id=%s: %w", id, formatError(err))
	}
	return nil
}

const orgUnitColumns = `id, org_id, parent_id, name, created_at`

func scanOrgUnit(row scanner) (*conforms.OrgUnit, error) {
	var u conforms.OrgUnit
	err := row.Scan(&u.ID, &u.OrgID, (*nullString)(&u.ParentID), &u.Name, (*timestampCol)(&u.CreatedAt))
	if err != nil {
		return nil, err
	}
	return &u, nil
}

// OrgUnit returns the root or organizational unit with the given id.
func (tx *Tx) OrgUnit(id string) (*conforms.OrgUnit, error) {
	const q = `SELECT ` + orgUnitColumns + ` FROM org_units WHERE id = $1`
	u, err := scanOrgUnit(tx.queryRow(q, id))
	if err != nil {
		return nil, fmt.Errorf("get org unit id=%s: %w", id, formatError(err))
	}
	return u, nil
}

// PutOrgUnit stores u. It returns conforms.ErrConflict if another child of
// u's parent has u's name; the transaction stays usable. The organization
// must exist.
func (tx *Tx) PutOrgUnit(u *conforms.OrgUnit) error {
	const q = `INSERT INTO org_units (` + orgUnitColumns + `) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (id) DO UPDATE SET
			org_id = excluded.org_id, parent_id = excluded.parent_id,
			name = excluded.name, created_at = excluded.created_at`
	_, err := tx.execSavepoint(q, u.ID, u.OrgID, text(u.ParentID), u.Name, timestamp(u.CreatedAt))
	if err != nil {
		return fmt.Errorf("put org unit id=%s: %w", u.ID, formatError(err))
	}
	return nil
}

// DeleteOrgUnit deletes the unit with the given id.
func (tx *Tx) DeleteOrgUnit(id string) error {
	if err := tx.deleteRows(`DELETE FROM org_units WHERE id = $1`, id); err != nil {
		return fmt.Errorf("delete org unit id=%s: %w", id, formatError(err))
	}
	return nil
}

// ListOrgUnits returns the units that match f, ordered by id.
func (tx *Tx) ListOrgUnits(f conforms.OrgUnitFilter) ([]*conforms.OrgUnit, error) {
	var c conditions
	c.eq("org_id", f.OrgID)
	c.eq("parent_id", f.ParentID)
	if f.After != "" {
		c.add("id > ?", f.After)
	}
	q := `SELECT ` + orgUnitColumns + ` FROM org_units` + c.where() + ` ORDER BY id LIMIT ` + c.param(limit(f.Page))
	units, err := list(tx, scanOrgUnit, q, c.args...)
	if err != nil {
		return nil, fmt.Errorf("list org units: %w", formatError(err))
	}
	return units, nil
}

const createAccountStatusColumns = `id, org_id, account_name, state, requested_at, completed_at, account_id, failure_reason`

func scanCreateAccountStatus(row scanner) (*conforms.CreateAccountStatus, error) {
	var s conforms.CreateAccountStatus
	err := row.Scan(&s.ID, &s.OrgID, &s.AccountName, &s.State, (*timestampCol)(&s.RequestedAt), (*timestampCol)(&s.CompletedAt),
		(*nullString)(&s.AccountID), (*nullString)(&s.FailureReason))
	if err != nil {
		return nil, err
	}
	return &s, nil
}

// CreateAccountStatus returns the CreateAccount request with the given id.
func (tx *Tx) CreateAccountStatus(id string) (*conforms.CreateAccountStatus, error) {
	const q = `SELECT ` + createAccountStatusColumns + ` FROM create_account_statuses WHERE id = $1`
	s, err := scanCreateAccountStatus(tx.queryRow(q, id))
	if err != nil {
		return nil, fmt.Errorf("get create account status id=%s: %w", id, formatError(err))
	}
	return s, nil
}

// PutCreateAccountStatus stores s. The organization must exist.
func (tx *Tx) PutCreateAccountStatus(s *conforms.CreateAccountStatus) error {
	const q = `INSERT INTO create_account_statuses (` + createAccountStatusColumns + `) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (id) DO UPDATE SET
			org_id = excluded.org_id, account_name = excluded.account_name, state = excluded.state,
			requested_at = excluded.requested_at, completed_at = excluded.completed_at,
			account_id = excluded.account_id, failure_reason = excluded.failure_reason`
	_, err := tx.exec(q, s.ID, s.OrgID, s.AccountName, s.State, timestamp(s.RequestedAt), timestamp(s.CompletedAt),
		text(s.AccountID), text(s.FailureReason))
	if err != nil {
		return fmt.Errorf("put create account status id=%s: %w", s.ID, formatError(err))
	}
	return nil
}

// ListCreateAccountStatuses returns the requests that match f, ordered by id.
func (tx *Tx) ListCreateAccountStatuses(f conforms.CreateAccountStatusFilter) ([]*conforms.CreateAccountStatus, error) {
	var c conditions
	c.eq("org_id", f.OrgID)
	if len(f.States) > 0 {
		c.add("state = ANY(?)", f.States)
	}
	if f.After != "" {
		c.add("id > ?", f.After)
	}
	q := `SELECT ` + createAccountStatusColumns + ` FROM create_account_statuses` + c.where() +
		` ORDER BY id LIMIT ` + c.param(limit(f.Page))
	statuses, err := list(tx, scanCreateAccountStatus, q, c.args...)
	if err != nil {
		return nil, fmt.Errorf("list create account statuses: %w", formatError(err))
	}
	return statuses, nil
}

func scanServiceAccess(row scanner) (*conforms.ServiceAccess, error) {
	var s conforms.ServiceAccess
	if err := row.Scan(&s.OrgID, &s.Principal, (*timestampCol)(&s.EnabledAt)); err != nil {
		return nil, err
	}
	return &s, nil
}

// PutServiceAccess stores s. Storing it again keeps the first EnabledAt. The
// organization must exist.
func (tx *Tx) PutServiceAccess(s *conforms.ServiceAccess) error {
	const q = `INSERT INTO service_access (org_id, principal, enabled_at) VALUES ($1, $2, $3)
		ON CONFLICT (org_id, principal) DO NOTHING`
	if _, err := tx.exec(q, s.OrgID, s.Principal, timestamp(s.EnabledAt)); err != nil {
		return fmt.Errorf("put service access org=%s principal=%s: %w", s.OrgID, s.Principal, formatError(err))
	}
	return nil
}

// DeleteServiceAccess removes a service principal's access.
func (tx *Tx) DeleteServiceAccess(orgID, principal string) error {
	const q = `DELETE FROM service_access WHERE org_id = $1 AND principal = $2`
	if err := tx.deleteRows(q, orgID, principal); err != nil {
		return fmt.Errorf("delete service access org=%s principal=%s: %w", orgID, principal, formatError(err))
	}
	return nil
}

// ListServiceAccess returns the organization's service access, ordered by
// principal.
func (tx *Tx) ListServiceAccess(orgID string) ([]*conforms.ServiceAccess, error) {
	const q = `SELECT org_id, principal, enabled_at FROM service_access WHERE org_id = $1 ORDER BY principal`
	access, err := list(tx, scanServiceAccess, q, orgID)
	if err != nil {
		return nil, fmt.Errorf("list service access org=%s: %w", orgID, formatError(err))
	}
	return access, nil
}

func scanDelegatedAdmin(row scanner) (*conforms.DelegatedAdmin, error) {
	var d conforms.DelegatedAdmin
	if err := row.Scan(&d.OrgID, &d.AccountID, &d.Principal, (*timestampCol)(&d.EnabledAt)); err != nil {
		return nil, err
	}
	return &d, nil
}

// PutDelegatedAdmin stores d. The organization must exist.
func (tx *Tx) PutDelegatedAdmin(d *conforms.DelegatedAdmin) error {
	const q = `INSERT INTO delegated_admins (org_id, account_id, principal, enabled_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (org_id, account_id, principal) DO UPDATE SET enabled_at = excluded.enabled_at`
	if _, err := tx.exec(q, d.OrgID, d.AccountID, d.Principal, timestamp(d.EnabledAt)); err != nil {
		return fmt.Errorf("put delegated admin org=%s account=%s principal=%s: %w", d.OrgID, d.AccountID, d.Principal, formatError(err))
	}
	return nil
}

// DeleteDelegatedAdmin removes one registration.
func (tx *Tx) DeleteDelegatedAdmin(orgID, accountID, principal string) error {
	const q = `DELETE FROM delegated_admins WHERE org_id = $1 AND account_id = $2 AND principal = $3`
	if err := tx.deleteRows(q, orgID, accountID, principal); err != nil {
		return fmt.Errorf("delete delegated admin org=%s account=%s principal=%s: %w", orgID, accountID, principal, formatError(err))
	}
	return nil
}

// ListDelegatedAdmins returns the registrations that match f, ordered by
// account id, then principal.
func (tx *Tx) ListDelegatedAdmins(f conforms.DelegatedAdminFilter) ([]*conforms.DelegatedAdmin, error) {
	var c conditions
	c.eq("org_id", f.OrgID)
	c.eq("account_id", f.AccountID)
	c.eq("principal", f.Principal)
	q := `SELECT org_id, account_id, principal, enabled_at FROM delegated_admins` + c.where() +
		` ORDER BY account_id, principal, org_id`
	admins, err := list(tx, scanDelegatedAdmin, q, c.args...)
	if err != nil {
		return nil, fmt.Errorf("list delegated admins: %w", formatError(err))
	}
	return admins, nil
}
