package main

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

func (s *testServer) s3(c creds, opts ...func(*s3.Options)) *s3.Client {
	return s3.NewFromConfig(s.s3Config(c), append([]func(*s3.Options){func(o *s3.Options) {
		o.BaseEndpoint = aws.String(s.endpoint)
		o.UsePathStyle = true
	}}, opts...)...)
}

// s3Config is awsConfig with the checksum defaults of config.LoadDefaultConfig:
// the SDK sends a CRC32 with every upload (a header over HTTP, an aws-chunked
// trailer over HTTPS) and validates the checksums it gets back.
func (s *testServer) s3Config(c creds) aws.Config {
	cfg := s.awsConfig(c)
	cfg.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenSupported
	cfg.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenSupported
	return cfg
}

func mustCreateBucket(t *testing.T, client *s3.Client, name string) {
	t.Helper()
	must(client.CreateBucket(bg, &s3.CreateBucketInput{Bucket: aws.String(name)}))(t)
}

func mustPut(t *testing.T, client *s3.Client, bucket, key, body string) *s3.PutObjectOutput {
	t.Helper()
	return must(client.PutObject(bg, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: strings.NewReader(body)}))(t)
}

func getBody(t *testing.T, client *s3.Client, bucket, key string) string {
	t.Helper()
	out := must(client.GetObject(bg, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)}))(t)
	defer out.Body.Close()
	return string(must(io.ReadAll(out.Body))(t))
}

func quotedMD5(s string) string {
	sum := md5.Sum([]byte(s))
	return `"` + hex.EncodeToString(sum[:]) + `"`
}

func TestS3_Objects(t *testing.T) {
	s := mustStart(t, "")
	client := s.s3(s.root())
	const bucket, key, body = "awsconfigconforms-objects", "a b/ü.json", `{"hello":"world"}`
	mustCreateBucket(t, client, bucket)

	put := must(client.PutObject(bg, &s3.PutObjectInput{
		Bucket: aws.String(bucket), Key: aws.String(key), Body: strings.NewReader(body),
		ContentType: aws.String("application/json"), Metadata: map[string]string{"Purpose": "templates"},
	}))(t)
	if got := aws.ToString(put.ETag); got != quotedMD5(body) {
		t.Errorf("PutObject ETag = %s, want %s", got, quotedMD5(body))
	}

	get := must(client.GetObject(bg, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)}))(t)
	got := string(must(io.ReadAll(get.Body))(t))
	get.Body.Close()
	if got != body || aws.ToString(get.ContentType) != "application/json" || get.Metadata["purpose"] != "templates" ||
		aws.ToString(get.ETag) != quotedMD5(body) || aws.ToInt64(get.ContentLength) != int64(len(body)) {
		t.Errorf("GetObject = %q type=%s meta=%v etag=%s length=%d", got, aws.ToString(get.ContentType), get.Metadata,
			aws.ToString(get.ETag), aws.ToInt64(get.ContentLength))
	}
	if lm := aws.ToTime(get.LastModified); time.Since(lm) > time.Minute || time.Until(lm) > time.Second {
		t.Errorf("LastModified = %v, want about now", lm)
	}

	head := must(client.HeadObject(bg, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)}))(t)
	if aws.ToInt64(head.ContentLength) != int64(len(body)) || aws.ToString(head.ETag) != quotedMD5(body) {
		t.Errorf("HeadObject length=%d etag=%s", aws.ToInt64(head.ContentLength), aws.ToString(head.ETag))
	}

	list := must(client.ListObjectsV2(bg, &s3.ListObjectsV2Input{Bucket: aws.String(bucket)}))(t)
	if len(list.Contents) != 1 || aws.ToString(list.Contents[0].Key) != key || aws.ToInt64(list.Contents[0].Size) != int64(len(body)) ||
		aws.ToString(list.Contents[0].ETag) != quotedMD5(body) || aws.ToInt32(list.KeyCount) != 1 {
		t.Fatalf("ListObjectsV2 = %+v", list)
	}

	// Keys that a cleaning router would rewrite are kept as sent.
	for _, k := range []string{"x//y", "./z", "a/../b", "+plus&amp;=?#"} {
		mustPut(t, client, bucket, k, "body of "+k)
		if got := getBody(t, client, bucket, k); got != "body of "+k {
			t.Errorf("GetObject(%q) = %q", k, got)
		}
	}

	_, err := client.GetObject(bg, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String("missing")})
	wantAPIError(t, err, "NoSuchKey", "The specified key does not exist.")
	_, err = client.HeadObject(bg, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String("missing")})
	wantAPIError(t, err, "NotFound", "")
	_, err = client.GetObject(bg, &s3.GetObjectInput{Bucket: aws.String("awsconfigconforms-none"), Key: aws.String(key)})
	wantAPIError(t, err, "NoSuchBucket", "The specified bucket does not exist")

	_, err = client.DeleteBucket(bg, &s3.DeleteBucketInput{Bucket: aws.String(bucket)})
	wantAPIError(t, err, "BucketNotEmpty", "")
	must(client.DeleteObject(bg, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)}))(t)
	must(client.DeleteObject(bg, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)}))(t) // a missing key is no error
	_, err = client.GetObject(bg, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	wantAPIError(t, err, "NoSuchKey", "")
}

