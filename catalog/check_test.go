package catalog

import (
	"errors"
	"reflect"
	"testing"
)

func TestCheckParameters(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		id    string
		input string
		want  string // the Problem's message; "" means no error
	}{
		{"OK", "ACCESS_KEYS_ROTATED", `{"maxAccessKeyAge":"90"}`, ""},
		{"OKSpacesAndSign", "ACCESS_KEYS_ROTATED", ` { "maxAccessKeyAge" : "+90" } `, ""},
		{"OKNoParameters", "S3_BUCKET_VERSIONING_ENABLED", "", ""},
		{"OKEmptyObject", "S3_BUCKET_VERSIONING_ENABLED", "{}", ""},
		{"OKOptionalOmitted", "IAM_PASSWORD_POLICY", `{"MinimumPasswordLength":"14"}`, ""},
		{"OKBooleanAnyCase", "IAM_PASSWORD_POLICY", `{"RequireSymbols":"TRUE","RequireNumbers":"False"}`, ""},
		{"OKDouble", "DYNAMODB_AUTOSCALING_ENABLED", `{"targetReadUtilization":"70.5","targetWriteUtilization":"1e2"}`, ""},
		{"OKCSV", "VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS", `{"authorizedTcpPorts":"443, 1020-1025"}`, ""},
		{"OKStringMap", "RDS_LOGGING_ENABLED", `{"additionalLogs":"oracle: general, slowquery ; aurora: alert"}`, ""},
		{"OKProcessCheck", ProcessCheck, "", ""},
		{"ErrUnknownIdentifier", "NO_SUCH_RULE", "",
			"The sourceIdentifier NO_SUCH_RULE is invalid. Please refer to the documentation for a list of valid sourceIdentifiers that can be used when AWS is the Owner."},
		{"ErrIdentifierCase", "access_keys_rotated", `{"maxAccessKeyAge":"90"}`,
			"The sourceIdentifier access_keys_rotated is invalid. Please refer to the documentation for a list of valid sourceIdentifiers that can be used when AWS is the Owner."},
		{"ErrUnknownParameter", "IAM_PASSWORD_POLICY", `{"RequireNumbers":"true","Extra":"10","Another":"x"}`,
			"Unknown parameters provided in the inputParameters: {Another, Extra}."},
		{"ErrParameterCase", "ACCESS_KEYS_ROTATED", `{"MaxAccessKeyAge":"90"}`,
			"Unknown parameters provided in the inputParameters: {MaxAccessKeyAge}."},
		{"ErrProcessCheckParameter", ProcessCheck, `{"x":"y"}`,
			"Unknown parameters provided in the inputParameters: {x}."},
		{"ErrMissingRequired", "ACCESS_KEYS_ROTATED", "",
			"The required parameter [maxAccessKeyAge] is not present in the inputParameters"},
		{"ErrMissingRequiredEmptyObject", "ACCESS_KEYS_ROTATED", "{}",
			"The required parameter [maxAccessKeyAge] is not present in the inputParameters"},
		{"ErrMissingRequiredBesideOptional", "CLOUDWATCH_ALARM_SETTINGS_CHECK", `{"period":"300"}`,
			"The required parameter [metricName] is not present in the inputParameters"},
		{"ErrMissingSeveralRequired", "CLOUDWATCH_ALARM_ACTION_CHECK", `{"alarmActionRequired":"true"}`,
			"The required parameter [insufficientDataActionRequired, okActionRequired] is not present in the inputParameters"},
		{"ErrBadInt", "ACCESS_KEYS_ROTATED", `{"maxAccessKeyAge":"ninety"}`,
			"The value [ninety] provided for the input parameter [maxAccessKeyAge] is not a valid int."},
		{"ErrIntWithFraction", "ACCESS_KEYS_ROTATED", `{"maxAccessKeyAge":"90.0"}`,
			"The value [90.0] provided for the input parameter [maxAccessKeyAge] is not a valid int."},
		{"ErrBadBoolean", "IAM_PASSWORD_POLICY", `{"RequireSymbols":"yes"}`,
			"The value [yes] provided for the input parameter [RequireSymbols] is not a valid boolean (true or false)."},
		{"ErrBadDouble", "DYNAMODB_AUTOSCALING_ENABLED", `{"targetReadUtilization":"70%"}`,
			"The value [70%] provided for the input parameter [targetReadUtilization] is not a valid double."},
		{"ErrNumberValue", "IAM_PASSWORD_POLICY", `{"RequireNumbers":"true","MinimumPasswordLength":10}`,
			"Blank spaces are not acceptable for input parameter: MinimumPasswordLength."},
		{"ErrBooleanValue", "IAM_PASSWORD_POLICY", `{"RequireNumbers":true}`,
			"Blank spaces are not acceptable for input parameter: RequireNumbers."},
		{"ErrEmptyValue", "ACCESS_KEYS_ROTATED", `{"maxAccessKeyAge":""}`,
			"Blank spaces are not acceptable for input parameter: maxAccessKeyAge."},
		{"ErrBlankValue", "RDS_LOGGING_ENABLED", `{"additionalLogs":"  "}`,
			"Blank spaces are not acceptable for input parameter: additionalLogs."},
		{"ErrBadJSON", "ACCESS_KEYS_ROTATED", `{"maxAccessKeyAge":"90"`,
			`Invalid json {"maxAccessKeyAge":"90" passed in the InputParameters field`},
		{"ErrJSONArray", "ACCESS_KEYS_ROTATED", `["maxAccessKeyAge"]`,
			`Invalid json ["maxAccessKeyAge"] passed in the InputParameters field`},
		{"ErrJSONNull", "ACCESS_KEYS_ROTATED", `null`,
			`Invalid json null passed in the InputParameters field`},
		{"ErrJSONTrailingData", "ACCESS_KEYS_ROTATED", `{"maxAccessKeyAge":"90"} x`,
			`Invalid json {"maxAccessKeyAge":"90"} x passed in the InputParameters field`},
		{"ErrWhitespaceOnly", "ACCESS_KEYS_ROTATED", " ",
			`Invalid json   passed in the InputParameters field`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := CheckParameters(tt.id, tt.input)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("CheckParameters(%q, %q) = %v, want nil", tt.id, tt.input, err)
				}
				return
			}
			var p *Problem
			if !errors.As(err, &p) {
				t.Fatalf("CheckParameters(%q, %q) = %v (%T), want a *Problem", tt.id, tt.input, err, err)
			}
			if p.Code != CodeInvalidParameterValue || p.Message != tt.want {
				t.Errorf("CheckParameters(%q, %q) =\n%s: %s\nwant\n%s: %s", tt.id, tt.input, p.Code, p.Message, CodeInvalidParameterValue, tt.want)
			}
		})
	}
}

