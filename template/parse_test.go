package template_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"conforms/template"
)

// The same template in short form, long form and JSON.
const (
	shortForm = `AWSTemplateFormatVersion: "2010-09-09"
Description: Every form
Parameters:
  Env: {Type: String, Default: prod, AllowedValues: [prod, dev]}
  Ports: {Type: CommaDelimitedList, Default: '22,3389'}
Mappings:
  Ages: {prod: {Max: '90'}, dev: {Max: '30'}}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  Both: !And [!Condition IsProd, !Or [!Condition IsDev, !Equals [a, a]]]
Resources:
  Rule:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: !Sub '${Env}-password-policy'
      Description: !Join [' ', [Checks, !Select [1, !Ref Ports]]]
      Source: {Owner: AWS, SourceIdentifier: IAM_PASSWORD_POLICY}
      InputParameters:
        MaxPasswordAge: !FindInMap [Ages, !Ref Env, Max]
        Encoded: !Base64 {Fn::Sub: '${AWS::Region}'} # YAML allows one tag per node
        Parts: !Join ['+', !Split [',', 'a,b']]
        Maybe: !If [Both, !Ref Env, !Ref AWS::NoValue]
        Never: !If [IsDev, !GetAtt Rule.Arn, !Ref AWS::NoValue]
`
	longForm = `AWSTemplateFormatVersion: "2010-09-09"
Description: Every form
Parameters:
  Env:
    Type: String
    Default: prod
    AllowedValues:
    - prod
    - dev
  Ports:
    Type: CommaDelimitedList
    Default: '22,3389'
Mappings:
  Ages:
    prod:
      Max: '90'
    dev:
      Max: '30'
Conditions:
  IsProd:
    Fn::Equals:
    - Ref: Env
    - prod
  IsDev:
    Fn::Not:
    - Condition: IsProd
  Both:
    Fn::And:
    - Condition: IsProd
    - Fn::Or:
      - Condition: IsDev
      - Fn::Equals: [a, a]
Resources:
  Rule:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName:
        Fn::Sub: '${Env}-password-policy'
      Description:
        Fn::Join:
        - ' '
        - - Checks
          - Fn::Select:
            - 1
            - Ref: Ports
      Source:
        Owner: AWS
        SourceIdentifier: IAM_PASSWORD_POLICY
      InputParameters:
        MaxPasswordAge:
          Fn::FindInMap: [Ages, {Ref: Env}, Max]
        Encoded:
          Fn::Base64:
            Fn::Sub: '${AWS::Region}'
        Parts:
          Fn::Join: ['+', {Fn::Split: [',', 'a,b']}]
        Maybe:
          Fn::If: [Both, {Ref: Env}, {Ref: AWS::NoValue}]
        Never:
          Fn::If: [IsDev, {Fn::GetAtt: [Rule, Arn]}, {Ref: AWS::NoValue}]
`
	jsonForm = `{
	"AWSTemplateFormatVersion": "2010-09-09",
	"Description": "Every form",
	"Parameters": {
		"Env": {"Type": "String", "Default": "prod", "AllowedValues": ["prod", "dev"]},
		"Ports": {"Type": "CommaDelimitedList", "Default": "22,3389"}
	},
	"Mappings": {"Ages": {"prod": {"Max": "90"}, "dev": {"Max": "30"}}},
	"Conditions": {
		"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
		"IsDev": {"Fn::Not": [{"Condition": "IsProd"}]},
		"Both": {"Fn::And": [{"Condition": "IsProd"}, {"Fn::Or": [{"Condition": "IsDev"}, {"Fn::Equals": ["a", "a"]}]}]}
	},
	"Resources": {
		"Rule": {
			"Type": "AWS::Config::ConfigRule",
			"Properties": {
				"ConfigRuleName": {"Fn::Sub": "${Env}-password-policy"},
				"Description": {"Fn::Join": [" ", ["Checks", {"Fn::Select": [1, {"Ref": "Ports"}]}]]},
				"Source": {"Owner": "AWS", "SourceIdentifier": "IAM_PASSWORD_POLICY"},
				"InputParameters": {
					"MaxPasswordAge": {"Fn::FindInMap": ["Ages", {"Ref": "Env"}, "Max"]},
					"Encoded": {"Fn::Base64": {"Fn::Sub": "${AWS::Region}"}},
					"Parts": {"Fn::Join": ["+", {"Fn::Split": [",", "a,b"]}]},
					"Maybe": {"Fn::If": ["Both", {"Ref": "Env"}, {"Ref": "AWS::NoValue"}]},
					"Never": {"Fn::If": ["IsDev", {"Fn::GetAtt": "Rule.Arn"}, {"Ref": "AWS::NoValue"}]}
				}
			}
		}
	}
}`
)

