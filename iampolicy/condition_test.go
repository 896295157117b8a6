package iampolicy

import (
	"fmt"
	"testing"
)

// ctx is a request context; a key with a nil or empty list is missing.
type ctx = map[string][]string

// conditionHolds parses an Allow-everything policy with the given Condition
// element and reports whether it allows a request with context c.
func conditionHolds(t *testing.T, version, cond string, c ctx) bool {
	t.Helper()
	doc := fmt.Sprintf(`{"Version":%q,"Statement":{"Effect":"Allow","Principal":"*",`+
		`"Action":"s3:GetObject","Resource":"*","Condition":%s}}`, version, cond)
	p, err := Parse([]byte(doc))
	if err != nil {
		t.Fatalf("Parse(%s): %v", doc, err)
	}
	r := &Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k", Context: c}
	return p.Evaluate(r) == Allow
}

type condCase struct {
	name string
	cond string
	ctx  ctx
	want bool
}

func runCondCases(t *testing.T, version string, cases []condCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := conditionHolds(t, version, tc.cond, tc.ctx); got != tc.want {
				t.Errorf("condition %s with context %v: holds = %v, want %v", tc.cond, tc.ctx, got, tc.want)
			}
		})
	}
}

func TestCondition_String(t *testing.T) {
	t.Parallel()
	runCondCases(t, Version2012, []condCase{
		{"StringEquals/OK", `{"StringEquals":{"aws:PrincipalOrgID":"o-abc"}}`, ctx{"aws:PrincipalOrgID": {"o-abc"}}, true},
		{"StringEquals/Other", `{"StringEquals":{"aws:PrincipalOrgID":"o-abc"}}`, ctx{"aws:PrincipalOrgID": {"o-xyz"}}, false},
		{"StringEquals/CaseSensitive", `{"StringEquals":{"aws:PrincipalOrgID":"o-abc"}}`, ctx{"aws:PrincipalOrgID": {"O-ABC"}}, false},
		{"StringEquals/KeyNameCaseInsensitive", `{"StringEquals":{"AWS:PRINCIPALORGID":"o-abc"}}`, ctx{"aws:principalOrgId": {"o-abc"}}, true},
		{"StringEquals/Missing", `{"StringEquals":{"aws:PrincipalOrgID":"o-abc"}}`, nil, false},
		{"StringEquals/PresentEmpty", `{"StringEquals":{"aws:PrincipalOrgID":"o-abc"}}`, ctx{"aws:PrincipalOrgID": nil}, false},
		{"StringEquals/NoWildcard", `{"StringEquals":{"s3:prefix":"home/*"}}`, ctx{"s3:prefix": {"home/x"}}, false},
		{"StringEquals/ValuesOR", `{"StringEquals":{"s3:prefix":["a","b"]}}`, ctx{"s3:prefix": {"b"}}, true},
		{"StringEquals/KeysAND", `{"StringEquals":{"s3:prefix":"a","s3:delimiter":"/"}}`, ctx{"s3:prefix": {"a"}}, false},
		{"StringEquals/KeysANDOK", `{"StringEquals":{"s3:prefix":"a","s3:delimiter":"/"}}`, ctx{"s3:prefix": {"a"}, "s3:delimiter": {"/"}}, true},
		{"StringEquals/BlocksAND", `{"StringEquals":{"s3:prefix":"a"},"StringLike":{"s3:delimiter":"x*"}}`, ctx{"s3:prefix": {"a"}, "s3:delimiter": {"/"}}, false},
		{"StringEquals/NumberValue", `{"StringEquals":{"s3:max-keys":10}}`, ctx{"s3:max-keys": {"10"}}, true},
		{"StringEquals/BoolValue", `{"StringEquals":{"aws:SecureTransport":true}}`, ctx{"aws:SecureTransport": {"true"}}, true},
		{"StringEquals/MultiValuedRequestAny", `{"StringEquals":{"aws:TagKeys":"a"}}`, ctx{"aws:TagKeys": {"x", "a"}}, true},
		{"StringEqualsIfExists/Missing", `{"StringEqualsIfExists":{"aws:PrincipalOrgID":"o-abc"}}`, nil, true},
		{"StringEqualsIfExists/Other", `{"StringEqualsIfExists":{"aws:PrincipalOrgID":"o-abc"}}`, ctx{"aws:PrincipalOrgID": {"o-x"}}, false},
		{"StringNotEquals/OK", `{"StringNotEquals":{"aws:PrincipalOrgID":"o-abc"}}`, ctx{"aws:PrincipalOrgID": {"o-x"}}, true},
		{"StringNotEquals/Equal", `{"StringNotEquals":{"aws:PrincipalOrgID":"o-abc"}}`, ctx{"aws:PrincipalOrgID": {"o-abc"}}, false},
		{"StringNotEquals/Missing", `{"StringNotEquals":{"aws:PrincipalOrgID":"o-abc"}}`, nil, true},
		{"StringNotEquals/ValuesNOR", `{"StringNotEquals":{"aws:PrincipalOrgID":["o-a","o-b"]}}`, ctx{"aws:PrincipalOrgID": {"o-b"}}, false},
		{"StringNotEquals/ValuesNOROK", `{"StringNotEquals":{"aws:PrincipalOrgID":["o-a","o-b"]}}`, ctx{"aws:PrincipalOrgID": {"o-c"}}, true},
		{"StringNotEquals/MultiValuedRequest", `{"StringNotEquals":{"aws:TagKeys":"a"}}`, ctx{"aws:TagKeys": {"x", "a"}}, false},
		{"StringNotEqualsIfExists/Missing", `{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-abc"}}`, nil, true},
		{"StringEqualsIgnoreCase/OK", `{"StringEqualsIgnoreCase":{"aws:username":"Alice"}}`, ctx{"aws:username": {"aLICE"}}, true},
		{"StringEqualsIgnoreCase/Other", `{"StringEqualsIgnoreCase":{"aws:username":"Alice"}}`, ctx{"aws:username": {"bob"}}, false},
		{"StringNotEqualsIgnoreCase/Equal", `{"StringNotEqualsIgnoreCase":{"aws:username":"Alice"}}`, ctx{"aws:username": {"ALICE"}}, false},
		{"StringNotEqualsIgnoreCase/Other", `{"StringNotEqualsIgnoreCase":{"aws:username":"Alice"}}`, ctx{"aws:username": {"bob"}}, true},
		{"StringLike/Star", `{"StringLike":{"s3:prefix":"home/*"}}`, ctx{"s3:prefix": {"home/alice/x"}}, true},
		{"StringLike/Question", `{"StringLike":{"s3:prefix":"h?me"}}`, ctx{"s3:prefix": {"home"}}, true},
		{"StringLike/QuestionOneRune", `{"StringLike":{"s3:prefix":"h?me"}}`, ctx{"s3:prefix": {"höme"}}, true},
		{"StringLike/NoMatch", `{"StringLike":{"s3:prefix":"home/*"}}`, ctx{"s3:prefix": {"etc/x"}}, false},
		{"StringLike/CaseSensitive", `{"StringLike":{"s3:prefix":"home/*"}}`, ctx{"s3:prefix": {"HOME/x"}}, false},
		{"StringLike/Missing", `{"StringLike":{"s3:prefix":"*"}}`, nil, false},
		{"StringLikeIfExists/Missing", `{"StringLikeIfExists":{"s3:prefix":"x*"}}`, nil, true},
		{"StringNotLike/Match", `{"StringNotLike":{"s3:prefix":["a*","b*"]}}`, ctx{"s3:prefix": {"bee"}}, false},
		{"StringNotLike/NoMatch", `{"StringNotLike":{"s3:prefix":["a*","b*"]}}`, ctx{"s3:prefix": {"cee"}}, true},
		{"StringNotLike/Missing", `{"StringNotLike":{"s3:prefix":"a*"}}`, nil, true},
	})
}

