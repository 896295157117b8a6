package conforms

import "time"

// Conformance pack states (ConformancePackState). An update goes through
// PackCreateInProgress again: AWS has no UPDATE states at the account level.
const (
	PackCreateInProgress = "CREATE_IN_PROGRESS"
	PackCreateComplete   = "CREATE_COMPLETE"
	PackCreateFailed     = "CREATE_FAILED"
	PackDeleteInProgress = "DELETE_IN_PROGRESS"
	PackDeleteFailed     = "DELETE_FAILED"
)

// PrincipalConfigConforms is the service principal that owns the rules and
// remediations a conformance pack creates.
const PrincipalConfigConforms = "config-conforms.amazonaws.com"

// ConformancePack is a conformance pack of one account in one region: a
// template whose rules and remediations the pack creates and owns.
type ConformancePack struct {
	AccountID           string
	Region              string
	Name                string
	ID                  string // conformance-pack-[a-z0-9]{9}
	Arn                 string
	DeliveryS3Bucket    string
	DeliveryS3KeyPrefix string
	InputParameters     []PackParameter
	// Template is the template's text, from TemplateBody or read from
	// TemplateS3URI when the pack was put.
	Template      string
	TemplateS3URI string
	// CreatedBy is the service principal that created the pack (an
	// organization conformance pack's deployment, for example); "" when the
	// account created it.
	CreatedBy               string
	State                   string // one of the Pack* states
	StatusReason            string
	LastUpdateRequestedTime time.Time
	LastUpdateCompletedTime time.Time
}

// Suffix returns the random part of the pack's id, which the names of the
// pack's rules end with.
func (p *ConformancePack) Suffix() string { return p.ID[len("conformance-pack-"):] }

// StackArn returns the ARN of the CloudFormation stack AWS would back the pack with.
func (p *ConformancePack) StackArn() string {
	return "arn:aws:cloudformation:" + p.Region + ":" + p.AccountID + ":stack/awsconfigconforms-" + p.Name + "-" + p.ID + "/" + p.ID
}

// PackParameter is one ConformancePackInputParameter.
type PackParameter struct {
	Name  string
	Value string
}

// ConformancePackFilter selects packs for [Tx.ListConformancePacks]. Zero
// fields do not filter; the packs of one account and region are ordered by name.
type ConformancePackFilter struct {
	AccountID string
	Region    string
	States    []string
	Page      // by name
}