func TestS3_Buckets(t *testing.T) {
	s := mustStart(t, "")
	o := mustCreateOrg(t, s, 1)
	client := s.s3(o.mgmt)
	mustCreateBucket(t, client, "awsconfigconforms-b")
	must(client.CreateBucket(bg, &s3.CreateBucketInput{Bucket: aws.String("awsconfigconforms-a"),
		CreateBucketConfiguration: &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraintEuWest1}}))(t)

	// Re-creating one's own bucket: 200 in us-east-1 (AWS's legacy rule), 409 elsewhere.
	mustCreateBucket(t, client, "awsconfigconforms-b")
	_, err := client.CreateBucket(bg, &s3.CreateBucketInput{Bucket: aws.String("awsconfigconforms-a"),
		CreateBucketConfiguration: &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraintEuWest1}})
	wantAPIError(t, err, "BucketAlreadyOwnedByYou", "")
	_, err = s.s3(o.assume(t, o.accounts[0])).CreateBucket(bg, &s3.CreateBucketInput{Bucket: aws.String("awsconfigconforms-b")})
	wantAPIError(t, err, "BucketAlreadyExists", "")
	for _, name := range []string{"ab", "Upper", "under_score", "192.168.1.1", "-dash", "a..b", strings.Repeat("a", 64)} {
		_, err = client.CreateBucket(bg, &s3.CreateBucketInput{Bucket: aws.String(name)})
		wantAPIError(t, err, "InvalidBucketName", "The specified bucket is not valid.")
	}

	head := must(client.HeadBucket(bg, &s3.HeadBucketInput{Bucket: aws.String("awsconfigconforms-a")}))(t)
	if aws.ToString(head.BucketRegion) != "eu-west-1" {
		t.Errorf("HeadBucket region = %s, want eu-west-1", aws.ToString(head.BucketRegion))
	}
	_, err = client.HeadBucket(bg, &s3.HeadBucketInput{Bucket: aws.String("awsconfigconforms-none")})
	wantAPIError(t, err, "NotFound", "")

	list := must(client.ListBuckets(bg, &s3.ListBucketsInput{}))(t)
	var names []string
	for _, b := range list.Buckets {
		names = append(names, aws.ToString(b.Name))
	}
	if fmt.Sprint(names) != "[awsconfigconforms-a awsconfigconforms-b]" || len(aws.ToString(list.Owner.ID)) != 64 {
		t.Errorf("ListBuckets = %v owner %+v", names, list.Owner)
	}
	p := s3.NewListBucketsPaginator(client, &s3.ListBucketsInput{MaxBuckets: aws.Int32(1)})
	pages := 0
	for p.HasMorePages() {
		page := must(p.NextPage(bg))(t)
		pages += len(page.Buckets)
	}
	if pages != 2 {
		t.Errorf("ListBuckets one a page gave %d buckets, want 2", pages)
	}
	// Another account sees only its own buckets.
	if l := must(s.s3(o.assume(t, o.accounts[0])).ListBuckets(bg, &s3.ListBucketsInput{}))(t); len(l.Buckets) != 0 {
		t.Errorf("member's ListBuckets = %d buckets, want 0", len(l.Buckets))
	}

	acl := must(client.GetBucketAcl(bg, &s3.GetBucketAclInput{Bucket: aws.String("awsconfigconforms-a")}))(t)
	if len(acl.Grants) != 1 || acl.Grants[0].Permission != s3types.PermissionFullControl ||
		aws.ToString(acl.Grants[0].Grantee.ID) != aws.ToString(list.Owner.ID) || acl.Grants[0].Grantee.Type != s3types.TypeCanonicalUser {
		t.Errorf("GetBucketAcl = %+v", acl.Grants)
	}

	must(client.DeleteBucket(bg, &s3.DeleteBucketInput{Bucket: aws.String("awsconfigconforms-a")}))(t)
	_, err = client.DeleteBucket(bg, &s3.DeleteBucketInput{Bucket: aws.String("awsconfigconforms-a")})
	wantAPIError(t, err, "NoSuchBucket", "")
}

