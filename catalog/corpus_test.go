package catalog

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// corpusDir holds AWS's sample conformance packs (shared/corpus, next to the
// repository).
const corpusDir = "../../shared/corpus/conformance-packs"

// corpusRule is one AWS::Config::ConfigRule with Owner AWS, its
// InputParameters resolved with the template's parameter defaults.
type corpusRule struct {
	file, logicalID, identifier string
	input                       string   // JSON, "" if no InputParameters
	unresolved                  []string // parameter names whose values could not be resolved
	names                       []string // every InputParameters key, in any Fn::If branch
}

// TestCorpus deploys, in effect, every managed rule of every sample pack
// with the packs' default parameter values: AWS accepts them, so
// CheckParameters must.
func TestCorpus(t *testing.T) {
	t.Parallel()
	files := corpusFiles(t)
	rules, unresolved := 0, 0
	for _, f := range files {
		for _, r := range readCorpusRules(t, f) {
			rules++
			unresolved += len(r.unresolved)
			if err := CheckParameters(r.identifier, r.input); err != nil {
				t.Errorf("%s %s (%s) InputParameters %s: %v", filepath.Base(r.file), r.logicalID, r.identifier, r.input, err)
			}
		}
	}
	t.Logf("%d templates, %d rules with Owner AWS, %d values not resolvable (checked as present with a valid placeholder)", len(files), rules, unresolved)
	if rules < 8000 {
		t.Errorf("read only %d rules with Owner AWS; the corpus has 8,213 (is the YAML reader broken?)", rules)
	}
}

// TestCorpus_ParameterNames checks every InputParameters key of the sample
// packs, including keys that the default values drop (Fn::If to
// AWS::NoValue), against the catalog's names, case-sensitively.
func TestCorpus_ParameterNames(t *testing.T) {
	t.Parallel()
	keys := 0
	for _, f := range corpusFiles(t) {
		for _, r := range readCorpusRules(t, f) {
			rule, ok := Lookup(r.identifier)
			if !ok {
				t.Errorf("%s %s: unknown identifier %s", filepath.Base(r.file), r.logicalID, r.identifier)
				continue
			}
			for _, name := range r.names {
				keys++
				if _, ok := rule.Parameter(name); !ok {
					t.Errorf("%s %s: %s has no parameter %q", filepath.Base(r.file), r.logicalID, r.identifier, name)
				}
			}
		}
	}
	t.Logf("%d InputParameters keys checked", keys)
	if keys < 1800 {
		t.Errorf("read only %d InputParameters keys; the corpus has 1,830", keys)
	}
}
func corpusFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, pattern := range []string{"*.yaml", "*.yml"} {
		m, err := filepath.Glob(filepath.Join(corpusDir, pattern))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Skipf("no conformance packs in %s", corpusDir)
	}
	slices.Sort(files)
	return files
}

func readCorpusRules(t *testing.T, file string) []corpusRule {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	doc := parseYAML(string(src))
	tp := &corpusTemplate{defaults: map[string]string{}, conditions: doc.get("Conditions")}
	if params := doc.get("Parameters"); params != nil {
		for i, name := range params.keys {
			tp.defaults[name] = params.vals[i].get("Default").scalar()
		}
	}
	var out []corpusRule
	res := doc.get("Resources")
	if res == nil {
		t.Fatalf("%s: no Resources", file)
	}
	for i, id := range res.keys {
		r, ok, err := tp.rule(res.vals[i])
		if err != nil {
			t.Errorf("%s %s: %v", filepath.Base(file), id, err)
		}
		if ok {
			r.file, r.logicalID = file, id
			out = append(out, r)
		}
	}
	return out
}

// scalar returns a scalar's text, "" for anything else.
func (n *yamlNode) scalar() string {
	if n == nil || n.kind != 's' {
		return ""
	}
	return n.str
}

type corpusTemplate struct {
	defaults   map[string]string
	conditions *yamlNode
}

// rule reads a resource; ok is false unless it is a ConfigRule with Owner AWS.
func (tp *corpusTemplate) rule(res *yamlNode) (r corpusRule, ok bool, err error) {
	props := res.get("Properties")
	source := props.get("Source")
	if res.get("Type").scalar() != "AWS::Config::ConfigRule" || source.get("Owner").scalar() != "AWS" {
		return r, false, nil
	}
	r.identifier = source.get("SourceIdentifier").scalar()
	in := props.get("InputParameters")
	if in == nil {
		return r, true, nil
	}
	r.names = branchKeys(in)
	v, err := tp.resolve(in)
	if err != nil {
		return r, true, err
	}
	if v.absent {
		return r, true, nil
	}
	if v.node == nil || v.node.kind != 'm' {
		return r, true, fmt.Errorf("InputParameters is not a mapping")
	}
	r.input, r.unresolved, err = tp.inputJSON(r.identifier, v.node)
	return r, true, err
}

