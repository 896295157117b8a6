package conforms

import "time"

// Rule owners.
const (
	OwnerAWS          = "AWS"
	OwnerCustomLambda = "CUSTOM_LAMBDA"
	OwnerCustomPolicy = "CUSTOM_POLICY"
)

// ConfigRule is an AWS Config rule of one account in one region.
type ConfigRule struct {
	AccountID   string
	Region      string
	Name        string
	ID          string // config-rule-[a-z0-9]{6}, unique in the account and region
	Arn         string // ConfigRuleArn of the rule; stores derive it
	Description string
	Source      RuleSource
	Scope       RuleScope
	// InputParameters is the rule's parameters as a JSON object string; "" for none.
	InputParameters           string
	MaximumExecutionFrequency string // "" for the default
	State                     string // ACTIVE
	// CreatedBy is the service principal of a service-linked rule (one a
	// conformance pack created, for example); "" for a customer's own rule.
	CreatedBy string
	// ConformancePack names the conformance pack that created the rule; "" otherwise.
	ConformancePack string
	EvaluationModes []string // DETECTIVE and/or PROACTIVE
	CreatedAt       time.Time
}

// ConfigRuleArn returns the ARN of a rule: a service-linked rule's is under
// aws-service-rule/<service principal>/.
func ConfigRuleArn(region, accountID, createdBy, id string) string {
	if createdBy != "" {
		return "arn:aws:config:" + region + ":" + accountID + ":config-rule/aws-service-rule/" + createdBy + "/" + id
	}
	return "arn:aws:config:" + region + ":" + accountID + ":config-rule/" + id
}

// ServiceLinked reports whether an AWS service owns the rule; its account
// may read it but not change or delete it.
func (r *ConfigRule) ServiceLinked() bool { return r.CreatedBy != "" }

// RuleSource says what evaluates a rule.
type RuleSource struct {
	Owner            string // OwnerAWS, OwnerCustomLambda or OwnerCustomPolicy
	SourceIdentifier string // managed-rule identifier or Lambda function ARN
	SourceDetails    []SourceDetail
	// Custom policy (Guard) rules only.
	PolicyRuntime          string
	PolicyText             string
	EnableDebugLogDelivery bool
}

// SourceDetail is one trigger of a custom rule.
type SourceDetail struct {
	EventSource               string
	MessageType               string
	MaximumExecutionFrequency string
}

// RuleScope limits the resources a rule evaluates; the zero value is no limit.
type RuleScope struct {
	ComplianceResourceTypes []string
	TagKey                  string
	TagValue                string
	ComplianceResourceID    string
}

// IsZero reports whether the scope limits nothing.
func (s RuleScope) IsZero() bool {
	return len(s.ComplianceResourceTypes) == 0 && s.TagKey == "" && s.TagValue == "" && s.ComplianceResourceID == ""
}

// ConfigRuleFilter selects rules for [Tx.ListConfigRules]: the rules of one
// account in one region, ordered by name; with ConformancePack set, only
// the rules that pack created.
type ConfigRuleFilter struct {
	AccountID       string
	Region          string
	ConformancePack string
	Page
}
