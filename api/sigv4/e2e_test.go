package sigv4

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	cstypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// verifyingServer verifies every request with this package, the way a
// transport would, and records the outcome.
type verifyingServer struct {
	*httptest.Server
	mu      sync.Mutex
	results []result
}

type result struct {
	method, uri string
	sr          *Request
	err         error
}

func newVerifyingServer(t *testing.T) *verifyingServer {
	s := &verifyingServer{}
	jsonV := &Verifier{}
	s3V := &Verifier{DisableURIPathEscaping: true}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		isS3 := r.Header.Get("X-Amz-Target") == ""
		v := jsonV
		if isS3 {
			v = s3V
		}
		sr, err := Parse(r)
		if err == nil {
			var ph string
			if ph, err = PayloadHash(r, body); err == nil {
				secret := testSecret
				if sr.AccessKeyID != testAKID {
					secret = "unknown"
				}
				err = v.Verify(r, sr, secret, ph)
			}
		}
		s.mu.Lock()
		s.results = append(s.results, result{r.Method, r.RequestURI, sr, err})
		s.mu.Unlock()
		if err != nil {
			w.Header().Set("Content-Type", "application/x-amz-json-1.1")
			w.WriteHeader(http.StatusBadRequest)
			json.NewEncoder(w).Encode(map[string]string{"__type": ReasonOf(err).String(), "message": err.Error()})
			return
		}
		switch {
		case isS3 && r.Method == http.MethodGet:
			io.WriteString(w, "hello")
		case isS3:
			w.Header().Set("ETag", `"x"`)
		default:
			w.Header().Set("Content-Type", "application/x-amz-json-1.1")
			io.WriteString(w, "{}")
		}
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *verifyingServer) take() []result {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.results
	s.results = nil
	return r
}

func sdkConfig(t *testing.T, secret string) aws.Config {
	cfg, err := config.LoadDefaultConfig(context.Background(), config.WithRegion(testRegion),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(testAKID, secret, "session/token+x=")))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestRealSDKClients sends requests with the real aws-sdk-go-v2 service
// clients (configservice, organizations, s3 path-style, an s3 presigned GET)
// to a net/http server that verifies them with this package.
func TestRealSDKClients(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the SDK service clients")
	}
	srv := newVerifyingServer(t)
	ctx := context.Background()
	cfg := sdkConfig(t, testSecret)

	cs := configservice.NewFromConfig(cfg, func(o *configservice.Options) { o.BaseEndpoint = aws.String(srv.URL) })
	if _, err := cs.PutOrganizationConformancePack(ctx, &configservice.PutOrganizationConformancePackInput{
		OrganizationConformancePackName: aws.String("demo"),
		TemplateBody:                    aws.String("Parameters:\n  MaxAgeParam:\n    Type: String\n"),
		ConformancePackInputParameters:  []cstypes.ConformancePackInputParameter{{ParameterName: aws.String("MaxAgeParam"), ParameterValue: aws.String("60")}},
		ExcludedAccounts:                []string{"111111111111"},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.DescribeOrganizationConformancePacks(ctx, &configservice.DescribeOrganizationConformancePacksInput{}); err != nil {
		t.Fatal(err)
	}

	org := organizations.NewFromConfig(cfg, func(o *organizations.Options) { o.BaseEndpoint = aws.String(srv.URL) })
	if _, err := org.ListAccounts(ctx, &organizations.ListAccountsInput{}); err != nil {
		t.Fatal(err)
	}

	s3c := s3.NewFromConfig(cfg, func(o *s3.Options) { o.BaseEndpoint = aws.String(srv.URL); o.UsePathStyle = true })
	for _, key := range []string{"a b/ü.json", "plain.txt", "odd!$&'()*+,;=:@ key~.json"} {
		if _, err := s3c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("delivery-bucket"), Key: aws.String(key),
			Body: strings.NewReader(`{"hello":"world"}`)}); err != nil {
			t.Fatalf("PutObject %q: %v", key, err)
		}
	}
	if _, err := s3c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("delivery-bucket"), Key: aws.String("a b/ü.json")}); err != nil {
		t.Fatal(err)
	}
	pre, err := s3.NewPresignClient(s3c).PresignGetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("delivery-bucket"), Key: aws.String("a b/ü.json")})
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(pre.Method, pre.URL, nil)
	for k, vs := range pre.SignedHeader {
		if k != "Host" {
			req.Header[k] = vs
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("presigned GET: status %d", resp.StatusCode)
	}

	results := srv.take()
	if len(results) < 8 {
		t.Fatalf("only %d requests reached the server", len(results))
	}
	presigned := 0
	for _, r := range results {
		if r.err != nil {
			t.Errorf("%s %s: %v", r.method, r.uri, r.err)
			continue
		}
		if r.sr.SessionToken != "session/token+x=" {
			t.Errorf("%s %s: session token %q", r.method, r.uri, r.sr.SessionToken)
		}
		if r.sr.Presigned {
			presigned++
		}
		t.Logf("%s %s signed %s", r.method, r.uri, strings.Join(r.sr.SignedHeaders, ";"))
	}
	if presigned != 1 {
		t.Errorf("%d presigned requests, want 1", presigned)
	}

	// A client with the wrong secret is refused with SignatureDoesNotMatch.
	bad := configservice.NewFromConfig(sdkConfig(t, "wrong"), func(o *configservice.Options) {
		o.BaseEndpoint = aws.String(srv.URL)
		o.RetryMaxAttempts = 1
	})
	if _, err := bad.DescribeOrganizationConformancePacks(ctx, &configservice.DescribeOrganizationConformancePacksInput{}); err == nil {
		t.Fatal("wrong secret accepted")
	}
	results = srv.take()
	if len(results) != 1 || ReasonOf(results[0].err) != ReasonSignatureDoesNotMatch {
		t.Fatalf("wrong secret: %+v", results)
	}
}
