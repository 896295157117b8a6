package template_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"conforms/template"
)

func TestResolve_Golden(t *testing.T) {
	t.Parallel()
	body := `Parameters:
  Topic: {Type: String}
Resources:
  Lambda:
    Type: AWS::Config::ConfigRule
    Controls: ['3562', 4333]
    Properties:
      Description: Custom Lambda rule
      Source:
        Owner: CUSTOM_LAMBDA
        SourceIdentifier: !Sub 'arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:check'
        SourceDetails:
        - {EventSource: aws.config, MessageType: ConfigurationItemChangeNotification}
        - {EventSource: aws.config, MessageType: ScheduledNotification, MaximumExecutionFrequency: Six_Hours}
      Scope: {TagKey: Env, TagValue: true}
      InputParameters: '{"threshold": 5, "flag": true, "names": ["a", "b"]}'
      EvaluationModes: [{Mode: DETECTIVE}, {Mode: PROACTIVE}]
  Guard:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: guard-rule
      MaximumExecutionFrequency: TwentyFour_Hours
      Scope:
        ComplianceResourceTypes: [AWS::S3::Bucket]
        ComplianceResourceId: my-bucket
      Source:
        Owner: CUSTOM_POLICY
        SourceDetails: [{EventSource: aws.config, MessageType: OversizedConfigurationItemChangeNotification}]
        CustomPolicyDetails:
          PolicyRuntime: guard-2.x.x
          EnableDebugLogDelivery: 'True'
          PolicyText: |
            rule check { configuration.x == true }
  Fix:
    Type: AWS::Config::RemediationConfiguration
    DependsOn: [Guard]
    Properties:
      ConfigRuleName: !Ref Guard
      TargetType: SSM_DOCUMENT
      TargetId: AWS-PublishSNSNotification
      TargetVersion: 1
      ResourceType: AWS::S3::Bucket
      Automatic: true
      MaximumAutomaticAttempts: '5'
      RetryAttemptSeconds: 0x3C
      ExecutionControls: {SsmControls: {ConcurrentExecutionRatePercentage: 10, ErrorPercentage: 20}}
      Parameters:
        BucketName: {ResourceValue: {Value: RESOURCE_ID}}
        TopicArn: {StaticValue: {Values: [!Ref Topic]}}
`
	got := mustResolve(t, testInput(body, map[string]string{"Topic": "arn:aws:sns:eu-west-1:123456789012:t"}))
	want := &template.Pack{
		Rules: []template.Rule{{
			LogicalID:      "Lambda",
			ConfigRuleName: "Lambda",
			Description:    "Custom Lambda rule",
			Source: template.Source{
				Owner:            "CUSTOM_LAMBDA",
				SourceIdentifier: "arn:aws:lambda:eu-west-1:123456789012:function:check",
				SourceDetails: []template.SourceDetail{
					{EventSource: "aws.config", MessageType: "ConfigurationItemChangeNotification"},
					{EventSource: "aws.config", MessageType: "ScheduledNotification", MaximumExecutionFrequency: "Six_Hours"},
				},
			},
			Scope:           &template.Scope{TagKey: "Env", TagValue: "true"},
			InputParameters: map[string]string{"threshold": "5", "flag": "true", "names": "a,b"},
			EvaluationModes: []string{"DETECTIVE", "PROACTIVE"},
			Controls:        []string{"3562", "4333"},
		}, {
			LogicalID:                 "Guard",
			ConfigRuleName:            "guard-rule",
			MaximumExecutionFrequency: "TwentyFour_Hours",
			Scope:                     &template.Scope{ComplianceResourceTypes: []string{"AWS::S3::Bucket"}, ComplianceResourceId: "my-bucket"},
			Source: template.Source{
				Owner:         "CUSTOM_POLICY",
				SourceDetails: []template.SourceDetail{{EventSource: "aws.config", MessageType: "OversizedConfigurationItemChangeNotification"}},
				CustomPolicyDetails: &template.CustomPolicyDetails{
					PolicyRuntime:          "guard-2.x.x",
					PolicyText:             "rule check { configuration.x == true }\n",
					EnableDebugLogDelivery: true,
				},
			},
		}},
		Remediations: []template.Remediation{{
			LogicalID:                "Fix",
			ConfigRuleName:           "guard-rule",
			TargetType:               "SSM_DOCUMENT",
			TargetId:                 "AWS-PublishSNSNotification",
			TargetVersion:            "1",
			ResourceType:             "AWS::S3::Bucket",
			Automatic:                true,
			MaximumAutomaticAttempts: 5,
			RetryAttemptSeconds:      60,
			ExecutionControls:        &template.ExecutionControls{SsmControls: &template.SsmControls{ConcurrentExecutionRatePercentage: 10, ErrorPercentage: 20}},
			Parameters: map[string]template.ParameterValue{
				"BucketName": {ResourceValue: "RESOURCE_ID"},
				"TopicArn":   {StaticValues: []string{"arn:aws:sns:eu-west-1:123456789012:t"}},
			},
			DependsOn: []string{"Guard"},
		}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("pack mismatch (-want +got):\n%s", diff)
	}
}

// ruleWith is a template with one rule whose Properties hold extra.
func ruleWith(extra string) string {
	return `Resources:
  Rule:
    Type: AWS::Config::ConfigRule
    Properties:
      Source: {Owner: AWS, SourceIdentifier: X}
` + extra
}

func TestResolve_ResourceErrors(t *testing.T) {
	t.Parallel()
	const props = "Resources.Rule.Properties"
	tests := []struct {
		name, body, path, text string
	}{
		{"UnsupportedType", "Resources:\n  Bucket: {Type: AWS::S3::Bucket}\n", "Resources.Bucket.Type", "resource type AWS::S3::Bucket is not supported"},
		{"NoType", "Resources:\n  Rule: {Properties: {}}\n", "Resources.Rule.Type", "required property Type is missing"},
		{"UnknownAttribute", "Resources:\n  Rule: {Type: AWS::Config::ConfigRule, Conditon: X, Properties: {Source: {Owner: AWS, SourceIdentifier: X}}}\n", "Resources.Rule.Conditon", `unknown property "Conditon"`},
		{"BadLogicalID", "Resources:\n  my_rule: {Type: AWS::Config::ConfigRule, Properties: {Source: {Owner: AWS, SourceIdentifier: X}}}\n", "Resources.my_rule", "must be alphanumeric"},
		{"NoProperties", "Resources:\n  Rule: {Type: AWS::Config::ConfigRule}\n", props + ".Source", "required property Source is missing"},
		{"UnknownProperty", ruleWith("      Frequency: One_Hour\n"), props + ".Frequency", `unknown property "Frequency"`},
		{"SourceOwner", "Resources:\n  Rule: {Type: AWS::Config::ConfigRule, Properties: {Source: {SourceIdentifier: X}}}\n", props + ".Source.Owner", "required property Owner is missing"},
		{"SourceIdentifier", "Resources:\n  Rule: {Type: AWS::Config::ConfigRule, Properties: {Source: {Owner: AWS}}}\n", props + ".Source.SourceIdentifier", "required property SourceIdentifier is missing"},
		{"BadOwner", "Resources:\n  Rule: {Type: AWS::Config::ConfigRule, Properties: {Source: {Owner: aws, SourceIdentifier: X}}}\n", props + ".Source.Owner", `"aws" is not one of AWS, CUSTOM_LAMBDA, CUSTOM_POLICY`},
		{"PolicyDetailsMissing", "Resources:\n  Rule: {Type: AWS::Config::ConfigRule, Properties: {Source: {Owner: CUSTOM_POLICY}}}\n", props + ".Source.CustomPolicyDetails", "required property CustomPolicyDetails is missing"},
		{"PolicyDetailsNotPolicy", "Resources:\n  Rule: {Type: AWS::Config::ConfigRule, Properties: {Source: {Owner: AWS, SourceIdentifier: X, CustomPolicyDetails: {}}}}\n", props + ".Source.CustomPolicyDetails", "only for Owner CUSTOM_POLICY"},
		{"Frequency", ruleWith("      MaximumExecutionFrequency: Two_Hours\n"), props + ".MaximumExecutionFrequency", `"Two_Hours" is not one of`},
		{"DetailFrequency", strings.Replace(ruleWith(""), "SourceIdentifier: X}", "SourceIdentifier: X, SourceDetails: [{EventSource: aws.config, MessageType: ConfigurationItemChangeNotification, MaximumExecutionFrequency: One_Hour}]}", 1), props + ".Source.SourceDetails[0].MaximumExecutionFrequency", "needs MessageType ScheduledNotification"},
		{"Description", ruleWith("      Description: " + strings.Repeat("d", 257) + "\n"), props + ".Description", "is 257 characters long, more than the limit of 256"},
		{"Name", ruleWith("      ConfigRuleName: " + strings.Repeat("n", 129) + "\n"), props + ".ConfigRuleName", "more than the limit of 128"},
		{"NameBlank", ruleWith("      ConfigRuleName: ' '\n"), props + ".ConfigRuleName", "must not be blank"},
		{"NameList", ruleWith("      ConfigRuleName: [a]\n"), props + ".ConfigRuleName", "must be a string, not a list"},
		{"ScopeTagAndTypes", ruleWith("      Scope: {TagKey: k, ComplianceResourceTypes: [AWS::S3::Bucket]}\n"), props + ".Scope", "both ComplianceResourceTypes and TagKey"},
		{"ScopeTagValue", ruleWith("      Scope: {TagValue: v}\n"), props + ".Scope.TagValue", "TagValue needs a TagKey"},
		{"ScopeResourceId", ruleWith("      Scope: {ComplianceResourceId: i}\n"), props + ".Scope.ComplianceResourceId", "needs exactly one ComplianceResourceTypes entry"},
		{"ScopeTypesString", ruleWith("      Scope: {ComplianceResourceTypes: AWS::S3::Bucket}\n"), props + ".Scope.ComplianceResourceTypes", "must be a list of strings, not a string"},
		{"InputParametersList", ruleWith("      InputParameters: [a]\n"), props + ".InputParameters", "must be a mapping, not a list"},
		{"InputParametersBadJSON", ruleWith("      InputParameters: '{a'\n"), props + ".InputParameters", "a string holding a JSON object"},
		{"InputParametersTooLong", ruleWith("      InputParameters: {a: " + strings.Repeat("x", 1020) + "}\n"), props + ".InputParameters", "more than the limit of 1024"},
		{"EvaluationMode", ruleWith("      EvaluationModes: [{Mode: LIVE}]\n"), props + ".EvaluationModes[0].Mode", `"LIVE" is not one of DETECTIVE, PROACTIVE`},
		{"Controls", "Resources:\n  Rule: {Type: AWS::Config::ConfigRule, Controls: 3562, Properties: {Source: {Owner: AWS, SourceIdentifier: X}}}\n", "Resources.Rule.Controls", "must be a list of strings"},
		{"DependsOnUnknown", "Resources:\n  Rule: {Type: AWS::Config::ConfigRule, DependsOn: Nope, Properties: {Source: {Owner: AWS, SourceIdentifier: X}}}\n", "Resources.Rule.DependsOn", `DependsOn names "Nope"`},
		{"DependsOnSelf", "Resources:\n  Rule: {Type: AWS::Config::ConfigRule, DependsOn: [Rule], Properties: {Source: {Owner: AWS, SourceIdentifier: X}}}\n", "Resources.Rule.DependsOn", "cannot depend on itself"},
		{"DependsOnCycle", "Resources:\n  A: {Type: AWS::Config::ConfigRule, DependsOn: B, Properties: {Source: {Owner: AWS, SourceIdentifier: X}}}\n  B: {Type: AWS::Config::ConfigRule, DependsOn: A, Properties: {Source: {Owner: AWS, SourceIdentifier: Y}}}\n", "Resources.B.DependsOn", "circular dependency: A -> B -> A"},
		{"DuplicateName", "Resources:\n  A: {Type: AWS::Config::ConfigRule, Properties: {ConfigRuleName: r, Source: {Owner: AWS, SourceIdentifier: X}}}\n  B: {Type: AWS::Config::ConfigRule, Properties: {ConfigRuleName: r, Source: {Owner: AWS, SourceIdentifier: Y}}}\n", "Resources.B.Properties.ConfigRuleName", `ConfigRuleName "r" is also the name of A`},
		{"ParameterClash", "Parameters:\n  Rule: {Type: String, Default: x}\n" + ruleWith(""), "Resources.Rule", `logical ID "Rule" is used by a parameter too`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			problems := mustFail(t, testInput(tt.body, nil))
			if !hasProblem(problems, tt.path, tt.text) {
				t.Errorf("problems = %v; want %s: ...%s...", problems, tt.path, tt.text)
			}
		})
	}
}