func TestS3_ListObjectsV2(t *testing.T) {
	s := mustStart(t, "")
	client := s.s3(s.root())
	const bucket = "awsconfigconforms-list"
	mustCreateBucket(t, client, bucket)
	keys := []string{"a/1", "a/2", "a/b/1", "b", "c/1", "c/2", "c/3", "d", "ü/1"}
	for _, k := range keys {
		mustPut(t, client, bucket, k, k)
	}

	t.Run("Paging", func(t *testing.T) {
		var got []string
		p := s3.NewListObjectsV2Paginator(client, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), MaxKeys: aws.Int32(2)})
		for p.HasMorePages() {
			page := must(p.NextPage(bg))(t)
			if aws.ToInt32(page.KeyCount) > 2 {
				t.Fatalf("page of %d keys, want at most 2", aws.ToInt32(page.KeyCount))
			}
			for _, o := range page.Contents {
				got = append(got, aws.ToString(o.Key))
			}
		}
		if !slices.Equal(got, keys) {
			t.Fatalf("paged keys = %q, want %q", got, keys)
		}
	})

	t.Run("Delimiter", func(t *testing.T) {
		var objects, prefixes []string
		p := s3.NewListObjectsV2Paginator(client, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Delimiter: aws.String("/"), MaxKeys: aws.Int32(2)})
		for p.HasMorePages() {
			page := must(p.NextPage(bg))(t)
			for _, o := range page.Contents {
				objects = append(objects, aws.ToString(o.Key))
			}
			for _, cp := range page.CommonPrefixes {
				prefixes = append(prefixes, aws.ToString(cp.Prefix))
			}
		}
		if fmt.Sprint(objects) != "[b d]" || fmt.Sprint(prefixes) != "[a/ c/ ü/]" {
			t.Fatalf("objects %q, common prefixes %q; want [b d] and [a/ c/ ü/]", objects, prefixes)
		}
		in := must(client.ListObjectsV2(bg, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String("a/"), Delimiter: aws.String("/")}))(t)
		if len(in.Contents) != 2 || len(in.CommonPrefixes) != 1 || aws.ToString(in.CommonPrefixes[0].Prefix) != "a/b/" {
			t.Fatalf("prefix a/: %+v", in)
		}
	})

	t.Run("StartAfterAndMaxKeys", func(t *testing.T) {
		out := must(client.ListObjectsV2(bg, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), StartAfter: aws.String("c/2"), MaxKeys: aws.Int32(2)}))(t)
		if len(out.Contents) != 2 || aws.ToString(out.Contents[0].Key) != "c/3" || !aws.ToBool(out.IsTruncated) || aws.ToInt32(out.MaxKeys) != 2 {
			t.Fatalf("start-after c/2: %+v", out)
		}
		none := must(client.ListObjectsV2(bg, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), MaxKeys: aws.Int32(0)}))(t)
		if len(none.Contents) != 0 || aws.ToBool(none.IsTruncated) {
			t.Fatalf("max-keys 0: %+v", none)
		}
		_, err := client.ListObjectsV2(bg, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), ContinuationToken: aws.String("garbage")})
		wantAPIError(t, err, "InvalidArgument", "continuation token")
	})
}

// policy is a bucket policy with one statement.
func policy(bucket, effect, principal, actions, resource, condition string) string {
	if condition != "" {
		condition = `,"Condition":` + condition
	}
	return `{"Version":"2012-10-17","Statement":[{"Effect":"` + effect + `","Principal":` + principal +
		`,"Action":` + actions + `,"Resource":"arn:aws:s3:::` + bucket + resource + `"` + condition + `}]}`
}