func TestCondition_Variables(t *testing.T) {
	t.Parallel()
	user := ctx{"aws:username": {"alice"}, "s3:prefix": {"home/alice/docs"}}
	runCondCases(t, Version2012, []condCase{
		{"StringLike", `{"StringLike":{"s3:prefix":"home/${aws:username}/*"}}`, user, true},
		{"StringLike/OtherUser", `{"StringLike":{"s3:prefix":"home/${aws:username}/*"}}`, ctx{"aws:username": {"bob"}, "s3:prefix": {"home/alice/docs"}}, false},
		{"StringLike/Unresolved", `{"StringLike":{"s3:prefix":"home/${aws:username}/*"}}`, ctx{"s3:prefix": {"home/alice/docs"}}, false},
		{"StringLike/MultiValuedUnresolved", `{"StringLike":{"s3:prefix":"home/${aws:username}/*"}}`, ctx{"aws:username": {"alice", "bob"}, "s3:prefix": {"home/alice/docs"}}, false},
		{"StringLike/Default", `{"StringLike":{"s3:prefix":"home/${aws:username, 'alice'}/*"}}`, ctx{"s3:prefix": {"home/alice/docs"}}, true},
		{"StringLike/DefaultQuote", `{"StringLike":{"s3:prefix":"${aws:x,'it''s'}"}}`, ctx{"s3:prefix": {"it's"}}, true},
		{"StringLike/ValueIsLiteral", `{"StringLike":{"s3:prefix":"home/${aws:username}"}}`, ctx{"aws:username": {"*"}, "s3:prefix": {"home/alice"}}, false},
		{"StringLike/EscapedStar", `{"StringLike":{"s3:prefix":"a${*}"}}`, ctx{"s3:prefix": {"a*"}}, true},
		{"StringLike/EscapedStarLiteral", `{"StringLike":{"s3:prefix":"a${*}"}}`, ctx{"s3:prefix": {"ab"}}, false},
		{"StringLike/EscapedDollar", `{"StringLike":{"s3:prefix":"${$}{x}"}}`, ctx{"s3:prefix": {"${x}"}}, true},
		{"StringEquals", `{"StringEquals":{"aws:PrincipalAccount":"${aws:ResourceAccount}"}}`, ctx{"aws:PrincipalAccount": {"111122223333"}, "aws:ResourceAccount": {"111122223333"}}, true},
		{"StringEquals/Differs", `{"StringEquals":{"aws:PrincipalAccount":"${aws:ResourceAccount}"}}`, ctx{"aws:PrincipalAccount": {"111122223333"}, "aws:ResourceAccount": {"444455556666"}}, false},
		{"ArnLike", `{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::${aws:PrincipalAccount}:role/*"}}`, ctx{"aws:PrincipalAccount": {"111122223333"}, "aws:PrincipalArn": {"arn:aws:iam::111122223333:role/r"}}, true},
		{"ArnLike/OtherAccount", `{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::${aws:PrincipalAccount}:role/*"}}`, ctx{"aws:PrincipalAccount": {"111122223333"}, "aws:PrincipalArn": {"arn:aws:iam::444455556666:role/r"}}, false},
		{"Unterminated", `{"StringEquals":{"s3:prefix":"${aws:username"}}`, ctx{"s3:prefix": {"${aws:username"}}, true},
	})
	runCondCases(t, Version2008, []condCase{
		{"Version2008Literal", `{"StringEquals":{"s3:prefix":"${aws:username}"}}`, ctx{"aws:username": {"alice"}, "s3:prefix": {"${aws:username}"}}, true},
		{"Version2008NotReplaced", `{"StringEquals":{"s3:prefix":"${aws:username}"}}`, ctx{"aws:username": {"alice"}, "s3:prefix": {"alice"}}, false},
	})
}

