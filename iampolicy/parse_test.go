package iampolicy

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// stmt wraps statement JSON fields in a 2012-10-17 policy.
func stmt(fields string) string {
	return `{"Version":"2012-10-17","Statement":[{` + fields + `}]}`
}

const okFields = `"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"`

func TestParse_Malformed(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, doc, want string
	}{
		{"Empty", ``, msgFirstByte},
		{"NotJSON", `not json`, msgFirstByte},
		{"LeadingSpace", ` {"Statement":[]}`, msgFirstByte},
		{"Truncated", `{"Statement":[`, msgInvalidJSON},
		{"TrailingData", `{"Statement":{}} {}`, msgInvalidJSON},
		{"TrailingComma", `{"Statement":[{}],}`, msgInvalidJSON},
		{"MissingStatement", `{"Version":"2012-10-17"}`, msgMissingStatement},
		{"NullStatement", `{"Version":"2012-10-17","Statement":null}`, msgMissingStatement},
		{"EmptyStatement", `{"Version":"2012-10-17","Statement":[]}`, msgEmptyStatement},
		{"StatementString", `{"Statement":"x"}`, msgStatementType},
		{"StatementListOfStrings", `{"Statement":["x"]}`, msgStatementType},
		{"BadVersion", `{"Version":"2012-10-18","Statement":[{` + okFields + `}]}`, msgVersion},
		{"NumberVersion", `{"Version":2012,"Statement":[{` + okFields + `}]}`, msgVersion},
		{"BadId", `{"Id":1,"Statement":[{` + okFields + `}]}`, msgID},
		{"UnknownTopField", `{"Statements":[{` + okFields + `}]}`, "Unknown field Statements"},
		{"UnknownStatementField", stmt(okFields + `,"Principle":"*"`), "Unknown field Principle"},
		{"MissingEffect", stmt(`"Principal":"*","Action":"s3:GetObject","Resource":"*"`), "Missing required field Effect"},
		{"BadEffect", stmt(`"Effect":"Allowed","Principal":"*","Action":"s3:GetObject","Resource":"*"`), "Invalid effect: Allowed"},
		{"LowerCaseEffect", stmt(`"Effect":"allow","Principal":"*","Action":"s3:GetObject","Resource":"*"`), "Invalid effect: allow"},
		{"NumberEffect", stmt(`"Effect":1,"Principal":"*","Action":"s3:GetObject","Resource":"*"`), "Invalid effect: 1"},
		{"BadSid", stmt(`"Sid":1,` + okFields), msgSid},
		{"DuplicateSid", `{"Statement":[{"Sid":"a",` + okFields + `},{"Sid":"a",` + okFields + `}]}`, msgDuplicateSid},
		{"MissingPrincipal", stmt(`"Effect":"Allow","Action":"s3:GetObject","Resource":"*"`), "Missing required field Principal"},
		{"BothPrincipals", stmt(`"Effect":"Allow","Principal":"*","NotPrincipal":"*","Action":"s3:GetObject","Resource":"*"`), "Statement must not have both Principal and NotPrincipal"},
		{"PrincipalString", stmt(`"Effect":"Allow","Principal":"111122223333","Action":"s3:GetObject","Resource":"*"`), msgPrincipal},
		{"PrincipalEmptyObject", stmt(`"Effect":"Allow","Principal":{},"Action":"s3:GetObject","Resource":"*"`), msgPrincipal},
		{"PrincipalUnknownType", stmt(`"Effect":"Allow","Principal":{"User":"x"},"Action":"s3:GetObject","Resource":"*"`), msgPrincipal},
		{"PrincipalEmptyList", stmt(`"Effect":"Allow","Principal":{"AWS":[]},"Action":"s3:GetObject","Resource":"*"`), msgPrincipal},
		{"PrincipalNumber", stmt(`"Effect":"Allow","Principal":{"AWS":111122223333},"Action":"s3:GetObject","Resource":"*"`), msgPrincipal},
		{"PrincipalShortAccount", stmt(`"Effect":"Allow","Principal":{"AWS":"11112222333"},"Action":"s3:GetObject","Resource":"*"`), msgPrincipal},
		{"PrincipalWildcardARN", stmt(`"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/*"},"Action":"s3:GetObject","Resource":"*"`), msgPrincipal},
		{"PrincipalWildcardAccount", stmt(`"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::*:root"},"Action":"s3:GetObject","Resource":"*"`), msgPrincipal},
		{"PrincipalS3ARN", stmt(`"Effect":"Allow","Principal":{"AWS":"arn:aws:s3:::b"},"Action":"s3:GetObject","Resource":"*"`), msgPrincipal},
		{"PrincipalUserName", stmt(`"Effect":"Allow","Principal":{"AWS":"alice"},"Action":"s3:GetObject","Resource":"*"`), msgPrincipal},
		{"PrincipalEmptyService", stmt(`"Effect":"Allow","Principal":{"Service":""},"Action":"s3:GetObject","Resource":"*"`), msgPrincipal},
		{"PrincipalWildcardService", stmt(`"Effect":"Allow","Principal":{"Service":"*"},"Action":"s3:GetObject","Resource":"*"`), msgPrincipal},
		{"MissingAction", stmt(`"Effect":"Allow","Principal":"*","Resource":"*"`), "Missing required field Action"},
		{"BothActions", stmt(`"Effect":"Allow","Principal":"*","Action":"s3:GetObject","NotAction":"s3:PutObject","Resource":"*"`), "Statement must not have both Action and NotAction"},
		{"EmptyActionList", stmt(`"Effect":"Allow","Principal":"*","Action":[],"Resource":"*"`), msgAction},
		{"EmptyActionString", stmt(`"Effect":"Allow","Principal":"*","Action":"","Resource":"*"`), msgAction},
		{"ActionNoPrefix", stmt(`"Effect":"Allow","Principal":"*","Action":"GetObject","Resource":"*"`), msgAction},
		{"ActionEmptyName", stmt(`"Effect":"Allow","Principal":"*","Action":"s3:","Resource":"*"`), msgAction},
		{"ActionSpace", stmt(`"Effect":"Allow","Principal":"*","Action":"s3:Get Object","Resource":"*"`), msgAction},
		{"ActionTwoColons", stmt(`"Effect":"Allow","Principal":"*","Action":"s3:a:b","Resource":"*"`), msgAction},
		{"ActionObject", stmt(`"Effect":"Allow","Principal":"*","Action":{"a":1},"Resource":"*"`), msgAction},
		{"MissingResource", stmt(`"Effect":"Allow","Principal":"*","Action":"s3:GetObject"`), "Missing required field Resource"},
		{"BothResources", stmt(`"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","NotResource":"*"`), "Statement must not have both Resource and NotResource"},
		{"ResourceNotARN", stmt(`"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"bucket/*"`), msgResource},
		{"ResourceShortARN", stmt(`"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3"`), msgResource},
		{"ResourceEmptyList", stmt(`"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":[]}`), msgInvalidJSON},
		{"ResourceEmptyList2", stmt(`"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":[]`), msgResource},
		{"ResourceNumber", stmt(`"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":[1]`), msgResource},
		{"ConditionList", stmt(okFields + `,"Condition":[]`), msgCondition},
		{"ConditionBlockString", stmt(okFields + `,"Condition":{"StringEquals":"x"}`), msgCondition},
		{"UnknownOperator", stmt(okFields + `,"Condition":{"StringEqualz":{"aws:PrincipalOrgID":"o-abc"}}`), "Unknown condition operator: StringEqualz"},
		{"LowerCaseOperator", stmt(okFields + `,"Condition":{"stringEquals":{"aws:PrincipalOrgID":"o-abc"}}`), "Unknown condition operator: stringEquals"},
		{"NullIfExists", stmt(okFields + `,"Condition":{"NullIfExists":{"aws:PrincipalOrgID":"true"}}`), "Unknown condition operator: NullIfExists"},
		{"KeyWithoutPrefix", stmt(okFields + `,"Condition":{"StringEquals":{"PrincipalOrgID":"o-abc"}}`), msgConditionKey},
		{"KeyEmptyName", stmt(okFields + `,"Condition":{"StringEquals":{"aws:":"o-abc"}}`), msgConditionKey},
		{"ValueNull", stmt(okFields + `,"Condition":{"StringEquals":{"aws:PrincipalOrgID":null}}`), "Invalid Condition value for operator StringEquals: null"},
		{"ValueEmptyList", stmt(okFields + `,"Condition":{"StringEquals":{"aws:PrincipalOrgID":[]}}`), "Invalid Condition value for operator StringEquals: []"},
		{"ValueObject", stmt(okFields + `,"Condition":{"StringEquals":{"aws:PrincipalOrgID":{"a":"b"}}}`), `Invalid Condition value for operator StringEquals: {"a":"b"}`},
		{"ValueNestedList", stmt(okFields + `,"Condition":{"StringEquals":{"aws:PrincipalOrgID":[["a"]]}}`), `Invalid Condition value for operator StringEquals: [["a"]]`},
		{"NumericNotNumber", stmt(okFields + `,"Condition":{"NumericLessThan":{"s3:max-keys":"ten"}}`), "Invalid Condition value for operator NumericLessThan: ten"},
		{"NumericInf", stmt(okFields + `,"Condition":{"NumericLessThan":{"s3:max-keys":"Inf"}}`), "Invalid Condition value for operator NumericLessThan: Inf"},
		{"DateNotDate", stmt(okFields + `,"Condition":{"DateLessThan":{"aws:CurrentTime":"tomorrow"}}`), "Invalid Condition value for operator DateLessThan: tomorrow"},
		{"BoolNotBool", stmt(okFields + `,"Condition":{"Bool":{"aws:SecureTransport":"yes"}}`), "Invalid Condition value for operator Bool: yes"},
		{"NullNotBool", stmt(okFields + `,"Condition":{"Null":{"aws:SecureTransport":"1"}}`), "Invalid Condition value for operator Null: 1"},
		{"BinaryNotBase64", stmt(okFields + `,"Condition":{"BinaryEquals":{"s3:x":"!!"}}`), "Invalid Condition value for operator BinaryEquals: !!"},
		{"BadIP", stmt(okFields + `,"Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.300/8"}}`), msgIPAddress},
		{"BadIPList", stmt(okFields + `,"Condition":{"NotIpAddress":{"aws:SourceIp":["10.0.0.0/8","x"]}}`), msgIPAddress},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p, err := Parse([]byte(tc.doc))
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse(%s) = %v, %v; want *Error %q", tc.doc, p, err, tc.want)
			}
			if e.Message != tc.want {
				t.Errorf("Parse(%s) message = %q, want %q", tc.doc, e.Message, tc.want)
			}
			if !strings.HasPrefix(err.Error(), "iampolicy: malformed policy: ") {
				t.Errorf("Parse(%s) error = %q, want the package prefix", tc.doc, err)
			}
		})
	}
}