func TestS3_BucketPolicy(t *testing.T) {
	s := mustStart(t, "")
	client := s.s3(s.root())
	const bucket = "awsconfigconforms-policy"
	mustCreateBucket(t, client, bucket)

	_, err := client.GetBucketPolicy(bg, &s3.GetBucketPolicyInput{Bucket: aws.String(bucket)})
	wantAPIError(t, err, "NoSuchBucketPolicy", "The bucket policy does not exist")

	// Sent with odd spacing: GetBucketPolicy returns it as sent.
	doc := strings.Replace(policy(bucket, "Allow", `"*"`, `"s3:GetObject"`, "/*", ""), `"Statement":`, `"Statement" :  `, 1)
	must(client.PutBucketPolicy(bg, &s3.PutBucketPolicyInput{Bucket: aws.String(bucket), Policy: aws.String(doc)}))(t)
	got := must(client.GetBucketPolicy(bg, &s3.GetBucketPolicyInput{Bucket: aws.String(bucket)}))(t)
	if aws.ToString(got.Policy) != doc {
		t.Fatalf("GetBucketPolicy = %s, want %s", aws.ToString(got.Policy), doc)
	}

	for _, tc := range []struct{ doc, msg string }{
		{`not json`, "Policies must be valid JSON and the first byte must be '{'"},
		{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject"}]}`, "Missing required field Resource"},
		{policy(bucket, "Allow", `"*"`, `"s3:GetObject"`, "-other/*", ""), "Policy has invalid resource"},
		{policy("other-bucket", "Allow", `"*"`, `"s3:GetObject"`, "/*", ""), "Policy has invalid resource"},
		{policy(bucket, "Allow", `{"AWS":"arn:aws:iam::*:root"}`, `"s3:GetObject"`, "/*", ""), "Invalid principal in policy"},
	} {
		_, err := client.PutBucketPolicy(bg, &s3.PutBucketPolicyInput{Bucket: aws.String(bucket), Policy: aws.String(tc.doc)})
		wantAPIError(t, err, "MalformedPolicy", tc.msg)
	}
	// A refused policy leaves the stored one alone.
	got = must(client.GetBucketPolicy(bg, &s3.GetBucketPolicyInput{Bucket: aws.String(bucket)}))(t)
	if aws.ToString(got.Policy) != doc {
		t.Fatalf("policy after refusals = %s", aws.ToString(got.Policy))
	}

	must(client.DeleteBucketPolicy(bg, &s3.DeleteBucketPolicyInput{Bucket: aws.String(bucket)}))(t)
	_, err = client.GetBucketPolicy(bg, &s3.GetBucketPolicyInput{Bucket: aws.String(bucket)})
	wantAPIError(t, err, "NoSuchBucketPolicy", "")
}

func TestS3_CrossAccount(t *testing.T) {
	s := mustStart(t, "")
	o := mustCreateOrg(t, s, 2)
	owner, member := s.s3(o.mgmt), s.s3(o.assume(t, o.accounts[0]))
	const bucket, key = "awsconfigconforms-shared", "templates/pack.yaml"
	mustCreateBucket(t, owner, bucket)
	mustPut(t, owner, bucket, key, "Resources: {}")
	setPolicy := func(doc string) {
		t.Helper()
		must(owner.PutBucketPolicy(bg, &s3.PutBucketPolicyInput{Bucket: aws.String(bucket), Policy: aws.String(doc)}))(t)
	}
	get := func(c *s3.Client, k string) error {
		_, err := c.GetObject(bg, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(k)})
		return err
	}

	t.Run("NoPolicy", func(t *testing.T) {
		wantAPIError(t, get(member, key), "AccessDenied", "Access Denied")
		_, err := member.PutObject(bg, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String("x"), Body: strings.NewReader("x")})
		wantAPIError(t, err, "AccessDenied", "")
		_, err = member.ListObjectsV2(bg, &s3.ListObjectsV2Input{Bucket: aws.String(bucket)})
		wantAPIError(t, err, "AccessDenied", "")
		_, err = member.HeadBucket(bg, &s3.HeadBucketInput{Bucket: aws.String(bucket)})
		wantAPIError(t, err, "Forbidden", "")
	})

	t.Run("AccountAllowed", func(t *testing.T) {
		setPolicy(policy(bucket, "Allow", `{"AWS":"`+o.accounts[0]+`"}`, `"s3:GetObject"`, "/*", ""))
		must(member.GetObject(bg, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)}))(t)
		// Without s3:ListBucket a missing key is AccessDenied, not NoSuchKey.
		wantAPIError(t, get(member, "missing"), "AccessDenied", "")
		// The other member is not named.
		wantAPIError(t, get(s.s3(o.assume(t, o.accounts[1])), key), "AccessDenied", "")
		// Only the owner account manages the policy: AccessDenied, or
		// MethodNotAllowed when the policy allows the action.
		_, err := member.GetBucketPolicy(bg, &s3.GetBucketPolicyInput{Bucket: aws.String(bucket)})
		wantAPIError(t, err, "AccessDenied", "")
		setPolicy(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"` + o.accounts[0] + `"},` +
			`"Action":["s3:GetObject","s3:ListBucket","s3:GetBucketPolicy"],"Resource":["arn:aws:s3:::` + bucket + `","arn:aws:s3:::` + bucket + `/*"]}]}`)
		wantAPIError(t, get(member, "missing"), "NoSuchKey", "")
		_, err = member.GetBucketPolicy(bg, &s3.GetBucketPolicyInput{Bucket: aws.String(bucket)})
		wantAPIError(t, err, "MethodNotAllowed", "")
	})

	t.Run("OrgID", func(t *testing.T) {
		setPolicy(policy(bucket, "Allow", `"*"`, `["s3:GetObject","s3:PutObject"]`, "/*", `{"StringEquals":{"aws:PrincipalOrgID":"`+o.orgID+`"}}`))
		must(s.s3(o.assume(t, o.accounts[1])).GetObject(bg, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)}))(t)
		mustPut(t, member, bucket, "from-member", "hello")
		if got := getBody(t, owner, bucket, "from-member"); got != "hello" {
			t.Errorf("owner reads %q", got)
		}
		// Anonymous callers have no organization.
		resp := must(http.Get(s.endpoint + "/" + bucket + "/" + key))(t)
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("anonymous GET: %d, want 403", resp.StatusCode)
		}
	})

	t.Run("ExplicitDeny", func(t *testing.T) {
		// A Deny binds the owner's own principals too, but not its root
		// user's policy operations, so that it can repair the policy.
		setPolicy(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*",` +
			`"Resource":["arn:aws:s3:::` + bucket + `","arn:aws:s3:::` + bucket + `/*"]}]}`)
		wantAPIError(t, get(owner, key), "AccessDenied", "")
		must(owner.GetBucketPolicy(bg, &s3.GetBucketPolicyInput{Bucket: aws.String(bucket)}))(t)
		must(owner.DeleteBucketPolicy(bg, &s3.DeleteBucketPolicyInput{Bucket: aws.String(bucket)}))(t)
		must(owner.GetObject(bg, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)}))(t)
	})
}

