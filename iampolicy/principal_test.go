package iampolicy

import (
	"fmt"
	"testing"
)

const (
	acct     = "111122223333"
	other    = "444455556666"
	roleARN  = "arn:aws:iam::111122223333:role/aws-service-role/config-conforms.amazonaws.com/AWSServiceRoleForConfigConforms"
	session  = "arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForConfigConforms/AWSConfig-conforms"
	userARN  = "arn:aws:iam::111122223333:user/alice"
	otherSes = "arn:aws:sts::444455556666:assumed-role/AWSServiceRoleForConfigConforms/s"
)

// principalMatches parses a policy whose only statement allows everything
// to the given Principal element (or NotPrincipal, with not) and reports
// whether it allows p.
func principalMatches(t *testing.T, elem string, not bool, p Principal) bool {
	t.Helper()
	name := "Principal"
	if not {
		name = "NotPrincipal"
	}
	doc := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow",%q:%s,"Action":"*","Resource":"*"}]}`, name, elem)
	pol, err := Parse([]byte(doc))
	if err != nil {
		t.Fatalf("Parse(%s): %v", doc, err)
	}
	return pol.Evaluate(&Request{Principal: p, Action: "s3:GetObject", Resource: "arn:aws:s3:::b"}) == Allow
}

func TestPrincipalSet_Matches(t *testing.T) {
	t.Parallel()
	anonymous := Principal{}
	for _, tc := range []struct {
		name string
		elem string
		not  bool
		p    Principal
		want bool
	}{
		{"Star/Anonymous", `"*"`, false, anonymous, true},
		{"Star/Service", `"*"`, false, Principal{Service: "config.amazonaws.com"}, true},
		{"AWSStar/Anonymous", `{"AWS":"*"}`, false, anonymous, true},
		{"AWSStar/Session", `{"AWS":"*"}`, false, Principal{Arn: session}, true},
		{"AccountID/Session", `{"AWS":"111122223333"}`, false, Principal{Arn: session}, true},
		{"AccountID/User", `{"AWS":"111122223333"}`, false, Principal{Arn: userARN}, true},
		{"AccountID/AccountOnly", `{"AWS":"111122223333"}`, false, Principal{Account: acct}, true},
		{"AccountID/OtherAccount", `{"AWS":"111122223333"}`, false, Principal{Arn: otherSes}, false},
		{"AccountID/Anonymous", `{"AWS":"111122223333"}`, false, anonymous, false},
		{"AccountID/Service", `{"AWS":"111122223333"}`, false, Principal{Service: "config.amazonaws.com"}, false},
		{"Root/Session", `{"AWS":"arn:aws:iam::111122223333:root"}`, false, Principal{Arn: session}, true},
		{"Root/Root", `{"AWS":"arn:aws:iam::111122223333:root"}`, false, Principal{Arn: "arn:aws:iam::111122223333:root"}, true},
		{"Root/OtherAccount", `{"AWS":"arn:aws:iam::111122223333:root"}`, false, Principal{Arn: otherSes}, false},
		{"Role/Session", `{"AWS":"` + roleARN + `"}`, false, Principal{Arn: session}, true},
		{"Role/RoleARN", `{"AWS":"` + roleARN + `"}`, false, Principal{Arn: roleARN}, true},
		{"Role/OtherAccountSession", `{"AWS":"` + roleARN + `"}`, false, Principal{Arn: otherSes}, false},
		{"Role/OtherRoleSession", `{"AWS":"` + roleARN + `"}`, false, Principal{Arn: "arn:aws:sts::111122223333:assumed-role/Admin/s"}, false},
		{"Role/User", `{"AWS":"` + roleARN + `"}`, false, Principal{Arn: userARN}, false},
		{"Role/OtherPartition", `{"AWS":"` + roleARN + `"}`, false, Principal{Arn: "arn:aws-cn:sts::111122223333:assumed-role/AWSServiceRoleForConfigConforms/s"}, false},
		{"RoleNoPath/Session", `{"AWS":"arn:aws:iam::111122223333:role/AWSServiceRoleForConfigConforms"}`, false, Principal{Arn: session}, true},
		{"User/User", `{"AWS":"` + userARN + `"}`, false, Principal{Arn: userARN}, true},
		{"User/OtherUser", `{"AWS":"` + userARN + `"}`, false, Principal{Arn: "arn:aws:iam::111122223333:user/bob"}, false},
		{"Session/Session", `{"AWS":"` + session + `"}`, false, Principal{Arn: session}, true},
		{"Session/OtherSession", `{"AWS":"` + session + `"}`, false, Principal{Arn: "arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForConfigConforms/other"}, false},
		{"List/Second", `{"AWS":["444455556666","` + userARN + `"]}`, false, Principal{Arn: userARN}, true},
		{"Service/Match", `{"Service":"config.amazonaws.com"}`, false, Principal{Service: "config.amazonaws.com"}, true},
		{"Service/CaseInsensitive", `{"Service":"Config.amazonaws.com"}`, false, Principal{Service: "config.AMAZONAWS.com"}, true},
		{"Service/Other", `{"Service":"config.amazonaws.com"}`, false, Principal{Service: "s3.amazonaws.com"}, false},
		{"Service/AWSCaller", `{"Service":"config.amazonaws.com"}`, false, Principal{Arn: session}, false},
		{"Mixed/Service", `{"AWS":"111122223333","Service":["config.amazonaws.com","s3.amazonaws.com"]}`, false, Principal{Service: "s3.amazonaws.com"}, true},
		{"Federated/Match", `{"Federated":"cognito-identity.amazonaws.com"}`, false, Principal{Federated: "cognito-identity.amazonaws.com"}, true},
		{"Federated/Other", `{"Federated":"cognito-identity.amazonaws.com"}`, false, Principal{Federated: "accounts.google.com"}, false},
		{"CanonicalUser/Match", `{"CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}`, false, Principal{CanonicalUser: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}, true},
		{"CanonicalUser/Other", `{"CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}`, false, Principal{CanonicalUser: "00"}, false},
		{"NotPrincipal/Excluded", `{"AWS":"` + roleARN + `"}`, true, Principal{Arn: session}, false},
		{"NotPrincipal/Other", `{"AWS":"` + roleARN + `"}`, true, Principal{Arn: userARN}, true},
		{"NotPrincipal/AccountExcludesAll", `{"AWS":"111122223333"}`, true, Principal{Arn: userARN}, false},
		{"NotPrincipal/Anonymous", `{"AWS":"111122223333"}`, true, anonymous, true},
		{"NotPrincipal/Star", `"*"`, true, anonymous, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := principalMatches(t, tc.elem, tc.not, tc.p); got != tc.want {
				t.Errorf("element %s (not=%v) for %+v: allowed = %v, want %v", tc.elem, tc.not, tc.p, got, tc.want)
			}
		})
	}
}

func TestCallerAccount(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		p    Principal
		want string
	}{
		{Principal{Account: other, Arn: session}, other},
		{Principal{Arn: session}, acct},
		{Principal{Arn: "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E1"}, ""},
		{Principal{Arn: "garbage"}, ""},
		{Principal{Service: "config.amazonaws.com"}, ""},
	} {
		if got := callerAccount(tc.p); got != tc.want {
			t.Errorf("callerAccount(%+v) = %q, want %q", tc.p, got, tc.want)
		}
	}
}
