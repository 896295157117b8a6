package template_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

func TestResolve_Intrinsics(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		expr string
		want string
	}{
		{"RefParameter", "!Ref Env", "prod"},
		{"RefParameterLong", "{Ref: Env}", "prod"},
		{"RefNumberParameter", "!Ref Count", "3"},
		{"RefAccountId", "!Ref AWS::AccountId", "123456789012"},
		{"RefRegion", "!Ref AWS::Region", "eu-west-1"},
		{"RefPartition", "!Ref AWS::Partition", "aws"},
		{"RefURLSuffix", "!Ref AWS::URLSuffix", "amazonaws.com"},
		{"RefStackName", "!Ref AWS::StackName", "awsconfigconforms-demo"},
		{"RefResource", "!Ref Other", "other-rule"},
		{"RefListJoined", "!Ref Ports", "22,3389,443"},
		{"IfTrue", "!If [IsProd, yes-prod, no-prod]", "yes-prod"},
		{"IfFalse", "!If [IsDev, yes-dev, no-dev]", "no-dev"},
		{"IfLong", "{Fn::If: [IsProd, {Ref: Env}, other]}", "prod"},
		{"IfAnd", "!If [ProdInIreland, a, b]", "a"},
		{"IfOr", "!If [DevOrEmpty, a, b]", "b"},
		{"SubString", "!Sub 'arn:${AWS::Partition}:s3:::${Env}-${AWS::Region}-${AWS::AccountId}'", "arn:aws:s3:::prod-eu-west-1-123456789012"},
		{"SubLiteral", "!Sub '${!Literal}-${Env}'", "${Literal}-prod"},
		{"SubVariables", "!Sub ['${Name}/${Env}', {Name: !Select [1, !Ref Ports]}]", "3389/prod"},
		{"SubResource", "!Sub '${Other}'", "other-rule"},
		{"SubUnclosed", "!Sub 'a ${Env'", "a ${Env"},
		{"SubLong", "{Fn::Sub: '${Env}'}", "prod"},
		{"Join", "!Join [':', [a, !Ref Env, 3]]", "a:prod:3"},
		{"JoinList", "!Join ['', !Ref Ports]", "223389443"},
		{"JoinNoValue", "!Join [',', [a, !Ref AWS::NoValue, b]]", "a,b"},
		{"Select", "!Select [2, !Ref Ports]", "443"},
		{"SelectStringIndex", "!Select ['0', [x, y]]", "x"},
		{"Split", "!Join ['|', !Split [',', 'a,b,,c']]", "a|b||c"},
		{"FindInMap", "!FindInMap [Settings, !Ref Env, MaxAge]", "90"},
		{"FindInMapList", "!Join [',', !FindInMap [Settings, prod, Types]]", "AWS::S3::Bucket,AWS::EC2::Instance"},
		{"Base64", "!Base64 'hello'", "aGVsbG8="},
		{"Nested", "!Base64 {Fn::Join: ['-', [!FindInMap [Settings, dev, MaxAge], !If [IsProd, !Ref Env, x]]]}", "MzAtcHJvZA=="},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := valueOf(t, tt.expr, nil)
			if !ok || got != tt.want {
				t.Errorf("value %s = %q (present %v), want %q", tt.expr, got, ok, tt.want)
			}
		})
	}
}

func TestResolve_NoValue(t *testing.T) {
	t.Parallel()
	for _, expr := range []string{"!Ref AWS::NoValue", "!If [IsDev, x, !Ref AWS::NoValue]", "{Fn::If: [IsProd, {Ref: AWS::NoValue}, x]}"} {
		if got, ok := valueOf(t, expr, nil); ok {
			t.Errorf("value %s = %q, want the key removed", expr, got)
		}
	}
	// The whole property can vanish, as in the corpus's Cyber-Resilience pack.
	body := `Parameters:
  KmsId: {Type: String, Default: ''}
Conditions:
  HasKmsId: !Not [!Equals [!Ref KmsId, '']]
Resources:
  Rule:
    Type: AWS::Config::ConfigRule
    Properties:
      Source: {Owner: AWS, SourceIdentifier: ENCRYPTED_VOLUMES}
      Scope: !If [HasKmsId, {ComplianceResourceTypes: [AWS::EC2::Volume]}, !Ref AWS::NoValue]
      InputParameters: !If
        - HasKmsId
        - kmsId: !Ref KmsId
        - !Ref AWS::NoValue
`
	pack := mustResolve(t, testInput(body, nil))
	if r := pack.Rules[0]; r.InputParameters != nil || r.Scope != nil {
		t.Errorf("InputParameters = %v, Scope = %v; want both absent", r.InputParameters, r.Scope)
	}
	pack = mustResolve(t, testInput(body, map[string]string{"KmsId": "key-1"}))
	if r := pack.Rules[0]; r.InputParameters["kmsId"] != "key-1" || r.Scope == nil {
		t.Errorf("InputParameters = %v, Scope = %v; want kmsId and a scope", r.InputParameters, r.Scope)
	}
	// List elements vanish too.
	body = `Resources:
  Rule:
    Type: AWS::Config::ConfigRule
    Properties:
      Source: {Owner: AWS, SourceIdentifier: X}
      Scope:
        ComplianceResourceTypes: [AWS::S3::Bucket, !Ref AWS::NoValue, AWS::EC2::Volume]
`
	pack = mustResolve(t, testInput(body, nil))
	if got := pack.Rules[0].Scope.ComplianceResourceTypes; len(got) != 2 || got[1] != "AWS::EC2::Volume" {
		t.Errorf("ComplianceResourceTypes = %v", got)
	}
}

