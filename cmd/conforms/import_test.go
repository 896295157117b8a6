package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
)

// snapshotFile writes a snapshot file of corpus CIs, made the account's.
func snapshotFile(t *testing.T, dir, name, account string, cis ...map[string]any) string {
	t.Helper()
	for _, ci := range cis {
		delete(ci, "accountId")
		ci["awsAccountId"] = account
	}
	data, err := json.Marshal(map[string]any{"fileVersion": "1.0", "configSnapshotId": "s-1", "configurationItems": cis})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if strings.HasSuffix(name, ".gz") {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		_, _ = zw.Write(data)
		_ = zw.Close()
		data = b.Bytes()
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func corpusCI(t *testing.T, name string) map[string]any {
	t.Helper()
	data := must(os.ReadFile(filepath.Join("..", "..", "..", "shared", "corpus", "configuration-items", "rdk-example-ci", name)))(t)
	var ci map[string]any
	if err := json.Unmarshal(data, &ci); err != nil {
		t.Fatal(err)
	}
	return ci
}

// TestImport: conforms import sends snapshot files to the server, which
// records their items and evaluates the rules in scope; a file with a bad
// item is refused whole, naming the file, the item and the reason.
func TestImport(t *testing.T) {
	s := mustStart(t, "")
	client := s.config(s.root())
	acct := s.RootKey().AccountID
	(&org{s: s, mgmt: s.root()}).record(t, acct)
	must(client.PutConfigRule(bg, managedRule("versioning", "S3_BUCKET_VERSIONING_ENABLED", "")))(t)
	t.Setenv("AWS_ACCESS_KEY_ID", s.RootKey().ID)
	t.Setenv("AWS_SECRET_ACCESS_KEY", s.RootKey().Secret)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
	t.Setenv("AWS_CONFIG_FILE", "/dev/null")
	dir := t.TempDir()

	bucket, volume := corpusCI(t, "AWS_S3_Bucket.json"), corpusCI(t, "AWS_EC2_Volume.json")
	suspended := corpusCI(t, "AWS_S3_Bucket.json")
	suspended["resourceId"], suspended["resourceName"] = "suspended-bucket", "suspended-bucket"
	suspended["supplementaryConfiguration"].(map[string]any)["BucketVersioningConfiguration"] = map[string]any{"status": "Suspended"}
	good := snapshotFile(t, dir, "snapshot.json.gz", acct, bucket, volume, suspended)
	var progress bytes.Buffer
	if err := runImport(bg, []string{"--endpoint", s.endpoint, good}, &progress); err != nil {
		t.Fatalf("import: %v (%s)", err, progress.String())
	}
	if !strings.Contains(progress.String(), "1/1 files, 3 items") {
		t.Fatalf("progress = %q", progress.String())
	}
	if got := compliance(t, client, "versioning"); len(got) != 2 || got["suspended-bucket"] != "NON_COMPLIANT" {
		t.Fatalf("after the import = %v", got)
	}
	// A file imported again records nothing twice.
	if err := runImport(bg, []string{"--endpoint", s.endpoint, good}, &progress); err != nil {
		t.Fatalf("import again: %v", err)
	}
	hist := must(client.GetResourceConfigHistory(bg, &configservice.GetResourceConfigHistoryInput{ResourceType: "AWS::S3::Bucket",
		ResourceId: aws.String("suspended-bucket")}))(t).ConfigurationItems
	if len(hist) != 1 {
		t.Fatalf("history after importing twice = %d items", len(hist))
	}
	counts := must(client.GetDiscoveredResourceCounts(bg, &configservice.GetDiscoveredResourceCountsInput{}))(t)
	if counts.TotalDiscoveredResources != 3 {
		t.Fatalf("resources after the import = %d", counts.TotalDiscoveredResources)
	}

	other := corpusCI(t, "AWS_SNS_Topic.json")
	broken := corpusCI(t, "AWS_KMS_Key.json")
	delete(broken, "configurationItemCaptureTime")
	bad := snapshotFile(t, dir, "bad.json", acct, other, broken)
	err := runImport(bg, []string{"--endpoint", s.endpoint, bad}, &progress)
	if err == nil || !strings.Contains(progress.String(), "bad.json: ValidationException: bad.json: configuration item 2: configurationItemCaptureTime") {
		t.Fatalf("bad file: %v, %q", err, progress.String())
	}
	if n := must(client.GetDiscoveredResourceCounts(bg, &configservice.GetDiscoveredResourceCountsInput{}))(t).TotalDiscoveredResources; n != 3 {
		t.Fatalf("a refused file wrote %d resources", n-3)
	}
	// An unsigned (or undeclared) file is refused before it is read.
	resp, err := http.Post(s.endpoint+"/conforms/import", "application/json", strings.NewReader(`{"configurationItems":[]}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "X-Amz-Content-Sha256") {
		t.Fatalf("unsigned import = %d %s", resp.StatusCode, body)
	}
	// Capture times from the future are refused.
	future := corpusCI(t, "AWS_SNS_Topic.json")
	future["configurationItemCaptureTime"] = "2099-01-01T00:00:00Z"
	if err := runImport(bg, []string{"--endpoint", s.endpoint, snapshotFile(t, dir, "future.json", acct, future)}, &progress); err == nil ||
		!strings.Contains(progress.String(), "is in the future") {
		t.Fatalf("future file: %v, %q", err, progress.String())
	}
	// Another account's items need the organization's management account.
	foreign := snapshotFile(t, dir, "foreign.json", "999999999999", corpusCI(t, "AWS_SNS_Topic.json"))
	if err := runImport(bg, []string{"--endpoint", s.endpoint, foreign}, &progress); err == nil || !strings.Contains(progress.String(), "AccessDeniedException") {
		t.Fatalf("foreign file: %v, %q", err, progress.String())
	}
}
