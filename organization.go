package conforms

import "time"

// Organization feature sets.
const (
	FeatureSetAll                 = "ALL"
	FeatureSetConsolidatedBilling = "CONSOLIDATED_BILLING"
)

// Organization is an AWS Organizations organization. The management account
// created it; it has exactly one root.
type Organization struct {
	ID                  string // o-[a-z0-9]{10}
	FeatureSet          string
	ManagementAccountID string
	RootID              string
	CreatedAt           time.Time
}

// OrgUnit is a node of an organization's tree: its root (ParentID empty) or an
// organizational unit.
type OrgUnit struct {
	ID        string // r-[a-z0-9]{4} or ou-[a-z0-9]{4}-[a-z0-9]{8}
	OrgID     string
	ParentID  string
	Name      string
	CreatedAt time.Time
}

// IsRoot reports whether u is its organization's root.
func (u *OrgUnit) IsRoot() bool { return u.ParentID == "" }

// OrgUnitFilter selects organizational units for [Tx.ListOrgUnits].
type OrgUnitFilter struct {
	OrgID    string
	ParentID string
	Page
}

// States of a CreateAccount request.
const (
	CreateAccountInProgress = "IN_PROGRESS"
	CreateAccountSucceeded  = "SUCCEEDED"
	CreateAccountFailed     = "FAILED"
)

// CreateAccountStatus records one CreateAccount request.
type CreateAccountStatus struct {
	ID            string // car-[a-z0-9]{8,32}
	OrgID         string
	AccountName   string
	State         string
	RequestedAt   time.Time
	CompletedAt   time.Time
	AccountID     string
	FailureReason string
}

// CreateAccountStatusFilter selects requests for [Tx.ListCreateAccountStatuses].
type CreateAccountStatusFilter struct {
	OrgID  string
	States []string // any of these; none for all
	Page
}

// ServiceAccess says that an AWS service principal may act in an organization.
type ServiceAccess struct {
	OrgID     string
	Principal string // e.g. config-multiaccountsetup.amazonaws.com
	EnabledAt time.Time
}

// DelegatedAdmin says that a member account administers an organization on
// behalf of a service principal.
type DelegatedAdmin struct {
	OrgID     string
	AccountID string
	Principal string
	EnabledAt time.Time
}

// DelegatedAdminFilter selects registrations for [Tx.ListDelegatedAdmins].
// Zero fields do not filter.
type DelegatedAdminFilter struct {
	OrgID     string
	AccountID string
	Principal string
}

// Arn returns the organization's ARN.
func (o *Organization) Arn() string {
	return "arn:aws:organizations::" + o.ManagementAccountID + ":organization/" + o.ID
}

// AccountArn returns the ARN of a member account of the organization.
func (o *Organization) AccountArn(accountID string) string {
	return "arn:aws:organizations::" + o.ManagementAccountID + ":account/" + o.ID + "/" + accountID
}

// UnitArn returns the ARN of the organization's root or of one of its units.
func (o *Organization) UnitArn(u *OrgUnit) string {
	kind := "ou"
	if u.IsRoot() {
		kind = "root"
	}
	return "arn:aws:organizations::" + o.ManagementAccountID + ":" + kind + "/" + o.ID + "/" + u.ID
}

// Service principals that AWS Config uses in an organization.
const (
	PrincipalConfigMultiAccountSetup = "config-multiaccountsetup.amazonaws.com"
	PrincipalConfig                  = "config.amazonaws.com"
)