func TestCondition_Numeric(t *testing.T) {
	t.Parallel()
	n := func(v string) ctx { return ctx{"s3:max-keys": {v}} }
	runCondCases(t, Version2012, []condCase{
		{"Equals", `{"NumericEquals":{"s3:max-keys":"10"}}`, n("10"), true},
		{"EqualsFloat", `{"NumericEquals":{"s3:max-keys":10}}`, n("10.0"), true},
		{"EqualsOther", `{"NumericEquals":{"s3:max-keys":10}}`, n("11"), false},
		{"EqualsNotNumber", `{"NumericEquals":{"s3:max-keys":10}}`, n("ten"), false},
		{"NotEquals", `{"NumericNotEquals":{"s3:max-keys":[10,20]}}`, n("15"), true},
		{"NotEqualsNOR", `{"NumericNotEquals":{"s3:max-keys":[10,20]}}`, n("20"), false},
		{"NotEqualsMissing", `{"NumericNotEquals":{"s3:max-keys":10}}`, nil, true},
		{"LessThan", `{"NumericLessThan":{"s3:max-keys":10}}`, n("9"), true},
		{"LessThanEqual", `{"NumericLessThan":{"s3:max-keys":10}}`, n("10"), false},
		{"LessThanEquals", `{"NumericLessThanEquals":{"s3:max-keys":10}}`, n("10"), true},
		{"LessThanEqualsAbove", `{"NumericLessThanEquals":{"s3:max-keys":10}}`, n("10.5"), false},
		{"GreaterThan", `{"NumericGreaterThan":{"s3:max-keys":10}}`, n("11"), true},
		{"GreaterThanEqual", `{"NumericGreaterThan":{"s3:max-keys":10}}`, n("10"), false},
		{"GreaterThanEquals", `{"NumericGreaterThanEquals":{"s3:max-keys":10}}`, n("10"), true},
		{"GreaterThanEqualsBelow", `{"NumericGreaterThanEquals":{"s3:max-keys":10}}`, n("-3"), false},
		{"LessThanMissing", `{"NumericLessThan":{"s3:max-keys":10}}`, nil, false},
		{"LessThanIfExistsMissing", `{"NumericLessThanIfExists":{"s3:max-keys":10}}`, nil, true},
		{"NaNRequest", `{"NumericLessThan":{"s3:max-keys":10}}`, n("NaN"), false},
	})
}