func TestResolve_IntrinsicErrors(t *testing.T) {
	t.Parallel()
	const path = "Resources.Rule.Properties.InputParameters.value"
	tests := []struct {
		name, expr, path, text string
	}{
		{"RefUnknown", "!Ref Nope", path + ".Ref", `Ref to "Nope", which is not a parameter`},
		{"RefUnknownPseudo", "!Ref AWS::Nope", path + ".Ref", "unknown pseudo parameter AWS::Nope"},
		{"RefStackId", "!Ref AWS::StackId", path + ".Ref", "AWS::StackId is not available"},
		{"IfUnknownCondition", "!If [Nope, a, b]", path + ".Fn::If[0]", `condition "Nope" is not defined`},
		{"IfArity", "!If [IsProd, a]", path + ".Fn::If", "Fn::If takes a list of 3 items, not 2 items"},
		{"IfBranchNotTaken", "!If [IsProd, a, !Ref Nope]", path + ".Fn::If[2].Ref", `Ref to "Nope"`},
		{"SubEmpty", "!Sub 'a${}b'", path + ".Fn::Sub", "empty ${}"},
		{"SubList", "!Sub '${Ports}'", path + ".Fn::Sub", "can only insert strings"},
		{"SubGetAtt", "!Sub '${Other.Arn}'", path + ".Fn::Sub", "Fn::GetAtt Other.Arn cannot be resolved"},
		{"JoinNotList", "!Join [',', abc]", path + ".Fn::Join[1]", "Fn::Join needs a list here, not a string"},
		{"JoinNested", "!Join [',', [[a]]]", path + ".Fn::Join[1][0]", "can only join strings"},
		{"SelectOutOfRange", "!Select [3, !Ref Ports]", path + ".Fn::Select[0]", "index 3 is out of range: the list has 3 items"},
		{"SelectBadIndex", "!Select [x, [a]]", path + ".Fn::Select[0]", "must be a whole number"},
		{"SplitEmptyDelimiter", "!Split ['', abc]", path + ".Fn::Split[0]", "must not be empty"},
		{"FindInMapNoMap", "!FindInMap [Nope, a, b]", path + ".Fn::FindInMap[0]", `mapping "Nope" is not defined`},
		{"FindInMapNoKey", "!FindInMap [Settings, test, MaxAge]", path + ".Fn::FindInMap[1]", `mapping "Settings" has no key "test"`},
		{"FindInMapNoSecondKey", "!FindInMap [Settings, dev, Types]", path + ".Fn::FindInMap[2]", `has no key "Types" under "dev"`},
		{"GetAtt", "!GetAtt Other.Arn", path + ".Fn::GetAtt", "Fn::GetAtt Other.Arn cannot be resolved"},
		{"GetAttComplianceType", "!GetAtt Other.Compliance.Type", path + ".Fn::GetAtt", "Other.Compliance.Type cannot be resolved"},
		{"GetAttUnknownAttribute", "!GetAtt [Other, Nope]", path + ".Fn::GetAtt", `has no attribute "Nope"`},
		{"GetAttUnknownResource", "!GetAtt Nope.Arn", path + ".Fn::GetAtt", `refers to "Nope"`},
		{"ImportValue", "!ImportValue SharedTopic", path + ".Fn::ImportValue", "Fn::ImportValue is not supported"},
		{"GetAZs", "!GetAZs ''", path + ".Fn::GetAZs", "Fn::GetAZs is not supported"},
		{"Unknown", "!Frobnicate x", path + ".Fn::Frobnicate", "unknown intrinsic function Fn::Frobnicate"},
		{"EqualsOutsideConditions", "!Equals [a, a]", path + ".Fn::Equals", "can only be used in the Conditions section"},
		{"NestedMap", "{a: b}", path, "a rule parameter must be a string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			problems := mustFail(t, testInput(ruleTemplate(tt.expr), nil))
			if !hasProblem(problems, tt.path, tt.text) {
				t.Errorf("problems = %v; want %s: ...%s...", problems, tt.path, tt.text)
			}
		})
	}
}