func TestResolve_RemediationErrors(t *testing.T) {
	t.Parallel()
	const props = "Resources.Fix.Properties"
	remediation := func(p string) string {
		return ruleWith("      ConfigRuleName: rule\n") + "  Fix:\n    Type: AWS::Config::RemediationConfiguration\n    Properties:\n" + p
	}
	valid := "      ConfigRuleName: rule\n      TargetType: SSM_DOCUMENT\n      TargetId: Doc\n"
	tests := []struct {
		name, props, path, text string
	}{
		{"Required", "      ResourceType: AWS::S3::Bucket\n", props + ".TargetId", "required property TargetId is missing"},
		{"TargetType", strings.Replace(valid, "SSM_DOCUMENT", "LAMBDA", 1), props + ".TargetType", `"LAMBDA" is not one of SSM_DOCUMENT`},
		{"UnknownRule", strings.Replace(valid, "rule", "other", 1), props + ".ConfigRuleName", `ConfigRuleName "other" is not the name of a rule the template creates`},
		{"Attempts", valid + "      MaximumAutomaticAttempts: 26\n", props + ".MaximumAutomaticAttempts", "must be between 1 and 25, not 26"},
		{"AttemptsFloat", valid + "      MaximumAutomaticAttempts: 2.5\n", props + ".MaximumAutomaticAttempts", `must be an integer, not "2.5"`},
		{"Retry", valid + "      RetryAttemptSeconds: 2678001\n", props + ".RetryAttemptSeconds", "must be between 1 and 2678000"},
		{"Automatic", valid + "      Automatic: maybe\n", props + ".Automatic", `must be a boolean (true or false), not "maybe"`},
		{"Percentage", valid + "      ExecutionControls: {SsmControls: {ErrorPercentage: 0}}\n", props + ".ExecutionControls.SsmControls.ErrorPercentage", "must be between 1 and 100"},
		{"ParameterBoth", valid + "      Parameters: {A: {ResourceValue: {Value: RESOURCE_ID}, StaticValue: {Values: [x]}}}\n", props + ".Parameters.A", "exactly one of ResourceValue and StaticValue"},
		{"ParameterResourceValue", valid + "      Parameters: {A: {ResourceValue: {Value: RESOURCE_ARN}}}\n", props + ".Parameters.A.ResourceValue.Value", `"RESOURCE_ARN" is not one of RESOURCE_ID`},
		{"ParameterStaticValues", valid + "      Parameters: {A: {StaticValue: {Values: x}}}\n", props + ".Parameters.A.StaticValue.Values", "must be a list of strings"},
		{"RefRemediation", valid + "      TargetVersion: !Ref Fix\n", props + ".TargetVersion.Ref", "Ref to the AWS::Config::RemediationConfiguration Fix is not supported"},
		{"Two", valid + "  Fix2:\n    Type: AWS::Config::RemediationConfiguration\n    Properties:\n" + valid, "Resources.Fix2.Properties.ConfigRuleName", `rule "rule" already has the remediation Fix`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			problems := mustFail(t, testInput(remediation(tt.props), nil))
			if !hasProblem(problems, tt.path, tt.text) {
				t.Errorf("problems = %v; want %s: ...%s...", problems, tt.path, tt.text)
			}
		})
	}
}