func TestProblems(t *testing.T) {
	t.Parallel()
	// Every kind of parameter problem at once: names first, then values in
	// the rule's parameter order (period before threshold).
	got := messages(Problems("CLOUDWATCH_ALARM_SETTINGS_CHECK",
		`{"zzz":"1","period":"five","threshold":"","aaa":"1"}`))
	want := []string{
		"Unknown parameters provided in the inputParameters: {aaa, zzz}.",
		"The required parameter [metricName] is not present in the inputParameters",
		"The value [five] provided for the input parameter [period] is not a valid int.",
		"Blank spaces are not acceptable for input parameter: threshold.",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Problems =\n%q\nwant\n%q", got, want)
	}
	if ps := Problems("IAM_PASSWORD_POLICY", `{"MaxPasswordAge":"90"}`); ps != nil {
		t.Errorf("Problems of a valid rule = %q, want nil", messages(ps))
	}
}

func messages(ps []*Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Message)
	}
	return out
}

func TestValidValue(t *testing.T) {
	t.Parallel()
	tests := []struct {
		typ   string
		ok    []string
		notOK []string
	}{
		{TypeInt, []string{"0", "90", "+7", "-1", "007", "99999999999999999999"},
			[]string{"", "+", "-", "1.0", "1e3", " 1", "1 ", "0x10", "1_000", "٣"}},
		{TypeDouble, []string{"0", "1.5", "-1.5", "+.5", "5.", "1e3", "1E-3", "2.5e+10"},
			[]string{"", ".", "e3", "1e", "1.2.3", "NaN", "Inf", "0x1p-2", "1,5", " 1.5"}},
		{TypeBoolean, []string{"true", "false", "TRUE", "False"},
			[]string{"", "yes", "1", "t", " true"}},
		{TypeString, []string{"anything", " "}, nil},
		{TypeCSV, []string{"a,b", "a, b"}, nil},
		{TypeStringMap, []string{"k:v,k2", `{"k":"v"}`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.typ, func(t *testing.T) {
			t.Parallel()
			for _, s := range tt.ok {
				if !validValue(tt.typ, s) {
					t.Errorf("validValue(%s, %q) = false, want true", tt.typ, s)
				}
			}
			for _, s := range tt.notOK {
				if validValue(tt.typ, s) {
					t.Errorf("validValue(%s, %q) = true, want false", tt.typ, s)
				}
			}
		})
	}
}