func TestResolve_PseudoParametersUnknown(t *testing.T) {
	t.Parallel()
	in := testInput(ruleTemplate("!Ref AWS::AccountId"), nil)
	in.AccountID = ""
	problems := mustFail(t, in)
	if !hasProblem(problems, "Resources.Rule.Properties.InputParameters.value.Ref", "AWS::AccountId is not known here (Input.AccountID is empty)") {
		t.Errorf("problems = %v", problems)
	}
	// Unknown pseudo parameters are fine in a branch not taken.
	if got, _ := valueOf(t, "!If [IsProd, x, !Ref AWS::StackId]", nil); got != "x" {
		t.Errorf("value = %q, want x", got)
	}
	in = testInput(ruleTemplate("!Sub '${AWS::URLSuffix}/${AWS::Partition}'"), nil)
	in.Partition = "aws-cn"
	if got := mustResolve(t, in).Rules[1].InputParameters["value"]; got != "amazonaws.com.cn/aws-cn" {
		t.Errorf("value = %q", got)
	}
}

func TestResolve_Conditions(t *testing.T) {
	t.Parallel()
	body := `Parameters:
  Level: {Type: String, Default: '2'}
Resources:
  Always:
    Type: AWS::Config::ConfigRule
    Properties: {Source: {Owner: AWS, SourceIdentifier: A}}
  High:
    Type: AWS::Config::ConfigRule
    Condition: IsHigh
    Properties: {Source: {Owner: AWS, SourceIdentifier: B}}
  HighRemediation:
    Type: AWS::Config::RemediationConfiguration
    Condition: IsHigh
    DependsOn: High
    Properties: {ConfigRuleName: !Ref High, TargetId: AWS-Doc, TargetType: SSM_DOCUMENT}
  NotHigh:
    Type: AWS::Config::ConfigRule
    Condition: IsLow
    DependsOn: [Always, High]
    Properties:
      Source: {Owner: AWS, SourceIdentifier: C}
      InputParameters:
        other: !If [IsHigh, !Ref High, none]
Conditions:
  IsLow: !Not [!Condition IsHigh]
  IsHigh: !Or [!Equals [!Ref Level, '3'], !Condition IsMax]
  IsMax: !And [!Equals [!Ref Level, '4'], !Equals ['x', 'x']]
`
	tests := []struct {
		level string
		rules []string
		rems  int
	}{
		{"2", []string{"Always", "NotHigh"}, 0},
		{"3", []string{"Always", "High"}, 1},
		{"4", []string{"Always", "High"}, 1},
	}
	for _, tt := range tests {
		pack := mustResolve(t, testInput(body, map[string]string{"Level": tt.level}))
		var got []string
		for _, r := range pack.Rules {
			got = append(got, r.LogicalID)
		}
		if len(got) != len(tt.rules) || got[1] != tt.rules[1] || len(pack.Remediations) != tt.rems {
			t.Errorf("Level %s: rules %v, %d remediations; want %v, %d", tt.level, got, len(pack.Remediations), tt.rules, tt.rems)
		}
		if tt.level == "2" && (len(pack.Rules[1].DependsOn) != 1 || pack.Rules[1].InputParameters["other"] != "none") {
			t.Errorf("Level 2: NotHigh = %+v; want DependsOn [Always] and other=none", pack.Rules[1])
		}
		if tt.rems == 1 && pack.Remediations[0].ConfigRuleName != "High" {
			t.Errorf("Level %s: remediation for %q, want High (the logical ID)", tt.level, pack.Remediations[0].ConfigRuleName)
		}
	}
}

func TestResolve_ConditionErrors(t *testing.T) {
	t.Parallel()
	body := `Conditions:
  A: !Not [!Condition B]
  B: !And [!Condition A, !Equals [x, x]]
  C: !Equals [!Ref Rule, x]
  D: !If [A, x, y]
  E: true
  F: !Not [!Condition Nope]
  G: !And [!Equals [a, a]]
  H: !Equals [!Ref AWS::NoValue, x]
Resources:
  Rule:
    Type: AWS::Config::ConfigRule
    Condition: Missing
    Properties: {Source: {Owner: AWS, SourceIdentifier: X}}
`
	problems := mustFail(t, testInput(body, nil))
	want := []struct{ path, text string }{
		{"Conditions.B.Fn::And[0].Condition", `circular condition reference: condition "A" depends on itself`},
		{"Conditions.C.Fn::Equals[0].Ref", "conditions cannot refer to resources"},
		{"Conditions.D.Fn::If", "Fn::If cannot be used in a condition"},
		{"Conditions.E", "a condition must be Fn::Equals, Fn::Not, Fn::And, Fn::Or or Condition, not a boolean"},
		{"Conditions.F.Fn::Not[0].Condition", `condition "Nope" is not defined`},
		{"Conditions.G.Fn::And", "Fn::And takes a list of 2 to 10 items, not 1 items"},
		{"Conditions.H.Fn::Equals[0]", "AWS::NoValue cannot be compared"},
		{"Resources.Rule.Condition", `condition "Missing" is not defined`},
	}
	for _, w := range want {
		if !hasProblem(problems, w.path, w.text) {
			t.Errorf("missing problem %s: %s", w.path, w.text)
		}
	}
	if len(problems) != len(want) {
		t.Errorf("got %d problems, want %d: %v", len(problems), len(want), problems)
	}
}

