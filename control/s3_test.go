package control_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"conforms"
	"conforms/control"
	"conforms/sqlite"
)

// The accounts and roles of the tests. The management account owns the
// bucket; member and wrongPath are in its organization, outsider is in
// another one, and standalone is in none.
const (
	orgID      = "o-abcdefghij"
	otherOrgID = "o-zzzzzzzzzz"
	management = "111111111111"
	member     = "222222222222"
	wrongPath  = "333333333333"
	outsider   = "444444444444"
	standalone = "555555555555"
	noRole     = "666666666666"

	serviceRole     = "AWSServiceRoleForConfigConforms"
	serviceRolePath = "/aws-service-role/config-conforms.amazonaws.com/"
	bucket          = "awsconfigconforms-demo"
	templateKey     = "templates/pack.yaml"
	template        = "Resources: {}\n"
)

// seedPolicy is the bucket policy of the seed document "Managing
// Conformance Packs Across all Accounts in Your Organization", with the
// bucket and organization filled in.
var seedPolicy = strings.NewReplacer("awsconfigconformscustomer_bucket_name", bucket, "customer_org_id", orgID).Replace(`{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "AllowGetObject",
            "Effect": "Allow",
            "Principal": "*",
            "Action": [
                 "s3:GetObject",
                 "s3:PutObject"
            ],
            "Resource": "arn:aws:s3:::awsconfigconformscustomer_bucket_name/*",
            "Condition": {
                "StringEquals": {
                    "aws:PrincipalOrgID": "customer_org_id"
                },
                "ArnLike": {
                    "aws:PrincipalArn": "arn:aws:iam::*:role/aws-service-role/config-conforms.amazonaws.com/AWSServiceRoleForConfigConforms"
                }
            }
        },
        {
            "Sid": "AllowGetBucketAcl",
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetBucketAcl",
            "Resource": "arn:aws:s3:::awsconfigconformscustomer_bucket_name",
            "Condition": {
                "StringEquals": {
                    "aws:PrincipalOrgID": "customer_org_id"
                },
                "ArnLike": {
                    "aws:PrincipalArn": "arn:aws:iam::*:role/aws-service-role/config-conforms.amazonaws.com/AWSServiceRoleForConfigConforms"
                }
            }
        }
    ]
}`)

func newService(t *testing.T) *control.Service {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "conforms.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &control.Service{Store: db}
}

// session is the caller of an STS session of a role.
func session(accountID, role string) *conforms.Caller {
	return &conforms.Caller{AccountID: accountID, PrincipalArn: "arn:aws:sts::" + accountID + ":assumed-role/" + role + "/AWSConfig-Conforms",
		UserID: "AROAEXAMPLE:AWSConfig-Conforms", Region: "us-east-1"}
}

func root(accountID string) *conforms.Caller {
	return &conforms.Caller{AccountID: accountID, PrincipalArn: conforms.RootArn(accountID), UserID: accountID, Region: "us-east-1"}
}

func as(c *conforms.Caller) context.Context { return conforms.WithCaller(context.Background(), c) }

