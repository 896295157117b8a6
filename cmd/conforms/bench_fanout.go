package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	cstypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
)

// runFanout implements "conforms bench fanout": for each organization size,
// an organization of that many accounts, each recording, then one
// organization conformance pack put from the management account and timed
// until every account is CREATE_SUCCESSFUL. Without --endpoint each size
// runs on a fresh in-process conforms with --auth=account-id; an endpoint
// must run with that mode too, since the accounts are set up as their root.
func runFanout(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("conforms bench fanout", flag.ContinueOnError)
	endpoint := fs.String("endpoint", "", "a conforms started with --auth=account-id; empty: an in-process conforms for each size")
	sizes := fs.String("accounts", "100,1000", "organization sizes (accounts, the management account included), comma separated")
	templatePath := fs.String("template", "", "conformance pack template (required), e.g. ../shared/corpus/conformance-packs/Operational-Best-Practices-for-APRA-CPG-234.yaml")
	concurrency := fs.Int("concurrency", 8, "concurrent clients while setting the organization up")
	timeout := fs.Duration("timeout", 10*time.Minute, "how long to wait for a deployment")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the deployments (not of the set-up) to this file")
	store := fs.String("store", "", "a postgres:// URL: each size runs on --replicas child processes of conforms serve sharing a fresh schema of this database; empty: the embedded SQLite store")
	replicas := fs.Int("replicas", 1, "replicas of conforms serve on --store")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *templatePath == "" {
		return errors.New("--template is required")
	}
	if *store != "" && (*endpoint != "" || !isPostgresURL(*store) || *replicas < 1) {
		return errors.New("--store must be a postgres:// URL, without --endpoint, with --replicas 1 or more")
	}
	body, err := os.ReadFile(*templatePath)
	if err != nil {
		return err
	}
	for _, field := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(field))
		if err != nil || n < 1 {
			return fmt.Errorf("--accounts: %q is not a number of accounts", field)
		}
		t := &benchTarget{endpoint: *endpoint, region: "us-east-1",
			http: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *concurrency}}}
		stop := func() {}
		switch {
		case *store != "":
			if stop, err = benchReplicas(ctx, t, *store, *replicas); err != nil {
				return err
			}
			fmt.Printf("fanout %6d accounts: %d replicas on PostgreSQL\n", n, *replicas)
		case t.endpoint == "":
			if stop, err = benchServer(ctx, t, "account-id"); err != nil {
				return err
			}
		}
		profile := ""
		if *cpuProfile != "" {
			profile = fmt.Sprintf("%s.%d", *cpuProfile, n)
		}
		err = fanout(ctx, t, n, string(body), *concurrency, *timeout, profile)
		stop()
		if err != nil {
			return err
		}
	}
	return nil
}

// as returns t signing as the root of an account (--auth=account-id).
func (t *benchTarget) as(accountID string) *benchTarget {
	c := *t
	c.creds = aws.Credentials{AccessKeyID: accountID, SecretAccessKey: "any"}
	return &c
}

func fanout(ctx context.Context, t *benchTarget, accounts int, body string, concurrency int, timeout time.Duration, profile string) error {
	if t.creds.AccessKeyID == "" {
		t.creds = aws.Credentials{AccessKeyID: envOr("AWS_ACCESS_KEY_ID", ""), SecretAccessKey: "any"}
	}
	setup := time.Now()
	if _, err := benchOrg(ctx, t, accounts, concurrency); err != nil {
		return err
	}
	fmt.Printf("fanout %6d accounts: set up in %v\n", accounts, time.Since(setup).Round(time.Millisecond))

	stopProfile, err := startCPUProfile(profile)
	if err != nil {
		return err
	}
	defer stopProfile()
	client := t.configClient()
	name := fmt.Sprintf("fanout-%d", accounts)
	start := time.Now()
	if _, err := client.PutOrganizationConformancePack(ctx, &configservice.PutOrganizationConformancePackInput{
		OrganizationConformancePackName: aws.String(name), TemplateBody: aws.String(body)}); err != nil {
		return fmt.Errorf("put organization conformance pack: %w", err)
	}
	put := time.Since(start)
	st, err := pollOrgPack(ctx, client, name, timeout)
	if err != nil {
		return err
	}
	elapsed := time.Since(start)
	ok, err := countSuccessful(ctx, client, name)
	if err != nil {
		return err
	}
	fmt.Printf("fanout %6d accounts: %s in %v (Put answered in %v); %d accounts CREATE_SUCCESSFUL; %.0f accounts/s; peak RSS of this process %d MiB\n",
		accounts, st.Status, elapsed.Round(time.Millisecond), put.Round(time.Millisecond), ok,
		float64(accounts)/elapsed.Seconds(), peakRSS()>>20)
	if ok != accounts {
		return fmt.Errorf("%d of %d accounts succeeded: %s", ok, accounts, aws.ToString(st.ErrorMessage))
	}
	return nil
}