func TestCondition_Date(t *testing.T) {
	t.Parallel()
	d := func(v string) ctx { return ctx{"aws:CurrentTime": {v}} }
	runCondCases(t, Version2012, []condCase{
		{"Equals", `{"DateEquals":{"aws:CurrentTime":"2026-01-02T03:04:05Z"}}`, d("2026-01-02T03:04:05Z"), true},
		{"EqualsOtherZone", `{"DateEquals":{"aws:CurrentTime":"2026-01-02T03:04:05Z"}}`, d("2026-01-02T05:04:05+02:00"), true},
		{"EqualsEpoch", `{"DateEquals":{"aws:CurrentTime":"2026-01-02T03:04:05Z"}}`, d("1767323045"), true},
		{"EqualsEpochPolicy", `{"DateEquals":{"aws:CurrentTime":1767323045}}`, d("2026-01-02T03:04:05Z"), true},
		{"EqualsDateOnly", `{"DateEquals":{"aws:CurrentTime":"2026-01-02"}}`, d("2026-01-02T00:00:00Z"), true},
		{"EqualsFraction", `{"DateEquals":{"aws:CurrentTime":"2026-01-02T03:04:05.500Z"}}`, d("1767323045.5"), true},
		{"EqualsOther", `{"DateEquals":{"aws:CurrentTime":"2026-01-02T03:04:05Z"}}`, d("2026-01-02T03:04:06Z"), false},
		{"EqualsGarbage", `{"DateEquals":{"aws:CurrentTime":"2026-01-02T03:04:05Z"}}`, d("yesterday"), false},
		{"NotEquals", `{"DateNotEquals":{"aws:CurrentTime":"2026-01-02T03:04:05Z"}}`, d("2026-01-02T03:04:06Z"), true},
		{"NotEqualsSame", `{"DateNotEquals":{"aws:CurrentTime":"2026-01-02T03:04:05Z"}}`, d("2026-01-02T03:04:05Z"), false},
		{"LessThan", `{"DateLessThan":{"aws:CurrentTime":"2026-06-30T00:00:00Z"}}`, d("2026-01-01T00:00:00Z"), true},
		{"LessThanAfter", `{"DateLessThan":{"aws:CurrentTime":"2026-06-30T00:00:00Z"}}`, d("2026-07-01T00:00:00Z"), false},
		{"LessThanEquals", `{"DateLessThanEquals":{"aws:CurrentTime":"2026-06-30T00:00:00Z"}}`, d("2026-06-30T00:00:00Z"), true},
		{"GreaterThan", `{"DateGreaterThan":{"aws:CurrentTime":"2026-06-30T00:00:00Z"}}`, d("2026-07-01T00:00:00Z"), true},
		{"GreaterThanSame", `{"DateGreaterThan":{"aws:CurrentTime":"2026-06-30T00:00:00Z"}}`, d("2026-06-30T00:00:00Z"), false},
		{"GreaterThanEquals", `{"DateGreaterThanEquals":{"aws:CurrentTime":"2026-06-30T00:00:00Z"}}`, d("2026-06-30T00:00:00Z"), true},
		{"GreaterThanMissing", `{"DateGreaterThan":{"aws:CurrentTime":"2026-06-30T00:00:00Z"}}`, nil, false},
		{"GreaterThanIfExistsMissing", `{"DateGreaterThanIfExists":{"aws:CurrentTime":"2026-06-30T00:00:00Z"}}`, nil, true},
	})
}

