package awsconfig

import (
	"errors"
	"testing"

	"conforms/api/shape"
)

func ptr[T any](v T) *T { return &v }

const (
	one       = "1 validation error detected: "
	namePatt  = "Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*"
	validName = "my-pack"
)

func TestValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   shape.Input
		want string // "" when valid
	}{
		{"OK", &PutOrganizationConformancePackRequest{OrganizationConformancePackName: ptr(validName)}, ""},
		{"Pattern", &PutOrganizationConformancePackRequest{OrganizationConformancePackName: ptr("x y")},
			one + "Value 'x y' at 'organizationConformancePackName' failed to satisfy constraint: " + namePatt},
		{"Required", &PutOrganizationConformancePackRequest{},
			one + "Value null at 'organizationConformancePackName' failed to satisfy constraint: Member must not be null"},
		{"ExcludedAccountsElement", &PutOrganizationConformancePackRequest{
			OrganizationConformancePackName: ptr(validName),
			ExcludedAccounts:                []string{"abc", "123456789012"},
		}, one + `Value '[abc, 123456789012]' at 'excludedAccounts' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy regular expression pattern: \d{12}]`},
		{"TwoViolationsInMemberOrder", &PutOrganizationConformancePackRequest{
			OrganizationConformancePackName: ptr("x y"),
			TemplateS3Uri:                   ptr("http://x"),
		}, "2 validation errors detected: Value 'x y' at 'organizationConformancePackName' failed to satisfy constraint: " + namePatt +
			"; Value 'http://x' at 'templateS3Uri' failed to satisfy constraint: Member must satisfy regular expression pattern: s3://.*"},
		{"LimitOK", &DescribeOrganizationConformancePacksRequest{Limit: ptr(int32(100))}, ""},
		{"LimitTooHigh", &DescribeOrganizationConformancePacksRequest{Limit: ptr(int32(200))},
			one + "Value '200' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100"},
		{"Enum", &PutConfigRuleRequest{ConfigRule: &ConfigRule{Source: &Source{Owner: ptr(Owner("SOMEONE"))}}},
			one + "Value 'SOMEONE' at 'configRule.source.owner' failed to satisfy constraint: Member must satisfy enum value set: [CUSTOM_LAMBDA, AWS, CUSTOM_POLICY]"},
		{"NestedRequired", &PutConfigRuleRequest{ConfigRule: &ConfigRule{Source: &Source{}}},
			one + "Value null at 'configRule.source.owner' failed to satisfy constraint: Member must not be null"},
		{"ListOfStructures", &PutConfigRuleRequest{
			ConfigRule: &ConfigRule{Source: &Source{Owner: ptr(OwnerAws)}},
			Tags:       []Tag{{Key: ptr("ok")}, {Key: ptr("")}},
		}, one + "Value '' at 'tags.2.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1"},
		{"EnumList", &PutConfigurationRecorderRequest{ConfigurationRecorder: &ConfigurationRecorder{
			RecordingGroup: &RecordingGroup{ResourceTypes: []ResourceType{ResourceTypeAwsEc2Instance, "AWS::Nope"}},
		}}, one + "Value '[AWS::EC2::Instance, AWS::Nope]' at 'configurationRecorder.recordingGroup.resourceTypes' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: ["},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.in.Validate()
			got := ""
			if err != nil {
				got = err.Error()
			}
			if tt.name == "EnumList" && len(got) > len(tt.want) {
				got = got[:len(tt.want)] // the enum set lists hundreds of resource types
			}
			if got != tt.want {
				t.Errorf("Validate() =\n%s\nwant\n%s", got, tt.want)
			}
			var ve *shape.ValidationError
			if err != nil && !errors.As(err, &ve) {
				t.Errorf("Validate() error is %T, want *shape.ValidationError", err)
			}
		})
	}
}

func TestValidate_Kind(t *testing.T) {
	t.Parallel()
	err := (&DescribeOrganizationConformancePacksRequest{Limit: ptr(int32(-1))}).Validate()
	var ve *shape.ValidationError
	if !errors.As(err, &ve) || len(ve.Violations) != 1 {
		t.Fatalf("Validate() = %v, want one violation", err)
	}
	want := shape.Violation{Path: "limit", Value: "'-1'", Constraint: "Member must have value greater than or equal to 0", Kind: shape.KindRange}
	if ve.Violations[0] != want {
		t.Errorf("violation = %+v, want %+v", ve.Violations[0], want)
	}
}
