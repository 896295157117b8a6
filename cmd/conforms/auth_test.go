package main

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

func TestAuth_Refusals(t *testing.T) {
	s := mustStart(t, "")
	root := s.root()

	t.Run("Unsigned", func(t *testing.T) {
		req, _ := http.NewRequest("POST", s.endpoint+"/", strings.NewReader("{}"))
		req.Header.Set("Content-Type", "application/x-amz-json-1.1")
		req.Header.Set("X-Amz-Target", "AWSOrganizationsV20161128.DescribeOrganization")
		resp := must(http.DefaultClient.Do(req))(t)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 400 || !strings.Contains(string(body), `"__type":"MissingAuthenticationTokenException"`) {
			t.Fatalf("unsigned request: %d %s", resp.StatusCode, body)
		}
	})
	t.Run("WrongSecret", func(t *testing.T) {
		_, err := s.orgs(creds{id: root.id, secret: "wrong" + root.secret}).DescribeOrganization(bg, &organizations.DescribeOrganizationInput{})
		wantAPIError(t, err, "InvalidSignatureException", "The request signature we calculated does not match")
	})
	t.Run("UnknownKey", func(t *testing.T) {
		_, err := s.orgs(creds{id: "AKIAUNKNOWNKEY000000", secret: root.secret}).DescribeOrganization(bg, &organizations.DescribeOrganizationInput{})
		wantAPIError(t, err, "UnrecognizedClientException", "The security token included in the request is invalid.")
	})
	t.Run("UnknownKeySTS", func(t *testing.T) {
		_, err := s.sts(creds{id: "AKIAUNKNOWNKEY000000", secret: root.secret}).GetCallerIdentity(bg, &sts.GetCallerIdentityInput{})
		wantAPIError(t, err, "InvalidClientTokenId", "The security token included in the request is invalid.")
	})
	t.Run("WrongSecretSTS", func(t *testing.T) {
		_, err := s.sts(creds{id: root.id, secret: "x"}).GetCallerIdentity(bg, &sts.GetCallerIdentityInput{})
		wantAPIError(t, err, "SignatureDoesNotMatch", "")
	})
	t.Run("Skew", func(t *testing.T) {
		client := organizations.NewFromConfig(s.awsConfig(root), func(o *organizations.Options) {
			o.BaseEndpoint = aws.String(s.endpoint)
			o.HTTPSignerV4 = skewedSigner{v4.NewSigner(), -20 * time.Minute}
		})
		_, err := client.DescribeOrganization(bg, &organizations.DescribeOrganizationInput{})
		wantAPIError(t, err, "InvalidSignatureException", "Signature expired")
	})
}

func TestAuth_SessionTokens(t *testing.T) {
	s := mustStart(t, "")
	o := mustCreateOrg(t, s, 1)
	member := o.assume(t, o.accounts[0])

	t.Run("Forged", func(t *testing.T) {
		forged := member
		forged.token = member.token[:len(member.token)-4] + "AAAA"
		_, err := s.sts(forged).GetCallerIdentity(bg, &sts.GetCallerIdentityInput{})
		wantAPIError(t, err, "InvalidClientTokenId", "")
	})
	t.Run("Missing", func(t *testing.T) {
		_, err := s.orgs(creds{id: member.id, secret: member.secret}).DescribeOrganization(bg, &organizations.DescribeOrganizationInput{})
		wantAPIError(t, err, "UnrecognizedClientException", "")
	})
	t.Run("Expired", func(t *testing.T) {
		short := must(s.sts(o.mgmt).AssumeRole(bg, &sts.AssumeRoleInput{
			RoleArn: aws.String("arn:aws:iam::" + o.accounts[0] + ":role/OrganizationAccountAccessRole"), RoleSessionName: aws.String("short"),
			DurationSeconds: aws.Int32(900),
		}))(t)
		if d := time.Until(aws.ToTime(short.Credentials.Expiration)); d < 14*time.Minute || d > 16*time.Minute {
			t.Fatalf("Expiration in %v, want 15m", d)
		}
		s.clock.Add(16 * time.Minute)
		defer s.clock.Add(-16 * time.Minute)
		c := short.Credentials
		_, err := s.orgs(creds{aws.ToString(c.AccessKeyId), aws.ToString(c.SecretAccessKey), aws.ToString(c.SessionToken)}).
			DescribeOrganization(bg, &organizations.DescribeOrganizationInput{})
		wantAPIError(t, err, "ExpiredTokenException", "expired")
	})
	t.Run("NotTrusted", func(t *testing.T) {
		// A member may not assume the access role of another account.
		other := mustCreateAccount(t, s, o, "other")
		_, err := s.sts(member).AssumeRole(bg, &sts.AssumeRoleInput{
			RoleArn: aws.String("arn:aws:iam::" + other + ":role/OrganizationAccountAccessRole"), RoleSessionName: aws.String("other"),
		})
		wantAPIError(t, err, "AccessDenied", "is not authorized to perform: sts:AssumeRole")
	})
}

func mustCreateAccount(t *testing.T, s *testServer, o *org, name string) string {
	t.Helper()
	out := must(s.orgs(o.mgmt).CreateAccount(bg, &organizations.CreateAccountInput{AccountName: aws.String(name), Email: aws.String(name + "@example.com")}))(t)
	return aws.ToString(out.CreateAccountStatus.AccountId)
}