func TestCondition_BoolBinaryIP(t *testing.T) {
	t.Parallel()
	ip := func(v string) ctx { return ctx{"aws:SourceIp": {v}} }
	runCondCases(t, Version2012, []condCase{
		{"Bool/True", `{"Bool":{"aws:SecureTransport":"true"}}`, ctx{"aws:SecureTransport": {"true"}}, true},
		{"Bool/JSONBool", `{"Bool":{"aws:SecureTransport":false}}`, ctx{"aws:SecureTransport": {"false"}}, true},
		{"Bool/CaseInsensitive", `{"Bool":{"aws:SecureTransport":"True"}}`, ctx{"aws:SecureTransport": {"TRUE"}}, true},
		{"Bool/Other", `{"Bool":{"aws:SecureTransport":"true"}}`, ctx{"aws:SecureTransport": {"false"}}, false},
		{"Bool/Missing", `{"Bool":{"aws:SecureTransport":"false"}}`, nil, false},
		{"BoolIfExists/Missing", `{"BoolIfExists":{"aws:SecureTransport":"false"}}`, nil, true},
		{"BinaryEquals/OK", `{"BinaryEquals":{"s3:x-amz-meta-b":"QmluYXJ5"}}`, ctx{"s3:x-amz-meta-b": {"QmluYXJ5"}}, true},
		{"BinaryEquals/Other", `{"BinaryEquals":{"s3:x-amz-meta-b":"QmluYXJ5"}}`, ctx{"s3:x-amz-meta-b": {"QmluYXJ6"}}, false},
		{"BinaryEquals/NotBase64", `{"BinaryEquals":{"s3:x-amz-meta-b":"QmluYXJ5"}}`, ctx{"s3:x-amz-meta-b": {"Binary"}}, false},
		{"IpAddress/CIDR", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, ip("203.0.113.7"), true},
		{"IpAddress/Outside", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, ip("203.0.114.7"), false},
		{"IpAddress/Single", `{"IpAddress":{"aws:SourceIp":"203.0.113.7"}}`, ip("203.0.113.7"), true},
		{"IpAddress/Unmasked", `{"IpAddress":{"aws:SourceIp":"203.0.113.9/24"}}`, ip("203.0.113.200"), true},
		{"IpAddress/IPv6", `{"IpAddress":{"aws:SourceIp":"2001:db8::/32"}}`, ip("2001:db8:1::5"), true},
		{"IpAddress/IPv6Outside", `{"IpAddress":{"aws:SourceIp":"2001:db8::/32"}}`, ip("2001:db9::5"), false},
		{"IpAddress/Mapped", `{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}`, ip("::ffff:10.1.2.3"), true},
		{"IpAddress/V4NotInV6", `{"IpAddress":{"aws:SourceIp":"2001:db8::/32"}}`, ip("10.1.2.3"), false},
		{"IpAddress/List", `{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","192.168.0.0/16"]}}`, ip("192.168.1.1"), true},
		{"IpAddress/Garbage", `{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}`, ip("not-an-ip"), false},
		{"IpAddress/Missing", `{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}`, nil, false},
		{"NotIpAddress/Outside", `{"NotIpAddress":{"aws:SourceIp":["10.0.0.0/8","192.168.0.0/16"]}}`, ip("203.0.113.7"), true},
		{"NotIpAddress/Inside", `{"NotIpAddress":{"aws:SourceIp":["10.0.0.0/8","192.168.0.0/16"]}}`, ip("192.168.1.1"), false},
		{"NotIpAddress/Missing", `{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}`, nil, true},
		{"IpAddressIfExists/Missing", `{"IpAddressIfExists":{"aws:SourceIp":"10.0.0.0/8"}}`, nil, true},
	})
}