func TestParse_OK(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, doc string }{
		{"StatementObject", `{"Version":"2012-10-17","Statement":{` + okFields + `}}`},
		{"Version2008", `{"Version":"2008-10-17","Statement":[{` + okFields + `}]}`},
		{"NoVersion", `{"Statement":[{` + okFields + `}]}`},
		{"IdAndSids", `{"Id":"p1","Statement":[{"Sid":"a",` + okFields + `},{"Sid":"b",` + okFields + `},{"Sid":"",` + okFields + `},{"Sid":"",` + okFields + `}]}`},
		{"NotElements", stmt(`"Effect":"Deny","NotPrincipal":{"AWS":"111122223333"},"NotAction":"s3:Get*","NotResource":["arn:aws:s3:::b","arn:aws:s3:::b/*"]`)},
		{"AllPrincipalTypes", stmt(`"Effect":"Allow","Principal":{"AWS":["*","111122223333","arn:aws:iam::111122223333:root","arn:aws:iam::111122223333:user/a","arn:aws:sts::111122223333:assumed-role/R/s","arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E1"],"Service":"config.amazonaws.com","Federated":"accounts.google.com","CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},"Action":"*","Resource":"*"`)},
		{"ActionWildcards", stmt(`"Effect":"Allow","Principal":"*","Action":["*","s3:*","s3:Get*","s3:?etObject","*:GetObject","ec2-instance-connect:SendSSHPublicKey"],"Resource":"*"`)},
		{"EmptyCondition", stmt(okFields + `,"Condition":{}`)},
		{"EmptyOperatorBlock", stmt(okFields + `,"Condition":{"StringEquals":{}}`)},
		{"UnknownKey", stmt(okFields + `,"Condition":{"StringEquals":{"example:Whatever":"x"}}`)},
		{"MixedValueTypes", stmt(okFields + `,"Condition":{"StringEquals":{"s3:x":["a",1,true,2.50]}}`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if _, err := Parse([]byte(tc.doc)); err != nil {
				t.Errorf("Parse(%s): %v", tc.doc, err)
			}
		})
	}
}

