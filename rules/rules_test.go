package rules_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"conforms/catalog"
	"conforms/rules"
)

// corpusDir holds real configuration items (../shared/corpus).
var corpusDir = filepath.Join("..", "..", "shared", "corpus", "configuration-items")

// corpusItem loads a CI of ../shared/corpus/configuration-items (a path
// under it, e.g. "rdk-example-ci/AWS_S3_Bucket.json"), lets edit change its
// JSON, and parses it.
func corpusItem(t *testing.T, path string, edit func(ci map[string]any)) *rules.Item {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(corpusDir, path))
	if err != nil {
		t.Fatal(err)
	}
	var ci map[string]any
	if err := json.Unmarshal(data, &ci); err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(ci)
	}
	data, err = json.Marshal(ci)
	if err != nil {
		t.Fatal(err)
	}
	it, err := rules.ParseItem(data)
	if err != nil {
		t.Fatalf("ParseItem(%s): %v", path, err)
	}
	return it
}

// accountItem returns an AWS::::Account item with the configuration given
// as JSON.
func accountItem(t *testing.T, configuration string) *rules.Item {
	t.Helper()
	it, err := rules.ParseItem([]byte(`{"resourceType":"AWS::::Account","resourceId":"111122223333","awsAccountId":"111122223333",
		"awsRegion":"us-east-1","configurationItemStatus":"OK","configuration":` + configuration + `}`))
	if err != nil {
		t.Fatal(err)
	}
	return it
}

// set returns an edit that sets the value at a dotted path of the CI.
func set(path string, value any) func(map[string]any) {
	return func(ci map[string]any) {
		keys := strings.Split(path, ".")
		m := ci
		for _, k := range keys[:len(keys)-1] {
			next, ok := m[k].(map[string]any)
			if !ok {
				next = map[string]any{}
				m[k] = next
			}
			m = next
		}
		m[keys[len(keys)-1]] = value
	}
}

// edits applies several edits in turn.
func edits(fs ...func(map[string]any)) func(map[string]any) {
	return func(ci map[string]any) {
		for _, f := range fs {
			f(ci)
		}
	}
}

// testNow is the evaluation time of the table tests, unless a case brings
// its own Env.
var testNow = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// ruleCase is one evaluation a rule's table test expects.
type ruleCase struct {
	name   string
	item   *rules.Item
	params string // InputParameters
	env    rules.Env
	want   rules.Compliance
}

// runCases evaluates each case with the registered rule.
func runCases(t *testing.T, identifier string, cases []ruleCase) {
	t.Helper()
	r, ok := rules.Lookup(identifier)
	if !ok {
		t.Fatalf("%s is not registered", identifier)
	}
	seen := map[rules.Compliance]bool{}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !r.Applies(c.item.ResourceType) {
				t.Fatalf("%s does not evaluate %s", identifier, c.item.ResourceType)
			}
			p, err := rules.ParseParams(c.params)
			if err != nil {
				t.Fatal(err)
			}
			env := c.env
			if env == nil {
				env = rules.StaticEnv{At: testNow}
			}
			got, err := r.Evaluate(c.item, p, env)
			if err != nil {
				t.Fatalf("Evaluate: %v", err)
			}
			if got.Compliance != c.want {
				t.Fatalf("%s = %s (%s), want %s", identifier, got.Compliance, got.Annotation, c.want)
			}
			if got.Compliance == rules.NonCompliant && got.Annotation == "" {
				t.Errorf("NON_COMPLIANT without an annotation")
			}
			if len(got.Annotation) > 256 {
				t.Errorf("annotation of %d characters", len(got.Annotation))
			}
		})
		seen[c.want] = true
	}
	if !seen[rules.Compliant] || !seen[rules.NonCompliant] {
		t.Errorf("%s: the table needs COMPLIANT and NON_COMPLIANT cases", identifier)
	}
}

