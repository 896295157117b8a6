package template_test

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"conforms/template"
)

// fuzzSeeds are corpus templates that cover the short forms, CRLF,
// conditions, remediations and a custom Lambda rule.
var fuzzSeeds = []string{
	corpusDir + "/Cyber-Resilience-Best-Practices-for-S3-EBS-DynamoDB.yml",
	corpusDir + "/Operational-Best-Practices-for-Amazon-S3-with-Remediation.yaml",
	corpusDir + "/Operational-Best-Practices-for-NZISM-Extension.yaml",
	corpusDir + "/Operational-Best-Practices-for-CIS.yaml",
	corpusDir + "/Security-Best-Practices-for-ECR.yaml",
	corpusDir + "/custom-conformance-pack.yaml",
	customPolicyDir + "/Amazon-Bedrock-Security-and-Governance-Best-Practices.yaml",
}

// FuzzResolve checks that Resolve never panics or hangs, and that it
// returns either a pack or a *ValidationError with sorted problems. The
// seeds are tens of kilobytes, so shorten minimisation or the fuzzer
// spends its time there:
//
//	go test -run XXX -fuzz FuzzResolve -fuzztime 60s -fuzzminimizetime 2s ./template
func FuzzResolve(f *testing.F) {
	for _, path := range fuzzSeeds {
		if body, err := os.ReadFile(filepath.Clean(path)); err == nil {
			f.Add(body, "value")
		}
	}
	f.Add([]byte(shortForm), "dev")
	f.Add([]byte(jsonForm), "prod")
	f.Add([]byte(ruleTemplate("!Sub ['${A}${!B}', {A: !Base64 {Fn::Join: [',', !Split [',', 'a,b']]}}]")), "x")
	f.Add([]byte("Resources: {A: &a [*a]}"), "")
	f.Fuzz(func(t *testing.T, body []byte, value string) {
		in := testInput(string(body), nil)
		in.Parameters = map[string]string{"Env": value}
		pack, err := template.Resolve(in)
		if err == nil {
			if pack == nil {
				t.Fatal("Resolve returned neither a pack nor an error")
			}
			return
		}
		var verr *template.ValidationError
		if !errors.As(err, &verr) || len(verr.Problems) == 0 || pack != nil {
			t.Fatalf("Resolve = %v, %v; want nil and a *ValidationError with problems", pack, err)
		}
		if !sort.SliceIsSorted(verr.Problems, func(i, j int) bool { return verr.Problems[i].Path < verr.Problems[j].Path }) {
			t.Fatalf("problems not sorted: %v", verr.Problems)
		}
		_ = err.Error()
	})
}