func TestResolve_Sections(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body, path, text string
	}{
		{"NoResources", "Parameters: {}\n", "Resources", "no Resources section"},
		{"EmptyResources", "Resources: {}\n", "Resources", "the Resources section is empty"},
		{"ResourcesList", "Resources: [a]\n", "Resources", "the Resources section must be a mapping, not a list"},
		{"UnknownSection", ruleWith("") + "Output: {}\n", "Output", `unknown template section "Output"`},
		{"Transform", ruleWith("") + "Transform: AWS::Serverless-2016-10-31\n", "Transform", "the Transform section is not supported"},
		{"Version", ruleWith("") + "AWSTemplateFormatVersion: 2012-01-01\n", "AWSTemplateFormatVersion", `the only template format version is "2010-09-09"`},
		{"Mapping", ruleWith("") + "Mappings: {M: {a: {b: {Ref: X}}}}\n", "Mappings.M.a.b", "a mapping value must be a literal string or a list of strings"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			problems := mustFail(t, testInput(tt.body, nil))
			if !hasProblem(problems, tt.path, tt.text) {
				t.Errorf("problems = %v; want %s: ...%s...", problems, tt.path, tt.text)
			}
		})
	}
	// Metadata and Outputs are ignored, whatever they hold.
	mustResolve(t, testInput(ruleWith("")+"Metadata: {a: !Ref Nope}\nOutputs: {O: {Value: !GetAtt Rule.Arn}}\n", nil))
}