// TestRegistry: every implemented rule is a managed rule of the catalog,
// and evaluates the resource types the catalog gives it (AWS::::Account for
// account-level ones).
func TestRegistry(t *testing.T) {
	for _, id := range rules.Identifiers() {
		m, ok := catalog.Lookup(id)
		if !ok {
			t.Errorf("%s is not in the managed-rule catalog", id)
			continue
		}
		r, _ := rules.Lookup(id)
		for _, typ := range m.ResourceTypes {
			if !r.Applies(typ) {
				t.Errorf("%s: the catalog gives it %s, which it does not evaluate", id, typ)
			}
		}
		if len(m.ResourceTypes) == 0 && !r.Applies(rules.AccountResourceType) {
			t.Errorf("%s: an account-level rule must evaluate %s", id, rules.AccountResourceType)
		}
	}
}

func TestParseItem_BothSpellings(t *testing.T) {
	api := corpusItem(t, "rdk-example-ci/AWS_EC2_Volume.json", nil)
	if api.AccountID != "264683526309" || api.ARN == "" || api.Config("volumeId") != "vol-a416b170" ||
		len(api.Relationships) != 1 || api.Relationships[0].Name != "Is attached to Instance" || api.CaptureTime.IsZero() {
		t.Fatalf("API spelling: %+v", api)
	}
	data, err := os.ReadFile(filepath.Join(corpusDir, "devguide-examples", "sns-configuration-item-change-notification-security-group-create.json"))
	if err != nil {
		t.Fatal(err)
	}
	var n struct {
		Message struct {
			ConfigurationItem json.RawMessage `json:"configurationItem"`
		}
	}
	if err := json.Unmarshal(data, &n); err != nil {
		t.Fatal(err)
	}
	sg, err := rules.ParseItem(n.Message.ConfigurationItem)
	if err != nil {
		t.Fatal(err)
	}
	if sg.AccountID != "123456789012" || sg.ResourceType != "AWS::EC2::SecurityGroup" || sg.Config("groupId") != "sg-3f1fef43" ||
		len(sg.Relationships) != 1 || sg.Relationships[0].Name != "Is contained in Vpc" {
		t.Fatalf("notification spelling: %+v", sg)
	}
	// configuration as JSON text, as the API sends it; supplementary JSON text decoded.
	text, err := rules.ParseItem([]byte(`{"resourceType":"AWS::S3::Bucket","resourceId":"b","configuration":"{\"name\":\"b\"}",
		"supplementaryConfiguration":{"AccessControlList":"{\"grantList\":[]}","IsRequesterPaysEnabled":false}}`))
	if err != nil || text.Config("name") != "b" || rules.Map(text.Supp("AccessControlList")) == nil {
		t.Fatalf("configuration as text: %+v, %v", text, err)
	}
	for _, bad := range []string{`[]`, `{}`, `{"resourceType":"AWS::S3::Bucket"}`, `{"resourceType":"T","resourceId":"i","configuration":"[1]"}`,
		`{"resourceType":"T","resourceId":"i","tags":[1]}`, `{"resourceType":"T","resourceId":"i","configurationItemCaptureTime":"yesterday"}`} {
		if _, err := rules.ParseItem([]byte(bad)); err == nil {
			t.Errorf("ParseItem(%s) accepted", bad)
		}
	}
}

func FuzzParseItem(f *testing.F) {
	for _, p := range []string{"rdk-example-ci/AWS_S3_Bucket.json", "rdk-example-ci/AWS_EC2_SecurityGroup.json", "rdk-example-ci/AWS_IAM_Policy.json"} {
		if data, err := os.ReadFile(filepath.Join(corpusDir, p)); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`{"resourceType":"T","resourceId":"i","configuration":"{}"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		it, err := rules.ParseItem(data)
		if err != nil {
			return
		}
		if it.ResourceType == "" || it.ResourceID == "" {
			t.Fatal("parsed an item without type or id")
		}
		// Every registered rule copes with whatever parsed.
		for _, id := range rules.Identifiers() {
			r, _ := rules.Lookup(id)
			_, _ = r.Evaluate(it, rules.Params{}, rules.StaticEnv{At: testNow})
		}
	})
}