// seed stores the accounts and roles, and the bucket with the seed policy
// and a template, created through the service as the management account.
func seed(t *testing.T, svc *control.Service) {
	t.Helper()
	err := svc.Store.Update(context.Background(), func(tx conforms.Tx) error {
		for id, org := range map[string]string{management: orgID, member: orgID, wrongPath: orgID, noRole: orgID, outsider: otherOrgID, standalone: ""} {
			if err := tx.PutAccount(&conforms.Account{ID: id, Name: "account " + id, Email: id + "@example.com", Status: conforms.AccountActive, OrgID: org}); err != nil {
				return err
			}
		}
		for _, r := range []conforms.Role{
			{AccountID: member, Name: serviceRole, Path: serviceRolePath},
			{AccountID: member, Name: "OrganizationAccountAccessRole", Path: "/"},
			{AccountID: wrongPath, Name: serviceRole, Path: "/"},
			{AccountID: outsider, Name: serviceRole, Path: serviceRolePath},
			{AccountID: standalone, Name: serviceRole, Path: serviceRolePath},
		} {
			r.ID = "AROA" + r.AccountID
			if err := tx.PutRole(&r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	owner := as(root(management))
	if _, err := svc.CreateBucket(owner, bucket, ""); err != nil {
		t.Fatal(err)
	}
	if err := svc.PutBucketPolicy(owner, bucket, seedPolicy); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.PutObject(owner, &conforms.Object{Bucket: bucket, Key: templateKey, Body: []byte(template)}); err != nil {
		t.Fatal(err)
	}
}

// TestReadObjectAs_SeedPolicy checks who may read a conformance pack
// template under the seed policy: only the service-linked role, at its
// path, of accounts in the organization.
func TestReadObjectAs_SeedPolicy(t *testing.T) {
	svc := newService(t)
	seed(t, svc)
	for _, tc := range []struct {
		name   string
		caller *conforms.Caller
		key    string
		want   string // error code, "" for success
	}{
		{"MemberServiceRole", session(member, serviceRole), templateKey, ""},
		{"MemberOtherRole", session(member, "OrganizationAccountAccessRole"), templateKey, conforms.CodeAccessDenied},
		{"RoleAtAnotherPath", session(wrongPath, serviceRole), templateKey, conforms.CodeAccessDenied},
		{"RoleNotStored", session(noRole, serviceRole), templateKey, conforms.CodeAccessDenied},
		{"OtherOrganization", session(outsider, serviceRole), templateKey, conforms.CodeAccessDenied},
		{"StandaloneAccount", session(standalone, serviceRole), templateKey, conforms.CodeAccessDenied},
		{"MemberRoot", root(member), templateKey, conforms.CodeAccessDenied},
		{"Anonymous", nil, templateKey, conforms.CodeAccessDenied},
		{"Owner", root(management), templateKey, ""},
		{"OwnerSession", session(management, "Admin"), templateKey, ""},
		// The seed policy grants no s3:ListBucket: a missing key is AccessDenied.
		{"MemberMissingKey", session(member, serviceRole), "templates/missing.yaml", conforms.CodeAccessDenied},
		{"OwnerMissingKey", root(management), "templates/missing.yaml", control.CodeNoSuchKey},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o, err := svc.ReadObjectAs(context.Background(), tc.caller, bucket, tc.key)
			if got := conforms.ErrorCode(err); got != tc.want || (err != nil && tc.want == "") {
				t.Fatalf("ReadObjectAs = %v, want %q", err, tc.want)
			}
			if tc.want == "" && string(o.Body) != template {
				t.Errorf("body = %q", o.Body)
			}
			// GetObject authorizes exactly like ReadObjectAs.
			_, err2 := svc.GetObject(conforms.WithCaller(context.Background(), tc.caller), bucket, tc.key)
			if tc.caller == nil {
				_, err2 = svc.GetObject(context.Background(), bucket, tc.key)
			}
			if conforms.ErrorCode(err2) != conforms.ErrorCode(err) {
				t.Errorf("GetObject = %v, ReadObjectAs = %v", err2, err)
			}
		})
	}
	if _, err := svc.ReadObjectAs(context.Background(), session(member, serviceRole), "awsconfigconforms-none", templateKey); conforms.ErrorCode(err) != control.CodeNoSuchBucket {
		t.Errorf("missing bucket: %v, want NoSuchBucket", err)
	}
	// The second statement of the seed policy: the member may read the ACL.
	if _, err := svc.GetBucketAcl(as(session(member, serviceRole)), bucket); err != nil {
		t.Errorf("GetBucketAcl as the member's service role: %v", err)
	}
	if _, err := svc.GetBucketAcl(as(session(member, "OrganizationAccountAccessRole")), bucket); conforms.ErrorCode(err) != conforms.CodeAccessDenied {
		t.Errorf("GetBucketAcl as another role: %v", err)
	}
}

// TestReadObjectAs_Origin checks aws:SecureTransport and aws:SourceIp: from
// the origin in the context, else a read over TLS with no source address.
func TestReadObjectAs_Origin(t *testing.T) {
	svc := newService(t)
	seed(t, svc)
	deny := strings.Replace(seedPolicy, `"Statement": [`, `"Statement": [
		{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::`+bucket+`/*",
		 "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
		{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::`+bucket+`/*",
		 "Condition": {"IpAddress": {"aws:SourceIp": "192.0.2.0/24"}}},`, 1)
	if err := svc.PutBucketPolicy(as(root(management)), bucket, deny); err != nil {
		t.Fatal(err)
	}
	c := session(member, serviceRole)
	for _, tc := range []struct {
		name string
		ctx  context.Context
		want string
	}{
		{"ServiceRead", context.Background(), ""},
		{"TLS", control.WithOrigin(context.Background(), control.Origin{SecureTransport: true, SourceIP: "198.51.100.7"}), ""},
		{"PlainHTTP", control.WithOrigin(context.Background(), control.Origin{SourceIP: "198.51.100.7"}), conforms.CodeAccessDenied},
		{"DeniedNetwork", control.WithOrigin(context.Background(), control.Origin{SecureTransport: true, SourceIP: "192.0.2.9"}), conforms.CodeAccessDenied},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := svc.ReadObjectAs(tc.ctx, c, bucket, templateKey)
			if conforms.ErrorCode(err) != tc.want || (err != nil && tc.want == "") {
				t.Fatalf("ReadObjectAs = %v, want %q", err, tc.want)
			}
		})
	}
}