func TestParseAs_Kinds(t *testing.T) {
	t.Parallel()
	noPrincipal := stmt(`"Effect":"Allow","Action":"s3:GetObject","Resource":"*"`)
	noResource := stmt(`"Effect":"Allow","Principal":{"Service":"config.amazonaws.com"},"Action":"sts:AssumeRole"`)
	withBoth := stmt(okFields)
	for _, tc := range []struct {
		name string
		kind Kind
		doc  string
		want string // "" for success
	}{
		{"Resource/NoPrincipal", ResourcePolicy, noPrincipal, "Missing required field Principal"},
		{"Resource/NoResource", ResourcePolicy, noResource, "Missing required field Resource"},
		{"Identity/NoPrincipal", IdentityPolicy, noPrincipal, ""},
		{"Identity/Principal", IdentityPolicy, withBoth, msgNoPrincipal},
		{"Identity/NoResource", IdentityPolicy, stmt(`"Effect":"Allow","Action":"s3:GetObject"`), "Missing required field Resource"},
		{"Trust/NoResource", TrustPolicy, noResource, ""},
		{"Trust/NoPrincipal", TrustPolicy, noPrincipal, "Missing required field Principal"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseAs([]byte(tc.doc), tc.kind)
			var got string
			if e := (*Error)(nil); errors.As(err, &e) {
				got = e.Message
			} else if err != nil {
				t.Fatalf("ParseAs: %v is not an *Error", err)
			}
			if got != tc.want {
				t.Errorf("ParseAs(%s, %v) message = %q, want %q", tc.doc, tc.kind, got, tc.want)
			}
		})
	}
}

