package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"sort"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"conforms/api/awsconfig"
	"conforms/api/organizations"
	"conforms/api/shape"
)

// TestSurface_EveryOperationAnswers sends every operation of the Config and
// Organizations models, with an empty and with a malformed body, and checks
// that each answers a well-formed AWS response: never a 500, never a hang.
func TestSurface_EveryOperationAnswers(t *testing.T) {
	s := mustStart(t, "")
	k := s.RootKey()
	creds := aws.Credentials{AccessKeyID: k.ID, SecretAccessKey: k.Secret}
	client := &http.Client{Timeout: 10 * time.Second}
	for _, svc := range []*shape.Service{awsconfig.Service, organizations.Service} {
		names := make([]string, 0, len(svc.Operations))
		for name := range svc.Operations {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			for _, body := range []string{"{}", `{"Limit":"x","NextToken":7}`, "not json"} {
				status, out := signedPost(t, client, s.endpoint, svc, name, body, creds)
				var e struct {
					Type string `json:"__type"`
				}
				if status >= 500 && status != http.StatusNotImplemented || json.Unmarshal(out, &e) != nil || (status != 200 && e.Type == "") {
					t.Errorf("%s.%s with %s: %d %s", svc.TargetPrefix, name, body, status, out)
				}
			}
		}
	}
}

func signedPost(t *testing.T, client *http.Client, endpoint string, svc *shape.Service, op, body string, creds aws.Credentials) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, endpoint+"/", bytes.NewReader([]byte(body)))
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", svc.TargetPrefix+"."+op)
	sum := sha256.Sum256([]byte(body))
	if err := benchSigner.SignHTTP(bg, creds, req, hex.EncodeToString(sum[:]), svc.Name, "us-east-1", time.Now()); err != nil {
		t.Fatal(err)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s: %v", op, err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, out
}
