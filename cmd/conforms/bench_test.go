package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
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

func TestBench_SyntheticSnapshot(t *testing.T) {
	// The evaluation bench's files: valid JSON, n items of the account with
	// distinct ids, every other one with encryption turned off.
	samples, err := sampleCIs(filepath.Join("..", "..", "..", "shared", "corpus", "configuration-items", "rdk-example-ci"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := newSnapshotMaker(samples)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		ConfigurationItems []struct {
			AwsAccountID  string         `json:"awsAccountId"`
			ResourceID    string         `json:"resourceId"`
			ResourceName  string         `json:"resourceName"`
			Configuration map[string]any `json:"configuration"`
		} `json:"configurationItems"`
	}
	n := 3*len(samples) + 1
	if err := json.Unmarshal(m.snapshot("123456789012", n), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.ConfigurationItems) != n {
		t.Fatalf("%d items, want %d", len(doc.ConfigurationItems), n)
	}
	seen := map[string]bool{}
	for i, ci := range doc.ConfigurationItems {
		want := fmt.Sprintf("%v-%d", samples[i%len(samples)]["resourceId"], i)
		if ci.AwsAccountID != "123456789012" || ci.ResourceID != want || ci.ResourceName != want || seen[ci.ResourceID] {
			t.Fatalf("item %d: account %q id %q name %q, want id %q", i, ci.AwsAccountID, ci.ResourceID, ci.ResourceName, want)
		}
		seen[ci.ResourceID] = true
		if enc, ok := ci.Configuration["encrypted"]; ok && enc != (i%2 == 0 && samples[i%len(samples)]["configuration"].(map[string]any)["encrypted"] == true) {
			t.Errorf("item %d: encrypted = %v", i, enc)
		}
	}
}
