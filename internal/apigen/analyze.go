package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
)

// api is a model prepared for generation: Go names, which shapes carry
// constraints, and the translated patterns.
type api struct {
	m       *Model
	pkg     string // Go package name
	title   string // "AWS Config"
	modelID string // "config"

	typeNames map[string]string // structure and enum shape name → Go type name
	consts    map[string][]enumConst
	ns        namespace

	constrained map[string]bool   // shapes with constraints, themselves or below
	validated   map[string]bool   // structures that get a validate method
	patterns    map[string]string // shape → Go regexp, for translatable patterns
	skipped     []skippedPattern  // patterns Go cannot express
}

type enumConst struct{ name, value string }

type skippedPattern struct{ shape, pattern, reason string }

// reserved are the package-level names every generated package declares.
var reserved = []string{"Handler", "Unimplemented", "Service"}

func newAPI(m *Model, pkg, title, modelID string) (*api, error) {
	a := &api{m: m, pkg: pkg, title: title, modelID: modelID, typeNames: map[string]string{},
		consts: map[string][]enumConst{}, ns: namespace{}, patterns: map[string]string{}}
	for _, n := range reserved {
		a.ns.claim(n)
	}
	a.nameTypes()
	a.nameEnumConsts()
	a.translatePatterns()
	a.findConstrained()
	a.findValidated()
	return a, a.checkTypes()
}

// shapeNames returns the model's shape names in sorted order.
func (a *api) shapeNames() []string {
	names := make([]string, 0, len(a.m.Shapes))
	for n := range a.m.Shapes {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// opNames returns the model's operation names in sorted order.
func (a *api) opNames() []string {
	names := make([]string, 0, len(a.m.Operations))
	for n := range a.m.Operations {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

func isEnum(s *Shape) bool { return s.Type == "string" && len(s.Enum) > 0 }

func (a *api) nameTypes() {
	for _, n := range a.shapeNames() {
		if s := a.m.Shapes[n]; s.Type == "structure" || isEnum(s) {
			a.typeNames[n] = a.ns.claim(exported(n))
		}
	}
}

func (a *api) nameEnumConsts() {
	for _, n := range a.shapeNames() {
		s := a.m.Shapes[n]
		if !isEnum(s) {
			continue
		}
		seen := map[string]bool{}
		for _, v := range s.Enum {
			if seen[v] {
				continue
			}
			seen[v] = true
			name := a.ns.claim(a.typeNames[n] + enumSuffix(v))
			a.consts[n] = append(a.consts[n], enumConst{name, v})
		}
	}
}

func (a *api) translatePatterns() {
	for _, n := range a.shapeNames() {
		s := a.m.Shapes[n]
		if s.Pattern == nil {
			continue
		}
		expr, err := translatePattern(*s.Pattern)
		if err != nil {
			a.skipped = append(a.skipped, skippedPattern{n, *s.Pattern, err.Error()})
			continue
		}
		a.patterns[n] = expr
	}
}

// hasOwnConstraints reports whether a shape constrains its own value.
func (a *api) hasOwnConstraints(n string) bool {
	s := a.m.Shapes[n]
	switch s.Type {
	case "string":
		return a.hasLength(s) || a.patterns[n] != "" || len(s.Enum) > 0
	case "blob", "list", "map":
		return a.hasLength(s)
	case "integer", "long", "float", "double":
		return s.Min != nil || s.Max != nil
	}
	return false
}

// hasLength reports a length bound; a minimum of 0 constrains nothing.
func (a *api) hasLength(s *Shape) bool {
	return s.Max != nil || (s.Min != nil && s.Min.String() != "0")
}

// findConstrained computes, to a fixed point, which shapes need checking:
// those with constraints of their own, structures with a required or
// constrained member, and lists and maps with constrained contents.
func (a *api) findConstrained() {
	a.constrained = map[string]bool{}
	for changed := true; changed; {
		changed = false
		for _, n := range a.shapeNames() {
			if !a.constrained[n] && a.computeConstrained(n) {
				a.constrained[n] = true
				changed = true
			}
		}
	}
}

func (a *api) computeConstrained(n string) bool {
	if a.hasOwnConstraints(n) {
		return true
	}
	s := a.m.Shapes[n]
	switch s.Type {
	case "structure":
		if len(s.Required) > 0 {
			return true
		}
		return slices.ContainsFunc(s.Members, func(m Member) bool { return a.constrained[m.Shape] })
	case "list":
		return a.constrained[s.Member.Shape]
	case "map":
		return a.constrained[s.Key.Shape] || a.constrained[s.Value.Shape]
	}
	return false
}

// findValidated marks the constrained structures reachable from inputs.
func (a *api) findValidated() {
	a.validated = map[string]bool{}
	var visit func(n string)
	seen := map[string]bool{}
	visit = func(n string) {
		if seen[n] {
			return
		}
		seen[n] = true
		s := a.m.Shapes[n]
		if s.Type == "structure" && a.constrained[n] {
			a.validated[n] = true
		}
		for _, m := range s.Members {
			visit(m.Shape)
		}
		for _, r := range []*ShapeRef{s.Member, s.Key, s.Value} {
			if r != nil {
				visit(r.Shape)
			}
		}
	}
	for _, op := range a.m.Operations {
		if op.Input != nil {
			visit(op.Input.Shape)
		}
	}
}

// checkTypes fails on shape types the generator does not know.
func (a *api) checkTypes() error {
	for _, n := range a.shapeNames() {
		if _, err := a.elemType(n); err != nil {
			return err
		}
	}
	return nil
}

// bound parses a min or max value.
func bound(n string, v *json.Number) (int64, error) {
	i, err := strconv.ParseInt(v.String(), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("shape %s: bound %s is not an integer", n, v)
	}
	return i, nil
}
