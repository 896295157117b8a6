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

func TestBench_Load(t *testing.T) {
	// conforms bench's load loop, run briefly: every request must succeed.
	s := mustStart(t, "")
	k := s.RootKey()
	creds := aws.Credentials{AccessKeyID: k.ID, SecretAccessKey: k.Secret}
	if err := benchCall(bg, http.DefaultClient, s.endpoint, "CreateOrganization", "{}", creds); err != nil {
		t.Fatal(err)
	}
	r := benchLoad(bg, s.endpoint, creds, 2, 200*time.Millisecond)
	if r.Requests == 0 || r.Errors != 0 {
		t.Fatalf("bench load: %v", r)
	}
}
