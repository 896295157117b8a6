package main

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const rawModel = `{"documentation":"top","metadata":{"protocol":"json","apiVersion":"1"},
"shapes":{"B":{"type":"structure","documentation":"d","members":{
  "zeta":{"shape":"S","documentation":"x"},"documentation":{"shape":"S"},"alpha":{"shape":"S"}}},
  "S":{"type":"string","pattern":"a<b"}},
"operations":{"Op":{"name":"Op","input":{"shape":"B"},"documentation":"y","errors":[{"shape":"S","documentation":"z"}]}}}`

func TestNormalizeModel(t *testing.T) {
	t.Parallel()
	out, err := normalizeModel([]byte(rawModel))
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	if n := strings.Count(s, `"documentation"`); n != 1 {
		t.Errorf("documentation keys left: %d, want 1 (the member named documentation)\n%s", n, s)
	}
	if !(strings.Index(s, `"zeta"`) < strings.Index(s, `"documentation"`) && strings.Index(s, `"documentation"`) < strings.Index(s, `"alpha"`)) {
		t.Errorf("member order not preserved:\n%s", s)
	}
	if !(strings.Index(s, `"metadata"`) < strings.Index(s, `"operations"`) && strings.Index(s, `"members"`) < strings.Index(s, `"type"`)) {
		t.Errorf("keys not sorted:\n%s", s)
	}
	if !strings.Contains(s, `"a<b"`) || !strings.HasSuffix(s, "}\n") {
		t.Errorf("want unescaped < and a final newline:\n%s", s)
	}
	again, err := normalizeModel(out)
	if err != nil || !bytes.Equal(again, out) {
		t.Errorf("normalizeModel is not idempotent: %v", err)
	}
}

func TestVendor(t *testing.T) {
	t.Parallel()
	data, model := t.TempDir(), t.TempDir()
	for _, s := range services {
		dir := filepath.Join(data, s.dir, s.version)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(rawModel))
		zw.Close()
		if err := os.WriteFile(filepath.Join(dir, "service-2.json.gz"), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := vendor(data, model); err != nil {
		t.Fatalf("vendor: %v", err)
	}
	m, err := loadModel(model, "config", nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, mem := range m.Shapes["B"].Members {
		names = append(names, mem.Name)
	}
	if got := strings.Join(names, ","); got != "zeta,documentation,alpha" {
		t.Errorf("members = %s, want zeta,documentation,alpha", got)
	}
}

func TestPatch(t *testing.T) {
	t.Parallel()
	patches, err := parsePatches([]byte(`[
		{"model":"m","op":"add","path":"/shapes/B/members/omega","value":{"shape":"S"},"reason":"test"},
		{"model":"m","op":"replace","path":"/shapes/S/pattern","value":"[a-z]+"},
		{"model":"m","op":"remove","path":"/shapes/B/members/zeta"},
		{"model":"m","op":"replace","path":"/operations/Op/errors/0","value":{"shape":"B"}},
		{"model":"other","op":"remove","path":"/shapes"}
	]`))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "m.json"), []byte(rawModel), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := loadModel(dir, "m", patches)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, mem := range m.Shapes["B"].Members {
		names = append(names, mem.Name)
	}
	if got := strings.Join(names, ","); got != "documentation,alpha,omega" {
		t.Errorf("members = %s, want documentation,alpha,omega", got)
	}
	if p := m.Shapes["S"].Pattern; p == nil || *p != "[a-z]+" {
		t.Errorf("pattern = %v, want [a-z]+", p)
	}
	if e := m.Operations["Op"].Errors[0].Shape; e != "B" {
		t.Errorf("errors[0] = %s, want B", e)
	}
}

func TestPatch_Err(t *testing.T) {
	t.Parallel()
	for _, p := range []string{
		`{"op":"replace","path":"/shapes/Nope/type","value":"x"}`,
		`{"op":"remove","path":"/shapes/B/nope"}`,
		`{"op":"move","path":"/shapes/B"}`,
		`{"op":"add","path":"shapes/B","value":1}`,
		`{"op":"add","path":"/operations/Op/errors/0","value":1}`,
	} {
		patches, err := parsePatches([]byte("[" + p + "]"))
		if err != nil {
			t.Fatal(err)
		}
		tree, err := parseOrdered([]byte(rawModel))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := patches[0].apply(tree); err == nil {
			t.Errorf("apply(%s): want error", p)
		}
	}
}