func TestCondition_ARN(t *testing.T) {
	t.Parallel()
	const role = "arn:aws:iam::111122223333:role/aws-service-role/config-conforms.amazonaws.com/AWSServiceRoleForConfigConforms"
	a := func(v string) ctx { return ctx{"aws:PrincipalArn": {v}} }
	runCondCases(t, Version2012, []condCase{
		{"ArnLike/AccountWildcard", `{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/aws-service-role/config-conforms.amazonaws.com/AWSServiceRoleForConfigConforms"}}`, a(role), true},
		{"ArnLike/OtherRole", `{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/aws-service-role/config-conforms.amazonaws.com/AWSServiceRoleForConfigConforms"}}`, a("arn:aws:iam::111122223333:role/Admin"), false},
		{"ArnLike/StarDoesNotSpanColon", `{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/x"}}`, a("arn:aws:iam::1:2:role/x"), false},
		{"ArnLike/ResourceFieldKeepsColons", `{"ArnLike":{"aws:SourceArn":"arn:aws:logs:us-east-1:111122223333:log-group:*"}}`, ctx{"aws:SourceArn": {"arn:aws:logs:us-east-1:111122223333:log-group:g:log-stream:s"}}, true},
		{"ArnLike/Question", `{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::11112222333?:root"}}`, a("arn:aws:iam::111122223333:root"), true},
		{"ArnLike/WholeStar", `{"ArnLike":{"aws:PrincipalArn":"*"}}`, a("anything"), true},
		{"ArnLike/NotAnARN", `{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:root"}}`, a("arn:aws:iam"), false},
		{"ArnLike/CaseSensitive", `{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/Admin"}}`, a("arn:aws:iam::111122223333:role/admin"), false},
		{"ArnLike/Missing", `{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:root"}}`, nil, false},
		{"ArnEquals/TakesWildcards", `{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::*:role/*"}}`, a(role), true},
		{"ArnEquals/Exact", `{"ArnEquals":{"aws:SourceArn":"arn:aws:s3:::bucket"}}`, ctx{"aws:SourceArn": {"arn:aws:s3:::bucket"}}, true},
		{"ArnEquals/Other", `{"ArnEquals":{"aws:SourceArn":"arn:aws:s3:::bucket"}}`, ctx{"aws:SourceArn": {"arn:aws:s3:::bucket2"}}, false},
		{"ArnNotEquals/Other", `{"ArnNotEquals":{"aws:SourceArn":"arn:aws:s3:::bucket"}}`, ctx{"aws:SourceArn": {"arn:aws:s3:::bucket2"}}, true},
		{"ArnNotEquals/Same", `{"ArnNotEquals":{"aws:SourceArn":"arn:aws:s3:::bucket"}}`, ctx{"aws:SourceArn": {"arn:aws:s3:::bucket"}}, false},
		{"ArnNotLike/NOR", `{"ArnNotLike":{"aws:PrincipalArn":["arn:aws:iam::*:role/A","arn:aws:iam::*:role/B"]}}`, a("arn:aws:iam::111122223333:role/B"), false},
		{"ArnNotLike/None", `{"ArnNotLike":{"aws:PrincipalArn":["arn:aws:iam::*:role/A","arn:aws:iam::*:role/B"]}}`, a("arn:aws:iam::111122223333:role/C"), true},
		{"ArnNotLike/Missing", `{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/A"}}`, nil, true},
		{"ArnLikeIfExists/Missing", `{"ArnLikeIfExists":{"aws:PrincipalArn":"arn:aws:iam::*:role/A"}}`, nil, true},
	})
}