// TestListObjectsV2_Reference pages through random keys with random
// prefixes, delimiters and page sizes, and compares with a direct
// computation of S3's listing.
func TestListObjectsV2_Reference(t *testing.T) {
	svc := newService(t)
	owner := as(root(management))
	if _, err := svc.CreateBucket(owner, bucket, ""); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	const alphabet = "ab/-ü"
	randomKey := func(n int) string {
		runes := []rune(alphabet)
		var b strings.Builder
		for range 1 + r.IntN(n) {
			b.WriteRune(runes[r.IntN(len(runes))])
		}
		return b.String()
	}
	var keys []string
	for range 150 {
		k := randomKey(6)
		if slices.Contains(keys, k) {
			continue
		}
		keys = append(keys, k)
		if _, err := svc.PutObject(owner, &conforms.Object{Bucket: bucket, Key: k, Body: []byte(k)}); err != nil {
			t.Fatal(err)
		}
	}
	slices.Sort(keys)
	for i := range 300 {
		q := control.ObjectQuery{Bucket: bucket, MaxKeys: 1 + r.IntN(7)}
		if r.IntN(3) > 0 {
			q.Prefix = randomKey(2)
		}
		if r.IntN(3) > 0 {
			q.Delimiter = []string{"/", "-", "b/", "ü"}[r.IntN(4)]
		}
		if r.IntN(4) == 0 {
			q.StartAfter = randomKey(3)
		}
		want := referenceList(keys, q)
		var got []string
		for pages := 0; ; pages++ {
			l, err := svc.ListObjectsV2(owner, q)
			if err != nil {
				t.Fatal(err)
			}
			if n := len(l.Objects) + len(l.CommonPrefixes); n > q.MaxKeys || (n == 0 && l.NextContinuationToken != "") || pages > len(keys) {
				t.Fatalf("case %d %+v: a page of %d with token %q", i, q, n, l.NextContinuationToken)
			}
			for _, o := range l.Objects {
				got = append(got, o.Key)
			}
			for _, p := range l.CommonPrefixes {
				got = append(got, "prefix:"+p)
			}
			if l.NextContinuationToken == "" {
				break
			}
			q.ContinuationToken = l.NextContinuationToken
		}
		slices.SortFunc(got, func(a, b string) int {
			return strings.Compare(strings.TrimPrefix(a, "prefix:"), strings.TrimPrefix(b, "prefix:"))
		})
		if !slices.Equal(got, want) {
			t.Fatalf("case %d %+v:\n got %q\nwant %q", i, q, got, want)
		}
	}
}