// inputJSON builds the InputParameters JSON that the pack would send. A value
// that cannot be resolved counts as present with a valid placeholder: the
// parameter's documented default or a sample of its type.
func (tp *corpusTemplate) inputJSON(identifier string, m *yamlNode) (string, []string, error) {
	values := map[string]string{}
	var unresolved []string
	for i, key := range m.keys {
		v, err := tp.resolve(m.vals[i])
		switch {
		case err != nil:
			unresolved = append(unresolved, key)
			values[key] = placeholder(identifier, key)
		case v.absent:
		case v.node.kind != 's':
			return "", nil, fmt.Errorf("InputParameters.%s is not a scalar", key)
		default:
			values[key] = v.node.str
		}
	}
	data, err := json.Marshal(values)
	return string(data), unresolved, err
}

func placeholder(identifier, name string) string {
	r, _ := Lookup(identifier)
	if r == nil {
		return "x"
	}
	p, _ := r.Parameter(name)
	switch {
	case p.Default != "":
		return p.Default
	case p.Type == TypeInt:
		return "1"
	case p.Type == TypeDouble:
		return "1.0"
	case p.Type == TypeBoolean:
		return "true"
	}
	return "x"
}

// branchKeys returns the keys of an InputParameters mapping, taking both
// branches of a whole-property Fn::If.
func branchKeys(n *yamlNode) []string {
	if fn, arg, ok := n.only(); ok && fn == "Fn::If" && arg.kind == 'q' && len(arg.seq) == 3 {
		return append(branchKeys(arg.seq[1]), branchKeys(arg.seq[2])...)
	}
	if _, _, ok := n.only(); ok && n.keys[0] == "Ref" {
		return nil
	}
	return n.keys
}

// resolved is a node after intrinsic functions, or AWS::NoValue.
type resolved struct {
	node   *yamlNode
	absent bool
}

// resolve evaluates Ref (to parameter defaults and AWS::NoValue) and Fn::If
// (with the template's Conditions) in n; other nodes stand for themselves.
func (tp *corpusTemplate) resolve(n *yamlNode) (resolved, error) {
	fn, arg, ok := n.only()
	switch {
	case ok && fn == "Ref":
		return tp.ref(arg.scalar())
	case ok && fn == "Fn::If":
		if arg.kind != 'q' || len(arg.seq) != 3 {
			return resolved{}, fmt.Errorf("Fn::If needs 3 arguments")
		}
		cond, err := tp.condition(arg.seq[0].scalar())
		if err != nil {
			return resolved{}, err
		}
		if cond {
			return tp.resolve(arg.seq[1])
		}
		return tp.resolve(arg.seq[2])
	case ok && strings.HasPrefix(fn, "Fn::"):
		return resolved{}, fmt.Errorf("unsupported %s", fn)
	}
	return resolved{node: n}, nil
}

func (tp *corpusTemplate) ref(name string) (resolved, error) {
	if name == "AWS::NoValue" {
		return resolved{absent: true}, nil
	}
	v, ok := tp.defaults[name]
	if !ok {
		return resolved{}, fmt.Errorf("Ref to %q, which is not a parameter with a default", name)
	}
	return resolved{node: scalarNode(v)}, nil
}

// condition evaluates a named condition: Fn::Not and Fn::Equals over
// literals and Refs.
func (tp *corpusTemplate) condition(name string) (bool, error) {
	c := tp.conditions.get(name)
	if c == nil {
		return false, fmt.Errorf("no condition %q", name)
	}
	return tp.boolean(c)
}

func (tp *corpusTemplate) boolean(n *yamlNode) (bool, error) {
	fn, arg, ok := n.only()
	if !ok || arg.kind != 'q' {
		return false, fmt.Errorf("unsupported condition")
	}
	switch {
	case fn == "Fn::Not" && len(arg.seq) == 1:
		b, err := tp.boolean(arg.seq[0])
		return !b, err
	case fn == "Fn::Equals" && len(arg.seq) == 2:
		a, err := tp.resolve(arg.seq[0])
		if err != nil {
			return false, err
		}
		b, err := tp.resolve(arg.seq[1])
		if err != nil {
			return false, err
		}
		return a.node.scalar() == b.node.scalar(), nil
	}
	return false, fmt.Errorf("unsupported condition %s", fn)
}
