package iampolicy

import (
	"encoding/json"
	"os"
	"testing"
)

// The bucket policy of the seed document "Managing Conformance Packs Across
// all Accounts in Your Organization", with bucket awsconfigconformsdemo and
// organization o-abcdefghij filled in.
const (
	seedPolicyFile = "testdata/seed-bucket-policy.json"
	seedBucket     = "arn:aws:s3:::awsconfigconformsdemo"
	seedObject     = seedBucket + "/awsconfigconforms-demo/templates/pack.yaml"
	seedOrg        = "o-abcdefghij"
	memberAccount  = "222233334444"
	memberRole     = "arn:aws:iam::222233334444:role/aws-service-role/config-conforms.amazonaws.com/AWSServiceRoleForConfigConforms"
	memberSession  = "arn:aws:sts::222233334444:assumed-role/AWSServiceRoleForConfigConforms/AWSConfig-Conforms"
)

func readSeedPolicy(tb testing.TB) []byte {
	tb.Helper()
	doc, err := os.ReadFile(seedPolicyFile)
	if err != nil {
		tb.Fatal(err)
	}
	return doc
}

// memberRequest is the member account's service-linked role, in the
// organization, over TLS, asking for action on resource. Callers edit it.
func memberRequest(action, resource string) *Request {
	return &Request{
		Principal: Principal{Arn: memberSession},
		Action:    action,
		Resource:  resource,
		Context: map[string][]string{
			"aws:PrincipalOrgID":   {seedOrg},
			"aws:PrincipalArn":     {memberRole},
			"aws:PrincipalAccount": {memberAccount},
			"aws:SecureTransport":  {"true"},
		},
	}
}

func TestSeedPolicy(t *testing.T) {
	t.Parallel()
	p := mustParse(t, string(readSeedPolicy(t)))
	for _, tc := range []struct {
		name string
		r    *Request
		want Decision
	}{
		{"GetObject", memberRequest("s3:GetObject", seedObject), Allow},
		{"PutObject", memberRequest("s3:PutObject", seedObject), Allow},
		{"GetBucketAcl", memberRequest("s3:GetBucketAcl", seedBucket), Allow},
		{"ActionCase", memberRequest("S3:getobject", seedObject), Allow},
		{"OtherOrg", withContext(memberRequest("s3:GetObject", seedObject), "aws:PrincipalOrgID", "o-zzzzzzzzzz"), ImplicitDeny},
		{"NoOrg", withContext(memberRequest("s3:GetObject", seedObject), "aws:PrincipalOrgID"), ImplicitDeny},
		{"OtherRole", withContext(memberRequest("s3:GetObject", seedObject), "aws:PrincipalArn", "arn:aws:iam::222233334444:role/Admin"), ImplicitDeny},
		{"RoleWithoutPath", withContext(memberRequest("s3:GetObject", seedObject), "aws:PrincipalArn", "arn:aws:iam::222233334444:role/AWSServiceRoleForConfigConforms"), ImplicitDeny},
		{"NoPrincipalArn", withContext(memberRequest("s3:GetObject", seedObject), "aws:PrincipalArn"), ImplicitDeny},
		{"DeleteObject", memberRequest("s3:DeleteObject", seedObject), ImplicitDeny},
		{"GetObjectOnBucket", memberRequest("s3:GetObject", seedBucket), ImplicitDeny},
		{"GetBucketAclOnObject", memberRequest("s3:GetBucketAcl", seedObject), ImplicitDeny},
		{"OtherBucket", memberRequest("s3:GetObject", "arn:aws:s3:::awsconfigconformsother/k"), ImplicitDeny},
		{"Anonymous", &Request{Action: "s3:GetObject", Resource: seedObject}, ImplicitDeny},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := p.Evaluate(tc.r); got != tc.want {
				t.Errorf("Evaluate(%+v) = %v, want %v", tc.r, got, tc.want)
			}
		})
	}
}

// withContext sets (or, with no values, removes) one context key of r.
func withContext(r *Request, key string, values ...string) *Request {
	if len(values) == 0 {
		delete(r.Context, key)
		return r
	}
	r.Context[key] = values
	return r
}

// seedWithDeny returns the seed policy with a statement that denies every
// S3 action on the bucket to requests not made over TLS.
func seedWithDeny(tb testing.TB) *Policy {
	tb.Helper()
	var doc map[string]any
	if err := json.Unmarshal(readSeedPolicy(tb), &doc); err != nil {
		tb.Fatal(err)
	}
	doc["Statement"] = append(doc["Statement"].([]any), map[string]any{
		"Sid":       "DenyInsecureTransport",
		"Effect":    "Deny",
		"Principal": "*",
		"Action":    "s3:*",
		"Resource":  []string{seedBucket, seedBucket + "/*"},
		"Condition": map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}},
	})
	b, err := json.Marshal(doc)
	if err != nil {
		tb.Fatal(err)
	}
	return mustParse(tb, string(b))
}

func TestSeedPolicy_DenyInsecureTransport(t *testing.T) {
	t.Parallel()
	p := seedWithDeny(t)
	for _, tc := range []struct {
		name string
		r    *Request
		want Decision
	}{
		{"TLS", memberRequest("s3:GetObject", seedObject), Allow},
		{"NoTLS", withContext(memberRequest("s3:GetObject", seedObject), "aws:SecureTransport", "false"), ExplicitDeny},
		{"NoTLSBucket", withContext(memberRequest("s3:GetBucketAcl", seedBucket), "aws:SecureTransport", "false"), ExplicitDeny},
		{"NoTLSNotAllowedAnyway", withContext(memberRequest("s3:DeleteObject", seedObject), "aws:SecureTransport", "false"), ExplicitDeny},
		{"NoTLSOtherOrg", withContext(withContext(memberRequest("s3:GetObject", seedObject), "aws:PrincipalOrgID", "o-zzzzzzzzzz"), "aws:SecureTransport", "false"), ExplicitDeny},
		{"TransportUnknown", withContext(memberRequest("s3:GetObject", seedObject), "aws:SecureTransport"), Allow},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := p.Evaluate(tc.r); got != tc.want {
				t.Errorf("Evaluate(%+v) = %v, want %v", tc.r, got, tc.want)
			}
		})
	}
}

func BenchmarkPolicy_Evaluate(b *testing.B) {
	seed := mustParse(b, string(readSeedPolicy(b)))
	for _, bc := range []struct {
		name string
		p    *Policy
		r    *Request
	}{
		{"Seed/Allow", seed, memberRequest("s3:GetObject", seedObject)},
		{"Seed/ImplicitDeny", seed, memberRequest("s3:DeleteObject", seedObject)},
		{"SeedWithDeny/Allow", seedWithDeny(b), memberRequest("s3:GetObject", seedObject)},
		{"SeedWithDeny/ExplicitDeny", seedWithDeny(b), withContext(memberRequest("s3:GetObject", seedObject), "aws:SecureTransport", "false")},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			want := bc.p.Evaluate(bc.r)
			for b.Loop() {
				if got := bc.p.Evaluate(bc.r); got != want {
					b.Fatalf("Evaluate = %v, want %v", got, want)
				}
			}
		})
	}
}

func BenchmarkParse(b *testing.B) {
	doc := readSeedPolicy(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(doc); err != nil {
			b.Fatal(err)
		}
	}
}
