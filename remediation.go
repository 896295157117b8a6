package conforms

import "time"

// RemediationConfiguration says how to remediate the non-compliant resources
// of a rule; a rule has at most one.
type RemediationConfiguration struct {
	AccountID      string
	Region         string
	ConfigRuleName string
	TargetType     string // SSM_DOCUMENT
	TargetID       string // the SSM document
	TargetVersion  string
	Parameters     map[string]RemediationParameter
	ResourceType   string
	Automatic      bool
	// Execution controls; 0 means unset (AWS's defaults are 10 and 50).
	ConcurrentExecutionRatePercentage int
	ErrorPercentage                   int
	MaximumAutomaticAttempts          int   // 0 for unset (AWS's default is 5)
	RetryAttemptSeconds               int64 // 0 for unset (AWS's default is 60)
	Arn                               string
	// CreatedByService is the service principal of a service-linked
	// configuration (one a conformance pack created); "" otherwise.
	CreatedByService string
}

// RemediationParameter is one parameter of a remediation: the id of the
// non-compliant resource (ResourceValue "RESOURCE_ID") or static values.
type RemediationParameter struct {
	ResourceValue string
	StaticValues  []string
}

// RemediationException exempts one resource from a rule's remediation.
type RemediationException struct {
	AccountID      string
	Region         string
	ConfigRuleName string
	ResourceType   string
	ResourceID     string
	Message        string
	ExpirationTime time.Time // zero for none
}

// RemediationExceptionFilter selects the exceptions of one rule for
// [Tx.ListRemediationExceptions], ordered by resource type, then resource id.
type RemediationExceptionFilter struct {
	AccountID      string
	Region         string
	ConfigRuleName string
}
