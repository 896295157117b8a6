package main

import "testing"

func TestEnumSuffix(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"CREATE_IN_PROGRESS", "CreateInProgress"},
		{"AWS::EC2::Instance", "AwsEc2Instance"},
		{"us-east-1", "UsEast1"},
		{"TwentyFour_Hours", "TwentyFourHours"},
		{"ConfigurationItemChangeNotification", "ConfigurationItemChangeNotification"},
		{"t2.micro", "T2Micro"},
	}
	for _, tt := range tests {
		if got := enumSuffix(tt.in); got != tt.want {
			t.Errorf("enumSuffix(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNames(t *testing.T) {
	t.Parallel()
	tests := []struct{ got, want string }{
		{exported("resourceType"), "ResourceType"},
		{exported("roleARN"), "RoleARN"},
		{exported("2fa-code"), "X2facode"},
		{lowerCamel("ConfigRule"), "configRule"},
		{lowerCamel("roleARN"), "roleARN"},
		{goString(`\d{12}`), "`\\d{12}`"},
		{goString("a`b"), "\"a`b\""},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
	ns := namespace{}
	if a, b := ns.claim("X"), ns.claim("X"); a != "X" || b != "X2" {
		t.Errorf("claim = %q, %q; want X, X2", a, b)
	}
}