func TestResolve_Forms(t *testing.T) {
	t.Parallel()
	want := &template.Pack{
		Description: "Every form",
		Rules: []template.Rule{{
			LogicalID:      "Rule",
			ConfigRuleName: "prod-password-policy",
			Description:    "Checks 3389",
			Source:         template.Source{Owner: "AWS", SourceIdentifier: "IAM_PASSWORD_POLICY"},
			InputParameters: map[string]string{
				"MaxPasswordAge": "90",
				"Encoded":        "ZXUtd2VzdC0x", // eu-west-1
				"Parts":          "a+b",
				"Maybe":          "prod",
			},
		}},
	}
	forms := map[string]string{
		"Short":     shortForm,
		"Long":      longForm,
		"JSON":      jsonForm,
		"ShortCRLF": strings.ReplaceAll(shortForm, "\n", "\r\n"),
		"LongCRLF":  strings.ReplaceAll(longForm, "\n", "\r\n"),
		"JSONCRLF":  strings.ReplaceAll(jsonForm, "\n", "\r\n"),
		"BOM":       "\ufeff" + shortForm,
		"JSONAsYAML": strings.ReplaceAll(jsonForm, `"Description": "Every form",`,
			`"Description": 'Every form',`), // not JSON: read as YAML
	}
	for name, body := range forms {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got := mustResolve(t, testInput(body, nil))
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("pack mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestResolve_CRLFBlockScalars(t *testing.T) {
	t.Parallel()
	body := "Resources:\r\n  Rule:\r\n    Type: AWS::Config::ConfigRule\r\n    Properties:\r\n" +
		"      Description: >-\r\n        Checks that\r\n        buckets are private.\r\n" +
		"      Source:\r\n        Owner: AWS\r\n        SourceIdentifier: X\r\n" +
		"      InputParameters:\r\n        text: |\r\n          line 1\r\n          line 2\r\n"
	r := mustResolve(t, testInput(body, nil)).Rules[0]
	if r.Description != "Checks that buckets are private." || r.InputParameters["text"] != "line 1\nline 2\n" {
		t.Errorf("Description = %q, text = %q", r.Description, r.InputParameters["text"])
	}
}

// TestResolve_ScalarRendering covers YAML 1.1 vs 1.2 pitfalls: values are
// rendered from the source text, booleans as true/false.
func TestResolve_ScalarRendering(t *testing.T) {
	t.Parallel()
	tests := []struct{ expr, want string }{
		{"90", "90"},
		{"true", "true"},
		{"True", "true"},
		{"TRUE", "true"},
		{"false", "false"},
		{"yes", "true"}, // YAML 1.1, as CloudFormation reads it
		{"Off", "false"},
		{"'yes'", "yes"},
		{"!!str on", "on"},
		{"y", "y"},         // not a boolean for CloudFormation's parser
		{"'TRUE'", "TRUE"}, // quoted: kept as written
		{"0x1F", "0x1F"},
		{"1e3", "1e3"},
		{"007", "007"},
		{".5", ".5"},
		{"0.50", "0.50"},
		{"-1", "-1"},
		{"2010-09-09", "2010-09-09"},
		{"[a, 1, true]", "a,1,true"},
		{"'a, b'", "a, b"},
		{"''", ""},
		{`"\u00e9t\u00e9"`, "été"},
	}
	for _, tt := range tests {
		if got, ok := valueOf(t, tt.expr, nil); got != tt.want || !ok {
			t.Errorf("value %s = %q, want %q", tt.expr, got, tt.want)
		}
	}
	// A null value is refused rather than guessed.
	problems := mustFail(t, testInput(ruleTemplate("~"), nil))
	if !hasProblem(problems, "Resources.Rule.Properties.InputParameters.value", "not null") {
		t.Errorf("problems = %v", problems)
	}
}

func TestResolve_CorpusScalars(t *testing.T) {
	t.Parallel()
	files := readCorpus(t, corpusDir)
	for _, f := range files {
		if f.name != "Operational-Best-Practices-for-CIS.yaml" {
			continue
		}
		pack := mustResolve(t, corpusInput(f))
		want := map[string]string{
			"MaxPasswordAge": "90", "MinimumPasswordLength": "14", "PasswordReusePrevention": "24",
			"RequireLowercaseCharacters": "true", "RequireNumbers": "true", "RequireSymbols": "true",
			"RequireUppercaseCharacters": "true",
		}
		for _, r := range pack.Rules {
			if r.Source.SourceIdentifier == "IAM_PASSWORD_POLICY" {
				if diff := cmp.Diff(want, r.InputParameters); diff != "" {
					t.Errorf("IAM_PASSWORD_POLICY parameters (-want +got):\n%s", diff)
				}
				return
			}
		}
		t.Fatal("CIS.yaml has no IAM_PASSWORD_POLICY rule")
	}
	t.Fatal("CIS.yaml not found")
}

func TestResolve_ParseErrors(t *testing.T) {
	t.Parallel()
	deep := strings.Repeat("[", 70) + strings.Repeat("]", 70)
	tests := []struct {
		name, body, path, text string
	}{
		{"Empty", "", "", "the template is empty"},
		{"Blank", " \r\n\t\n", "", "the template is empty"},
		{"Comment", "# nothing\n", "", "the template is empty"},
		{"NotMapping", "- a\n- b\n", "", "must be a mapping of sections, not a list"},
		{"Scalar", "hello", "", "must be a mapping of sections, not a string"},
		{"BadYAML", "Resources: [\n", "", "the template is not valid YAML: "},
		{"BadJSON", `{"Resources": {]}`, "", "not valid JSON"},
		{"TwoDocuments", "Resources: {}\n---\nResources: {}\n", "", "a single YAML document"},
		{"DuplicateKey", "Resources:\n  A: {Type: X}\n  A: {Type: Y}\n", "Resources.A", `duplicate key "A" (first at line 2)`},
		{"DuplicateJSONKey", `{"Resources": {"A": {"Type": "X"}, "A": {"Type": "Y"}}}`, "Resources.A", `duplicate key "A"`},
		{"MergeKey", "Resources:\n  A: &a {Type: X}\n  B:\n    <<: *a\n", "Resources.B.<<", "merge keys"},
		{"Deep", "Metadata: " + deep + "\nResources: {}\n", "Metadata" + strings.Repeat("[0]", 64), "nests more than 64 levels"},
		{"DeepJSON", `{"Metadata": ` + deep + `, "Resources": {}}`, "Metadata" + strings.Repeat("[0]", 64), "nests more than 64 levels"},
		{"TagOnKey", "Resources:\n  !Ref A: x\n", "Resources", "a mapping key must be a plain scalar"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			problems := mustFail(t, testInput(tt.body, nil))
			if !hasProblem(problems, tt.path, tt.text) {
				t.Errorf("problems = %v; want %q: ...%s...", problems, tt.path, tt.text)
			}
		})
	}
}

func TestResolve_Aliases(t *testing.T) {
	t.Parallel()
	body := `Resources:
  A:
    Type: AWS::Config::ConfigRule
    Properties:
      Source: &source {Owner: AWS, SourceIdentifier: X}
      Scope: &scope
        ComplianceResourceTypes: [AWS::S3::Bucket]
  B:
    Type: AWS::Config::ConfigRule
    Properties:
      Source: *source
      Scope: *scope
`
	pack := mustResolve(t, testInput(body, nil))
	if diff := cmp.Diff(pack.Rules[0].Scope, pack.Rules[1].Scope); diff != "" || pack.Rules[1].Source.SourceIdentifier != "X" {
		t.Errorf("B = %+v; want A's source and scope", pack.Rules[1])
	}
}
