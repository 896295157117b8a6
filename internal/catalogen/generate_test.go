package main

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// sharedSrc is the corpus next to the repository (<dir>/main/internal/catalogen
// → <dir>/shared).
const sharedSrc = "../../../shared/corpus/managed-rules"

const committed = "../../catalog/managed_rules.json"

func skipWithoutShared(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(sharedSrc, "aws_managed_rules.json")); err != nil {
		t.Skipf("no managed-rule sources: %v", err)
	}
}

// TestCommittedCatalogIsFresh fails when catalog/managed_rules.json is not
// what the generator makes of the sources: run go generate ./catalog.
func TestCommittedCatalogIsFresh(t *testing.T) {
	t.Parallel()
	skipWithoutShared(t)
	want, err := generate(sharedSrc)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(committed)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is stale: run go generate ./catalog", committed)
	}
}

func TestGenerate(t *testing.T) {
	t.Parallel()
	skipWithoutShared(t)
	a, err := generate(sharedSrc)
	if err != nil {
		t.Fatal(err)
	}
	b, err := generate(sharedSrc)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("two runs differ")
	}
	lines := strings.Split(strings.TrimSuffix(string(a), "\n"), "\n")
	if got := len(lines) - 2; got != 823 {
		t.Errorf("%d rule lines, want 823", got)
	}
	if !strings.Contains(string(a), `{"id":"AWS_CONFIG_PROCESS_CHECK","name":"aws-config-process-check"}`) {
		t.Error("no process check")
	}
}

func TestRun_WritesFile(t *testing.T) {
	t.Parallel()
	skipWithoutShared(t)
	out := filepath.Join(t.TempDir(), "managed_rules.json")
	if err := run(sharedSrc, out); err != nil {
		t.Fatal(err)
	}
	if err := run(sharedSrc, out); err != nil { // unchanged: no rewrite
		t.Fatal(err)
	}
	if _, err := os.Stat(out); err != nil {
		t.Fatal(err)
	}
}

func TestGenerate_MissingSource(t *testing.T) {
	t.Parallel()
	if _, err := generate(t.TempDir()); err == nil {
		t.Error("generate of an empty directory succeeded")
	}
}

func TestParseTrigger(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text             string
		change, periodic bool
		ok               bool
	}{
		{"Configuration changes", true, false, true},
		{"Periodic", false, true, true},
		{"Configuration changes and Periodic", true, true, true},
		{"Configuration changes (current status not checked, only evaluated when changes generate new events)", true, false, true},
		{"", false, false, false},
		{"Hourly", false, false, false},
		{"Periodic and Configuration changes", false, false, false},
	}
	for _, tt := range tests {
		change, periodic, err := parseTrigger(tt.text)
		if (err == nil) != tt.ok || change != tt.change || periodic != tt.periodic {
			t.Errorf("parseTrigger(%q) = %v, %v, %v; want %v, %v, ok=%v", tt.text, change, periodic, err, tt.change, tt.periodic, tt.ok)
		}
	}
}

func TestSplitList(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []string
	}{
		{"AWS::S3::Bucket", []string{"AWS::S3::Bucket"}},
		{"AWS::EC2::Instance, AWS::EC2::Volume,AWS::EC2::Instance", []string{"AWS::EC2::Instance", "AWS::EC2::Volume"}},
		{" , ", nil},
		{"", nil},
	}
	for _, tt := range tests {
		if got := splitList(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("splitList(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestConvertRule(t *testing.T) {
	t.Parallel()
	yes, no := true, false
	def := "90"
	types := "AWS::IAM::User"
	ok := managedRule{
		TriggerType:   "Periodic",
		ResourceTypes: &types,
		Parameters:    []managedParameter{{Name: "maxAccessKeyAge", Type: "int", Optional: &no, Default: &def}},
	}
	got, err := convertRule("ACCESS_KEYS_ROTATED", ok)
	want := &rule{ID: "ACCESS_KEYS_ROTATED", Periodic: true, ResourceTypes: []string{"AWS::IAM::User"},
		Parameters: []parameter{{Name: "maxAccessKeyAge", Type: "int", Default: "90"}}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("convertRule = %+v, %v; want %+v", got, err, want)
	}
	bad := map[string]managedRule{
		"UnknownType":    {TriggerType: "Periodic", Parameters: []managedParameter{{Name: "a", Type: "float", Optional: &yes}}},
		"NoOptional":     {TriggerType: "Periodic", Parameters: []managedParameter{{Name: "a", Type: "int"}}},
		"BlankName":      {TriggerType: "Periodic", Parameters: []managedParameter{{Name: " a", Type: "int", Optional: &yes}}},
		"Duplicate":      {TriggerType: "Periodic", Parameters: []managedParameter{{Name: "a", Type: "int", Optional: &yes}, {Name: "a", Type: "CSV", Optional: &yes}}},
		"UnknownTrigger": {TriggerType: "Hourly"},
	}
	for name, m := range bad {
		if _, err := convertRule("X", m); err == nil {
			t.Errorf("%s: convertRule succeeded", name)
		}
	}
}

func TestAddNames(t *testing.T) {
	t.Parallel()
	rules := map[string]*rule{"INCOMING_SSH_DISABLED": {ID: "INCOMING_SSH_DISABLED"}}
	top := topRules{Rules: []topRule{{Identifier: "INCOMING_SSH_DISABLED", RuleName: "restricted-ssh"}}}
	if err := addNames(rules, top); err != nil || rules["INCOMING_SSH_DISABLED"].Name != "restricted-ssh" {
		t.Errorf("addNames: %v, name %q", err, rules["INCOMING_SSH_DISABLED"].Name)
	}
	top.Rules[0].Identifier = "NO_SUCH_RULE"
	if err := addNames(rules, top); err == nil {
		t.Error("addNames accepted an unknown identifier")
	}
}