func TestResolve_ResourceReferences(t *testing.T) {
	t.Parallel()
	body := `Parameters:
  On: {Type: String, Default: 'false'}
Conditions:
  IsOn: !Equals [!Ref On, 'true']
Resources:
  Unnamed:
    Type: AWS::Config::ConfigRule
    Properties:
      Source: {Owner: AWS, SourceIdentifier: X}
  Named:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: !Sub '${Unnamed}-copy'
      Source: {Owner: AWS, SourceIdentifier: Y}
  Optional:
    Type: AWS::Config::ConfigRule
    Condition: IsOn
    Properties:
      Source: {Owner: AWS, SourceIdentifier: Z}
      Description: !Ref Named
`
	pack := mustResolve(t, testInput(body, nil))
	if len(pack.Rules) != 2 || pack.Rules[0].ConfigRuleName != "Unnamed" || pack.Rules[1].ConfigRuleName != "Unnamed-copy" {
		t.Errorf("rules = %+v", pack.Rules)
	}
	// Referring to a resource that is not created is an error, unless the
	// reference is in a branch not taken.
	bad := replaceOnce(t, body, "ConfigRuleName: !Sub '${Unnamed}-copy'", "ConfigRuleName: !Ref Optional")
	problems := mustFail(t, testInput(bad, nil))
	if !hasProblem(problems, "Resources.Named.Properties.ConfigRuleName.Ref", "Ref to resource Optional, which is not created because its condition is false") {
		t.Errorf("problems = %v", problems)
	}
	ok := replaceOnce(t, body, "ConfigRuleName: !Sub '${Unnamed}-copy'", "ConfigRuleName: !If [IsOn, !Ref Optional, fallback]")
	if got := mustResolve(t, testInput(ok, nil)).Rules[1].ConfigRuleName; got != "fallback" {
		t.Errorf("ConfigRuleName = %q, want fallback", got)
	}
	cycle := replaceOnce(t, body, "SourceIdentifier: X}", "SourceIdentifier: X}\n      ConfigRuleName: !Ref Named")
	problems = mustFail(t, testInput(cycle, nil))
	if !hasProblem(problems, "Resources.Named.Properties.ConfigRuleName.Fn::Sub", "circular reference to Unnamed: its properties refer back to it") {
		t.Errorf("problems = %v", problems)
	}
}

func TestResolve_GetAttInBranchNotTaken(t *testing.T) {
	t.Parallel()
	if got, _ := valueOf(t, "!If [IsDev, !GetAtt Other.Arn, plain]", nil); got != "plain" {
		t.Errorf("value = %q, want plain", got)
	}
}

func TestResolve_Budget(t *testing.T) {
	t.Parallel()
	// Each Base64 grows the text by a third: 45 levels would build
	// gigabytes of text without the output budget.
	expr := strings.Repeat("x", 1000)
	for range 45 {
		expr = "{Fn::Base64: " + expr + "}"
	}
	problems := mustFail(t, testInput(ruleTemplate(expr), nil))
	if len(problems) != 1 || !hasProblem(problems, problems[0].Path, "builds more than") {
		t.Errorf("problems = %v", problems)
	}
	// YAML aliases can multiply values: 8 * 4^11 here.
	body := "Resources:\n  Rule:\n    Type: AWS::Config::ConfigRule\n    Metadata:\n      a0: &a0 [x, x, x, x, x, x, x, x]\n"
	for i := 1; i < 12; i++ {
		prev := "*a" + strconv.Itoa(i-1)
		body += fmt.Sprintf("      a%d: &a%d [%s, %s, %s, %s]\n", i, i, prev, prev, prev, prev)
	}
	body += "    Properties: {Source: {Owner: AWS, SourceIdentifier: X}}\n"
	problems = mustFail(t, testInput(body, nil))
	if len(problems) != 1 || !strings.Contains(problems[0].Message, "YAML aliases expanded") {
		t.Errorf("problems = %v", problems)
	}
}
