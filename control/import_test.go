package control

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParseImport: any file either parses into items with an account id,
// a type, an id and a capture time, or is refused with an error; never a
// panic. Run: go test -run XXX -fuzz FuzzParseImport ./control
func FuzzParseImport(f *testing.F) {
	dir := filepath.Join("..", "..", "shared", "corpus", "configuration-items", "rdk-example-ci")
	for _, name := range []string{"AWS_S3_Bucket.json", "AWS_EC2_Volume.json"} {
		if data, err := os.ReadFile(filepath.Join(dir, name)); err == nil {
			f.Add([]byte(`{"fileVersion":"1.0","configurationItems":[` + string(data) + `]}`))
		}
	}
	f.Add([]byte(`{"configurationItems":[{"awsAccountId":"123456789012","resourceType":"T","resourceId":"i",
		"configurationItemCaptureTime":"2026-01-01T00:00:00Z","configuration":"{\"a\":1}","supplementaryConfiguration":{"x":"y"}}]}`))
	f.Add([]byte(`{"configurationItems":[{"accountId":"1"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		items, err := parseImport("f.json", data, "us-east-1")
		if err != nil {
			return
		}
		for _, ci := range items {
			if len(ci.AccountID) != 12 || ci.ResourceType == "" || ci.ResourceID == "" || ci.CaptureTime.IsZero() || ci.Region == "" {
				t.Fatalf("parsed an incomplete item: %+v", ci)
			}
		}
	})
}
