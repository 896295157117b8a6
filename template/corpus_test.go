package template_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"conforms/template"
)

// The corpus is checked out next to the repository: <dir>/main (this
// module) and <dir>/shared.
const (
	corpusDir       = "../../shared/corpus/conformance-packs"
	customPolicyDir = "../../shared/corpus/conformance-packs-custom-policy-prev"
)

// requiredParameters gives a value to the corpus parameters that have no
// Default (docs: corpus.md §3).
var requiredParameters = map[string]map[string]string{
	"Operational-Best-Practices-for-Amazon-DynamoDB-with-Remediation.yaml": {
		"SnsTopicForPublishNotificationArn": "arn:aws:sns:us-east-1:123456789012:remediation",
	},
	"Operational-Best-Practices-for-Amazon-S3-with-Remediation.yaml": {
		"S3TargetBucketNameForEnableLogging": "access-logs-bucket",
	},
	"custom-conformance-pack.yaml": {
		"CustomConfigRuleLambdaArn": "arn:aws:lambda:us-east-1:123456789012:function:custom-rule",
	},
}

// conditionedRules lists, for the templates whose rules carry a
// Condition, how many do and how many of those hold with the default
// parameters. Worked out by hand: the NZISM packs guard their optional
// rules with flags (DeployEdgeRules, CheckFor...) whose Default is 'false'.
var conditionedRules = map[string]struct{ conditioned, created int }{
	"Operational-Best-Practices-for-NZISM-Extension.yaml":    {12, 0},
	"Operational-Best-Practices-for-NZISM-Foundation.yaml":   {4, 0},
	"Operational-Best-Practices-for-NZISM-NZTransition.yaml": {4, 0},
}

type corpusFile struct {
	name string
	body []byte
}

// readCorpus returns the templates of dir, skipping the test when the
// corpus is not checked out.
func readCorpus(tb testing.TB, dir string) []corpusFile {
	tb.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		tb.Skipf("corpus not available: %v", err)
	}
	var files []corpusFile
	for _, e := range entries {
		ext := filepath.Ext(e.Name())
		if ext != ".yaml" && ext != ".yml" && ext != ".json" {
			continue
		}
		body, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			tb.Fatal(err)
		}
		files = append(files, corpusFile{name: e.Name(), body: body})
	}
	return files
}

func corpusInput(f corpusFile) template.Input {
	return template.Input{
		Body:       f.body,
		Parameters: requiredParameters[f.name],
		AccountID:  "123456789012",
		Region:     "us-east-1",
		Limits:     template.Limits{MaxBodyBytes: template.MaxTemplateS3Bytes},
	}
}

// countResources counts the template's resources by type and the
// ConfigRules with a Condition, with a plain YAML decode that shares no
// code with the engine.
func countResources(tb testing.TB, body []byte) (rules, conditioned, remediations int) {
	tb.Helper()
	var t struct {
		Resources map[string]struct {
			Type      string `yaml:"Type"`
			Condition string `yaml:"Condition"`
		} `yaml:"Resources"`
	}
	if err := yaml.Unmarshal(body, &t); err != nil {
		tb.Fatalf("yaml: %v", err)
	}
	for _, r := range t.Resources {
		switch r.Type {
		case "AWS::Config::ConfigRule":
			rules++
			if r.Condition != "" {
				conditioned++
			}
		case "AWS::Config::RemediationConfiguration":
			remediations++
		}
	}
	return rules, conditioned, remediations
}

func TestResolve_Corpus(t *testing.T) {
	t.Parallel()
	files := readCorpus(t, corpusDir)
	if len(files) != 122 {
		t.Errorf("corpus has %d templates, want 122", len(files))
	}
	var resources, created, remediations int
	for _, f := range files {
		pack, err := template.Resolve(corpusInput(f))
		if err != nil {
			t.Errorf("%s: %v", f.name, err)
			continue
		}
		rules, conditioned, rems := countResources(t, f.body)
		c := conditionedRules[f.name]
		if conditioned != c.conditioned {
			t.Errorf("%s: %d conditioned rules, the table says %d", f.name, conditioned, c.conditioned)
		}
		if want := rules - conditioned + c.created; len(pack.Rules) != want {
			t.Errorf("%s: %d rules, want %d", f.name, len(pack.Rules), want)
		}
		if len(pack.Remediations) != rems {
			t.Errorf("%s: %d remediations, want %d", f.name, len(pack.Remediations), rems)
		}
		resources += rules
		created += len(pack.Rules)
		remediations += len(pack.Remediations)
	}
	// corpus.md §2: 8,214 ConfigRule resources and 5 remediations. §5.4:
	// the 20 rules with a Condition (NZISM) all default to off.
	if resources != 8214 || created != 8214-20 || remediations != 5 {
		t.Errorf("corpus: %d rule resources, %d rules created, %d remediations; want 8214, 8194, 5", resources, created, remediations)
	}
}

// TestResolve_CorpusInputParameters checks corpus.md §4: 851 rules have
// InputParameters with 1,830 values. With the defaults, the 2 whole-property
// Fn::If of the Cyber-Resilience pack give AWS::NoValue (849 rules keep the
// property), 22 values are AWS::NoValue (1,808 left), and the 22
// INTERNET_GATEWAY_AUTHORIZED_VPC_ONLY rules that lose their only key keep
// an empty map.
func TestResolve_CorpusInputParameters(t *testing.T) {
	t.Parallel()
	var rules, values, empty int
	for _, f := range readCorpus(t, corpusDir) {
		pack := mustResolve(t, corpusInput(f))
		for _, r := range pack.Rules {
			if r.InputParameters == nil {
				continue
			}
			rules++
			values += len(r.InputParameters)
			if len(r.InputParameters) == 0 && r.Source.SourceIdentifier == "INTERNET_GATEWAY_AUTHORIZED_VPC_ONLY" {
				empty++
			}
		}
	}
	if rules != 849 || values != 1808 || empty != 22 {
		t.Errorf("got %d rules with InputParameters, %d values, %d emptied; want 849, 1808, 22", rules, values, empty)
	}
}

func TestResolve_CorpusCustomPolicy(t *testing.T) {
	t.Parallel()
	files := readCorpus(t, customPolicyDir)
	var rules, guard int
	for _, f := range files {
		pack, err := template.Resolve(corpusInput(f))
		if err != nil {
			t.Errorf("%s: %v", f.name, err)
			continue
		}
		want, _, _ := countResources(t, f.body)
		if len(pack.Rules) != want {
			t.Errorf("%s: %d rules, want %d", f.name, len(pack.Rules), want)
		}
		for _, r := range pack.Rules {
			rules++
			if r.Source.Owner != "CUSTOM_POLICY" {
				continue
			}
			guard++
			d := r.Source.CustomPolicyDetails
			if d == nil || d.PolicyRuntime != "guard-2.x.x" || !strings.Contains(d.PolicyText, "<<") {
				t.Errorf("%s: %s: CustomPolicyDetails %+v", f.name, r.LogicalID, d)
			}
		}
	}
	// corpus.md appendix E: 4 templates, 397 rules, 51 CUSTOM_POLICY.
	if len(files) != 4 || rules != 397 || guard != 51 {
		t.Errorf("got %d templates, %d rules, %d guard rules; want 4, 397, 51", len(files), rules, guard)
	}
}

func BenchmarkResolveCorpus(b *testing.B) {
	files := readCorpus(b, corpusDir)
	var size int64
	for _, f := range files {
		size += int64(len(f.body))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, f := range files {
			if _, err := template.Resolve(corpusInput(f)); err != nil {
				b.Fatal(err)
			}
		}
	}
}
