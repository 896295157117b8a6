package template_test

import (
	"errors"
	"strings"
	"testing"

	"conforms/template"
)

// testInput is the deployment context of the unit tests.
func testInput(body string, params map[string]string) template.Input {
	return template.Input{
		Body:       []byte(body),
		Parameters: params,
		AccountID:  "123456789012",
		Region:     "eu-west-1",
		StackName:  "awsconfigconforms-demo",
	}
}

// mustResolve resolves a template that must be valid.
func mustResolve(tb testing.TB, in template.Input) *template.Pack {
	tb.Helper()
	pack, err := template.Resolve(in)
	if err != nil {
		tb.Fatalf("Resolve: %v", err)
	}
	return pack
}

// mustFail resolves a template that must be invalid and returns its
// problems.
func mustFail(tb testing.TB, in template.Input) []template.Problem {
	tb.Helper()
	pack, err := template.Resolve(in)
	var verr *template.ValidationError
	if !errors.As(err, &verr) {
		tb.Fatalf("Resolve = %v, %v; want a *ValidationError", pack, err)
	}
	if pack != nil {
		tb.Errorf("Resolve returned a pack with its error")
	}
	return verr.Problems
}

// hasProblem reports whether a problem at path has a message containing
// text.
func hasProblem(problems []template.Problem, path, text string) bool {
	for _, p := range problems {
		if p.Path == path && strings.Contains(p.Message, text) {
			return true
		}
	}
	return false
}

// ruleTemplate is a template whose rule "Rule" has InputParameters
// {value: expr}; it declares parameters, mappings, conditions and a second
// rule for expressions to use.
func ruleTemplate(expr string) string {
	return `Parameters:
  Env:
    Type: String
    Default: prod
  Empty:
    Type: String
    Default: ''
  Ports:
    Type: CommaDelimitedList
    Default: '22, 3389 ,443'
  Count:
    Type: Number
    Default: 3
Mappings:
  Settings:
    prod:
      MaxAge: '90'
      Types: [AWS::S3::Bucket, AWS::EC2::Instance]
    dev:
      MaxAge: '30'
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  HasEmpty: !Not [!Equals [!Ref Empty, '']]
  ProdInIreland: !And [!Condition IsProd, !Equals [!Ref 'AWS::Region', eu-west-1]]
  DevOrEmpty: !Or [!Condition IsDev, !Condition HasEmpty]
Resources:
  Other:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: other-rule
      Source:
        Owner: AWS
        SourceIdentifier: S3_BUCKET_VERSIONING_ENABLED
  Rule:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: rule
      Source:
        Owner: AWS
        SourceIdentifier: IAM_PASSWORD_POLICY
      InputParameters:
        value: ` + expr + "\n"
}

// valueOf resolves ruleTemplate(expr) and returns InputParameters.value
// and whether it is present.
func valueOf(tb testing.TB, expr string, params map[string]string) (string, bool) {
	tb.Helper()
	pack := mustResolve(tb, testInput(ruleTemplate(expr), params))
	v, ok := pack.Rules[1].InputParameters["value"]
	return v, ok
}

// replaceOnce replaces old, which must occur in s once.
func replaceOnce(tb testing.TB, s, old, new string) string {
	tb.Helper()
	if strings.Count(s, old) != 1 {
		tb.Fatalf("%q occurs %d times", old, strings.Count(s, old))
	}
	return strings.Replace(s, old, new, 1)
}