// benchOrg makes the caller of t the management account of a new
// organization of accounts accounts (itself included), each recording, set
// up by concurrency clients, and returns their ids, the management
// account's first.
func benchOrg(ctx context.Context, t *benchTarget, accounts, concurrency int) ([]string, error) {
	orgs := t.orgsClient()
	if _, err := orgs.CreateOrganization(ctx, &organizations.CreateOrganizationInput{FeatureSet: orgtypes.OrganizationFeatureSetAll}); err != nil {
		return nil, fmt.Errorf("create organization: %w", err)
	}
	mgmt := t.creds.AccessKeyID
	if err := fanoutRecord(ctx, t.as(mgmt), mgmt); err != nil {
		return nil, err
	}
	ids := make([]string, accounts)
	ids[0] = mgmt
	err := parallel(ctx, accounts-1, concurrency, func(i int) (err error) {
		ids[i+1], err = fanoutAccount(ctx, t, orgs, i+1)
		return err
	})
	return ids, err
}

// parallel runs fn(0), ..., fn(n-1) from concurrency goroutines and returns
// the first error; after one, no new call starts.
func parallel(ctx context.Context, n, concurrency int, fn func(i int) error) error {
	var next atomic.Int64
	var mu sync.Mutex
	var failed error
	var wg sync.WaitGroup
	for range concurrency {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n && ctx.Err() == nil; i = int(next.Add(1)) - 1 {
				err := fn(i)
				mu.Lock()
				failed = cmpOr(failed, err)
				stop := failed != nil
				mu.Unlock()
				if stop {
					return
				}
			}
		})
	}
	wg.Wait()
	return failed
}

// pollOrgPack polls an organization pack's status, as Terraform does, until
// it is no longer CREATE_IN_PROGRESS.
func pollOrgPack(ctx context.Context, client *configservice.Client, name string, timeout time.Duration) (cstypes.OrganizationConformancePackStatus, error) {
	deadline := time.Now().Add(timeout)
	for {
		out, err := client.DescribeOrganizationConformancePackStatuses(ctx, &configservice.DescribeOrganizationConformancePackStatusesInput{
			OrganizationConformancePackNames: []string{name}})
		if err != nil {
			return cstypes.OrganizationConformancePackStatus{}, fmt.Errorf("describe statuses: %w", err)
		}
		st := out.OrganizationConformancePackStatuses[0]
		if st.Status != cstypes.OrganizationResourceStatusCreateInProgress {
			return st, nil
		}
		if time.Now().After(deadline) {
			return st, fmt.Errorf("still %s after %v", st.Status, timeout)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// startCPUProfile writes a CPU profile to path until the returned function
// is called; "" profiles nothing.
func startCPUProfile(path string) (func(), error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	var once sync.Once // the stop may be called again, deferred
	return func() { once.Do(func() { pprof.StopCPUProfile(); f.Close() }) }, nil
}

// fanoutAccount creates member i and has it record.
func fanoutAccount(ctx context.Context, t *benchTarget, orgs *organizations.Client, i int) (string, error) {
	out, err := orgs.CreateAccount(ctx, &organizations.CreateAccountInput{
		AccountName: aws.String(fmt.Sprintf("member-%d", i)), Email: aws.String(fmt.Sprintf("member-%d@example.com", i))})
	if err != nil {
		return "", fmt.Errorf("create account: %w", err)
	}
	if st := out.CreateAccountStatus; st.State != orgtypes.CreateAccountStateSucceeded {
		return "", fmt.Errorf("create account %d: %s", i, st.FailureReason)
	}
	id := aws.ToString(out.CreateAccountStatus.AccountId)
	return id, fanoutRecord(ctx, t.as(id), id)
}

// fanoutRecord gives an account a recorder and a delivery channel, and starts recording.
func fanoutRecord(ctx context.Context, t *benchTarget, id string) error {
	c := t.configClient()
	if _, err := c.PutConfigurationRecorder(ctx, &configservice.PutConfigurationRecorderInput{ConfigurationRecorder: &cstypes.ConfigurationRecorder{
		Name: aws.String("default"), RoleARN: aws.String("arn:aws:iam::" + id + ":role/config")}}); err != nil {
		return fmt.Errorf("put configuration recorder: %w", err)
	}
	if _, err := c.PutDeliveryChannel(ctx, &configservice.PutDeliveryChannelInput{DeliveryChannel: &cstypes.DeliveryChannel{
		Name: aws.String("default"), S3BucketName: aws.String("config-" + id)}}); err != nil {
		return fmt.Errorf("put delivery channel: %w", err)
	}
	if _, err := c.StartConfigurationRecorder(ctx, &configservice.StartConfigurationRecorderInput{ConfigurationRecorderName: aws.String("default")}); err != nil {
		return fmt.Errorf("start configuration recorder: %w", err)
	}
	return nil
}

func countSuccessful(ctx context.Context, client *configservice.Client, name string) (int, error) {
	n := 0
	p := configservice.NewGetOrganizationConformancePackDetailedStatusPaginator(client, &configservice.GetOrganizationConformancePackDetailedStatusInput{
		OrganizationConformancePackName: aws.String(name), Filters: &cstypes.OrganizationResourceDetailedStatusFilters{Status: "CREATE_SUCCESSFUL"}})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return 0, fmt.Errorf("detailed status: %w", err)
		}
		n += len(out.OrganizationConformancePackDetailedStatuses)
	}
	return n, nil
}

// peakRSS returns the peak resident set size of this process, in bytes.
func peakRSS() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Maxrss << 10 // kilobytes on Linux
}