func TestPolicy_EvaluateKinds(t *testing.T) {
	t.Parallel()
	identity, err := ParseAs([]byte(stmt(`"Effect":"Allow","Action":"s3:GetObject","Resource":"*"`)), IdentityPolicy)
	if err != nil {
		t.Fatal(err)
	}
	if got := identity.Evaluate(&Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k"}); got != Allow {
		t.Errorf("identity policy: Evaluate = %v, want Allow", got)
	}
	trust, err := ParseAs([]byte(stmt(`"Effect":"Allow","Principal":{"Service":"config.amazonaws.com"},"Action":"sts:AssumeRole"`)), TrustPolicy)
	if err != nil {
		t.Fatal(err)
	}
	r := &Request{Principal: Principal{Service: "config.amazonaws.com"}, Action: "sts:AssumeRole", Resource: "arn:aws:iam::111122223333:role/r"}
	if got := trust.Evaluate(r); got != Allow {
		t.Errorf("trust policy: Evaluate = %v, want Allow", got)
	}
	r.Principal.Service = "s3.amazonaws.com"
	if got := trust.Evaluate(r); got != ImplicitDeny {
		t.Errorf("trust policy, other service: Evaluate = %v, want ImplicitDeny", got)
	}
}

func TestPolicy_Evaluate(t *testing.T) {
	t.Parallel()
	p := mustParse(t, `{"Version":"2012-10-17","Statement":[
		{"Sid":"AllowRead","Effect":"Allow","Principal":"*","Action":["s3:Get*","s3:List*"],"Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"]},
		{"Sid":"DenySecret","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/secret/*"},
		{"Sid":"DenyAllButGet","Effect":"Deny","Principal":"*","NotAction":["s3:Get*","s3:List*"],"NotResource":"arn:aws:s3:::b/public/*"},
		{"Sid":"HomeDirs","Effect":"Allow","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::b/public/${aws:username}/*"}
	]}`)
	for _, tc := range []struct {
		name             string
		action, resource string
		c                ctx
		want             Decision
	}{
		{"Allowed", "s3:GetObject", "arn:aws:s3:::b/k", nil, Allow},
		{"ActionCaseInsensitive", "S3:GETOBJECT", "arn:aws:s3:::b/k", nil, Allow},
		{"ResourceCaseSensitive", "s3:GetObject", "arn:aws:s3:::B/k", nil, ImplicitDeny},
		{"DenyWins", "s3:GetObject", "arn:aws:s3:::b/secret/k", nil, ExplicitDeny},
		{"NotActionDeny", "s3:DeleteObject", "arn:aws:s3:::b/k", nil, ExplicitDeny},
		{"NotResourceSpares", "s3:DeleteObject", "arn:aws:s3:::b/public/k", nil, ImplicitDeny},
		{"VariableInResource", "s3:PutObject", "arn:aws:s3:::b/public/alice/k", ctx{"aws:username": {"alice"}}, Allow},
		{"VariableOtherUser", "s3:PutObject", "arn:aws:s3:::b/public/bob/k", ctx{"aws:username": {"alice"}}, ImplicitDeny},
		{"VariableMissing", "s3:PutObject", "arn:aws:s3:::b/public/alice/k", nil, ImplicitDeny},
		{"OtherBucket", "s3:GetObject", "arn:aws:s3:::c/k", nil, ImplicitDeny},
	} {
		r := &Request{Action: tc.action, Resource: tc.resource, Context: tc.c}
		if got := p.Evaluate(r); got != tc.want {
			t.Errorf("%s: Evaluate(%+v) = %v, want %v", tc.name, r, got, tc.want)
		}
	}
	var nilPolicy *Policy
	if got := nilPolicy.Evaluate(&Request{}); got != ImplicitDeny {
		t.Errorf("nil policy: Evaluate = %v, want ImplicitDeny", got)
	}
	if got := p.Evaluate(nil); got != ImplicitDeny {
		t.Errorf("nil request: Evaluate = %v, want ImplicitDeny", got)
	}
}