// referenceList is S3's listing of keys (sorted) for q, all pages at once:
// keys after StartAfter with the prefix, those with the delimiter after the
// prefix rolled up into "prefix:" entries.
func referenceList(keys []string, q control.ObjectQuery) []string {
	var out []string
	for _, k := range keys {
		if k <= q.StartAfter || !strings.HasPrefix(k, q.Prefix) {
			continue
		}
		rest := k[len(q.Prefix):]
		if i := strings.Index(rest, q.Delimiter); q.Delimiter != "" && i >= 0 {
			cp := "prefix:" + q.Prefix + rest[:i+len(q.Delimiter)]
			if len(out) == 0 || out[len(out)-1] != cp {
				out = append(out, cp)
			}
			continue
		}
		out = append(out, k)
	}
	return out
}

func TestS3_PolicyRules(t *testing.T) {
	svc := newService(t)
	seed(t, svc)
	memberCtx := as(session(member, serviceRole))
	deny := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*",`+
		`"Resource":["arn:aws:s3:::%[1]s","arn:aws:s3:::%[1]s/*"]}]}`, bucket)
	if err := svc.PutBucketPolicy(as(root(management)), bucket, deny); err != nil {
		t.Fatal(err)
	}
	// An explicit Deny binds the owner's principals, root included...
	if _, err := svc.GetObject(as(root(management)), bucket, templateKey); conforms.ErrorCode(err) != conforms.CodeAccessDenied {
		t.Errorf("owner root GetObject under Deny: %v", err)
	}
	if _, err := svc.GetBucketPolicy(as(session(management, "Admin")), bucket); conforms.ErrorCode(err) != conforms.CodeAccessDenied {
		t.Errorf("owner session GetBucketPolicy under Deny: %v", err)
	}
	// ...except the root user's policy operations.
	if _, err := svc.GetBucketPolicy(as(root(management)), bucket); err != nil {
		t.Errorf("owner root GetBucketPolicy under Deny: %v", err)
	}
	if _, err := svc.GetBucketPolicy(memberCtx, bucket); conforms.ErrorCode(err) != conforms.CodeAccessDenied {
		t.Errorf("member GetBucketPolicy: %v", err)
	}
	if err := svc.DeleteBucketPolicy(as(root(management)), bucket); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ListBuckets(context.Background(), "", 0); conforms.ErrorCode(err) != conforms.CodeAccessDenied {
		t.Errorf("anonymous ListBuckets: %v", err)
	}
	if _, err := svc.CreateBucket(context.Background(), "awsconfigconforms-anon", ""); conforms.ErrorCode(err) != conforms.CodeAccessDenied {
		t.Errorf("anonymous CreateBucket: %v", err)
	}
	b, err := svc.CreateBucket(as(&conforms.Caller{AccountID: member, PrincipalArn: conforms.RootArn(member), Region: "eu-central-1"}), "awsconfigconforms-eu", "")
	if err != nil || b.Region != "eu-central-1" || b.CreatedAt.After(time.Now()) {
		t.Errorf("CreateBucket signed for eu-central-1 = %+v, %v", b, err)
	}
	for _, loc := range []string{"us-east-1", "mars-1", "EU-WEST-1"} {
		if _, err := svc.CreateBucket(as(root(member)), "awsconfigconforms-loc", loc); conforms.ErrorCode(err) != control.CodeInvalidLocationConstraint {
			t.Errorf("LocationConstraint %q: %v", loc, err)
		}
	}
}
