package main

import (
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// BenchmarkServer_DescribeOrganization measures a small signed read through
// the whole server: SigV4 signing (client side) and verification, the key
// lookup, the store read and the JSON response. conforms bench reports the
// same call as requests per second with latency percentiles.
func BenchmarkServer_DescribeOrganization(b *testing.B) {
	s := mustStart(b, "")
	k := s.RootKey()
	creds := aws.Credentials{AccessKeyID: k.ID, SecretAccessKey: k.Secret}
	if err := benchCall(bg, http.DefaultClient, s.endpoint, "CreateOrganization", "{}", creds); err != nil {
		b.Fatal(err)
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := benchCall(bg, client, s.endpoint, "DescribeOrganization", "{}", creds); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

func TestBench_Workloads(t *testing.T) {
	// conforms bench's setup and every workload, run briefly: every request must succeed.
	s := mustStart(t, "")
	k := s.RootKey()
	target := &benchTarget{endpoint: s.endpoint, region: "us-east-1", http: http.DefaultClient,
		creds: aws.Credentials{AccessKeyID: k.ID, SecretAccessKey: k.Secret}}
	if err := benchSetup(bg, target); err != nil {
		t.Fatal(err)
	}
	if err := benchSetup(bg, target); err != nil { // a second setup finds what the first made
		t.Fatalf("second setup: %v", err)
	}
	for name, op := range benchOps(target) {
		if r := benchLoad(bg, op, 2, 100*time.Millisecond); r.Requests == 0 || r.Errors != 0 {
			t.Errorf("%s: %v", name, r)
		}
	}
}
