package main

import (
	"fmt"
	"strings"
)

// validator accumulates the generated validation code of one package.
type validator struct {
	a     *api
	b     strings.Builder
	rules map[string]bool // shapes whose rule var is referenced
}

// genValidate writes Validate for every operation input, validate for every
// structure reachable from an input that has something to check, and the
// rule variables those use.
func (a *api) genValidate() (string, error) {
	v := &validator{a: a, rules: map[string]bool{}}
	v.inputs()
	for _, n := range a.shapeNames() {
		if a.validated[n] {
			if err := v.structure(n); err != nil {
				return "", err
			}
		}
	}
	rules, err := v.ruleVars()
	if err != nil {
		return "", err
	}
	return a.skippedComment() + rules + v.b.String(), nil
}

// inputs writes the exported Validate methods.
func (v *validator) inputs() {
	seen := map[string]bool{}
	for _, op := range v.a.opNames() {
		in := v.a.m.Operations[op].Input
		if in == nil || seen[in.Shape] {
			continue
		}
		seen[in.Shape] = true
		name := v.a.typeNames[in.Shape]
		fmt.Fprintf(&v.b, "\n// Validate checks v against the model's constraints and returns a\n// *shape.ValidationError listing the violations, or nil.\n")
		if !v.a.validated[in.Shape] {
			fmt.Fprintf(&v.b, "func (v *%s) Validate() error { return nil }\n", name)
			continue
		}
		fmt.Fprintf(&v.b, "func (v *%s) Validate() error {\n\tvar c shape.Checker\n\tv.validate(&c, \"\")\n\treturn c.Err()\n}\n", name)
	}
}

// structure writes the validate method of structure n.
func (v *validator) structure(n string) error {
	s := v.a.m.Shapes[n]
	fmt.Fprintf(&v.b, "\nfunc (v *%s) validate(c *shape.Checker, p string) {\n", v.a.typeNames[n])
	for i, f := range fieldNames(s) {
		if err := v.member(s, s.Members[i], "v."+f); err != nil {
			return err
		}
	}
	v.b.WriteString("}\n")
	return nil
}

// member writes the checks of one member; field is the Go expression.
func (v *validator) member(s *Shape, m Member, field string) error {
	ms := v.a.m.Shapes[m.Shape]
	args := fmt.Sprintf("c, p, %q, %s", lowerCamel(m.Name), field)
	req := s.isRequired(m.Name)
	switch ms.Type {
	case "string":
		v.scalar("String", args, m.Shape, req)
	case "integer", "long", "float", "double":
		v.scalar("Number", args, m.Shape, req)
	case "blob":
		if req || v.a.constrained[m.Shape] {
			v.line("shape.Blob(%s, %s, %t)", args, v.rule(m.Shape), req)
		}
	case "boolean", "timestamp":
		v.required(args, req)
	case "structure":
		v.required(args, req)
		if v.a.validated[m.Shape] {
			v.line("if %s != nil {\n\t\t%s.validate(c, shape.Join(p, %q))\n\t}", field, field, lowerCamel(m.Name))
		}
	case "list":
		return v.list(ms, m, field, args, req)
	case "map":
		return v.mapMember(ms, m, field, args, req)
	}
	return nil
}

func (v *validator) line(format string, args ...any) {
	fmt.Fprintf(&v.b, "\t"+format+"\n", args...)
}

func (v *validator) required(args string, req bool) {
	if req {
		v.line("shape.Required(%s)", args)
	}
}

// scalar checks a string or number member with fn (String or Number).
func (v *validator) scalar(fn, args, shapeName string, req bool) {
	if !v.a.constrained[shapeName] {
		v.required(args, req)
		return
	}
	v.line("shape.%s(%s, %s, %t)", fn, args, v.rule(shapeName), req)
}

// rule returns the Go expression of shape n's rule: &ruleN, or nil when the
// shape has no constraints of its own.
func (v *validator) rule(n string) string {
	if !v.a.hasOwnConstraints(n) {
		return "nil"
	}
	v.rules[n] = true
	return "&rule" + identifier(n)
}

func (v *validator) list(ls *Shape, m Member, field, args string, req bool) error {
	elem := ls.Member.Shape
	es := v.a.m.Shapes[elem]
	if !v.a.constrained[elem] {
		if req || v.a.constrained[m.Shape] {
			v.line("shape.List(%s, %s, %t)", args, v.rule(m.Shape), req)
		}
		return nil
	}
	switch es.Type {
	case "string":
		v.line("shape.StringList(%s, %s, %s, %t)", args, v.rule(m.Shape), v.rule(elem), req)
	case "integer", "long", "float", "double":
		v.line("shape.NumberList(%s, %s, %s, %t)", args, v.rule(m.Shape), v.rule(elem), req)
	case "structure":
		if req || v.a.hasOwnConstraints(m.Shape) {
			v.line("shape.List(%s, %s, %t)", args, v.rule(m.Shape), req)
		}
		v.line("for i := range %s {\n\t\t%s[i].validate(c, shape.Elem(p, %q, i))\n\t}", field, field, lowerCamel(m.Name))
	default:
		return fmt.Errorf("list %s: constrained %s elements are not supported", m.Shape, es.Type)
	}
	return nil
}

func (v *validator) mapMember(ms *Shape, m Member, field, args string, req bool) error {
	val := ms.Value.Shape
	vs := v.a.m.Shapes[val]
	key := v.rule(ms.Key.Shape)
	if !v.a.constrained[val] {
		if req || v.a.constrained[m.Shape] {
			v.line("shape.Map(%s, %s, %s, %t)", args, v.rule(m.Shape), key, req)
		}
		return nil
	}
	switch vs.Type {
	case "string":
		v.line("shape.StringMap(%s, %s, %s, %s, %t)", args, v.rule(m.Shape), key, v.rule(val), req)
	case "structure":
		v.line("shape.Map(%s, %s, %s, %t)", args, v.rule(m.Shape), key, req)
		v.line("for _, k := range shape.SortedKeys(%s) {\n\t\te := %s[k]\n\t\te.validate(c, shape.Key(p, %q, k))\n\t}", field, field, lowerCamel(m.Name))
	default:
		return fmt.Errorf("map %s: constrained %s values are not supported", m.Shape, vs.Type)
	}
	return nil
}
