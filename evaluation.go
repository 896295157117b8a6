package conforms

import "time"

// Compliance types of evaluation results.
const (
	Compliant        = "COMPLIANT"
	NonCompliant     = "NON_COMPLIANT"
	NotApplicable    = "NOT_APPLICABLE"
	InsufficientData = "INSUFFICIENT_DATA"
)

// EvaluationResult is the latest compliance of one resource against one
// rule. Stores keep a result only while it changes: an evaluation that
// finds the same compliance writes nothing.
type EvaluationResult struct {
	AccountID    string
	Region       string
	RuleName     string
	ResourceType string
	ResourceID   string
	Compliance   string
	Annotation   string
	// RecordedAt is when the compliance last changed (ResultRecordedTime);
	// InvokedAt when the evaluation that found it ran (ConfigRuleInvokedTime).
	RecordedAt time.Time
	InvokedAt  time.Time
	// OrderingAt is the time of the configuration item or event evaluated.
	OrderingAt time.Time
}

// EvaluationFilter selects results for [Tx.ListEvaluationResults]: those of
// one account in one region, of a rule, a resource type and a resource id
// when given, with one of the compliance types when given. Results are
// ordered by rule, type and id; Page.After is "rule\x00type\x00id".
type EvaluationFilter struct {
	AccountID    string
	Region       string
	RuleName     string
	ResourceType string
	ResourceID   string
	ResourceIDs  []string // one of these, when given
	Compliance   []string
	Page
}

// ResultCount is how many results of a rule have a compliance.
type ResultCount struct {
	RuleName   string
	Compliance string
	N          int
}

// RuleEvaluationStatus is how a rule's evaluations went
// (DescribeConfigRuleEvaluationStatus).
type RuleEvaluationStatus struct {
	AccountID              string
	Region                 string
	RuleName               string
	LastSuccessfulAt       time.Time // last evaluation without an error
	LastFailedAt           time.Time
	FirstEvaluationStarted bool
	LastErrorCode          string
	LastErrorMessage       string
}
