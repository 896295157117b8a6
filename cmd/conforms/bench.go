package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	cstypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/smithy-go"
)

// benchResult is what one load run measured.
type benchResult struct {
	Requests    int
	Errors      int
	FirstError  error
	Elapsed     time.Duration
	Concurrency int
	P50, P99    time.Duration
	Max         time.Duration
}

func (r benchResult) String() string {
	s := fmt.Sprintf("%d requests in %v with %d workers: %.0f req/s, p50 %v, p99 %v, max %v, %d errors",
		r.Requests, r.Elapsed.Round(time.Millisecond), r.Concurrency, float64(r.Requests)/r.Elapsed.Seconds(),
		r.P50.Round(time.Microsecond), r.P99.Round(time.Microsecond), r.Max.Round(time.Microsecond), r.Errors)
	if r.FirstError != nil {
		s += " (first: " + r.FirstError.Error() + ")"
	}
	return s
}

// benchTarget is an endpoint and the credentials to sign for it.
type benchTarget struct {
	endpoint string
	region   string
	creds    aws.Credentials
	http     *http.Client
}

func (t *benchTarget) config() aws.Config {
	// Three attempts, the SDK's default: on loopback, where conforms answers
	// within microseconds, the SDK's transport now and then closes a
	// connection while a response is read (aws/aws-sdk-go-v2#2737), which the
	// SDK retries since v1.33.
	c := aws.Config{Region: t.region, Credentials: credentials.StaticCredentialsProvider{Value: t.creds}, RetryMaxAttempts: 3}
	if t.http != nil {
		c.HTTPClient = t.http
	}
	return c
}

func (t *benchTarget) configClient() *configservice.Client {
	return configservice.NewFromConfig(t.config(), func(o *configservice.Options) { o.BaseEndpoint = aws.String(t.endpoint) })
}

func (t *benchTarget) orgsClient() *organizations.Client {
	return organizations.NewFromConfig(t.config(), func(o *organizations.Options) { o.BaseEndpoint = aws.String(t.endpoint) })
}

// benchOps are the workloads of conforms bench, by name. Each sends one
// request; all but the raw one go through aws-sdk-go-v2 clients.
func benchOps(t *benchTarget) map[string]func(context.Context) error {
	cfg, orgs := t.configClient(), t.orgsClient()
	return map[string]func(context.Context) error{
		"DescribeOrganization": func(ctx context.Context) error {
			_, err := orgs.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
			return err
		},
		"DescribeOrganization/raw": func(ctx context.Context) error {
			return benchCall(ctx, t.http, t.endpoint, "DescribeOrganization", "{}", t.creds)
		},
		"DescribeConfigRules": func(ctx context.Context) error {
			_, err := cfg.DescribeConfigRules(ctx, &configservice.DescribeConfigRulesInput{ConfigRuleNames: []string{"bench-rule"}})
			return err
		},
		"PutConfigRule": func(ctx context.Context) error {
			_, err := cfg.PutConfigRule(ctx, benchRule())
			return err
		},
		"DescribeOrganizationConformancePackStatuses": func(ctx context.Context) error {
			_, err := cfg.DescribeOrganizationConformancePackStatuses(ctx, &configservice.DescribeOrganizationConformancePackStatusesInput{
				OrganizationConformancePackNames: []string{"bench-pack"}})
			return err
		},
		"GetOrganizationConformancePackDetailedStatus": func(ctx context.Context) error {
			_, err := cfg.GetOrganizationConformancePackDetailedStatus(ctx, &configservice.GetOrganizationConformancePackDetailedStatusInput{
				OrganizationConformancePackName: aws.String("bench-pack")})
			return err
		},
	}
}

// benchPack is the organization conformance pack the workloads read.
const benchPack = `Resources:
  Versioning:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: s3-bucket-versioning-enabled
      Source: {Owner: AWS, SourceIdentifier: S3_BUCKET_VERSIONING_ENABLED}
`

func benchRule() *configservice.PutConfigRuleInput {
	return &configservice.PutConfigRuleInput{ConfigRule: &cstypes.ConfigRule{
		ConfigRuleName: aws.String("bench-rule"),
		Source:         &cstypes.Source{Owner: cstypes.OwnerAws, SourceIdentifier: aws.String("S3_BUCKET_VERSIONING_ENABLED")},
	}}
}

// benchSetup gives the caller's account what the workloads read: an
// organization, a recorder and one rule. It tolerates what already exists.
func benchSetup(ctx context.Context, t *benchTarget) error {
	_, err := t.orgsClient().CreateOrganization(ctx, &organizations.CreateOrganizationInput{FeatureSet: "ALL"})
	var ae smithy.APIError
	if err != nil && !(errors.As(err, &ae) && ae.ErrorCode() == "AlreadyInOrganizationException") {
		return fmt.Errorf("create organization: %w", err)
	}
	id, err := benchAccount(ctx, t)
	if err != nil {
		return err
	}
	cfg := t.configClient()
	if _, err := cfg.PutConfigurationRecorder(ctx, &configservice.PutConfigurationRecorderInput{ConfigurationRecorder: &cstypes.ConfigurationRecorder{
		Name: aws.String("default"), RoleARN: aws.String("arn:aws:iam::" + id + ":role/config"),
	}}); err != nil {
		return fmt.Errorf("put configuration recorder: %w", err)
	}
	if _, err := cfg.PutConfigRule(ctx, benchRule()); err != nil {
		return fmt.Errorf("put config rule: %w", err)
	}
	in := &configservice.PutOrganizationConformancePackInput{
		OrganizationConformancePackName: aws.String("bench-pack"), TemplateBody: aws.String(benchPack)}
	_, err = cfg.PutOrganizationConformancePack(ctx, in)
	var re *awshttp.ResponseError
	if errors.As(err, &re) && re.HTTPStatusCode() == http.StatusInternalServerError {
		// moto 5.2 fails with a 500 without a TemplateS3Uri (it neither
		// reads nor checks the template), so it is given one.
		in.TemplateS3Uri = aws.String("s3://bench/pack.yaml")
		_, err = cfg.PutOrganizationConformancePack(ctx, in)
	}
	if err != nil && !(errors.As(err, &ae) && ae.ErrorCode() == "ResourceInUseException") {
		return fmt.Errorf("put organization conformance pack: %w", err)
	}
	return nil
}