func TestCondition_Null(t *testing.T) {
	t.Parallel()
	runCondCases(t, Version2012, []condCase{
		{"True/Missing", `{"Null":{"aws:TokenIssueTime":"true"}}`, nil, true},
		{"True/PresentEmpty", `{"Null":{"aws:TokenIssueTime":"true"}}`, ctx{"aws:TokenIssueTime": {}}, true},
		{"True/Present", `{"Null":{"aws:TokenIssueTime":"true"}}`, ctx{"aws:TokenIssueTime": {"2026-01-01T00:00:00Z"}}, false},
		{"False/Present", `{"Null":{"aws:TokenIssueTime":false}}`, ctx{"aws:TokenIssueTime": {"x"}}, true},
		{"False/Missing", `{"Null":{"aws:TokenIssueTime":"false"}}`, nil, false},
		{"Both", `{"Null":{"aws:TokenIssueTime":["true","false"]}}`, nil, true},
		{"KeyNameCaseInsensitive", `{"Null":{"aws:tokenissuetime":"false"}}`, ctx{"AWS:TokenIssueTime": {"x"}}, true},
	})
}

func TestCondition_SetOperators(t *testing.T) {
	t.Parallel()
	tags := func(v ...string) ctx { return ctx{"aws:TagKeys": v} }
	runCondCases(t, Version2012, []condCase{
		{"ForAllValues/Subset", `{"ForAllValues:StringEquals":{"aws:TagKeys":["env","team"]}}`, tags("env"), true},
		{"ForAllValues/AllIn", `{"ForAllValues:StringEquals":{"aws:TagKeys":["env","team"]}}`, tags("env", "team"), true},
		{"ForAllValues/OneOutside", `{"ForAllValues:StringEquals":{"aws:TagKeys":["env","team"]}}`, tags("env", "cost"), false},
		{"ForAllValues/Missing", `{"ForAllValues:StringEquals":{"aws:TagKeys":["env","team"]}}`, nil, true},
		{"ForAllValues/Empty", `{"ForAllValues:StringEquals":{"aws:TagKeys":["env","team"]}}`, tags(), true},
		{"ForAnyValue/OneIn", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["env","team"]}}`, tags("cost", "team"), true},
		{"ForAnyValue/NoneIn", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["env","team"]}}`, tags("cost", "owner"), false},
		{"ForAnyValue/Missing", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["env","team"]}}`, nil, false},
		{"ForAnyValueIfExists/Missing", `{"ForAnyValue:StringEqualsIfExists":{"aws:TagKeys":"env"}}`, nil, true},
		{"ForAnyValue/StringLike", `{"ForAnyValue:StringLike":{"aws:TagKeys":"t*"}}`, tags("env", "team"), true},
		{"ForAllValues/StringLike", `{"ForAllValues:StringLike":{"aws:TagKeys":"t*"}}`, tags("env", "team"), false},
		{"ForAllValues/NotEqualsNoneForbidden", `{"ForAllValues:StringNotEquals":{"aws:TagKeys":["secret","admin"]}}`, tags("env", "team"), true},
		{"ForAllValues/NotEqualsOneForbidden", `{"ForAllValues:StringNotEquals":{"aws:TagKeys":["secret","admin"]}}`, tags("env", "admin"), false},
		{"ForAllValues/NotEqualsMissing", `{"ForAllValues:StringNotEquals":{"aws:TagKeys":"secret"}}`, nil, true},
		{"ForAnyValue/NotEqualsOneOther", `{"ForAnyValue:StringNotEquals":{"aws:TagKeys":["secret","admin"]}}`, tags("admin", "env"), true},
		{"ForAnyValue/NotEqualsAllForbidden", `{"ForAnyValue:StringNotEquals":{"aws:TagKeys":["secret","admin"]}}`, tags("admin", "secret"), false},
		{"ForAnyValue/NotEqualsMissing", `{"ForAnyValue:StringNotEquals":{"aws:TagKeys":"secret"}}`, nil, false},
		{"ForAnyValue/ArnLike", `{"ForAnyValue:ArnLike":{"aws:PrincipalServiceNamesList":"arn:aws:iam::*:role/x"}}`, ctx{"aws:PrincipalServiceNamesList": {"a", "arn:aws:iam::111122223333:role/x"}}, true},
		{"ForAnyValue/IpAddress", `{"ForAnyValue:IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}`, ctx{"aws:SourceIp": {"192.0.2.1", "10.0.0.1"}}, true},
		{"ForAllValues/NumericLessThan", `{"ForAllValues:NumericLessThan":{"s3:x":10}}`, ctx{"s3:x": {"1", "2"}}, true},
		{"ForAllValues/NumericLessThanOneAbove", `{"ForAllValues:NumericLessThan":{"s3:x":10}}`, ctx{"s3:x": {"1", "20"}}, false},
		{"ForAllValues/Null", `{"ForAllValues:Null":{"aws:TagKeys":"true"}}`, nil, true},
	})
}

