package conforms_test

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// allowedImports lists, for each package of the module, the packages of the
// module it may import (docs/ARCHITECTURE.md). A prefix ending in "/" allows
// a whole subtree. Packages not listed may import anything (cmd, e2e, tests).
var allowedImports = map[string][]string{
	"conforms":                    {},
	"conforms/internal/apigen":    {},
	"conforms/api/shape":          {},
	"conforms/api/sigv4":          {},
	"conforms/api/awsconfig":      {"conforms/api/shape"},
	"conforms/api/organizations":  {"conforms/api/shape"},
	"conforms/api/sts":            {"conforms/api/shape"},
	"conforms/api":                {"conforms", "conforms/api/", "conforms/control"},
	"conforms/console":            {"conforms", "conforms/control"},
	"conforms/control":            {"conforms", "conforms/catalog", "conforms/iampolicy", "conforms/rules", "conforms/template"},
	"conforms/template":           {},
	"conforms/iampolicy":          {},
	"conforms/catalog":            {},
	"conforms/rules":              {},
	"conforms/internal/catalogen": {},
	"conforms/sqlite":             {"conforms"},
	"conforms/postgres":           {"conforms"},
	"conforms/internal/pgtest":    {},
	"conforms/storetest":          {"conforms"},
}

func TestArchitecture(t *testing.T) {
	out, err := exec.Command("go", "list", "-json=ImportPath,Imports", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		allowed, ruled := allowedImports[p.ImportPath]
		if !ruled {
			continue
		}
		for _, imp := range p.Imports {
			if imp != "conforms" && !strings.HasPrefix(imp, "conforms/") {
				continue
			}
			if !permitted(imp, allowed) {
				t.Errorf("%s imports %s; docs/ARCHITECTURE.md allows only %v", p.ImportPath, imp, allowed)
			}
		}
	}
}

func permitted(imp string, allowed []string) bool {
	for _, a := range allowed {
		if imp == a || (strings.HasSuffix(a, "/") && strings.HasPrefix(imp, a)) {
			return true
		}
	}
	return false
}
