package conforms

import "time"

// Statuses of an organization conformance pack and of its deployment to one
// account (OrganizationResourceStatus, OrganizationResourceDetailedStatus).
const (
	OrgCreateSuccessful = "CREATE_SUCCESSFUL"
	OrgCreateInProgress = "CREATE_IN_PROGRESS"
	OrgCreateFailed     = "CREATE_FAILED"
	OrgUpdateSuccessful = "UPDATE_SUCCESSFUL"
	OrgUpdateInProgress = "UPDATE_IN_PROGRESS"
	OrgUpdateFailed     = "UPDATE_FAILED"
	OrgDeleteSuccessful = "DELETE_SUCCESSFUL"
	OrgDeleteInProgress = "DELETE_IN_PROGRESS"
	OrgDeleteFailed     = "DELETE_FAILED"
)

// OrgConformancePack is the desired state of an organization conformance
// pack: what every targeted account of the organization should hold. Each
// Put or Delete bumps Generation; the Deployment rows record how far each
// account has got.
type OrgConformancePack struct {
	OrgID               string
	Region              string
	Name                string
	OwnerAccountID      string // the management account or delegated administrator that put it
	Suffix              string // 8 lowercase characters, in the ARN and the member packs' names
	Template            string
	TemplateS3URI       string
	DeliveryS3Bucket    string
	DeliveryS3KeyPrefix string
	InputParameters     []PackParameter
	ExcludedAccounts    []string
	Generation          int64
	Deleting            bool
	CreatedAt           time.Time
	LastUpdateTime      time.Time
}

// Arn returns the pack's ARN; it stays the same across updates.
func (p *OrgConformancePack) Arn() string {
	return "arn:aws:config:" + p.Region + ":" + p.OwnerAccountID + ":organization-conformance-pack/" + p.Name + "-" + p.Suffix
}

// MemberPackName returns the name of the conformance pack the organization
// pack deploys in each account.
func (p *OrgConformancePack) MemberPackName() string {
	return "OrgConformsPack-" + p.Name + "-" + p.Suffix
}

// OrgConformancePackFilter selects packs for [Tx.ListOrgConformancePacks];
// zero fields do not filter. Packs are ordered by name.
type OrgConformancePackFilter struct {
	OrgID          string
	Region         string
	OwnerAccountID string
	Page
}

// Deployment is the actual state of an organization conformance pack in one
// account: the generation it should reach and the one it has reached, its
// detailed status, and the lease of the worker applying it.
type Deployment struct {
	OrgID             string
	Region            string
	PackName          string
	AccountID         string
	Generation        int64 // the pack's generation this account must reach
	AppliedGeneration int64
	Remove            bool // the account must lose the pack (excluded, left, or the pack is deleted)
	Status            string
	ErrorCode         string
	ErrorMessage      string
	Attempts          int       // failed attempts at the current generation
	NextAttemptAt     time.Time // not before; zero for at once
	RetryUntil        time.Time // failed attempts are retried until then
	LeaseOwner        string    // the worker applying the row; "" when none
	LeaseExpiresAt    time.Time
	UpdatedAt         time.Time
}

// Pending reports whether the account has not reached its generation yet.
func (d *Deployment) Pending() bool { return d.AppliedGeneration < d.Generation }

// DeploymentFilter selects deployments for [Tx.ListDeployments]; zero fields
// do not filter. Deployments are ordered by account id.
type DeploymentFilter struct {
	OrgID     string
	Region    string
	PackName  string
	AccountID string
	Status    string
	// Targeted leaves out the rows of accounts that are losing the pack (Remove).
	Targeted bool
	Page     // by account id
}