func TestAuth_AccountIDMode(t *testing.T) {
	s := mustStart(t, "", func(c *Config) { c.Auth = "account-id" })
	c := creds{id: "123456789012", secret: "anything"}
	id := must(s.sts(c).GetCallerIdentity(bg, &sts.GetCallerIdentityInput{}))(t)
	if aws.ToString(id.Account) != "123456789012" || aws.ToString(id.Arn) != "arn:aws:iam::123456789012:root" {
		t.Fatalf("identity = %s %s", aws.ToString(id.Account), aws.ToString(id.Arn))
	}
	must(s.orgs(c).CreateOrganization(bg, &organizations.CreateOrganizationInput{}))(t)
	// Other keys are still verified.
	_, err := s.orgs(creds{id: "AKIANOTANACCOUNTID00", secret: "x"}).DescribeOrganization(bg, &organizations.DescribeOrganizationInput{})
	wantAPIError(t, err, "UnrecognizedClientException", "")
}

func TestConfig_ValidationAndUnimplemented(t *testing.T) {
	s := mustStart(t, "")
	client := s.config(s.root())
	_, err := client.PutOrganizationConformancePack(bg, &configservice.PutOrganizationConformancePackInput{
		OrganizationConformancePackName: aws.String("x y"), TemplateBody: aws.String("Resources: {}"),
	})
	wantAPIError(t, err, "ValidationException",
		"1 validation error detected: Value 'x y' at 'organizationConformancePackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*")
	_, err = client.DescribeOrganizationConformancePacks(bg, &configservice.DescribeOrganizationConformancePacksInput{Limit: 101})
	wantAPIError(t, err, "ValidationException", "Member must have value less than or equal to 100")
	// Stored queries are far from the roadmap: they stand for every operation not built yet.
	_, err = client.ListStoredQueries(bg, &configservice.ListStoredQueriesInput{})
	wantAPIError(t, err, "NotImplementedException", "ListStoredQueries")
}

func TestMain_Restart(t *testing.T) {
	dir := dataDir(t)
	s := mustStart(t, dir)
	o := mustCreateOrg(t, s, 2)
	key := s.RootKey()
	member := o.assume(t, o.accounts[0])
	s.stop()

	// The credentials file is private and names the root key.
	path := filepath.Join(dir, "credentials")
	fi := must(os.Stat(path))(t)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("credentials mode = %v, want 0600", fi.Mode().Perm())
	}
	if b := must(os.ReadFile(path))(t); !strings.Contains(string(b), "[conforms]\naws_access_key_id = "+key.ID) {
		t.Errorf("credentials file = %s", b)
	}

	s2 := mustStart(t, dir)
	if s2.RootKey().ID != key.ID || s2.RootKey().Secret != key.Secret {
		t.Fatalf("root key changed across restart")
	}
	list := must(s2.orgs(s2.root()).ListAccounts(bg, &organizations.ListAccountsInput{}))(t)
	if len(list.Accounts) != 3 {
		t.Fatalf("after restart: %d accounts, want 3", len(list.Accounts))
	}
	// Sessions survive too.
	id := must(s2.sts(member).GetCallerIdentity(bg, &sts.GetCallerIdentityInput{}))(t)
	if aws.ToString(id.Account) != o.accounts[0] {
		t.Fatalf("session after restart acts as %s, want %s", aws.ToString(id.Account), o.accounts[0])
	}
	s2.stop()

	// Contradicting the stored identity is refused.
	m := &Main{Config: Config{Listen: "127.0.0.1:0", DataDir: dir, LogFormat: "text", LogLevel: "error", Auth: "sigv4", AccountID: "999999999999"}}
	if testPostgres.all {
		m.Config.Store = postgresStore(t, dir)
	}
	err := m.Open(bg)
	m.Close()
	if err == nil || !strings.Contains(err.Error(), "contradicts the stored management account") {
		t.Fatalf("Open with a contradicting CONFORMS_ACCOUNT_ID: %v", err)
	}
}

// TestAuth_PresignedSTS checks the pattern of EKS tokens and Vault's AWS
// auth: a presigned GetCallerIdentity URL that someone else sends.
func TestAuth_PresignedSTS(t *testing.T) {
	s := mustStart(t, "")
	presigned := must(sts.NewPresignClient(s.sts(s.root())).PresignGetCallerIdentity(bg, &sts.GetCallerIdentityInput{}))(t)
	req := must(http.NewRequest(presigned.Method, presigned.URL, nil))(t)
	for k, v := range presigned.SignedHeader {
		if k != "Host" {
			req.Header[k] = v
		}
	}
	resp := must(http.DefaultClient.Do(req))(t)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "<Account>"+s.RootKey().AccountID+"</Account>") {
		t.Fatalf("presigned GetCallerIdentity: %d %s", resp.StatusCode, body)
	}
}

func TestAuth_AssumeRoleDuration(t *testing.T) {
	s := mustStart(t, "")
	o := mustCreateOrg(t, s, 1)
	for _, d := range []int32{0, 899, 43201} {
		_, err := s.sts(o.mgmt).AssumeRole(bg, &sts.AssumeRoleInput{
			RoleArn: aws.String("arn:aws:iam::" + o.accounts[0] + ":role/OrganizationAccountAccessRole"), RoleSessionName: aws.String("dur"),
			DurationSeconds: aws.Int32(d),
		})
		wantAPIError(t, err, "ValidationError", "durationSeconds")
	}
}
