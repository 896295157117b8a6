package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	repoRoot = "../.."
	modelDir = "../../model"
)

// TestGenerate_UpToDate regenerates into a temporary directory and compares
// with the committed files, so that a hand edit of generated code, or a model
// change without `go generate`, fails CI.
func TestGenerate_UpToDate(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	if err := generate(modelDir, tmp); err != nil {
		t.Fatalf("generate: %v", err)
	}
	produced := map[string]bool{}
	err := filepath.WalkDir(tmp, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(tmp, path)
		produced[filepath.ToSlash(rel)] = true
		return compareFile(t, path, filepath.Join(repoRoot, rel), rel)
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"api/awsconfig", "api/organizations", "api/sts"} {
		committed, _ := filepath.Glob(filepath.Join(repoRoot, dir, "*_gen.go"))
		for _, c := range committed {
			rel := dir + "/" + filepath.Base(c)
			if !produced[rel] {
				t.Errorf("%s is no longer generated; delete it", rel)
			}
		}
	}
}

func compareFile(t *testing.T, generated, committed, rel string) error {
	want, err := os.ReadFile(generated)
	if err != nil {
		return err
	}
	got, err := os.ReadFile(committed)
	if err != nil {
		t.Errorf("%s: not committed (run go generate ./...): %v", rel, err)
		return nil
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from generator output; run go generate ./... (and do not edit generated files)", rel)
	}
	if !bytes.HasPrefix(want, []byte(header)) {
		t.Errorf("%s does not start with the generated-code header", rel)
	}
	return nil
}

func TestRender_Deterministic(t *testing.T) {
	t.Parallel()
	a, err := render(modelDir)
	if err != nil {
		t.Fatal(err)
	}
	b, err := render(modelDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != len(b) {
		t.Fatalf("file counts %d, %d", len(a), len(b))
	}
	for name, src := range a {
		if !bytes.Equal(src, b[name]) {
			t.Errorf("%s differs between two runs", name)
		}
	}
}

// TestSkippedPatternsDocumented checks that model/SOURCE.md names every
// pattern the generator could not translate.
func TestSkippedPatternsDocumented(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile(filepath.Join(modelDir, "SOURCE.md"))
	if err != nil {
		t.Fatal(err)
	}
	patches, err := parsePatches([]byte("[]"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"config", "organizations", "sts"} {
		a, err := loadAPI(modelDir, name, name, name, patches)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range a.skipped {
			if !strings.Contains(string(doc), s.shape) || !strings.Contains(string(doc), s.pattern) {
				t.Errorf("model/SOURCE.md does not list %s pattern %s of shape %s", name, s.pattern, s.shape)
			}
		}
	}
}

func TestRenderCodes_Collision(t *testing.T) {
	t.Parallel()
	mk := func(code string) *api {
		return &api{m: &Model{Shapes: map[string]*Shape{"E": {Name: "E", Type: "structure", Exception: true, Error: &ErrorTrait{Code: code}}}}}
	}
	if err := renderCodes(map[string][]byte{}, []*api{mk("Bad-Code"), mk("BadCode")}); err == nil {
		t.Error("renderCodes with colliding names: want error")
	}
	files := map[string][]byte{}
	if err := renderCodes(files, []*api{mk("Same"), mk("Same")}); err != nil {
		t.Fatalf("renderCodes with duplicate codes: %v", err)
	}
	if n := strings.Count(string(files["codes_gen.go"]), "CodeSame ="); n != 1 {
		t.Errorf("CodeSame declared %d times, want 1", n)
	}
}

func TestErrorStatus(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   Shape
		want int
	}{
		{"Default", Shape{}, 400},
		{"Fault", Shape{Fault: true}, 500},
		{"Modelled", Shape{Error: &ErrorTrait{HTTPStatusCode: 403}}, 403},
	}
	for _, tt := range tests {
		if got := errorStatus(&tt.in); got != tt.want {
			t.Errorf("%s: errorStatus = %d, want %d", tt.name, got, tt.want)
		}
	}
}