func TestCondition_UnknownKeyIsMissing(t *testing.T) {
	t.Parallel()
	runCondCases(t, Version2012, []condCase{
		{"Positive", `{"StringEquals":{"example:NoSuchKey":"x"}}`, ctx{"aws:other": {"x"}}, false},
		{"Negated", `{"StringNotEquals":{"example:NoSuchKey":"x"}}`, ctx{"aws:other": {"x"}}, true},
	})
}

func TestCondition_MergedKeyCase(t *testing.T) {
	t.Parallel()
	// Names that differ only in case are one key: their values merge.
	c := ctx{"aws:TagKeys": {"a"}, "AWS:TAGKEYS": {"b"}}
	runCondCases(t, Version2012, []condCase{
		{"AllValues", `{"ForAllValues:StringEquals":{"aws:tagkeys":["a","b"]}}`, c, true},
		{"AllValuesOneMissing", `{"ForAllValues:StringEquals":{"aws:tagkeys":["a"]}}`, c, false},
	})
}

func TestParseOperator(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		ok       bool
		set      setQual
		ifExists bool
		negated  bool
	}{
		{"StringEquals", true, setNone, false, false},
		{"StringNotEqualsIfExists", true, setNone, true, true},
		{"ForAnyValue:StringLike", true, setAny, false, false},
		{"ForAllValues:ArnNotLikeIfExists", true, setAll, true, true},
		{"NotIpAddress", true, setNone, false, true},
		{"Null", true, setNone, false, false},
		{"NullIfExists", false, 0, false, false},
		{"stringEquals", false, 0, false, false},
		{"StringEqualz", false, 0, false, false},
		{"ForSomeValues:StringEquals", false, 0, false, false},
		{"IfExists", false, 0, false, false},
		{"", false, 0, false, false},
	} {
		op, set, ifExists, ok := parseOperator(tc.name)
		if ok != tc.ok || ok && (set != tc.set || ifExists != tc.ifExists || op.negated != tc.negated) {
			t.Errorf("parseOperator(%q) = op %+v, set %v, ifExists %v, ok %v; want set %v, ifExists %v, negated %v, ok %v",
				tc.name, op, set, ifExists, ok, tc.set, tc.ifExists, tc.negated, tc.ok)
		}
	}
}
