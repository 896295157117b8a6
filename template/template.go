package template

// Limits caps what a template may hold. A zero field takes its default (see
// DefaultLimits); a negative field turns that check off.
type Limits struct {
	// MaxBodyBytes is the largest template accepted, in bytes. The
	// TemplateBody member allows MaxTemplateBodyBytes; a template read
	// from TemplateS3Uri may be up to MaxTemplateS3Bytes.
	MaxBodyBytes int
	// MaxRules is the largest number of ConfigRules the template may
	// create (after conditions). Remediations do not count.
	MaxRules int
	// MaxInputParameters is the largest number of Input.Parameters.
	MaxInputParameters int
}

// Limits of AWS Config for conformance packs.
const (
	MaxTemplateBodyBytes   = 51200      // PutConformancePack TemplateBody
	MaxTemplateS3Bytes     = 300 * 1024 // an object named by TemplateS3Uri
	MaxRulesPerPack        = 130
	MaxInputParametersPack = 60
)

// DefaultLimits returns the limits of a TemplateBody: 51,200 bytes, 130
// rules and 60 input parameters.
func DefaultLimits() Limits {
	return Limits{
		MaxBodyBytes:       MaxTemplateBodyBytes,
		MaxRules:           MaxRulesPerPack,
		MaxInputParameters: MaxInputParametersPack,
	}
}

// withDefaults replaces zero fields by their defaults.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxBodyBytes == 0 {
		l.MaxBodyBytes = d.MaxBodyBytes
	}
	if l.MaxRules == 0 {
		l.MaxRules = d.MaxRules
	}
	if l.MaxInputParameters == 0 {
		l.MaxInputParameters = d.MaxInputParameters
	}
	return l
}

// Input is what Resolve needs: the template and the deployment context.
type Input struct {
	// Body is the template, YAML or JSON.
	Body []byte
	// Parameters are the ConformancePackInputParameters. They override
	// the Defaults of the template's Parameters; each must be declared.
	Parameters map[string]string
	// AccountID, Region, StackName and Partition are the values of the
	// pseudo parameters AWS::AccountId, AWS::Region, AWS::StackName and
	// AWS::Partition. Partition defaults to "aws". A template that refers
	// to an empty one (other than Partition) is refused.
	AccountID string
	Region    string
	Partition string
	StackName string
	// Limits are the limits to apply; the zero value means DefaultLimits.
	Limits Limits
}

// Pack is a resolved conformance pack: what to create, in template order.
type Pack struct {
	// Description is the template's Description section, if any.
	Description  string
	Rules        []Rule
	Remediations []Remediation
}

// Rule is a resolved AWS::Config::ConfigRule resource.
type Rule struct {
	// LogicalID is the resource's key under Resources.
	LogicalID string
	// ConfigRuleName is the rule's name; when the template gives none it
	// is the LogicalID (see the package documentation).
	ConfigRuleName string
	Description    string
	Source         Source
	Scope          *Scope
	// InputParameters are the rule's parameters, each rendered as the
	// string a managed rule expects. Nil when the property is absent; an
	// empty, non-nil map when every key was removed by AWS::NoValue.
	InputParameters           map[string]string
	MaximumExecutionFrequency string
	// EvaluationModes lists the Mode of each EvaluationModes entry.
	EvaluationModes []string
	// Controls is the resource's Controls attribute, carried through.
	Controls []string
	// DependsOn lists the created resources this one depends on.
	DependsOn []string
}

// Source is a rule's Source property.
type Source struct {
	Owner               string // AWS, CUSTOM_LAMBDA or CUSTOM_POLICY
	SourceIdentifier    string
	SourceDetails       []SourceDetail
	CustomPolicyDetails *CustomPolicyDetails
}

// SourceDetail is one entry of Source.SourceDetails.
type SourceDetail struct {
	EventSource               string
	MessageType               string
	MaximumExecutionFrequency string
}

// CustomPolicyDetails holds the Guard policy of a CUSTOM_POLICY rule.
type CustomPolicyDetails struct {
	PolicyRuntime          string
	PolicyText             string
	EnableDebugLogDelivery bool
}

// Scope is a rule's Scope property. An empty ComplianceResourceTypes
// means no filter on the resource type.
type Scope struct {
	ComplianceResourceTypes []string
	TagKey                  string
	TagValue                string
	ComplianceResourceId    string
}

// Remediation is a resolved AWS::Config::RemediationConfiguration. Zero
// numbers mean "not set" (the service then applies its defaults).
type Remediation struct {
	LogicalID                string
	ConfigRuleName           string
	TargetType               string
	TargetId                 string
	TargetVersion            string
	ResourceType             string
	Automatic                bool
	MaximumAutomaticAttempts int
	RetryAttemptSeconds      int64
	ExecutionControls        *ExecutionControls
	Parameters               map[string]ParameterValue
	DependsOn                []string
}

// ExecutionControls is a remediation's ExecutionControls property.
type ExecutionControls struct {
	SsmControls *SsmControls
}

// SsmControls limits how many remediations run at once.
type SsmControls struct {
	ConcurrentExecutionRatePercentage int
	ErrorPercentage                   int
}

// ParameterValue is one remediation parameter: either ResourceValue
// ("RESOURCE_ID") or StaticValues.
type ParameterValue struct {
	ResourceValue string
	StaticValues  []string
}

// Resolve parses a template, applies the parameters, evaluates conditions
// and intrinsic functions and returns the rules and remediations to
// create. Every problem found is reported at once: the error is then a
// *ValidationError and the Pack is nil. Resolve does no I/O.
func Resolve(in Input) (*Pack, error) {
	r := newResolver(in)
	pack := r.run()
	if err := r.ps.err(); err != nil {
		return nil, err
	}
	return pack, nil
}
