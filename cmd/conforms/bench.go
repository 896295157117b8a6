package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// benchResult is what one load run measured.
type benchResult struct {
	Requests    int
	Errors      int
	Elapsed     time.Duration
	Concurrency int
	P50, P99    time.Duration
	Max         time.Duration
}

func (r benchResult) String() string {
	return fmt.Sprintf("%d requests in %v with %d workers: %.0f req/s, p50 %v, p99 %v, max %v, %d errors",
		r.Requests, r.Elapsed.Round(time.Millisecond), r.Concurrency, float64(r.Requests)/r.Elapsed.Seconds(),
		r.P50.Round(time.Microsecond), r.P99.Round(time.Microsecond), r.Max.Round(time.Microsecond), r.Errors)
}

// runBench implements "conforms bench": signed Organizations
// DescribeOrganization calls (a small read) against an in-process server on a
// fresh data directory, from concurrent keep-alive clients that sign every
// request with SigV4.
func runBench(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("conforms bench", flag.ContinueOnError)
	duration := fs.Duration("duration", 10*time.Second, "how long to send requests")
	concurrency := fs.Int("concurrency", 8, "concurrent clients")
	if err := fs.Parse(args); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "conforms-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	m := &Main{Config: Config{Listen: "127.0.0.1:0", DataDir: dir, LogFormat: "text", LogLevel: "error", Auth: "sigv4"}}
	m.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	if err := m.Open(ctx); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() { _ = m.Run(ctx) }()
	key := m.RootKey()
	endpoint := "http://" + m.Addr()
	creds := aws.Credentials{AccessKeyID: key.ID, SecretAccessKey: key.Secret}
	if err := benchCall(ctx, http.DefaultClient, endpoint, "CreateOrganization", `{"FeatureSet":"ALL"}`, creds); err != nil {
		return fmt.Errorf("create organization: %w", err)
	}
	r := benchLoad(ctx, endpoint, creds, *concurrency, *duration)
	fmt.Printf("DescribeOrganization, signed: %v\n", r)
	return nil
}

// benchLoad sends DescribeOrganization from n clients for d.
func benchLoad(ctx context.Context, endpoint string, creds aws.Credentials, n int, d time.Duration) benchResult {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: n, MaxConnsPerHost: n}}
	var mu sync.Mutex
	var latencies []time.Duration
	errs := 0
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			var mine []time.Duration
			bad := 0
			for time.Now().Before(deadline) && ctx.Err() == nil {
				t := time.Now()
				if err := benchCall(ctx, client, endpoint, "DescribeOrganization", "{}", creds); err != nil {
					bad++
				}
				mine = append(mine, time.Since(t))
			}
			mu.Lock()
			latencies, errs = append(latencies, mine...), errs+bad
			mu.Unlock()
		})
	}
	wg.Wait()
	slices.Sort(latencies)
	r := benchResult{Requests: len(latencies), Errors: errs, Elapsed: time.Since(start), Concurrency: n}
	if len(latencies) > 0 {
		r.P50 = latencies[len(latencies)/2]
		r.P99 = latencies[len(latencies)*99/100]
		r.Max = latencies[len(latencies)-1]
	}
	return r
}

var benchSigner = v4.NewSigner()

// benchCall sends one signed Organizations request and checks for a 200.
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