func benchAccount(ctx context.Context, t *benchTarget) (string, error) {
	out, err := t.orgsClient().DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	if err != nil {
		return "", fmt.Errorf("describe organization: %w", err)
	}
	return aws.ToString(out.Organization.MasterAccountId), nil
}

// runBench implements "conforms bench": the workloads against an
// in-process server on a fresh data directory, or against any
// AWS-compatible endpoint (another emulator, for a side-by-side).
func runBench(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("conforms bench", flag.ContinueOnError)
	endpoint := fs.String("endpoint", "", "endpoint to drive, e.g. http://127.0.0.1:5000; empty: an in-process conforms")
	duration := fs.Duration("duration", 10*time.Second, "how long to run each workload")
	concurrency := fs.Int("concurrency", 8, "concurrent clients")
	ops := fs.String("ops", "DescribeOrganization/raw,DescribeOrganization,DescribeConfigRules,PutConfigRule,"+
		"DescribeOrganizationConformancePackStatuses,GetOrganizationConformancePackDetailedStatus", "workloads, comma separated")
	region := fs.String("region", "us-east-1", "region to sign for")
	if err := fs.Parse(args); err != nil {
		return err
	}
	label := or(*endpoint, "in-process conforms")
	t := &benchTarget{endpoint: *endpoint, region: *region,
		http: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *concurrency, MaxConnsPerHost: *concurrency}}}
	if t.endpoint == "" {
		stop, err := benchServer(ctx, t, "sigv4")
		if err != nil {
			return err
		}
		defer stop()
	} else {
		t.creds = aws.Credentials{AccessKeyID: envOr("AWS_ACCESS_KEY_ID", "testing"), SecretAccessKey: envOr("AWS_SECRET_ACCESS_KEY", "testing"),
			SessionToken: os.Getenv("AWS_SESSION_TOKEN")}
	}
	if err := benchSetup(ctx, t); err != nil {
		return err
	}
	workloads := benchOps(t)
	fmt.Printf("conforms bench: %s, %d workers, %v each\n", label, *concurrency, *duration)
	for _, name := range strings.Split(*ops, ",") {
		op, ok := workloads[name]
		if !ok {
			return fmt.Errorf("unknown workload %q", name)
		}
		fmt.Printf("%-26s %v\n", name, benchLoad(ctx, op, *concurrency, *duration))
	}
	return nil
}

// benchServer starts conforms in-process on a temporary data directory,
// with the given --auth, and points t at it: with the root key for sigv4,
// as the management account's root for account-id.
func benchServer(ctx context.Context, t *benchTarget, auth string) (stop func(), err error) {
	dir, err := os.MkdirTemp("", "conforms-bench-")
	if err != nil {
		return nil, err
	}
	m := &Main{Config: Config{Listen: "127.0.0.1:0", DataDir: dir, LogFormat: "text", LogLevel: "error", Auth: auth}}
	m.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	if err := m.Open(ctx); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); _ = m.Run(ctx) }()
	k := m.RootKey()
	t.endpoint, t.creds = "http://"+m.Addr(), aws.Credentials{AccessKeyID: k.ID, SecretAccessKey: k.Secret}
	if auth == "account-id" {
		t.creds = aws.Credentials{AccessKeyID: k.AccountID, SecretAccessKey: "any"}
	}
	return func() { cancel(); <-done; os.RemoveAll(dir) }, nil
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// benchLoad runs op from n workers for d and measures each call.
func benchLoad(ctx context.Context, op func(context.Context) error, n int, d time.Duration) benchResult {
	var mu sync.Mutex
	var latencies []time.Duration
	r := benchResult{Concurrency: n}
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			var mine []time.Duration
			var firstErr error
			bad := 0
			for time.Now().Before(deadline) && ctx.Err() == nil {
				t := time.Now()
				if err := op(ctx); err != nil {
					bad++
					firstErr = cmpOr(firstErr, err)
				}
				mine = append(mine, time.Since(t))
			}
			mu.Lock()
			latencies, r.Errors, r.FirstError = append(latencies, mine...), r.Errors+bad, cmpOr(r.FirstError, firstErr)
			mu.Unlock()
		})
	}
	wg.Wait()
	slices.Sort(latencies)
	r.Requests, r.Elapsed = len(latencies), time.Since(start)
	if len(latencies) > 0 {
		r.P50 = latencies[len(latencies)/2]
		r.P99 = latencies[len(latencies)*99/100]
		r.Max = latencies[len(latencies)-1]
	}
	return r
}

func cmpOr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

var benchSigner = v4.NewSigner()

// benchCall sends one Organizations request signed with the SDK's signer but
// without the rest of the SDK client, and checks for a 200.
func benchCall(ctx context.Context, client *http.Client, endpoint, op, body string, creds aws.Credentials) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint+"/", bytes.NewReader([]byte(body)))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "AWSOrganizationsV20161128."+op)
	sum := sha256.Sum256([]byte(body))
	if err := benchSigner.SignHTTP(ctx, creds, req, hex.EncodeToString(sum[:]), "organizations", "us-east-1", time.Now()); err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %d %s", op, resp.StatusCode, b)
	}
	return nil
}