func TestS3_ExplicitDenyBindsOwnerSessions(t *testing.T) {
	s := mustStart(t, "")
	o := mustCreateOrg(t, s, 1)
	session := s.s3(o.assume(t, o.accounts[0])) // OrganizationAccountAccessRole in the member, which owns the bucket
	const bucket = "awsconfigconforms-member"
	mustCreateBucket(t, session, bucket)
	must(session.PutBucketPolicy(bg, &s3.PutBucketPolicyInput{Bucket: aws.String(bucket),
		Policy: aws.String(policy(bucket, "Deny", `{"AWS":"arn:aws:iam::`+o.accounts[0]+`:role/OrganizationAccountAccessRole"}`, `"s3:*"`, "", ""))}))(t)
	_, err := session.ListObjectsV2(bg, &s3.ListObjectsV2Input{Bucket: aws.String(bucket)})
	wantAPIError(t, err, "AccessDenied", "")
	// Not the root user, so the Deny holds for the policy operations too.
	_, err = session.DeleteBucketPolicy(bg, &s3.DeleteBucketPolicyInput{Bucket: aws.String(bucket)})
	wantAPIError(t, err, "AccessDenied", "")
}

func TestS3_OrgPolicyRefusesStandaloneAccounts(t *testing.T) {
	s := mustStart(t, "", func(c *Config) { c.Auth = "account-id" })
	o := mustCreateOrg(t, s, 1)
	owner := s.s3(o.mgmt)
	const bucket, key = "awsconfigconforms-org", "k"
	mustCreateBucket(t, owner, bucket)
	mustPut(t, owner, bucket, key, "v")
	must(owner.PutBucketPolicy(bg, &s3.PutBucketPolicyInput{Bucket: aws.String(bucket),
		Policy: aws.String(policy(bucket, "Allow", `"*"`, `"s3:GetObject"`, "/*", `{"StringEquals":{"aws:PrincipalOrgID":"`+o.orgID+`"}}`))}))(t)
	if got := getBody(t, s.s3(o.assume(t, o.accounts[0])), bucket, key); got != "v" {
		t.Errorf("member reads %q", got)
	}
	standalone := s.s3(creds{id: "123456789012", secret: "anything"})
	_, err := standalone.GetObject(bg, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	wantAPIError(t, err, "AccessDenied", "")
}

func TestS3_Anonymous(t *testing.T) {
	s := mustStart(t, "")
	client := s.s3(s.root())
	const bucket = "awsconfigconforms-public"
	mustCreateBucket(t, client, bucket)
	mustPut(t, client, bucket, "a b", "public")
	url := s.endpoint + "/" + bucket + "/a%20b"
	status := func(method, url string) int {
		req := must(http.NewRequest(method, url, nil))(t)
		resp := must(http.DefaultClient.Do(req))(t)
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := status("GET", url); got != http.StatusForbidden {
		t.Fatalf("anonymous GET without a policy: %d", got)
	}
	must(client.PutBucketPolicy(bg, &s3.PutBucketPolicyInput{Bucket: aws.String(bucket),
		Policy: aws.String(policy(bucket, "Allow", `"*"`, `"s3:GetObject"`, "/*", ""))}))(t)
	if got := status("GET", url); got != http.StatusOK {
		t.Fatalf("anonymous GET with Principal *: %d", got)
	}
	if got := status("DELETE", url); got != http.StatusForbidden {
		t.Fatalf("anonymous DELETE: %d", got)
	}
	if got := status("GET", s.endpoint+"/"); got != http.StatusForbidden {
		t.Fatalf("anonymous ListBuckets: %d", got)
	}

	// A presigned URL works without the policy.
	must(client.DeleteBucketPolicy(bg, &s3.DeleteBucketPolicyInput{Bucket: aws.String(bucket)}))(t)
	pre := must(s3.NewPresignClient(client).PresignGetObject(bg, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String("a b")}))(t)
	if got := status("GET", pre.URL); got != http.StatusOK {
		t.Fatalf("presigned GET: %d", got)
	}
}

// rawS3 sends a request to the S3 API and returns its status and body.
func rawS3(t *testing.T, req *http.Request) (int, string) {
	t.Helper()
	resp := must(http.DefaultClient.Do(req))(t)
	defer resp.Body.Close()
	if resp.Header.Get("x-amz-request-id") == "" {
		t.Errorf("%s %s: no x-amz-request-id", req.Method, req.URL)
	}
	return resp.StatusCode, string(must(io.ReadAll(resp.Body))(t))
}

func TestS3_AuthErrors(t *testing.T) {
	s := mustStart(t, "")
	root := s.root()
	const bucket = "awsconfigconforms-auth"
	mustCreateBucket(t, s.s3(root), bucket)

	_, err := s.s3(creds{id: root.id, secret: "wrong"}).ListObjectsV2(bg, &s3.ListObjectsV2Input{Bucket: aws.String(bucket)})
	wantAPIError(t, err, "SignatureDoesNotMatch", "The request signature we calculated does not match")
	_, err = s.s3(creds{id: "AKIAUNKNOWNKEY000000", secret: "x"}).ListObjectsV2(bg, &s3.ListObjectsV2Input{Bucket: aws.String(bucket)})
	wantAPIError(t, err, "InvalidAccessKeyId", "does not exist in our records")
	skewed := s.s3(root, func(o *s3.Options) { o.HTTPSignerV4 = skewedSigner{o.HTTPSignerV4, -20 * time.Minute} })
	_, err = skewed.ListObjectsV2(bg, &s3.ListObjectsV2Input{Bucket: aws.String(bucket)})
	wantAPIError(t, err, "RequestTimeTooSkewed", "")

	// The error document carries what S3 puts in it.
	req := must(http.NewRequest("PUT", s.endpoint+"/"+bucket+"/k", strings.NewReader("body")))(t)
	signS3(t, req, creds{id: root.id, secret: "wrong"}, "UNSIGNED-PAYLOAD")
	status, body := rawS3(t, req)
	var doc struct {
		Code, AWSAccessKeyId, StringToSign, CanonicalRequest, Resource, RequestId string
	}
	if err := xml.Unmarshal([]byte(body), &doc); err != nil || status != http.StatusForbidden {
		t.Fatalf("wrongly signed PUT: %d %s (%v)", status, body, err)
	}
	if doc.Code != "SignatureDoesNotMatch" || doc.AWSAccessKeyId != root.id || !strings.HasPrefix(doc.StringToSign, "AWS4-HMAC-SHA256\n") ||
		!strings.HasPrefix(doc.CanonicalRequest, "PUT\n/"+bucket+"/k\n") || doc.Resource != "/"+bucket+"/k" || doc.RequestId == "" {
		t.Errorf("wrongly signed PUT: %+v", doc)
	}

	t.Run("Digests", func(t *testing.T) {
		req := must(http.NewRequest("PUT", s.endpoint+"/"+bucket+"/k", strings.NewReader("body")))(t)
		req.Header.Set("Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg==") // MD5 of ""
		signS3(t, req, root, "UNSIGNED-PAYLOAD")
		if status, body := rawS3(t, req); status != 400 || !strings.Contains(body, "<Code>BadDigest</Code>") {
			t.Errorf("wrong Content-MD5: %d %s", status, body)
		}
		req = must(http.NewRequest("PUT", s.endpoint+"/"+bucket+"/k", strings.NewReader("body")))(t)
		signS3(t, req, root, strings.Repeat("0", 64))
		if status, body := rawS3(t, req); status != 400 || !strings.Contains(body, "<Code>XAmzContentSHA256Mismatch</Code>") {
			t.Errorf("wrong X-Amz-Content-Sha256: %d %s", status, body)
		}
		req = must(http.NewRequest("PUT", s.endpoint+"/"+bucket+"/k", strings.NewReader("body")))(t)
		req.Header.Set("X-Amz-Checksum-Crc32", "AAAAAA==")
		signS3(t, req, root, "UNSIGNED-PAYLOAD")
		if status, body := rawS3(t, req); status != 400 || !strings.Contains(body, "<Code>BadDigest</Code>") {
			t.Errorf("wrong x-amz-checksum-crc32: %d %s", status, body)
		}
	})

	t.Run("HeadErrorsHaveNoBody", func(t *testing.T) {
		req := must(http.NewRequest("HEAD", s.endpoint+"/"+bucket+"/missing", nil))(t)
		signS3(t, req, root, "UNSIGNED-PAYLOAD")
		if status, body := rawS3(t, req); status != 404 || body != "" {
			t.Errorf("HEAD of a missing key: %d %q", status, body)
		}
	})

	t.Run("Unsupported", func(t *testing.T) {
		req := must(http.NewRequest("GET", s.endpoint+"/"+bucket+"?versioning", nil))(t)
		signS3(t, req, root, "UNSIGNED-PAYLOAD")
		if status, body := rawS3(t, req); status != 501 || !strings.Contains(body, "<Code>NotImplemented</Code>") {
			t.Errorf("GetBucketVersioning: %d %s", status, body)
		}
		req = must(http.NewRequest("PATCH", s.endpoint+"/"+bucket+"/k", nil))(t)
		signS3(t, req, root, "UNSIGNED-PAYLOAD")
		if status, body := rawS3(t, req); status != 405 || !strings.Contains(body, "<Code>MethodNotAllowed</Code>") {
			t.Errorf("PATCH: %d %s", status, body)
		}
	})

	t.Run("TooLarge", func(t *testing.T) {
		// Refused on its Content-Length, before the body is sent.
		req := must(http.NewRequest("PUT", s.endpoint+"/"+bucket+"/big", bytes.NewReader(make([]byte, 16<<20+1))))(t)
		req.Header.Set("Expect", "100-continue")
		signS3(t, req, root, "UNSIGNED-PAYLOAD")
		client := &http.Client{Transport: &http.Transport{ExpectContinueTimeout: 10 * time.Second}}
		resp := must(client.Do(req))(t)
		body := must(io.ReadAll(resp.Body))(t)
		resp.Body.Close()
		if resp.StatusCode != 400 || !strings.Contains(string(body), "<Code>EntityTooLarge</Code>") {
			t.Errorf("17 MB upload: %d %s", resp.StatusCode, body)
		}
		// Exactly the limit is fine.
		mustPut(t, s.s3(root), bucket, "limit", strings.Repeat("x", 16<<20))
	})
}

// signS3 signs req for S3 with the given payload hash. Each call has its own
// signer: the SDK's caches signing keys by access key id, not by secret.
func signS3(t *testing.T, req *http.Request, c creds, payloadHash string) {
	t.Helper()
	req.Header.Set("X-Amz-Content-Sha256", payloadHash)
	err := v4.NewSigner().SignHTTP(bg, aws.Credentials{AccessKeyID: c.id, SecretAccessKey: c.secret, SessionToken: c.token},
		req, payloadHash, "s3", "us-east-1", time.Now())
	if err != nil {
		t.Fatal(err)
	}
}

// TestS3_TLS drives the API over TLS, where the Go SDK sends aws-chunked
// bodies with a trailing checksum (STREAMING-UNSIGNED-PAYLOAD-TRAILER), and
// where aws:SecureTransport is true.
func TestS3_TLS(t *testing.T) {
	s := mustStart(t, "")
	tls := httptest.NewTLSServer(s.server.Handler)
	t.Cleanup(tls.Close)
	var sent []string
	client := s3.NewFromConfig(s.s3Config(s.root()), func(o *s3.Options) {
		o.BaseEndpoint, o.UsePathStyle, o.HTTPClient = aws.String(tls.URL), true, recordingClient{tls.Client(), &sent}
	})
	plain := s.s3(s.root())
	const bucket = "awsconfigconforms-tls"
	mustCreateBucket(t, client, bucket)

	for _, size := range []int{0, 1, 18, 64<<10 + 7, 1 << 20} {
		body := strings.Repeat("ü", size/2) + strings.Repeat("x", size%2)
		key := fmt.Sprintf("chunked/%d", size)
		// An io.Reader that is not seekable makes the SDK stream it in chunks.
		put := must(client.PutObject(bg, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key),
			Body: io.MultiReader(strings.NewReader(body)), ContentLength: aws.Int64(int64(len(body)))}))(t)
		if aws.ToString(put.ETag) != quotedMD5(body) {
			t.Errorf("size %d: ETag %s, want %s", size, aws.ToString(put.ETag), quotedMD5(body))
		}
		if got := getBody(t, plain, bucket, key); got != body {
			t.Errorf("size %d: read back %d bytes, want %d", size, len(got), len(body))
		}
	}
	if !slices.Contains(sent, "STREAMING-UNSIGNED-PAYLOAD-TRAILER") {
		t.Fatalf("the SDK sent X-Amz-Content-Sha256 %q; the test needs aws-chunked uploads", sent)
	}

	// aws:SecureTransport: a policy that denies plain HTTP.
	must(client.PutBucketPolicy(bg, &s3.PutBucketPolicyInput{Bucket: aws.String(bucket),
		Policy: aws.String(policy(bucket, "Deny", `"*"`, `"s3:GetObject"`, "/*", `{"Bool":{"aws:SecureTransport":"false"}}`))}))(t)
	getBody(t, client, bucket, "chunked/18")
	_, err := plain.GetObject(bg, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String("chunked/18")})
	wantAPIError(t, err, "AccessDenied", "")
}

// recordingClient records the X-Amz-Content-Sha256 of each request.
type recordingClient struct {
	c    *http.Client
	sent *[]string
}

func (r recordingClient) Do(req *http.Request) (*http.Response, error) {
	*r.sent = append(*r.sent, req.Header.Get("X-Amz-Content-Sha256"))
	return r.c.Do(req)
}
