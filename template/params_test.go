package template_test

import (
	"fmt"
	"strings"
	"testing"

	"conforms/template"
)

// paramTemplate declares one parameter P (its definition given) and a rule
// whose InputParameters.value is Ref P, joined when P is a list.
func paramTemplate(def string) string {
	ref := "!Ref P"
	if strings.Contains(def, "List") {
		ref = "!Join ['|', !Ref P]"
	}
	return "Parameters:\n  P: " + def + `
Resources:
  Rule:
    Type: AWS::Config::ConfigRule
    Properties:
      Source: {Owner: AWS, SourceIdentifier: X}
      InputParameters: {value: ` + ref + "}\n"
}

func TestResolve_Parameters(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, def string
		input     *string
		want      string
	}{
		{"Default", "{Type: String, Default: abc}", nil, "abc"},
		{"DefaultNumber", "{Type: String, Default: 90}", nil, "90"},
		{"DefaultBool", "{Type: String, Default: True}", nil, "true"},
		{"Override", "{Type: String, Default: abc}", ptr("xyz"), "xyz"},
		{"OverrideEmpty", "{Type: String, Default: abc}", ptr(""), ""},
		{"NoDefault", "{Type: String}", ptr("given"), "given"},
		{"Number", "{Type: Number, Default: '1.5e3'}", nil, "1.5e3"},
		{"NumberRange", "{Type: Number, MinValue: 1, MaxValue: 10}", ptr("10"), "10"},
		{"List", "{Type: CommaDelimitedList, Default: 'a, b ,c'}", nil, "a|b|c"},
		{"ListEmpty", "{Type: CommaDelimitedList, Default: ''}", nil, ""},
		{"NumberList", "{Type: List<Number>, Default: '1,2'}", nil, "1|2"},
		{"AWSList", "{Type: 'List<AWS::EC2::VPC::Id>', Default: 'vpc-1,vpc-2'}", nil, "vpc-1|vpc-2"},
		{"AWSType", "{Type: 'AWS::EC2::VPC::Id', Default: vpc-1}", nil, "vpc-1"},
		{"Int", "{Type: int, Default: '42'}", nil, "42"},
		{"Double", "{Type: double, Default: '0.5'}", nil, "0.5"},
		{"Boolean", "{Type: boolean, Default: 'TRUE'}", nil, "TRUE"},
		{"CSV", "{Type: CSV, Default: 'a,b'}", nil, "a,b"},
		{"StringMap", "{Type: StringMap, Default: '{\"a\":\"b\"}'}", nil, `{"a":"b"}`},
		{"AllowedValues", "{Type: String, Default: 'true', AllowedValues: ['true', 'false']}", ptr("false"), "false"},
		{"AllowedPattern", "{Type: String, AllowedPattern: '[a-z]+'}", ptr("abc"), "abc"},
		{"Length", "{Type: String, MinLength: 2, MaxLength: 3}", ptr("été"), "été"},
		{"Documented", "{Type: String, Default: x, Description: d, NoEcho: true, ConstraintDescription: c}", nil, "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var params map[string]string
			if tt.input != nil {
				params = map[string]string{"P": *tt.input}
			}
			pack := mustResolve(t, testInput(paramTemplate(tt.def), params))
			if got := pack.Rules[0].InputParameters["value"]; got != tt.want {
				t.Errorf("value = %q, want %q", got, tt.want)
			}
		})
	}
}

func ptr(s string) *string { return &s }