// manyRules is a template with n rules and one remediation.
func manyRules(n int) string {
	var b strings.Builder
	b.WriteString("Resources:\n")
	for i := range n {
		fmt.Fprintf(&b, "  R%d: {Type: AWS::Config::ConfigRule, Properties: {Source: {Owner: AWS, SourceIdentifier: X}}}\n", i)
	}
	b.WriteString("  Fix: {Type: AWS::Config::RemediationConfiguration, Properties: {ConfigRuleName: R0, TargetType: SSM_DOCUMENT, TargetId: Doc}}\n")
	return b.String()
}

func TestResolve_Limits(t *testing.T) {
	t.Parallel()
	pack := mustResolve(t, testInput(manyRules(130), nil))
	if len(pack.Rules) != 130 || len(pack.Remediations) != 1 {
		t.Errorf("got %d rules, %d remediations; want 130, 1 (remediations do not count)", len(pack.Rules), len(pack.Remediations))
	}
	problems := mustFail(t, testInput(manyRules(131), nil))
	want := []template.Problem{{Path: "Resources", Message: "Number of resources provided in the template exceeds the allowed limit of 130: the template creates 131 rules"}}
	if diff := cmp.Diff(want, problems); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	in := testInput(manyRules(131), nil)
	in.Limits.MaxRules = -1
	mustResolve(t, in)

	// The body limit: 51,200 bytes unless the caller says otherwise.
	body := ruleWith("      Description: x\n") + "Metadata: {Padding: '" + strings.Repeat("p", 51200) + "'}\n"
	problems = mustFail(t, testInput(body, nil))
	if len(problems) != 1 || !hasProblem(problems, "", fmt.Sprintf("the template is %d bytes, more than the limit of 51200 bytes", len(body))) {
		t.Errorf("problems = %v", problems)
	}
	for _, limit := range []int{-1, template.MaxTemplateS3Bytes} {
		in := testInput(body, nil)
		in.Limits.MaxBodyBytes = limit
		mustResolve(t, in)
	}
}