func TestPolicy_Statements(t *testing.T) {
	t.Parallel()
	p := mustParse(t, `{"Version":"2012-10-17","Id":"pid","Statement":[
		{"Sid":"A","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*",
		 "Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a","s3:x":"1"},"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:root"},"StringLike":{"s3:x":"*"}}},
		{"Effect":"Deny","Principal":"*","NotAction":["s3:Get*"],"NotResource":"arn:aws:s3:::b"}]}`)
	if p.Version() != Version2012 || p.ID() != "pid" || p.Kind() != ResourcePolicy {
		t.Errorf("Version, ID, Kind = %q, %q, %v", p.Version(), p.ID(), p.Kind())
	}
	want := []Statement{
		{Sid: "A", Effect: EffectAllow, Actions: []string{"s3:GetObject"}, Resources: []string{"arn:aws:s3:::b/*"},
			ConditionKeys: []string{"aws:PrincipalArn", "aws:PrincipalOrgID", "s3:x"}},
		{Effect: EffectDeny, NotActions: []string{"s3:Get*"}, NotResources: []string{"arn:aws:s3:::b"}},
	}
	if got := p.Statements(); !reflect.DeepEqual(got, want) {
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		t.Errorf("Statements() = %s\nwant %s", g, w)
	}
}

func TestDecision_String(t *testing.T) {
	t.Parallel()
	for d, want := range map[Decision]string{Allow: "Allow", ExplicitDeny: "ExplicitDeny", ImplicitDeny: "ImplicitDeny", Decision(9): "ImplicitDeny"} {
		if got := d.String(); got != want {
			t.Errorf("Decision(%d).String() = %q, want %q", int(d), got, want)
		}
	}
}

func mustParse(tb testing.TB, doc string) *Policy {
	tb.Helper()
	p, err := Parse([]byte(doc))
	if err != nil {
		tb.Fatalf("Parse: %v", err)
	}
	return p
}