func TestResolve_ParameterErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, def string
		input     *string
		path      string
		text      string
	}{
		{"Missing", "{Type: String}", nil, "Parameters.P", `parameter "P" has no value: give it in ConformancePackInputParameters or add a Default`},
		{"NoType", "{Default: x}", nil, "Parameters.P", "the parameter has no Type"},
		{"BadType", "{Type: Strin, Default: x}", nil, "Parameters.P.Type", `unsupported parameter type "Strin"`},
		{"SSMType", "{Type: 'AWS::SSM::Parameter::Value<String>', Default: x}", nil, "Parameters.P.Type", "unsupported parameter type"},
		{"UnknownKey", "{Type: String, Default: x, Defualt: y}", nil, "Parameters.P.Defualt", `unknown property "Defualt"`},
		{"NotMapping", "abc", nil, "Parameters.P", "a parameter must be a mapping"},
		{"DefaultList", "{Type: String, Default: [a]}", nil, "Parameters.P.Default", "must be a string, not a list"},
		{"DefaultIntrinsic", "{Type: String, Default: !Ref AWS::Region}", nil, "Parameters.P.Default", "must be a string, not Ref"},
		{"AllowedValues", "{Type: String, Default: 'true', AllowedValues: ['true', 'false']}", ptr("yes"), "Parameters.P", `value "yes" must be one of the AllowedValues [true, false]`},
		{"ConstraintDescription", "{Type: String, AllowedValues: [a], ConstraintDescription: 'must be a'}", ptr("b"), "Parameters.P", `value "b" failed to satisfy constraint: must be a`},
		{"AllowedPattern", "{Type: String, AllowedPattern: '[a-z]+'}", ptr("abc1"), "Parameters.P", `value "abc1" must match the AllowedPattern "[a-z]+"`},
		{"BadPattern", "{Type: String, AllowedPattern: '[a-'}", ptr("a"), "Parameters.P.AllowedPattern", "not a valid regular expression"},
		{"MinLength", "{Type: String, MinLength: 2}", ptr("a"), "Parameters.P", "is shorter than MinLength 2"},
		{"MaxLength", "{Type: String, MaxLength: 2}", ptr("abc"), "Parameters.P", "is longer than MaxLength 2"},
		{"BadMaxLength", "{Type: String, MaxLength: two}", ptr("abc"), "Parameters.P.MaxLength", "must be an integer"},
		{"Number", "{Type: Number}", ptr("1O"), "Parameters.P", `value "1O" is not a number`},
		{"MinValue", "{Type: Number, MinValue: 1}", ptr("0.5"), "Parameters.P", "is less than MinValue 1"},
		{"MaxValue", "{Type: Number, MaxValue: 10}", ptr("11"), "Parameters.P", "is greater than MaxValue 10"},
		{"Int", "{Type: int}", ptr("1.5"), "Parameters.P", "is not an integer"},
		{"Boolean", "{Type: boolean}", ptr("yes"), "Parameters.P", "is not a boolean"},
		{"NumberList", "{Type: List<Number>}", ptr("1,x"), "Parameters.P", `value "x" is not a number`},
		{"ListAllowedValues", "{Type: CommaDelimitedList, AllowedValues: [a, b]}", ptr("a,c"), "Parameters.P", `value "c" must be one of`},
		{"BadLogicalID", "{Type: String, Default: x}\n  Bad-Name: {Type: String, Default: x}", nil, "Parameters.Bad-Name", "must be alphanumeric"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var params map[string]string
			if tt.input != nil {
				params = map[string]string{"P": *tt.input}
			}
			problems := mustFail(t, testInput(paramTemplate(tt.def), params))
			if !hasProblem(problems, tt.path, tt.text) {
				t.Errorf("problems = %v; want %s: ...%s...", problems, tt.path, tt.text)
			}
		})
	}
}

func TestResolve_InputParameters(t *testing.T) {
	t.Parallel()
	body := paramTemplate("{Type: String, Default: x}")
	problems := mustFail(t, testInput(body, map[string]string{"P": "y", "Typo": "z"}))
	want := []template.Problem{{
		Path:    "ConformancePackInputParameters.Typo",
		Message: `parameter "Typo" is not declared in the template's Parameters section`,
	}}
	if len(problems) != 1 || problems[0] != want[0] {
		t.Errorf("problems = %v, want %v", problems, want)
	}
	params := map[string]string{}
	for i := range 61 {
		params[fmt.Sprintf("P%d", i)] = "v"
	}
	var b strings.Builder
	b.WriteString("Parameters:\n")
	for name := range params {
		fmt.Fprintf(&b, "  %s: {Type: String}\n", name)
	}
	b.WriteString("Resources:\n  Rule:\n    Type: AWS::Config::ConfigRule\n    Properties: {Source: {Owner: AWS, SourceIdentifier: X}}\n")
	problems = mustFail(t, testInput(b.String(), params))
	if len(problems) != 1 || !hasProblem(problems, "ConformancePackInputParameters", "61 input parameters given, at most 60 are allowed") {
		t.Errorf("problems = %v", problems)
	}
	in := testInput(b.String(), params)
	in.Limits.MaxInputParameters = 61
	mustResolve(t, in)
}