// TestResolve_CorpusBodyLimit checks corpus.md §2: one template is over
// the TemplateBody limit, and resolves within the TemplateS3Uri limit.
func TestResolve_CorpusBodyLimit(t *testing.T) {
	t.Parallel()
	var over []string
	for _, f := range readCorpus(t, corpusDir) {
		in := corpusInput(f)
		in.Limits = template.Limits{}
		if _, err := template.Resolve(in); err != nil {
			over = append(over, f.name)
		}
	}
	if diff := cmp.Diff([]string{"Operational-Best-Practices-for-ABS-CCIGv2-Material.yaml"}, over); diff != "" {
		t.Errorf("templates over the TemplateBody limit (-want +got):\n%s", diff)
	}
}

func TestResolve_ManyMistakes(t *testing.T) {
	t.Parallel()
	body := `Parameters:
  Age: {Type: Number, Default: ninety}
  Flag: {Type: String, AllowedValues: ['true', 'false']}
Conditions:
  On: !Equals [!Ref Flag, 'true']
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Rule:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: !Sub '${Nope}-rule'
      Source: {Owner: Amazon, SourceIdentifier: X}
      InputParameters:
        maxAge: !Ref Age
        other: !If [Offf, a, b]
      Colour: blue
  Fix:
    Type: AWS::Config::RemediationConfiguration
    Properties: {ConfigRuleName: rule}
`
	problems := mustFail(t, testInput(body, map[string]string{"Falg": "true"}))
	want := []template.Problem{
		{Path: "ConformancePackInputParameters.Falg", Message: `parameter "Falg" is not declared in the template's Parameters section`},
		{Path: "Parameters.Age", Line: 2, Message: `value "ninety" is not a number`},
		{Path: "Parameters.Flag", Line: 3, Message: `parameter "Flag" has no value: give it in ConformancePackInputParameters or add a Default`},
		{Path: "Resources.Bucket.Type", Line: 8, Message: "resource type AWS::S3::Bucket is not supported in a conformance pack; only AWS::Config::ConfigRule and AWS::Config::RemediationConfiguration are"},
		{Path: "Resources.Fix.Properties.TargetId", Line: 20, Message: "required property TargetId is missing"},
		{Path: "Resources.Fix.Properties.TargetType", Line: 20, Message: "required property TargetType is missing"},
		{Path: "Resources.Rule.Properties.Colour", Line: 17, Message: `unknown property "Colour"; expected one of ConfigRuleName, Description, Source, Scope, InputParameters, MaximumExecutionFrequency, EvaluationModes, Compliance`},
		{Path: "Resources.Rule.Properties.ConfigRuleName.Fn::Sub", Line: 12, Message: `Ref to "Nope", which is not a parameter, pseudo parameter or resource of the template`},
		{Path: "Resources.Rule.Properties.InputParameters.other.Fn::If[0]", Line: 16, Message: `condition "Offf" is not defined in the Conditions section`},
		{Path: "Resources.Rule.Properties.Source.Owner", Line: 13, Message: `"Amazon" is not one of AWS, CUSTOM_LAMBDA, CUSTOM_POLICY`},
	}
	if diff := cmp.Diff(want, problems); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	_, err := template.Resolve(testInput(body, map[string]string{"Falg": "true"}))
	msg := err.Error()
	if !strings.HasPrefix(msg, "Template validation failed with 10 errors: ConformancePackInputParameters.Falg: parameter") ||
		!strings.Contains(msg, `; Parameters.Age: value "ninety" is not a number; `) {
		t.Errorf("Error() = %s", msg)
	}
}

func TestValidationError_Error(t *testing.T) {
	t.Parallel()
	err := &template.ValidationError{Problems: []template.Problem{{Message: "the template is empty"}}}
	if got, want := err.Error(), "Template validation failed with 1 error: the template is empty"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
